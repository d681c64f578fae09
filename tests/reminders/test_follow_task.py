"""Relative reminders follow their task's dueAt when updateTask changes it."""

from __future__ import annotations

from datetime import timedelta

from api.ids import encode_id
from tests.reminders.conftest import from_now, iso, parse

UPDATE_TASK = """
mutation ($input: UpdateTaskInput!) { updateTask(input: $input) { task { id dueAt } errors { code } } }
"""

SNOOZE_REMINDER = """
mutation ($id: ID!, $minutes: Int) {
  snoozeReminder(id: $id, minutes: $minutes) { reminder { snoozedUntil } errors { code } }
}
"""

REMINDER = """
query ($id: ID!) { reminder(id: $id) { id kind minutesBefore dueAt status snoozedUntil } }
"""


def read(client, reminder_id):
    return client.execute(REMINDER, {"id": reminder_id})["reminder"]


def test_relative_reminders_follow_the_new_due_time(gql, make_task, make_reminder):
    # given
    task_id = make_task(gql, due_at=from_now(days=1))
    relative = make_reminder(gql, task_id, minutes_before=45)
    absolute = make_reminder(gql, task_id, remind_at=from_now(hours=2))
    new_due = from_now(days=3).replace(microsecond=0)

    # when
    payload = gql.execute(UPDATE_TASK, {"input": {"id": task_id, "dueAt": iso(new_due)}})["updateTask"]

    # then
    assert payload["errors"] == []
    moved = read(gql, relative["id"])
    assert parse(moved["dueAt"]) == new_due - timedelta(minutes=45)
    assert moved["status"] == "PENDING"
    assert read(gql, absolute["id"])["dueAt"] == absolute["dueAt"]


def test_a_snooze_belongs_to_the_old_due_time(gql, make_task, make_reminder):
    # given
    task_id = make_task(gql, due_at=from_now(days=1))
    relative = make_reminder(gql, task_id, minutes_before=10)
    snoozed = gql.execute(SNOOZE_REMINDER, {"id": relative["id"], "minutes": 30})["snoozeReminder"]
    assert snoozed["errors"] == [] and snoozed["reminder"]["snoozedUntil"] is not None
    new_due = from_now(days=2).replace(microsecond=0)

    # when
    gql.execute(UPDATE_TASK, {"input": {"id": task_id, "dueAt": iso(new_due)}})

    # then
    moved = read(gql, relative["id"])
    assert parse(moved["dueAt"]) == new_due - timedelta(minutes=10)
    assert moved["snoozedUntil"] is None


def test_clearing_the_due_time_cancels_relative_reminders(gql, make_task, make_reminder):
    # given
    task_id = make_task(gql, due_at=from_now(days=1))
    relative = make_reminder(gql, task_id, minutes_before=5)
    absolute = make_reminder(gql, task_id, remind_at=from_now(hours=2))

    # when
    payload = gql.execute(UPDATE_TASK, {"input": {"id": task_id, "dueAt": None}})["updateTask"]

    # then
    assert payload["errors"] == []
    assert read(gql, relative["id"]) == {
        "id": relative["id"], "kind": "RELATIVE", "minutesBefore": 5, "dueAt": None, "status": "CANCELLED",
        "snoozedUntil": None,
    }
    assert read(gql, absolute["id"])["status"] == "PENDING"


def test_a_delivered_relative_reminder_stays_as_it_was(gql, alice, make_task, seed_reminder):
    # given
    due = from_now(hours=1).replace(microsecond=0)
    task_id = make_task(gql, due_at=due)
    delivered_at = from_now(minutes=-5)
    reminder_id = seed_reminder(
        alice, task_id, kind="RELATIVE", minutes_before=70, due_at=due - timedelta(minutes=70),
        fire_at=due - timedelta(minutes=70), status="DELIVERED", delivered_at=delivered_at,
    )
    # when
    gql.execute(UPDATE_TASK, {"input": {"id": task_id, "dueAt": iso(due + timedelta(days=1))}})

    # then
    kept = read(gql, encode_id("Reminder", reminder_id))
    assert kept["status"] == "DELIVERED"
    assert parse(kept["dueAt"]) == due - timedelta(minutes=70)


def test_another_users_task_change_moves_only_their_reminders(alice, bob, make_task, make_reminder):
    # given
    alices_task = make_task(alice.client, due_at=from_now(days=1))
    alices = make_reminder(alice.client, alices_task, minutes_before=30)
    bobs_task = make_task(bob.client, due_at=from_now(days=1))
    make_reminder(bob.client, bobs_task, minutes_before=30)

    # when
    bob.client.execute(UPDATE_TASK, {"input": {"id": bobs_task, "dueAt": iso(from_now(days=5))}})
    refused = bob.client.execute(UPDATE_TASK, {"input": {"id": alices_task, "dueAt": iso(from_now(days=9))}})

    # then
    assert [e["code"] for e in refused["updateTask"]["errors"]] == ["NOT_FOUND"]
    assert read(alice.client, alices["id"])["dueAt"] == alices["dueAt"]
