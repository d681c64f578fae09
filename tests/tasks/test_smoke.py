def test_viewer(gql, alice):
    assert gql.execute("{ viewer { name } }") == {"viewer": {"name": alice.name}}
