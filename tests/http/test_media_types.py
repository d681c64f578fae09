"""application/graphql-response+json: chosen when the client accepts it; request errors get 400 and no `data`."""

import pytest

GRAPHQL_RESPONSE = "application/graphql-response+json"
APOLLO_ACCEPT = "application/graphql-response+json,application/json;q=0.9"

VIEWER_QUERY = "{ viewer { name } }"
UNPARSABLE_QUERY = "{ viewer { name }"
INVALID_QUERY = "{ viewer { shoeSize } }"
TASKS_PAGE_QUERY = "query Page($first: Int) { tasks(first: $first) { edges { node { id } } } }"
TOO_LARGE_PAGE_QUERY = "{ tasks(first: 1000) { edges { node { id } } } }"

REQUEST_ERRORS = [
    pytest.param({"query": UNPARSABLE_QUERY}, "Syntax Error", id="parse"),
    pytest.param({"query": INVALID_QUERY}, "Cannot query field 'shoeSize'", id="validation"),
    pytest.param({"query": TASKS_PAGE_QUERY, "variables": {"first": "many"}}, "Variable '$first'", id="variable-coercion"),
]


def post(account, body, accept):
    headers = {"Accept": accept} if accept is not None else {}
    return account.client.http.post("/graphql", json=body, headers=headers)


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, APOLLO_ACCEPT])
def test_a_client_accepting_graphql_response_json_gets_it(alice, accept):
    # when
    response = post(alice, {"query": VIEWER_QUERY}, accept)

    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    body = response.json()
    assert "errors" not in body
    assert body["data"] == {"viewer": {"name": alice.name}}


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/json, application/graphql-response+json;q=0.5"])
def test_other_clients_get_application_json(alice, accept):
    # when
    response = post(alice, {"query": VIEWER_QUERY}, accept)

    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert "errors" not in body
    assert body["data"] == {"viewer": {"name": alice.name}}


@pytest.mark.parametrize(("body", "message"), REQUEST_ERRORS)
def test_request_errors_are_400_without_data_for_graphql_response_json(alice, body, message):
    # when
    response = post(alice, body, GRAPHQL_RESPONSE)

    # then
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    payload = response.json()
    assert "data" not in payload
    assert message in payload["errors"][0]["message"]


@pytest.mark.parametrize(("body", "message"), REQUEST_ERRORS)
def test_request_errors_stay_200_with_null_data_for_application_json(alice, body, message):
    # when
    response = post(alice, body, "application/json")

    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    payload = response.json()
    assert payload["data"] is None
    assert message in payload["errors"][0]["message"]


def test_a_field_error_that_nulls_the_data_is_still_a_200(alice):
    # when
    response = post(alice, {"query": TOO_LARGE_PAGE_QUERY}, GRAPHQL_RESPONSE)

    # then
    assert response.status_code == 200
    payload = response.json()
    assert payload["data"] is None
    assert [e["extensions"]["code"] for e in payload["errors"]] == ["BAD_USER_INPUT"]
    assert payload["errors"][0]["path"] == ["tasks"]


def test_a_malformed_request_is_a_graphql_error_body_for_graphql_response_json(alice):
    # when
    response = alice.client.http.post("/graphql", content=b'{"query": ', headers={
        "Content-Type": "application/json", "Accept": GRAPHQL_RESPONSE,
    })

    # then
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert response.json() == {
        "errors": [{"message": "Unable to parse request body as JSON", "extensions": {"code": "BAD_REQUEST"}}]
    }


def test_a_malformed_request_stays_plain_text_for_application_json(alice):
    # when
    response = alice.client.http.post("/graphql", content=b'{"query": ', headers={
        "Content-Type": "application/json", "Accept": "application/json",
    })

    # then
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "Unable to parse request body as JSON"


def test_the_auth_gate_answers_in_the_negotiated_media_type(anonymous):
    # when
    response = anonymous.http.post("/graphql", json={"query": VIEWER_QUERY}, headers={"Accept": APOLLO_ACCEPT})

    # then
    assert response.status_code == 401
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["UNAUTHENTICATED"]
