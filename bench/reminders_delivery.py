"""Reminder delivery throughput on PostgreSQL with 1 and with 4 `taskapi worker` processes.

For each worker count: empty and migrate the bench database, start the workers, wait until they poll, seed N
reminders that all fall due at the same instant (database clock), and time until the last is delivered.

    python bench/reminders_delivery.py [--reminders 50000] [--workers 1 4] [--database-url postgres://…]

The database (default taskapi_reminders_bench on 127.0.0.1:5432) is created if missing and emptied each run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
from tests.support.process import taskapi  # noqa: E402
from tests.support.server import dsn, fresh_database  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/taskapi_reminders_bench"


async def fresh_migrated_database(url: str) -> None:
    await fresh_database(url)
    migrated = taskapi("migrate", env={"DATABASE_URL": url}, check=False)
    if migrated.returncode != 0:
        raise SystemExit(f"migration failed: {migrated.stderr}")


def start_workers(url: str, count: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "api.cli", "worker"], cwd=ROOT, stdout=subprocess.DEVNULL,
            env={**os.environ, "DATABASE_URL": f"{url}?application_name=bench-worker-{n}", "PYTHONPATH": str(ROOT)},
        )
        for n in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


async def wait_until_polling(conn: asyncpg.Connection, count: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        live = await conn.fetchval(
            "SELECT count(DISTINCT application_name) FROM pg_stat_activity WHERE application_name LIKE 'bench-worker-%'"
            " AND backend_start < now() - interval '1 second' AND query_start > now() - interval '1 second'"
        )
        if live >= count:
            return
        await asyncio.sleep(0.1)
    raise SystemExit(f"fewer than {count} workers started")


async def seed(conn: asyncpg.Connection, count: int, due_in: float) -> None:
    owner = await conn.fetchval("""INSERT INTO "user" (name, created_at) VALUES ('bench', now()) RETURNING id""")
    task = await conn.fetchval(
        "INSERT INTO task (owner_id, title, description, priority, completed, created_at, updated_at)"
        " VALUES ($1, 'bench', '', 0, false, now(), now()) RETURNING id",
        owner,
    )
    await conn.execute(
        """
        INSERT INTO reminder (owner_id, task_id, kind, remind_at, due_at, fire_at, status, attempts, created_at,
                              updated_at)
        SELECT $1, $2, 'ABSOLUTE', t, t, t, 'PENDING', 0, now(), now()
          FROM (SELECT now() + make_interval(secs => $4::float8) AS t FROM generate_series(1, $3)) AS due
        """,
        owner, task, count, due_in,
    )
    await conn.execute("ANALYZE reminder")


async def run(url: str, workers: int, reminders: int) -> dict:
    await fresh_migrated_database(url)
    conn = await asyncpg.connect(dsn(url))
    processes = start_workers(url, workers)
    try:
        await wait_until_polling(conn, workers)
        await seed(conn, reminders, due_in=2.0)
        deadline = time.monotonic() + 600
        while await conn.fetchval("SELECT count(*) FROM reminder WHERE status = 'DELIVERED'") < reminders:
            if time.monotonic() > deadline:
                raise SystemExit("delivery did not finish within 10 minutes")
            await asyncio.sleep(0.1)
        stats = await conn.fetchrow(
            """
            SELECT EXTRACT(EPOCH FROM max(delivered_at) - min(fire_at))::float8 AS seconds,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM delivered_at - fire_at)) AS p50,
                   EXTRACT(EPOCH FROM max(delivered_at - fire_at))::float8 AS worst,
                   count(DISTINCT claimed_by) AS deliverers,
                   sum(attempts) AS attempts, count(*) AS delivered
              FROM reminder
            """
        )
    finally:
        stop_workers(processes)
        await conn.close()
    return {"workers": workers, "reminders": reminders, **dict(stats)}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=50_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--repeat", type=int, default=3, help="runs per worker count; the median run is shown")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    rows = []
    for count in args.workers:
        runs = sorted([await run(args.database_url, count, args.reminders) for _ in range(args.repeat)],
                      key=lambda r: r["seconds"])
        rows.append((runs[len(runs) // 2], [args.reminders / r["seconds"] for r in runs]))
    print(f"\nReminder delivery on PostgreSQL: {args.reminders:,} reminders due at one instant, "
          f"median of {args.repeat} runs ({os.cpu_count()} CPUs shared by PostgreSQL and the workers)")
    print("| workers | seconds | delivered/s | range of runs | median lateness | worst lateness "
          "| workers that delivered | attempts |")
    print("|---|---|---|---|---|---|---|---|")
    for r, rates in rows:
        print(
            f"| {r['workers']} | {r['seconds']:.2f} | {r['reminders'] / r['seconds']:,.0f} "
            f"| {min(rates):,.0f}–{max(rates):,.0f} | {r['p50'] * 1000:.0f} ms | {r['worst'] * 1000:.0f} ms "
            f"| {r['deliverers']} | {r['attempts']} |"
        )


if __name__ == "__main__":
    asyncio.run(main())
