"""The graphql-http audit suite (GraphQL over HTTP conformance) against the live server."""


def test_every_graphql_over_http_audit_passes(live_server, alice, node, summary):
    # given
    config = {"url": f"{live_server.url}/graphql", "token": alice.token}

    # when
    result = node("audit.mjs", config)

    # then
    counts = result["counts"]
    line = (
        f"graphql-http server audits: {counts['ok']} ok, {counts['warn']} warn, {counts['error']} error"
        f" ({counts['notice']} notice) of {counts['total']}"
    )
    print(line)
    summary.append(line)
    assert result["failures"] == []
    assert counts == {"total": 61, "ok": 61, "warn": 0, "notice": 0, "error": 0}
