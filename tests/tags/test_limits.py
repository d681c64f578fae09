"""What the tags module costs and allows: one SQL statement for Task.tags per page, the depth limit, descriptions."""

from __future__ import annotations

TASK_PAGE_WITH_TAGS = """
query TaskPageWithTags { tasks(first: 50) { edges { node { title tags { name } } } } }
"""

TAGS_WITH_COUNTS = """
query TagCounts { tags(first: 50) { edges { node { name taskCount } } } }
"""

NESTED_WITHIN_LIMIT = """
query Nested { tasks(first: 1) { edges { node { tags { tasks(first: 1) { edges { node { title } } } } } } } }
"""

TOO_DEEP = """
query TooDeep {
  tasks { edges { node { tags { tasks { edges { node { tags { tasks { edges { node { tags { name } } } } } } } } } } } }
}
"""


def statements_of(sql_statements, client, query: str) -> list[str]:
    client.execute(query)  # warm up: the same request, so both counts see the same caches
    with sql_statements() as log:
        data = client.execute(query)
    return log.statements, data


def test_task_tags_cost_one_statement_for_a_whole_page(sql_statements, make_tag, make_task, alice, bob):
    # given: Bob has one tagged task, Alice fifty, each with three tags
    bob_tags = [make_tag(bob, name) for name in ("x", "y", "z")]
    make_task(bob, "only task", tags=bob_tags)
    alice_tags = [make_tag(alice, name) for name in ("c", "a", "b")]
    for i in range(50):
        make_task(alice, f"task {i}", tags=alice_tags)

    # when
    one, one_data = statements_of(sql_statements, bob.client, TASK_PAGE_WITH_TAGS)
    fifty, fifty_data = statements_of(sql_statements, alice.client, TASK_PAGE_WITH_TAGS)

    # then
    assert len(one_data["tasks"]["edges"]) == 1
    assert len(fifty_data["tasks"]["edges"]) == 50
    assert all(edge["node"]["tags"] == [{"name": "a"}, {"name": "b"}, {"name": "c"}] for edge in fifty_data["tasks"]["edges"])
    assert len(fifty) == len(one)
    assert len([s for s in fifty if "task_tag" in s]) == 1
    assert len([s for s in one if "task_tag" in s]) == 1


def test_task_counts_cost_one_statement_for_a_whole_page(sql_statements, make_tag, make_task, alice, bob):
    # given
    make_task(bob, "only task", tags=[make_tag(bob, "solo")])
    tags = [make_tag(alice, f"tag {i:02d}") for i in range(20)]
    make_task(alice, "task", tags=tags)

    # when
    one, _ = statements_of(sql_statements, bob.client, TAGS_WITH_COUNTS)
    twenty, data = statements_of(sql_statements, alice.client, TAGS_WITH_COUNTS)

    # then
    assert [edge["node"]["taskCount"] for edge in data["tags"]["edges"]] == [1] * 20
    assert len(twenty) == len(one)
    assert len([s for s in twenty if "task_tag" in s]) == 1


def test_nesting_within_the_depth_limit_is_served(gql, make_tag, make_task, alice):
    # given
    make_task(alice, "Plan trip", tags=[make_tag(alice, "travel")])

    # when
    data = gql.execute(NESTED_WITHIN_LIMIT)

    # then
    node = data["tasks"]["edges"][0]["node"]
    assert node["tags"][0]["tasks"]["edges"] == [{"node": {"title": "Plan trip"}}]


def test_the_depth_limit_refuses_deep_task_tag_nesting_with_a_code(gql, make_tag, make_task, alice):
    # given
    make_task(alice, "Plan trip", tags=[make_tag(alice, "travel")])

    # when
    response = gql.post(TOO_DEEP)

    # then
    body = response.json()
    assert body.get("data") is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["QUERY_TOO_DEEP"]
    assert "depth" in body["errors"][0]["message"]


def test_every_tags_field_and_argument_has_a_description(live_server):
    # given: the schema the live server serves
    served = live_server.server.config.app.state.schema._schema
    fields = [
        (type_name, field_name)
        for type_name in ("Tag", "TagConnection", "TagEdge", "TagPayload", "CreateTagInput", "UpdateTagInput")
        for field_name in served.type_map[type_name].fields
    ]
    fields += [("Task", "tags"), ("Query", "tag"), ("Query", "tags")]
    fields += [
        ("Mutation", name)
        for name in ("createTag", "updateTag", "deleteTag", "addTagsToTask", "removeTagsFromTask")
    ]

    # when
    owned = {t for t, _ in fields} - {"Task", "Query", "Mutation"}
    missing = [t for t in sorted(owned) if not served.type_map[t].description]
    for type_name, field_name in fields:
        field = served.type_map[type_name].fields[field_name]
        if not field.description:
            missing.append(f"{type_name}.{field_name}")
        missing += [
            f"{type_name}.{field_name}({arg_name})"
            for arg_name, arg in getattr(field, "args", {}).items()
            if not arg.description
        ]

    # then
    assert len(fields) > 25
    assert missing == []
