"""Real, unmodified JavaScript clients against the live server: Apollo Client 4, urql, graphql-ws."""

import uuid
from datetime import datetime, timedelta, timezone

VIEWER_QUERY = "{ viewer { name } }"


def ws_url(live_server) -> str:
    return live_server.url.replace("http://", "ws://") + "/graphql"


def test_apollo_client(live_server, alice, node):
    # given
    persisted_query = "query Persisted%s { viewer { name } }" % uuid.uuid4().hex[:12]

    # when
    outcome = node("apollo.mjs", {"url": f"{live_server.url}/graphql", "token": alice.token, "persistedQuery": persisted_query})

    # then: a query and a mutation
    assert outcome["viewer"] == {"viewer": {"__typename": "User", "name": alice.name}}
    created = outcome["created"]["createTask"]
    assert created["errors"] == []
    assert created["task"]["title"] == "Written by Apollo"
    # a user error arrives in the payload
    blank = outcome["blank"]["createTask"]
    assert blank["task"] is None
    assert [(e["code"], e["field"]) for e in blank["errors"]] == [("BLANK", ["input", "title"])]
    # a GraphQL error arrives as Apollo's CombinedGraphQLErrors, with errorPolicy "all" and by default
    assert outcome["tooMany"]["error"]["name"] == "CombinedGraphQLErrors"
    assert [e["extensions"]["code"] for e in outcome["tooMany"]["error"]["errors"]] == ["BAD_USER_INPUT"]
    assert outcome["thrown"]["name"] == "CombinedGraphQLErrors"
    # Apollo asks for graphql-response+json and gets it
    first = outcome["requests"][0]
    assert first["accept"].startswith("application/graphql-response+json")
    assert first["contentType"] == "application/graphql-response+json"


def test_apollo_persisted_query_link(live_server, alice, node):
    # given
    persisted_query = "query Persisted%s { viewer { name } }" % uuid.uuid4().hex[:12]

    # when
    outcome = node("apollo.mjs", {"url": f"{live_server.url}/graphql", "token": alice.token, "persistedQuery": persisted_query})

    # then: the first client sends the hash (GET), is told it is unknown, and registers it with the query (POST)
    persisted = outcome["persisted"]
    expected = {"viewer": {"__typename": "User", "name": alice.name}}
    assert persisted["registered"] == expected
    assert [(r["method"], r["status"]) for r in persisted["registeredRequests"]] == [("GET", 400), ("POST", 200)]
    assert "persistedQuery" in persisted["registeredRequests"][0]["url"]
    # a second client with an empty cache needs only the hash, over GET
    assert persisted["byHash"] == expected
    assert [(r["method"], r["status"]) for r in persisted["byHashRequests"]] == [("GET", 200)]
    assert "query=" not in persisted["byHashRequests"][0]["url"]


def test_urql_sends_queries_as_get(live_server, alice, node):
    # when
    outcome = node("urql.mjs", {"url": f"{live_server.url}/graphql", "token": alice.token})

    # then
    assert outcome["viewer"] == {"data": {"viewer": {"name": alice.name}}, "error": None}
    assert outcome["created"]["data"]["createTask"] == {"task": {"title": "Written by urql"}, "errors": []}
    assert outcome["created"]["error"] is None
    assert [r["method"] for r in outcome["requests"]] == ["GET", "POST"]
    assert all(r["status"] == 200 for r in outcome["requests"])


def test_graphql_ws_runs_a_query_with_the_token_in_connection_params(live_server, alice, node):
    # when
    outcome = node("ws.mjs", {"url": ws_url(live_server), "token": alice.token, "query": VIEWER_QUERY})

    # then
    assert outcome["error"] is None
    assert outcome["query"] == {"data": {"viewer": {"name": alice.name}}}


def test_graphql_ws_without_a_token_is_closed_with_4403(live_server, node):
    # when
    outcome = node("ws.mjs", {"url": ws_url(live_server), "token": None, "query": VIEWER_QUERY})

    # then
    assert outcome["query"] is None
    assert outcome["error"]["code"] == 4403
    assert [close["code"] for close in outcome["closes"]] == [4403]


def test_graphql_ws_reports_the_errors_of_a_subscription_document_it_is_given(live_server, alice, node):
    # given: a subscription document naming a field that does not exist fails validation
    subscription = {"query": "subscription { nothingHere }", "take": 1, "timeoutMs": 5000}

    # when
    outcome = node(
        "ws.mjs", {"url": ws_url(live_server), "token": alice.token, "query": VIEWER_QUERY, "subscription": subscription}
    )

    # then
    assert outcome["query"] == {"data": {"viewer": {"name": alice.name}}}
    assert outcome["subscription"] is None
    assert outcome["error"]["errors"][0]["message"]


CREATE_TASK = 'mutation { createTask(input: {title: "Call back"}) { task { id } errors { code } } }'
CREATE_REMINDER = """mutation ($task: ID!, $at: DateTime!) {
  createReminder(input: {taskId: $task, remindAt: $at}) { reminder { id } errors { code } }
}"""
REMINDER_DUE = "subscription { reminderDue { id status deliveredAt task { title } } }"


def test_graphql_ws_receives_reminder_due(live_server, alice, node):
    # given: a reminder due a few seconds from now
    task_id = alice.client.execute(CREATE_TASK)["createTask"]["task"]["id"]
    due = datetime.now(timezone.utc) + timedelta(seconds=4)
    created = alice.client.execute(CREATE_REMINDER, {"task": task_id, "at": due.isoformat()})["createReminder"]
    assert created["errors"] == []

    # when: graphql-ws subscribes before it is due
    subscription = {"query": REMINDER_DUE, "take": 1, "timeoutMs": 15000}
    outcome = node(
        "ws.mjs", {"url": ws_url(live_server), "token": alice.token, "query": VIEWER_QUERY, "subscription": subscription}
    )

    # then
    [event] = outcome["subscription"]
    reminder = event["data"]["reminderDue"]
    assert reminder["id"] == created["reminder"]["id"]
    assert reminder["status"] == "DELIVERED"
    assert reminder["task"] == {"title": "Call back"}
    assert datetime.fromisoformat(reminder["deliveredAt"]) - due < timedelta(seconds=2)
