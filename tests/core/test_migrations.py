"""The shared migration history: it builds an empty database up to exactly the current models, on both dialects."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import tempfile
from collections.abc import Iterator

import pytest

from api.accounts.models import ApiToken, User
from modules.reminders.models import Reminder
from modules.tags.models import Tag, TaskTag
from modules.tasks.models import Task
from tests.support.process import ROOT, taskapi
from tests.support.server import is_postgres

MODELS = [User, ApiToken, Task, Tag, TaskTag, Reminder]


@pytest.fixture
def empty_database(database_url: str) -> Iterator[str]:
    """A new, empty database of the suite's dialect."""
    if not is_postgres(database_url):
        yield f"sqlite://{tempfile.mkdtemp(prefix='taskapi-migrate-')}/empty.db"
        return
    import asyncpg

    base, _, _ = database_url.rpartition("/")
    name = "taskapi_migration_check"
    admin_dsn = "postgresql://" + base.split("://", 1)[1] + "/postgres"

    async def recreate(drop_only: bool = False) -> None:
        conn = await asyncpg.connect(admin_dsn)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            if not drop_only:
                await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(recreate())
    yield f"{base}/{name}"
    asyncio.run(recreate(drop_only=True))


def actual_schema(url: str) -> tuple[dict[str, set[str]], dict[str, set[tuple[str, ...]]]]:
    """Columns and indexed column lists of every table, read from the database catalogue."""
    if not is_postgres(url):
        conn = sqlite3.connect(url.removeprefix("sqlite://"))
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        columns = {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables}
        indexes: dict[str, set[tuple[str, ...]]] = {}
        for t in tables:
            found = set()
            for index in conn.execute(f'PRAGMA index_list("{t}")'):
                found.add(tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{index[1]}")')))
            indexes[t] = found
        conn.close()
        return columns, indexes

    import asyncpg

    async def read():
        conn = await asyncpg.connect("postgresql://" + url.split("://", 1)[1])
        try:
            rows = await conn.fetch(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
            )
            columns: dict[str, set[str]] = {}
            for r in rows:
                columns.setdefault(r["table_name"], set()).add(r["column_name"])
            index_rows = await conn.fetch(
                """SELECT t.relname AS table_name, array_agg(a.attname ORDER BY k.ord) AS cols
                   FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                   JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
                   CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                   WHERE NOT i.indisprimary GROUP BY t.relname, i.indexrelid"""
            )
            indexes: dict[str, set[tuple[str, ...]]] = {}
            for r in index_rows:
                indexes.setdefault(r["table_name"], set()).add(tuple(r["cols"]))
            return columns, indexes
        finally:
            await conn.close()

    return asyncio.run(read())


def expected_schema() -> tuple[dict[str, set[str]], dict[str, set[tuple[str, ...]]]]:
    """Columns and indexed column lists the models declare (primary keys aside)."""
    columns: dict[str, set[str]] = {}
    indexes: dict[str, set[tuple[str, ...]]] = {}
    for model in MODELS:
        meta = model._meta
        columns[meta.db_table] = set(meta.fields_db_projection.values())

        def column(name: str) -> str:
            return meta.fields_db_projection.get(name, name)

        found = {tuple(column(f) for f in together) for together in meta.unique_together}
        found |= {tuple(column(f) for f in index) for index in meta.indexes}
        found |= {
            (meta.fields_db_projection[name],)
            for name, field in meta.fields_map.items()
            if getattr(field, "unique", False) and not field.pk and name in meta.fields_db_projection
        }
        indexes[meta.db_table] = found
    return columns, indexes


def test_migrate_builds_an_empty_database_up_to_exactly_the_models(empty_database):
    # when
    first = taskapi("migrate", env={"DATABASE_URL": empty_database})
    second = taskapi("migrate", env={"DATABASE_URL": empty_database})

    # then
    assert first.stdout.startswith("applied 1 migration(s): 0_")
    assert second.stdout.strip() == "database is up to date"
    columns, indexes = actual_schema(empty_database)
    want_columns, want_indexes = expected_schema()
    for table, wanted in want_columns.items():
        assert columns[table] == wanted, table
        assert indexes[table] == want_indexes[table], table
    assert set(columns) == set(want_columns) | {"aerich"}


def test_reminder_and_task_tag_lookups_by_task_are_indexed():
    _, indexes = expected_schema()
    assert any(cols[0] == "task_id" for cols in indexes["reminder"])
    assert any(cols[0] == "task_id" for cols in indexes["task_tag"])
    assert ("tag_id", "task_id") in indexes["task_tag"]


def test_models_and_migration_history_agree(empty_database):
    """After upgrading, a new migration would be empty."""
    taskapi("migrate", env={"DATABASE_URL": empty_database})
    script = (
        "import asyncio, sys\n"
        "from api.db import pending_model_changes\n"
        "sql = asyncio.run(pending_model_changes(sys.argv[1]))\n"
        "print(repr(sql))\n"
    )
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", script, empty_database], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "''"
