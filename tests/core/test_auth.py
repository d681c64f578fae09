"""Authentication and isolation: no data without a valid token; each viewer sees only their own rows."""

from __future__ import annotations

import json

import httpx
import pytest
from httpx_ws import WebSocketDisconnect, connect_ws

from api.accounts import service as accounts
from tests.tasks.conftest import create_task

VIEWER = "{ viewer { id name } }"


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer tk_not-a-real-token", "Basic dXNlcjpwYXNz", "tk_missing-scheme"],
)
def test_no_valid_token_is_401_with_a_graphql_error_body(live_server, authorization):
    # given
    headers = {"Authorization": authorization} if authorization is not None else {}

    # when
    response = httpx.post(f"{live_server.url}/graphql", json={"query": VIEWER}, headers=headers)

    # then
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_get_query_needs_a_token_too(live_server):
    response = httpx.get(f"{live_server.url}/graphql", params={"query": VIEWER}, headers={"accept": "application/json"})
    assert response.status_code == 401


def test_graphiql_page_needs_no_token(live_server):
    response = httpx.get(f"{live_server.url}/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_revoked_token_is_refused(live_server, alice):
    # given
    assert alice.client.execute(VIEWER)["viewer"]["name"] == alice.name

    # when
    live_server.call(lambda: accounts.revoke_token(prefix=alice.token[:10]))

    # then
    assert alice.client.post(VIEWER).status_code == 401


def test_tokens_are_stored_hashed(live_server, alice):
    async def stored():
        from api.accounts.models import ApiToken

        return await ApiToken.filter(user__name=alice.name).values_list("token_hash", flat=True)

    hashes = live_server.call(stored)
    assert hashes == [accounts.hash_token(alice.token)]
    assert alice.token not in hashes and len(alice.token) >= 40


def test_websocket_without_token_is_closed_4403(live_server):
    url = live_server.url.replace("http", "ws") + "/graphql"
    with pytest.raises(WebSocketDisconnect) as closed:
        with connect_ws(url, subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_text(json.dumps({"type": "connection_init", "payload": {}}))
            ws.receive_text(timeout=5)
    assert closed.value.code == 4403


@pytest.mark.parametrize("where", ["payload", "header"])
def test_websocket_with_token_runs_operations(live_server, alice, where):
    url = live_server.url.replace("http", "ws") + "/graphql"
    payload = {"Authorization": f"Bearer {alice.token}"} if where == "payload" else {}
    headers = {"Authorization": f"Bearer {alice.token}"} if where == "header" else {}
    with httpx.Client(headers=headers) as client:
        with connect_ws(url, client, subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_text(json.dumps({"type": "connection_init", "payload": payload}))
            assert json.loads(ws.receive_text(timeout=5))["type"] == "connection_ack"
            ws.send_text(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": VIEWER}}))
            message = json.loads(ws.receive_text(timeout=5))
    assert message["type"] == "next"
    assert message["payload"]["data"]["viewer"]["name"] == alice.name


# Every query and mutation of the tasks module, as the other user would send them with alice's ids.
TASK = "query ($id: ID!) { task(id: $id) { id } }"
NODE = "query ($id: ID!) { node(id: $id) { id } }"
TASKS = "{ tasks(first: 100) { totalCount edges { node { id } } } }"
UPDATE = "mutation ($id: ID!) { updateTask(input: {id: $id, title: \"stolen\"}) { task { id } errors { code } } }"
COMPLETE = "mutation ($id: ID!) { completeTask(id: $id) { task { id } errors { code } } }"
REOPEN = "mutation ($id: ID!) { reopenTask(id: $id) { task { id } errors { code } } }"
DELETE = "mutation ($id: ID!) { deleteTask(id: $id) { task { id } errors { code } } }"


def test_another_users_tasks_are_invisible_and_untouchable(alice, bob):
    # given
    task = create_task(alice.client, title="Alice's")
    create_task(bob.client, title="Bob's")

    # then: queries
    assert bob.client.execute(TASK, {"id": task["id"]})["task"] is None
    assert bob.client.execute(NODE, {"id": task["id"]})["node"] is None
    bobs = bob.client.execute(TASKS)["tasks"]
    assert bobs["totalCount"] == 1 and task["id"] not in [e["node"]["id"] for e in bobs["edges"]]

    # then: mutations answer exactly like for an id that does not exist
    for mutation, name in [(UPDATE, "updateTask"), (COMPLETE, "completeTask"), (REOPEN, "reopenTask"), (DELETE, "deleteTask")]:
        payload = bob.client.execute(mutation, {"id": task["id"]})[name]
        assert payload == {"task": None, "errors": [{"code": "NOT_FOUND"}]}, name

    # and nothing changed for alice
    mine = alice.client.execute("query ($id: ID!) { task(id: $id) { title completed } }", {"id": task["id"]})["task"]
    assert mine == {"title": "Alice's", "completed": False}


def test_node_returns_own_task_and_viewer(alice):
    task = create_task(alice.client, title="Mine")
    assert alice.client.execute(NODE, {"id": task["id"]})["node"] == {"id": task["id"]}
    viewer = alice.client.execute(VIEWER)["viewer"]
    assert alice.client.execute(NODE, {"id": viewer["id"]})["node"] == {"id": viewer["id"]}


def test_node_of_another_user_is_null(alice, bob):
    bob_id = bob.client.execute(VIEWER)["viewer"]["id"]
    assert alice.client.execute(NODE, {"id": bob_id})["node"] is None
