"""Automatic persisted queries (Apollo's protocol): register a query by its SHA-256, then send only the hash."""

import hashlib
import json
import uuid

from api.http.persisted_queries import PersistedQueryStore

NOT_FOUND_BODY = {"errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]}
CREATE_TASK_MUTATION = 'mutation { createTask(input: {title: "by hash"}) { task { id } errors { code } } }'
TASK_TITLES_QUERY = "{ tasks(first: 100) { edges { node { title } } } }"


def unique_viewer_query() -> str:
    """A query text no other test has registered (the store lives as long as the server)."""
    return "{ viewer { name } %s: viewer { id } }" % f"v{uuid.uuid4().hex[:12]}"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(sha: str, version: int = 1) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": sha}}


def test_an_unknown_hash_answers_persisted_query_not_found(alice):
    # when
    response = alice.client.http.post("/graphql", json={"extensions": persisted(sha256(unique_viewer_query()))})

    # then
    assert response.status_code == 200
    assert response.json() == NOT_FOUND_BODY
    assert "no-cache" in response.headers["cache-control"]


def test_an_unknown_hash_is_a_400_for_graphql_response_json(alice):
    # when
    response = alice.client.http.post(
        "/graphql",
        json={"extensions": persisted(sha256(unique_viewer_query()))},
        headers={"Accept": "application/graphql-response+json"},
    )

    # then
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/graphql-response+json"
    assert response.json() == NOT_FOUND_BODY


def test_hash_and_query_register_it_for_later_requests_by_hash(alice, bob):
    # given
    query = unique_viewer_query()
    sha = sha256(query)
    registered = alice.client.http.post("/graphql", json={"query": query, "extensions": persisted(sha)})

    # when
    by_hash = bob.client.http.post("/graphql", json={"extensions": persisted(sha)})

    # then
    assert registered.status_code == 200
    assert "errors" not in registered.json()
    assert registered.json()["data"]["viewer"] == {"name": alice.name}
    assert by_hash.status_code == 200
    assert "errors" not in by_hash.json()
    assert by_hash.json()["data"]["viewer"] == {"name": bob.name}


def test_a_registered_hash_works_over_get_with_extensions_as_a_query_parameter(alice):
    # given
    query = unique_viewer_query()
    sha = sha256(query)
    alice.client.http.post("/graphql", json={"query": query, "extensions": persisted(sha)})

    # when
    response = alice.client.http.get("/graphql", params={"extensions": json.dumps(persisted(sha))})

    # then
    assert response.status_code == 200
    assert "errors" not in response.json()
    assert response.json()["data"]["viewer"] == {"name": alice.name}


def test_an_unknown_hash_over_get_answers_not_found_even_for_a_browser_accept_header(alice):
    # when
    response = alice.client.http.get(
        "/graphql",
        params={"extensions": json.dumps(persisted(sha256(unique_viewer_query())))},
        headers={"Accept": "text/html,*/*"},
    )

    # then
    assert response.status_code == 200
    assert response.json() == NOT_FOUND_BODY


def test_a_hash_that_does_not_match_the_query_is_refused_and_not_registered(alice):
    # given
    query = unique_viewer_query()
    wrong_sha = sha256(query + " ")

    # when
    response = alice.client.http.post("/graphql", json={"query": query, "extensions": persisted(wrong_sha)})

    # then
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": "provided sha does not match query", "extensions": {"code": "BAD_REQUEST"}}]
    }
    assert alice.client.http.post("/graphql", json={"extensions": persisted(wrong_sha)}).json() == NOT_FOUND_BODY


def test_a_query_that_fails_validation_is_not_registered(alice):
    # given
    query = "{ viewer { shoeSize } } # %s" % uuid.uuid4().hex
    sha = sha256(query)

    # when
    response = alice.client.http.post("/graphql", json={"query": query, "extensions": persisted(sha)})

    # then
    assert response.json()["errors"][0]["message"].startswith("Cannot query field 'shoeSize'")
    assert alice.client.http.post("/graphql", json={"extensions": persisted(sha)}).json() == NOT_FOUND_BODY


def test_an_unsupported_version_is_refused(alice):
    # when
    response = alice.client.http.post("/graphql", json={"extensions": persisted(sha256("{ viewer { name } }"), version=2)})

    # then
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "version" in error["message"]


def test_a_persisted_mutation_is_still_refused_over_get(alice):
    # given
    sha = sha256(CREATE_TASK_MUTATION)
    alice.client.http.post("/graphql", json={"query": CREATE_TASK_MUTATION, "extensions": persisted(sha)})

    # when
    response = alice.client.http.get("/graphql", params={"extensions": json.dumps(persisted(sha))})

    # then
    assert response.status_code == 400
    assert "mutations are not allowed when using GET" in response.text
    titles = [e["node"]["title"] for e in alice.client.execute(TASK_TITLES_QUERY)["tasks"]["edges"]]
    assert titles == ["by hash"]


def test_the_store_forgets_the_least_recently_used_query_beyond_its_bound():
    # given
    store = PersistedQueryStore(max_entries=2)
    store.put("a", "{ a }")
    store.put("b", "{ b }")
    assert store.get("a") == "{ a }"

    # when
    store.put("c", "{ c }")

    # then
    assert len(store) == 2
    assert "b" not in store
    assert store.get("a") == "{ a }"
    assert store.get("c") == "{ c }"


def test_the_store_also_bounds_the_total_size_of_its_queries():
    # given
    store = PersistedQueryStore(max_entries=100, max_characters=10)
    store.put("a", "{ aaaa }")

    # when
    store.put("b", "{ b }")
    store.put("huge", "{ " + "x" * 20 + " }")

    # then
    assert "a" not in store
    assert store.get("b") == "{ b }"
    assert "huge" not in store
    assert store.size == len("{ b }")
