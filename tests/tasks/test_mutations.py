"""Task mutations: each success path and each user error; errors change nothing."""

from __future__ import annotations

import pytest

from tests.tasks.conftest import CREATE_TASK, create_task

UPDATE_TASK = """
mutation ($input: UpdateTaskInput!) {
  updateTask(input: $input) {
    task { id title description priority dueAt }
    errors { field message code }
  }
}
"""
COMPLETE_TASK = "mutation ($id: ID!) { completeTask(id: $id) { task { id completed completedAt } errors { field code } } }"
REOPEN_TASK = "mutation ($id: ID!) { reopenTask(id: $id) { task { id completed completedAt } errors { field code } } }"
DELETE_TASK = "mutation ($id: ID!) { deleteTask(id: $id) { task { id title } errors { field message code } } }"
TASK = "query ($id: ID!) { task(id: $id) { id title description priority dueAt completed } }"


def test_create_task_trims_title_and_stores_due_time_in_utc(gql):
    # when
    payload = gql.execute(
        CREATE_TASK,
        {"input": {"title": "  Write report  ", "description": "Q3", "priority": "HIGH", "dueAt": "2030-05-01T09:30:00+02:00"}},
    )["createTask"]

    # then
    assert payload["errors"] == []
    task = payload["task"]
    assert task["title"] == "Write report"
    assert task["description"] == "Q3"
    assert task["priority"] == "HIGH"
    assert task["dueAt"] == "2030-05-01T07:30:00+00:00"
    assert task["completed"] is False and task["completedAt"] is None


def test_create_task_defaults(gql):
    task = create_task(gql, title="Plain")
    assert (task["description"], task["priority"], task["dueAt"]) == ("", "NONE", None)


@pytest.mark.parametrize(
    ("fields", "code", "path"),
    [
        ({"title": "   "}, "BLANK", ["input", "title"]),
        ({"title": "x" * 501}, "TOO_LONG", ["input", "title"]),
        ({"title": "ok", "description": "d" * 10_001}, "TOO_LONG", ["input", "description"]),
        ({"title": "ok", "dueAt": "2030-05-01T09:30:00"}, "INVALID", ["input", "dueAt"]),
    ],
)
def test_create_task_user_errors_create_nothing(gql, fields, code, path):
    # when
    payload = gql.execute(CREATE_TASK, {"input": fields})["createTask"]

    # then
    assert payload["task"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, path)]
    assert gql.execute("{ tasks { totalCount } }")["tasks"]["totalCount"] == 0


def test_title_of_exactly_500_characters_is_accepted(gql):
    assert len(create_task(gql, title="y" * 500)["title"]) == 500


def test_update_changes_only_the_fields_sent_and_null_clears(gql):
    # given
    task = create_task(gql, title="Old", description="notes", priority="LOW", dueAt="2030-01-01T00:00:00Z")

    # when: only the title is sent
    first = gql.execute(UPDATE_TASK, {"input": {"id": task["id"], "title": "New"}})["updateTask"]
    # when: explicit nulls clear
    second = gql.execute(
        UPDATE_TASK, {"input": {"id": task["id"], "description": None, "dueAt": None, "priority": None}}
    )["updateTask"]

    # then
    assert first["errors"] == []
    assert first["task"]["title"] == "New"
    assert (first["task"]["description"], first["task"]["priority"], first["task"]["dueAt"]) == (
        "notes", "LOW", "2030-01-01T00:00:00+00:00",
    )
    assert second["errors"] == []
    assert (second["task"]["title"], second["task"]["description"], second["task"]["priority"], second["task"]["dueAt"]) == (
        "New", "", "NONE", None,
    )


@pytest.mark.parametrize(
    ("changes", "code", "path"),
    [
        ({"title": None}, "BLANK", ["input", "title"]),
        ({"title": ""}, "BLANK", ["input", "title"]),
        ({"title": "t" * 501}, "TOO_LONG", ["input", "title"]),
        ({"description": "d" * 10_001}, "TOO_LONG", ["input", "description"]),
        ({"dueAt": "2030-01-01T00:00:00"}, "INVALID", ["input", "dueAt"]),
    ],
)
def test_update_user_errors_change_nothing(gql, changes, code, path):
    # given
    task = create_task(gql, title="Keep", description="me")

    # when
    payload = gql.execute(UPDATE_TASK, {"input": {"id": task["id"], "title": "Changed?", **changes}})["updateTask"]

    # then
    assert payload["task"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, path)]
    after = gql.execute(TASK, {"id": task["id"]})["task"]
    assert (after["title"], after["description"]) == ("Keep", "me")


@pytest.mark.parametrize("bad_id", ["nonsense", "VGFzazo=", "VGFnOjE=", "VGFzazo5OTk5OTk5", ""])
def test_malformed_and_unknown_ids_are_not_found(gql, bad_id):
    for mutation, variables, name in [
        (UPDATE_TASK, {"input": {"id": bad_id, "title": "x"}}, "updateTask"),
        (COMPLETE_TASK, {"id": bad_id}, "completeTask"),
        (REOPEN_TASK, {"id": bad_id}, "reopenTask"),
        (DELETE_TASK, {"id": bad_id}, "deleteTask"),
    ]:
        payload = gql.execute(mutation, variables)[name]
        assert payload["task"] is None
        assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"], name
    assert gql.execute(TASK, {"id": bad_id})["task"] is None


def test_complete_and_reopen(gql):
    # given
    task = create_task(gql)

    # when
    done = gql.execute(COMPLETE_TASK, {"id": task["id"]})["completeTask"]
    again = gql.execute(COMPLETE_TASK, {"id": task["id"]})["completeTask"]
    reopened = gql.execute(REOPEN_TASK, {"id": task["id"]})["reopenTask"]

    # then
    assert done["errors"] == [] and done["task"]["completed"] is True
    assert done["task"]["completedAt"] is not None
    assert again["task"]["completedAt"] == done["task"]["completedAt"], "completing twice keeps the first time"
    assert reopened["errors"] == []
    assert reopened["task"]["completed"] is False and reopened["task"]["completedAt"] is None


def test_delete_returns_the_task_and_then_it_is_gone(gql):
    # given
    task = create_task(gql, title="Doomed")

    # when
    deleted = gql.execute(DELETE_TASK, {"id": task["id"]})["deleteTask"]
    twice = gql.execute(DELETE_TASK, {"id": task["id"]})["deleteTask"]

    # then
    assert deleted == {"task": {"id": task["id"], "title": "Doomed"}, "errors": []}
    assert gql.execute(TASK, {"id": task["id"]})["task"] is None
    assert [e["code"] for e in twice["errors"]] == ["NOT_FOUND"]
    update = gql.execute(UPDATE_TASK, {"input": {"id": task["id"], "title": "zombie"}})["updateTask"]
    assert [e["code"] for e in update["errors"]] == ["NOT_FOUND"]
