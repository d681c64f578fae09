"""CSRF: no mutation over GET, and no POST a browser could send from another site without a preflight."""

import json

import pytest

CREATE_TASK_MUTATION = 'mutation { createTask(input: {title: "forged"}) { task { id } errors { code } } }'
TASK_COUNT_QUERY = "{ tasks(first: 100) { edges { node { title } } } }"

SIMPLE_CONTENT_TYPES = [
    "text/plain",
    "text/plain;charset=UTF-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz",
]


def titles(account):
    return [edge["node"]["title"] for edge in account.client.execute(TASK_COUNT_QUERY)["tasks"]["edges"]]


def test_a_mutation_over_get_is_refused(alice):
    # when
    response = alice.client.http.get("/graphql", params={"query": CREATE_TASK_MUTATION})

    # then
    assert response.status_code == 400
    assert "mutations are not allowed when using GET" in response.text
    assert titles(alice) == []


def test_a_mutation_over_get_is_refused_with_a_graphql_error_for_graphql_response_json(alice):
    # when
    response = alice.client.http.get(
        "/graphql", params={"query": CREATE_TASK_MUTATION}, headers={"Accept": "application/graphql-response+json"}
    )

    # then
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "mutations are not allowed when using GET" in errors[0]["message"]
    assert titles(alice) == []


@pytest.mark.parametrize("content_type", SIMPLE_CONTENT_TYPES)
def test_a_post_with_a_simple_content_type_is_refused(alice, content_type):
    # when: the body is valid JSON, as a forged form or fetch(no-cors) could send it
    response = alice.client.http.post(
        "/graphql", content=json.dumps({"query": CREATE_TASK_MUTATION}), headers={"Content-Type": content_type}
    )

    # then
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "CSRF_BLOCKED"
    assert "Content-Type: application/json" in error["message"]
    assert titles(alice) == []


def test_a_post_without_a_content_type_is_refused(alice):
    # when: httpx sends raw content without a Content-Type
    response = alice.client.http.post("/graphql", content=json.dumps({"query": CREATE_TASK_MUTATION}))

    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_BLOCKED"
    assert titles(alice) == []


def test_the_refusal_comes_before_authentication(anonymous):
    # when
    response = anonymous.http.post(
        "/graphql", content=json.dumps({"query": CREATE_TASK_MUTATION}), headers={"Content-Type": "text/plain"}
    )

    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_BLOCKED"


def test_a_preflight_forcing_header_lets_a_multipart_post_past_the_csrf_check(alice):
    # when: multipart uploads are not enabled, so the request then fails as an unsupported content type
    response = alice.client.http.post(
        "/graphql",
        files={"operations": (None, json.dumps({"query": "{ viewer { name } }"})), "map": (None, "{}")},
        headers={"Apollo-Require-Preflight": "true"},
    )

    # then
    assert response.status_code == 400
    assert response.text == "Unsupported content type"


def test_a_json_post_runs(alice):
    # when
    response = alice.client.post(CREATE_TASK_MUTATION)

    # then
    assert response.status_code == 200
    assert response.json()["data"]["createTask"]["errors"] == []
    assert titles(alice) == ["forged"]
