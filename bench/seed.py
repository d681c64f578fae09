"""Seed a benchmark database through the migrated schema: one user, N tasks × 3 tags × 2 reminders."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timedelta, timezone

from api.accounts.service import hash_token

BENCH_TOKEN = "tk_benchmark-token-0123456789abcdefghijklmnopqrstuvw"
TAGS = [("home", "#1E88E5"), ("work", "#E53935"), ("errand", None), ("urgent", "#FDD835"), ("later", None)]


def rows(tasks: int):
    """Yield (table, columns, rows) in insertion order; ids are explicit so that links need no lookups."""
    base = datetime(2026, 1, 1, tzinfo=timezone.utc)
    yield "user", ("id", "name", "created_at"), [(1, "bench", base)]
    yield "api_token", ("id", "user_id", "token_hash", "prefix", "label", "created_at"), [
        (1, 1, hash_token(BENCH_TOKEN), BENCH_TOKEN[:10], "bench", base)
    ]
    yield "tag", ("id", "owner_id", "name", "name_key", "color", "created_at"), [
        (i + 1, 1, name, name, color, base) for i, (name, color) in enumerate(TAGS)
    ]
    task_rows, link_rows, reminder_rows = [], [], []
    for i in range(1, tasks + 1):
        created = base + timedelta(seconds=i)
        due = created + timedelta(days=30) if i % 3 else None
        task_rows.append((i, 1, f"Task number {i}", "", i % 5, due, i % 7 == 0, None, created, created))
        for k in range(3):
            link_rows.append((len(link_rows) + 1, i, (i + k) % len(TAGS) + 1, created))
        for k in range(2):
            at = created + timedelta(days=60 + k)
            reminder_rows.append(
                (len(reminder_rows) + 1, 1, i, "ABSOLUTE", at, None, at, None, at, "PENDING", 0, created, created)
            )
    yield "task", (
        "id", "owner_id", "title", "description", "priority", "due_at", "completed", "completed_at", "created_at",
        "updated_at",
    ), task_rows
    yield "task_tag", ("id", "task_id", "tag_id", "created_at"), link_rows
    yield "reminder", (
        "id", "owner_id", "task_id", "kind", "remind_at", "minutes_before", "due_at", "snoozed_until", "fire_at",
        "status", "attempts", "created_at", "updated_at",
    ), reminder_rows


def seed(database_url: str, tasks: int) -> None:
    """Fill a migrated, empty database."""
    if database_url.startswith("sqlite://"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite://").split("?")[0])
        for table, columns, values in rows(tasks):
            converted = [tuple(str(v) if isinstance(v, datetime) else v for v in row) for row in values]
            marks = ", ".join("?" for _ in columns)
            names = ", ".join(f'"{c}"' for c in columns)
            conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', converted)
        conn.commit()
        conn.execute("ANALYZE")
        conn.close()
        return
    asyncio.run(_seed_postgres(database_url, tasks))


async def _seed_postgres(database_url: str, tasks: int) -> None:
    import asyncpg

    conn = await asyncpg.connect("postgresql://" + database_url.split("://", 1)[1])
    try:
        for table, columns, values in rows(tasks):
            await conn.copy_records_to_table(table, records=values, columns=list(columns))
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), {len(values) + 1})")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
