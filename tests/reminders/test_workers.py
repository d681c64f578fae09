"""Several `taskapi worker` processes on one PostgreSQL database deliver every due reminder exactly once,
also when one of them is killed while it holds claims.

Deliveries are recorded by a LISTEN collector in the test: a reminder delivered twice would be heard twice.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest

from tests.support.process import taskapi
from tests.support.server import dsn, fresh_database, with_database

from modules.reminders.repository import DELIVERY_CHANNEL

ROOT = Path(__file__).resolve().parents[2]
REMINDERS = 2000
WORKERS = 4
WORKER_NUMBERS = itertools.count()


@pytest.fixture
async def multi_url(database_url: str, on_postgres: bool) -> str:
    """A separate database for worker processes (<test database>_multi): emptied and migrated."""
    if not on_postgres:
        pytest.skip("needs PostgreSQL: SKIP LOCKED claims and LISTEN/NOTIFY across processes (SQLite has neither)")
    name = urlsplit(database_url).path.lstrip("/") + "_multi"
    url = with_database(database_url, name)
    await fresh_database(url)
    taskapi("migrate", env={"DATABASE_URL": url})
    return url


class Collector:
    """LISTENs on the delivery channel and keeps every reminder id it hears, duplicates included."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.connection: asyncpg.Connection | None = None

    async def start(self, url: str) -> "Collector":
        self.connection = await asyncpg.connect(dsn(url))
        await self.connection.add_listener(DELIVERY_CHANNEL, self._heard)
        return self

    def _heard(self, _connection, _pid, _channel, payload: str) -> None:
        self.ids.append(int(payload.split(":", 1)[0]))

    async def wait_for(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.ids) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()


@pytest.fixture
async def collector(multi_url: str) -> AsyncIterator[Collector]:
    listening = await Collector().start(multi_url)
    yield listening
    await listening.close()


def start_workers(url: str, count: int, script: str | None = None, **env: str) -> list[subprocess.Popen]:
    """`taskapi worker` processes (or `script`, which runs one), each named reminders-worker-<n> in the database."""
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m", "api.cli", "worker"]
    workers = []
    for _ in range(count):
        named = f"{url}?application_name=reminders-worker-{next(WORKER_NUMBERS)}"
        workers.append(
            subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.DEVNULL,
                stderr=tempfile.TemporaryFile(mode="w+"), text=True,
                env={**os.environ, "DATABASE_URL": named, "PYTHONPATH": str(ROOT), **env},
            )
        )
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


async def wait_until_polling(conn: asyncpg.Connection, count: int, timeout: float = 30) -> None:
    """Until `count` workers are polling: each has a connection open for over a second that ran a query within
    the last second (the dispatcher polls every 0.5 s; the start-up migration check is brief)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        live = await conn.fetchval(
            "SELECT count(DISTINCT application_name) FROM pg_stat_activity"
            " WHERE application_name LIKE 'reminders-worker-%'"
            " AND backend_start < now() - interval '1 second' AND query_start > now() - interval '1 second'"
        )
        if live >= count:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"fewer than {count} workers started polling within {timeout} s")


async def seed(conn: asyncpg.Connection, count: int, *, first_due_in: float, spread: float) -> list[int]:
    """`count` reminders falling due from `first_due_in` seconds from now (database clock) over `spread` s."""
    owner = await conn.fetchval("""INSERT INTO "user" (name, created_at) VALUES ('many', now()) RETURNING id""")
    task = await conn.fetchval(
        "INSERT INTO task (owner_id, title, description, priority, completed, created_at, updated_at)"
        " VALUES ($1, 'many reminders', '', 0, false, now(), now()) RETURNING id",
        owner,
    )
    rows = await conn.fetch(
        """
        INSERT INTO reminder (owner_id, task_id, kind, remind_at, due_at, fire_at, status, attempts, created_at,
                              updated_at)
        SELECT $1, $2, 'ABSOLUTE', t, t, t, 'PENDING', 0, now(), now()
          FROM (SELECT now() + make_interval(secs => $4::float8 + $5::float8 * i / $3::float8) AS t
                  FROM generate_series(0, $3 - 1) AS i) AS due
        RETURNING id
        """,
        owner, task, count, first_due_in, spread,
    )
    return sorted(row["id"] for row in rows)


async def test_four_workers_deliver_each_reminder_exactly_once(multi_url, collector):
    # given: four workers polling, then 2,000 reminders falling due together
    conn = await asyncpg.connect(dsn(multi_url))
    workers = start_workers(multi_url, WORKERS)
    try:
        await wait_until_polling(conn, WORKERS)
        expected = await seed(conn, REMINDERS, first_due_in=1.0, spread=0.0)

        # when
        await collector.wait_for(REMINDERS, timeout=60)
        await asyncio.sleep(2)  # a duplicate delivery would be heard meanwhile
        rows = await conn.fetch("SELECT id, status, attempts, claimed_by FROM reminder")
    finally:
        stop_workers(workers)
        await conn.close()

    # then
    assert sorted(collector.ids) == expected
    assert {row["status"] for row in rows} == {"DELIVERED"}
    assert {row["attempts"] for row in rows} == {1}
    deliverers = {row["claimed_by"] for row in rows}
    assert len(deliverers) >= 2, deliverers  # they really shared the work
    assert [worker.returncode for worker in workers] == [0] * WORKERS


# A real worker whose deliveries take half a second after each claim: a window to kill it while it holds claims.
SLOW_WORKER = """
import asyncio, sys
from modules.reminders.repository import ReminderRepository

record = ReminderRepository.mark_delivered

async def slowly(self, **arguments):
    await asyncio.sleep(0.5)
    return await record(self, **arguments)

ReminderRepository.mark_delivered = slowly
from api.cli import main
sys.exit(main(["worker"]))
"""


async def kill_while_holding_claims(conn: asyncpg.Connection, victim: subprocess.Popen) -> list[int]:
    """SIGKILL `victim` as soon as it holds claims it has not recorded; returns the ids it held."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        held = await conn.fetch(
            "SELECT id FROM reminder WHERE status = 'PENDING' AND claimed_by LIKE $1", f"%:{victim.pid}:%"
        )
        if held:
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=10)
            return sorted(row["id"] for row in held)
        await asyncio.sleep(0.01)
    raise AssertionError("the victim never claimed anything")


async def test_a_worker_killed_while_holding_claims_loses_nothing(multi_url, collector):
    # given: four workers with a short claim timeout, one of them slow to record deliveries; reminders falling
    # due over five seconds, the first 50 claimed by a worker that had died just before (claims expire in 2 s)
    conn = await asyncpg.connect(dsn(multi_url))
    workers = start_workers(multi_url, WORKERS - 1, CLAIM_TIMEOUT="1")
    victim = start_workers(multi_url, 1, CLAIM_TIMEOUT="1", script=SLOW_WORKER)[0]
    workers.append(victim)
    try:
        await wait_until_polling(conn, WORKERS)
        expected = await seed(conn, REMINDERS, first_due_in=1.0, spread=5.0)
        orphaned = [
            row["id"]
            for row in await conn.fetch(
                "UPDATE reminder SET claimed_by = 'dead-worker', claim_expires_at = now() + interval '2 seconds',"
                " attempts = 1 WHERE id IN (SELECT id FROM reminder ORDER BY fire_at LIMIT 50) RETURNING id"
            )
        ]
        await collector.wait_for(REMINDERS // 5, timeout=30)

        # when: the slow worker is killed while it holds claims it has not recorded
        held = await kill_while_holding_claims(conn, victim)
        await collector.wait_for(REMINDERS, timeout=60)
        await asyncio.sleep(3)  # beyond the claim timeout: a duplicate delivery would be heard meanwhile
        rows = {
            row["id"]: row for row in await conn.fetch("SELECT id, status, attempts, claimed_by FROM reminder")
        }
    finally:
        stop_workers(workers)
        await conn.close()

    # then
    assert victim.returncode == -signal.SIGKILL
    assert sorted(collector.ids) == expected
    assert {row["status"] for row in rows.values()} == {"DELIVERED"}
    assert held
    for reminder_id in set(orphaned) | set(held):
        # claimed by a worker that died: retried once the claim expired, and delivered by a live worker
        assert rows[reminder_id]["attempts"] == 1 + (reminder_id in orphaned) + (reminder_id in held)
        assert rows[reminder_id]["claimed_by"] != "dead-worker"
    for reminder_id in held:
        assert f":{victim.pid}:" not in rows[reminder_id]["claimed_by"]
