"""createReminder, updateReminder, snoozeReminder, deleteReminder: results, user errors, owner isolation."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from api.ids import encode_id
from tests.reminders.conftest import CREATE_REMINDER, from_now, iso, parse

TASK_REMINDERS = """
query ($id: ID!) { task(id: $id) { reminders { id kind dueAt status snoozedUntil } } }
"""

REMINDER = """
query ($id: ID!) { reminder(id: $id) { id kind remindAt minutesBefore dueAt status snoozedUntil } }
"""

UPDATE_REMINDER = """
mutation ($input: UpdateReminderInput!) {
  updateReminder(input: $input) {
    reminder { id kind remindAt minutesBefore dueAt status snoozedUntil }
    errors { field message code }
  }
}
"""

SNOOZE_REMINDER = """
mutation ($id: ID!, $until: DateTime, $minutes: Int) {
  snoozeReminder(id: $id, until: $until, minutes: $minutes) {
    reminder { id dueAt status snoozedUntil }
    errors { field message code }
  }
}
"""

DELETE_REMINDER = """
mutation ($id: ID!) {
  deleteReminder(id: $id) { reminder { id dueAt task { id } } errors { field message code } }
}
"""


def create(client, task_id, **fields):
    return client.execute(CREATE_REMINDER, {"input": {"taskId": task_id, **fields}})["createReminder"]


def reminders_of(client, task_id):
    return client.execute(TASK_REMINDERS, {"id": task_id})["task"]["reminders"]


def test_create_absolute_reminder(gql, make_task):
    # given
    task_id = make_task(gql)
    when = from_now(hours=2).replace(microsecond=0)

    # when
    payload = create(gql, task_id, remindAt=iso(when))

    # then
    assert payload["errors"] == []
    reminder = payload["reminder"]
    assert reminder["kind"] == "ABSOLUTE"
    assert parse(reminder["remindAt"]) == when
    assert parse(reminder["dueAt"]) == when
    assert reminder["minutesBefore"] is None
    assert reminder["status"] == "PENDING"
    assert reminder["deliveredAt"] is None and reminder["snoozedUntil"] is None
    assert reminder["task"] == {"id": task_id}
    assert reminders_of(gql, task_id) == [
        {
            "id": reminder["id"], "kind": "ABSOLUTE", "dueAt": reminder["dueAt"], "status": "PENDING",
            "snoozedUntil": None,
        }
    ]


def test_create_absolute_reminder_keeps_the_instant_of_any_offset(gql, make_task):
    # given
    task_id = make_task(gql)
    when = from_now(days=1).replace(microsecond=0)
    local = when.astimezone(timezone(timedelta(hours=-5)))

    # when
    payload = create(gql, task_id, remindAt=local.isoformat())

    # then
    assert payload["errors"] == []
    assert parse(payload["reminder"]["dueAt"]) == when


def test_create_relative_reminder(gql, make_task):
    # given
    due = from_now(days=1).replace(microsecond=0)
    task_id = make_task(gql, due_at=due)

    # when
    payload = create(gql, task_id, minutesBefore=30)

    # then
    assert payload["errors"] == []
    reminder = payload["reminder"]
    assert reminder["kind"] == "RELATIVE"
    assert reminder["minutesBefore"] == 30
    assert reminder["remindAt"] is None
    assert parse(reminder["dueAt"]) == due - timedelta(minutes=30)


@pytest.mark.parametrize(
    "fields",
    [{}, {"remindAt": "2099-01-01T00:00:00Z", "minutesBefore": 10}],
    ids=["neither", "both"],
)
def test_create_reminder_needs_exactly_one_time(gql, make_task, fields):
    # given
    task_id = make_task(gql, due_at=from_now(days=1))

    # when
    payload = create(gql, task_id, **fields)

    # then
    assert payload["reminder"] is None
    assert [e["code"] for e in payload["errors"]] == ["INVALID"]
    assert reminders_of(gql, task_id) == []


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"remindAt": "2099-01-01T00:00:00"}, ["input", "remindAt"]),
        ({"minutesBefore": -1}, ["input", "minutesBefore"]),
    ],
    ids=["no-time-zone", "negative-minutes"],
)
def test_create_reminder_with_a_malformed_time_is_invalid(gql, make_task, fields, field):
    # given
    task_id = make_task(gql, due_at=from_now(days=1))

    # when
    payload = create(gql, task_id, **fields)

    # then
    assert payload["reminder"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", field)]
    assert reminders_of(gql, task_id) == []


def test_create_reminder_at_a_past_time(gql, make_task):
    # given
    task_id = make_task(gql, due_at=from_now(minutes=10))

    # when
    absolute = create(gql, task_id, remindAt=iso(from_now(minutes=-1)))
    relative = create(gql, task_id, minutesBefore=60)  # 50 minutes ago

    # then
    assert absolute["reminder"] is None
    assert [(e["code"], e["field"]) for e in absolute["errors"]] == [("IN_THE_PAST", ["input", "remindAt"])]
    assert relative["reminder"] is None
    assert [(e["code"], e["field"]) for e in relative["errors"]] == [("IN_THE_PAST", ["input", "minutesBefore"])]
    assert reminders_of(gql, task_id) == []


def test_create_relative_reminder_on_a_task_without_due_date(gql, make_task):
    # given
    task_id = make_task(gql)

    # when
    payload = create(gql, task_id, minutesBefore=15)

    # then
    assert payload["reminder"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("TASK_HAS_NO_DUE_DATE", ["input", "minutesBefore"])
    ]
    assert reminders_of(gql, task_id) == []


def test_create_more_than_fifty_reminders_on_one_task(gql, make_task, make_reminder):
    # given
    task_id = make_task(gql)
    for minute in range(50):
        make_reminder(gql, task_id, remind_at=from_now(hours=1, minutes=minute))

    # when
    payload = create(gql, task_id, remindAt=iso(from_now(hours=3)))

    # then
    assert payload["reminder"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("LIMIT_REACHED", ["input", "taskId"])]
    assert len(reminders_of(gql, task_id)) == 50


def test_create_reminder_on_an_unknown_or_foreign_task(alice, bob, make_task, make_reminder):
    # given
    bobs_task = make_task(bob.client)
    reminder_id = make_reminder(bob.client, bobs_task, remind_at=from_now(hours=1))["id"]
    unknown = [bobs_task, "not-an-id", encode_id("Task", 2**62), reminder_id]

    # when
    payloads = [create(alice.client, task_id, remindAt=iso(from_now(hours=1))) for task_id in unknown]

    # then
    for payload in payloads:
        assert payload["reminder"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", ["input", "taskId"])]
    assert len(reminders_of(bob.client, bobs_task)) == 1


def test_update_reminder_to_relative_and_back(gql, make_task, make_reminder):
    # given
    due = from_now(days=2).replace(microsecond=0)
    task_id = make_task(gql, due_at=due)
    reminder = make_reminder(gql, task_id, remind_at=from_now(hours=1))
    later = from_now(days=1).replace(microsecond=0)

    # when
    relative = gql.execute(UPDATE_REMINDER, {"input": {"id": reminder["id"], "minutesBefore": 90}})["updateReminder"]
    absolute = gql.execute(UPDATE_REMINDER, {"input": {"id": reminder["id"], "remindAt": iso(later)}})["updateReminder"]

    # then
    assert relative["errors"] == []
    assert relative["reminder"]["kind"] == "RELATIVE"
    assert relative["reminder"]["minutesBefore"] == 90
    assert relative["reminder"]["remindAt"] is None
    assert parse(relative["reminder"]["dueAt"]) == due - timedelta(minutes=90)
    assert absolute["errors"] == []
    assert absolute["reminder"]["kind"] == "ABSOLUTE"
    assert absolute["reminder"]["minutesBefore"] is None
    assert parse(absolute["reminder"]["dueAt"]) == later
    assert gql.execute(REMINDER, {"id": reminder["id"]})["reminder"] == absolute["reminder"]


def test_update_reminder_refused_changes_nothing(gql, make_task, make_reminder):
    # given
    task_id = make_task(gql)
    reminder = make_reminder(gql, task_id, remind_at=from_now(hours=1))
    before = gql.execute(REMINDER, {"id": reminder["id"]})["reminder"]
    attempts = {
        "IN_THE_PAST": {"remindAt": iso(from_now(minutes=-5))},
        "TASK_HAS_NO_DUE_DATE": {"minutesBefore": 5},
        "INVALID": {"remindAt": iso(from_now(hours=3)), "minutesBefore": 5},
    }

    # when
    payloads = {
        code: gql.execute(UPDATE_REMINDER, {"input": {"id": reminder["id"], **fields}})["updateReminder"]
        for code, fields in attempts.items()
    }

    # then
    for code, payload in payloads.items():
        assert payload["reminder"] is None
        assert [e["code"] for e in payload["errors"]] == [code]
    assert gql.execute(REMINDER, {"id": reminder["id"]})["reminder"] == before


def test_update_another_users_reminder(alice, bob, make_task, make_reminder):
    # given
    bobs_reminder = make_reminder(bob.client, make_task(bob.client), remind_at=from_now(hours=1))

    # when
    payload = alice.client.execute(
        UPDATE_REMINDER, {"input": {"id": bobs_reminder["id"], "remindAt": iso(from_now(hours=5))}}
    )["updateReminder"]

    # then
    assert payload["reminder"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", ["input", "id"])]
    assert bob.client.execute(REMINDER, {"id": bobs_reminder["id"]})["reminder"]["dueAt"] == bobs_reminder["dueAt"]


def test_snooze_reminder_by_minutes_and_until(gql, make_task, make_reminder):
    # given
    task_id = make_task(gql)
    reminder = make_reminder(gql, task_id, remind_at=from_now(minutes=5))
    until = from_now(hours=4).replace(microsecond=0)

    # when
    by_minutes = gql.execute(SNOOZE_REMINDER, {"id": reminder["id"], "minutes": 60})["snoozeReminder"]
    by_until = gql.execute(SNOOZE_REMINDER, {"id": reminder["id"], "until": iso(until)})["snoozeReminder"]

    # then
    assert by_minutes["errors"] == []
    snoozed = parse(by_minutes["reminder"]["snoozedUntil"])
    assert abs(snoozed - from_now(minutes=60)) < timedelta(seconds=30)
    assert by_minutes["reminder"]["dueAt"] == reminder["dueAt"]  # the effective time stays; the snooze is apart
    assert by_minutes["reminder"]["status"] == "PENDING"
    assert by_until["errors"] == []
    assert parse(by_until["reminder"]["snoozedUntil"]) == until


@pytest.mark.parametrize(
    "arguments, code, field",
    [
        ({}, "INVALID", None),
        ({"minutes": 5, "until": "2099-01-01T00:00:00Z"}, "INVALID", None),
        ({"minutes": 0}, "INVALID", ["minutes"]),
        ({"until": "2000-01-01T00:00:00Z"}, "IN_THE_PAST", ["until"]),
    ],
    ids=["neither", "both", "zero-minutes", "past"],
)
def test_snooze_reminder_refused_changes_nothing(gql, make_task, make_reminder, arguments, code, field):
    # given
    reminder = make_reminder(gql, make_task(gql), remind_at=from_now(hours=1))

    # when
    payload = gql.execute(SNOOZE_REMINDER, {"id": reminder["id"], **arguments})["snoozeReminder"]

    # then
    assert payload["reminder"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    assert gql.execute(REMINDER, {"id": reminder["id"]})["reminder"]["snoozedUntil"] is None


def test_snooze_another_users_reminder(alice, bob, make_task, make_reminder):
    # given
    bobs_reminder = make_reminder(bob.client, make_task(bob.client), remind_at=from_now(hours=1))

    # when
    payload = alice.client.execute(SNOOZE_REMINDER, {"id": bobs_reminder["id"], "minutes": 10})["snoozeReminder"]

    # then
    assert payload["reminder"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", ["id"])]
    assert bob.client.execute(REMINDER, {"id": bobs_reminder["id"]})["reminder"]["snoozedUntil"] is None


def test_delete_reminder(gql, make_task, make_reminder):
    # given
    task_id = make_task(gql)
    reminder = make_reminder(gql, task_id, remind_at=from_now(hours=1))

    # when
    payload = gql.execute(DELETE_REMINDER, {"id": reminder["id"]})["deleteReminder"]

    # then
    assert payload["errors"] == []
    assert payload["reminder"] == {"id": reminder["id"], "dueAt": reminder["dueAt"], "task": {"id": task_id}}
    assert gql.execute(REMINDER, {"id": reminder["id"]})["reminder"] is None
    assert reminders_of(gql, task_id) == []


def test_delete_unknown_or_foreign_reminder(alice, bob, make_task, make_reminder):
    # given
    bobs_reminder = make_reminder(bob.client, make_task(bob.client), remind_at=from_now(hours=1))

    # when
    payloads = [
        alice.client.execute(DELETE_REMINDER, {"id": reminder_id})["deleteReminder"]
        for reminder_id in (bobs_reminder["id"], "bogus", encode_id("Reminder", 2**62))
    ]

    # then
    for payload in payloads:
        assert payload["reminder"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", ["id"])]
    assert bob.client.execute(REMINDER, {"id": bobs_reminder["id"]})["reminder"]["id"] == bobs_reminder["id"]
