"""The dispatcher's claim protocol on the live server's database: expired claims are retried, delivery is
recorded once, and `taskapi worker` on SQLite delivers and says its events stay in its process."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from api.db import migrate
from modules.reminders.dispatcher import SQLITE_NOTICE
from modules.reminders.repository import reminder_repository
from tests.reminders.conftest import from_now

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def test_a_due_reminder_is_delivered_and_recorded(alice, make_task, seed_reminder, read_reminder):
    # given
    reminder_id = seed_reminder(alice, make_task(alice.client), remind_at=from_now(seconds=-1))

    # when
    row = wait_for(lambda: (r := read_reminder(reminder_id))["status"] == "DELIVERED" and r, timeout=3)

    # then
    assert row["status"] == "DELIVERED"
    assert row["attempts"] == 1
    assert row["claimed_by"]  # the worker that delivered it
    assert row["claim_expires_at"] is None
    assert row["delivered_at"] >= row["fire_at"]


def test_an_expired_claim_of_a_dead_worker_is_retried(alice, make_task, seed_reminder, read_reminder):
    # given: a due reminder claimed by a worker that died before recording the delivery
    expires = from_now(seconds=1.5)
    reminder_id = seed_reminder(
        alice, make_task(alice.client), remind_at=from_now(seconds=-5), claimed_by="dead-worker",
        claim_expires_at=expires, attempts=1,
    )

    # when
    time.sleep(max(0.0, (expires - datetime.now(timezone.utc)).total_seconds() - 0.3))
    still_claimed = read_reminder(reminder_id)
    row = wait_for(lambda: (r := read_reminder(reminder_id))["status"] == "DELIVERED" and r, timeout=3)

    # then
    assert still_claimed["status"] == "PENDING" and still_claimed["claimed_by"] == "dead-worker"
    assert row["status"] == "DELIVERED"
    assert row["attempts"] == 2
    assert row["claimed_by"] != "dead-worker"
    assert row["delivered_at"] >= expires - timedelta(milliseconds=5)


def test_delivery_is_recorded_only_by_the_claim_holder_and_only_once(
    alice, make_task, seed_reminder, read_reminder, live_server
):
    # given: a reminder claimed by worker-a for a long while (the live dispatcher leaves it alone)
    reminder_id = seed_reminder(
        alice, make_task(alice.client), remind_at=from_now(seconds=-1), claimed_by="worker-a",
        claim_expires_at=from_now(minutes=5), attempts=1,
    )

    # when
    def deliver(worker):
        return live_server.call(lambda: reminder_repository.mark_delivered(worker=worker, reminder_ids=[reminder_id]))

    by_other = deliver("worker-b")
    after_other = read_reminder(reminder_id)
    by_holder = deliver("worker-a")
    again = deliver("worker-a")

    # then
    assert by_other == []
    assert after_other["status"] == "PENDING"
    assert [d.reminder_id for d in by_holder] == [reminder_id]
    assert again == []
    assert read_reminder(reminder_id)["status"] == "DELIVERED"


def test_worker_on_sqlite_delivers_and_says_events_stay_in_its_process(on_postgres):
    if on_postgres:
        pytest.skip("about SQLite: a worker on PostgreSQL publishes through NOTIFY to every process")
    # given: a separate SQLite database with one due reminder
    path = Path(tempfile.mkdtemp(prefix="taskapi-worker-")) / "worker.db"
    url = f"sqlite://{path}"
    asyncio.run(migrate(url))
    db = sqlite3.connect(path)
    past = (datetime.now(timezone.utc) - timedelta(seconds=5)).isoformat(" ")
    db.execute("INSERT INTO user (name, created_at) VALUES ('w', ?)", [past])
    db.execute("INSERT INTO task (owner_id, title, description, priority, completed, created_at, updated_at) "
               "VALUES (1, 't', '', 0, 0, ?, ?)", [past, past])
    db.execute("INSERT INTO reminder (owner_id, task_id, kind, remind_at, due_at, fire_at, status, attempts, "
               "created_at, updated_at) VALUES (1, 1, 'ABSOLUTE', ?, ?, ?, 'PENDING', 0, ?, ?)",
               [past] * 5)
    db.commit()

    # when
    worker = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}, text=True,
    )
    try:
        status = wait_for(lambda: db.execute("SELECT status FROM reminder").fetchone()[0] == "DELIVERED", timeout=20)
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
        db.close()

    # then
    assert status, output
    assert SQLITE_NOTICE in output
    assert worker.returncode == 0, output
