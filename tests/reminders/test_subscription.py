"""reminderDue over graphql-transport-ws, against the live server (its dispatcher delivers)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from api.ids import encode_id
from tests.reminders.conftest import from_now, iso, parse

ROOT = Path(__file__).resolve().parents[2]

REMINDER_DUE = """
subscription { reminderDue { id status dueAt deliveredAt snoozedUntil task { id title } } }
"""

SNOOZE_REMINDER = """
mutation ($id: ID!, $until: DateTime) {
  snoozeReminder(id: $id, until: $until) { reminder { id status } errors { code } }
}
"""


def seconds_until(moment: datetime) -> float:
    return (moment - datetime.now(timezone.utc)).total_seconds()


def test_subscriber_receives_own_reminder_within_two_seconds_and_never_anothers(
    alice, bob, make_task, make_reminder, subscribe
):
    # given: both subscribed; alice's reminder falls due first, bob's a little later
    alice_stream = subscribe(alice, REMINDER_DUE)
    bob_stream = subscribe(bob, REMINDER_DUE)
    due = from_now(seconds=2.5)
    alices_task = make_task(alice.client, title="Call the plumber")
    alices = make_reminder(alice.client, alices_task, remind_at=due)
    bobs = make_reminder(bob.client, make_task(bob.client), remind_at=due + timedelta(seconds=1.5))
    remind_at = parse(alices["dueAt"])

    # when
    event = alice_stream.next(timeout=seconds_until(remind_at) + 2)
    received_at = datetime.now(timezone.utc)
    bobs_first = bob_stream.next(timeout=seconds_until(remind_at) + 4)

    # then
    assert "errors" not in event, event
    reminder = event["data"]["reminderDue"]
    assert reminder["id"] == alices["id"]
    assert reminder["status"] == "DELIVERED"
    assert reminder["task"] == {"id": alices_task, "title": "Call the plumber"}
    assert timedelta(0) <= received_at - remind_at < timedelta(seconds=2)
    assert remind_at <= parse(reminder["deliveredAt"]) < remind_at + timedelta(seconds=2)
    # bob's first event is his own reminder, delivered after alice's: hers never reached him
    assert bobs_first["data"]["reminderDue"]["id"] == bobs["id"]
    with pytest.raises(TimeoutError):
        alice_stream.next(timeout=1)


def test_snoozing_a_delivered_reminder_delivers_it_again(alice, make_task, seed_reminder, subscribe):
    # given: a reminder already due, delivered to the subscriber
    stream = subscribe(alice, REMINDER_DUE)
    time.sleep(0.3)  # graphql-transport-ws does not acknowledge `subscribe`: let the server start it
    task_id = make_task(alice.client)
    reminder_id = encode_id("Reminder", seed_reminder(alice, task_id, remind_at=from_now(seconds=-1)))
    first = stream.next(timeout=3)["data"]["reminderDue"]
    until = from_now(seconds=1.5)

    # when
    snoozed = alice.client.execute(SNOOZE_REMINDER, {"id": reminder_id, "until": iso(until)})["snoozeReminder"]
    second = stream.next(timeout=seconds_until(until) + 2)["data"]["reminderDue"]

    # then
    assert first["id"] == reminder_id and first["status"] == "DELIVERED"
    assert snoozed["errors"] == []
    assert snoozed["reminder"]["status"] == "PENDING"
    assert second["id"] == reminder_id and second["status"] == "DELIVERED"
    assert parse(second["snoozedUntil"]) == until
    assert parse(second["deliveredAt"]) >= until > parse(first["deliveredAt"])


def test_a_connection_without_a_valid_token_is_refused(live_server):
    # given
    url = live_server.url.replace("http://", "ws://") + "/graphql"
    with connect(url, subprotocols=["graphql-transport-ws"], proxy=None) as ws:
        # when
        ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": "Bearer tk_not-a-token"}}))

        # then
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


# Records the delivery of one claimed reminder from a separate process, as a `taskapi worker` would.
RECORD_ELSEWHERE = """
import asyncio, sys
from tortoise.context import TortoiseContext
from api.db import tortoise_config
from modules.reminders.repository import reminder_repository

async def main():
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(sys.argv[1]))
        try:
            delivered = await reminder_repository.mark_delivered(worker="elsewhere", reminder_ids=[int(sys.argv[2])])
            print(len(delivered))
        finally:
            await ctx.close_connections()

asyncio.run(main())
"""


def test_a_delivery_recorded_by_another_process_reaches_the_subscriber(
    alice, bob, make_task, seed_reminder, subscribe, settings, on_postgres
):
    if not on_postgres:
        pytest.skip("on SQLite a delivery reaches only subscribers of the process that made it")
    # given: a due reminder claimed by a worker in another process (the server's dispatcher leaves it alone)
    alice_stream = subscribe(alice, REMINDER_DUE)
    bob_stream = subscribe(bob, REMINDER_DUE)
    time.sleep(0.3)  # graphql-transport-ws does not acknowledge `subscribe`: let the server start it
    reminder_id = seed_reminder(
        alice, make_task(alice.client), remind_at=from_now(seconds=-1), claimed_by="elsewhere",
        claim_expires_at=from_now(minutes=5), attempts=1,
    )

    # when
    recorded = subprocess.run(
        [sys.executable, "-c", RECORD_ELSEWHERE, settings.database_url, str(reminder_id)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60,
    )
    event = alice_stream.next(timeout=5)

    # then
    assert recorded.stdout.strip() == "1", recorded.stderr
    assert event["data"]["reminderDue"]["id"] == encode_id("Reminder", reminder_id)
    assert event["data"]["reminderDue"]["status"] == "DELIVERED"
    with pytest.raises(TimeoutError):
        bob_stream.next(timeout=1)
