"""All database access of the reminders module: ORM queries, the dispatcher's claim protocol, LISTEN/NOTIFY.

Times that decide delivery come from the database clock, never from the process: any number of processes
(app and workers, possibly on several hosts) then agree on what is due and when a claim has expired.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet

from api.rows import RowSpec, fetch_sql, placeholders
from modules.reminders.models import Reminder
from modules.tasks.models import Task

@dataclass
class ReminderRecord:
    """A reminder row as read for display: no model object."""

    id: int
    task_id: int
    kind: str
    remind_at: datetime | None
    minutes_before: int | None
    due_at: datetime | None
    status: str
    delivered_at: datetime | None
    snoozed_until: datetime | None
    created_at: datetime


REMINDER_RECORD = RowSpec(
    ReminderRecord,
    ("id", "task_id", "kind", "remind_at", "minutes_before", "due_at", "status", "delivered_at", "snoozed_until",
     "created_at"),
    datetimes=("remind_at", "due_at", "delivered_at", "snoozed_until", "created_at"),
)

# One channel for every delivery; the payload is "<reminder id>:<owner id>" (small, as NOTIFY requires).
DELIVERY_CHANNEL = "taskapi_reminder_due"

PENDING = "PENDING"
DELIVERED = "DELIVERED"
CANCELLED = "CANCELLED"

# SQLite stores Tortoise datetimes as ISO text ("YYYY-MM-DD HH:MM:SS[.ffffff]+00:00", always UTC here), so text
# comparison is time comparison as long as every value we write has the same shape.
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')"


@dataclass(frozen=True)
class ReminderQuery:
    status: str | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    delivered_after: datetime | None = None


@dataclass(frozen=True)
class Delivery:
    """A reminder the dispatcher has just marked DELIVERED."""

    reminder_id: int
    owner_id: int


def _client() -> BaseDBAsyncClient:
    return connections.get("default")


def is_postgres() -> bool:
    return _client().capabilities.dialect == "postgres"


class ReminderRepository:
    # --- reads -------------------------------------------------------------------------------------------------

    def owned(self, *, owner_id: int) -> QuerySet[Reminder]:
        return Reminder.filter(owner_id=owner_id)

    def matching(self, *, owner_id: int, query: ReminderQuery) -> QuerySet[Reminder]:
        qs = self.owned(owner_id=owner_id)
        if query.status is not None:
            qs = qs.filter(status=query.status)
        if query.due_before is not None:
            qs = qs.filter(due_at__lt=query.due_before)
        if query.due_after is not None:
            qs = qs.filter(due_at__gte=query.due_after)
        if query.delivered_after is not None:
            qs = qs.filter(delivered_at__gte=query.delivered_after)
        return qs

    async def get(self, *, owner_id: int, reminder_id: int) -> Reminder | None:
        return await Reminder.filter(owner_id=owner_id, id=reminder_id).first()

    async def get_many(self, *, owner_id: int, reminder_ids: Iterable[int]) -> dict[int, Reminder]:
        ids = list(set(reminder_ids))
        if not ids:
            return {}
        return {row.id: row for row in await Reminder.filter(owner_id=owner_id, id__in=ids)}

    async def for_tasks(self, *, owner_id: int, task_ids: Iterable[int]) -> list[ReminderRecord]:
        """Every reminder of these tasks, in one statement."""
        ids = list(set(task_ids))
        if not ids:
            return []
        sql = (
            f"SELECT {', '.join(REMINDER_RECORD.columns)} FROM \"reminder\" "
            f"WHERE task_id IN ({placeholders(len(ids))}) AND owner_id = ? ORDER BY due_at, id"
        )
        return await fetch_sql(sql, [*ids, owner_id], REMINDER_RECORD)

    async def count_for_task(self, *, task_id: int) -> int:
        return await Reminder.filter(task_id=task_id).count()

    async def relative_pending_for_task(self, *, task_id: int, owner_id: int) -> list[Reminder]:
        return list(await Reminder.filter(task_id=task_id, owner_id=owner_id, kind="RELATIVE", status=PENDING))

    # --- writes (mutations) ------------------------------------------------------------------------------------

    async def lock_task(self, *, owner_id: int, task_id: int) -> Task | None:
        """The viewer's task, locked until the transaction ends (PostgreSQL): serialises the per-task limit."""
        return await Task.filter(owner_id=owner_id, id=task_id).select_for_update().first()

    async def lock(self, *, owner_id: int, reminder_id: int) -> Reminder | None:
        """The viewer's reminder, locked until the transaction ends (PostgreSQL)."""
        return await Reminder.filter(owner_id=owner_id, id=reminder_id).select_for_update().first()

    async def insert(self, row: Reminder) -> None:
        await row.save()

    async def save(self, row: Reminder, fields: Iterable[str]) -> None:
        await row.save(update_fields=[*fields, "updated_at"])

    async def save_many(self, rows: list[Reminder], fields: Iterable[str]) -> None:
        if rows:
            now = datetime.now(timezone.utc)
            for row in rows:
                row.updated_at = now
            await Reminder.bulk_update(rows, fields=[*fields, "updated_at"])

    async def delete(self, row: Reminder) -> None:
        await row.delete()

    async def database_now(self) -> datetime:
        """The database clock: the one the dispatcher uses to decide what is due."""
        if is_postgres():
            rows = await _client().execute_query_dict("SELECT now() AS now")
            return rows[0]["now"].astimezone(timezone.utc)
        rows = await _client().execute_query_dict("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS now")
        return datetime.fromisoformat(rows[0]["now"]).replace(tzinfo=timezone.utc)

    # --- the dispatcher's claim protocol ---------------------------------------------------------------------

    async def claim_due(self, *, worker: str, limit: int, claim_timeout: float) -> list[int]:
        """Claim up to `limit` due reminders for `worker`: PENDING, fire_at passed, claim free or expired.

        One statement. On PostgreSQL, SKIP LOCKED lets concurrent workers take disjoint batches without waiting;
        on SQLite the single UPDATE holds the write lock, so two processes can never claim the same row.
        """
        if is_postgres():
            rows = await _client().execute_query_dict(
                """
                UPDATE reminder
                   SET claimed_by = $1, claim_expires_at = now() + make_interval(secs => $2),
                       attempts = attempts + 1
                 WHERE id IN (
                       SELECT id FROM reminder
                        WHERE status = 'PENDING' AND fire_at <= now()
                          AND (claimed_by IS NULL OR claim_expires_at <= now())
                        ORDER BY fire_at
                        LIMIT $3
                          FOR UPDATE SKIP LOCKED)
                RETURNING id
                """,
                [worker, float(claim_timeout), limit],
            )
        else:
            rows = await _client().execute_query_dict(
                f"""
                UPDATE reminder
                   SET claimed_by = ?, claim_expires_at = strftime('%Y-%m-%d %H:%M:%f+00:00', 'now', ?),
                       attempts = attempts + 1
                 WHERE id IN (
                       SELECT id FROM reminder
                        WHERE status = 'PENDING' AND fire_at <= {_SQLITE_NOW}
                          AND (claimed_by IS NULL OR claim_expires_at <= {_SQLITE_NOW})
                        ORDER BY fire_at
                        LIMIT ?)
                RETURNING id
                """,
                [worker, f"+{float(claim_timeout)} seconds", limit],
            )
        return [row["id"] for row in rows]

    async def mark_delivered(self, *, worker: str, reminder_ids: list[int]) -> list[Delivery]:
        """Record the delivery of claimed reminders: only those still PENDING and still claimed by `worker`.

        This conditional write is what makes delivery happen once: a worker whose claim expired and was taken
        over finds no row to update. On PostgreSQL the same statement NOTIFYs every listening process; the
        notifications are sent when it commits, so a delivery is announced only if it is recorded.
        """
        if not reminder_ids:
            return []
        if is_postgres():
            rows = await _client().execute_query_dict(
                f"""
                WITH delivered AS (
                    UPDATE reminder
                       SET status = 'DELIVERED', delivered_at = now(), claim_expires_at = NULL, updated_at = now()
                     WHERE id = ANY($1::bigint[]) AND claimed_by = $2 AND status = 'PENDING'
                 RETURNING id, owner_id)
                SELECT id, owner_id, pg_notify('{DELIVERY_CHANNEL}', id || ':' || owner_id) AS notified
                  FROM delivered
                """,
                [reminder_ids, worker],
            )
        else:
            marks = ", ".join("?" for _ in reminder_ids)
            rows = await _client().execute_query_dict(
                f"""
                UPDATE reminder
                   SET status = 'DELIVERED', delivered_at = {_SQLITE_NOW}, claim_expires_at = NULL,
                       updated_at = {_SQLITE_NOW}
                 WHERE id IN ({marks}) AND claimed_by = ? AND status = 'PENDING'
                RETURNING id, owner_id
                """,
                [*reminder_ids, worker],
            )
        return [Delivery(reminder_id=row["id"], owner_id=row["owner_id"]) for row in rows]

    async def seconds_until_next_due(self) -> float | None:
        """How long until the earliest unclaimed pending reminder is due (negative when overdue); None if none."""
        if is_postgres():
            sql = (
                "SELECT EXTRACT(EPOCH FROM (min(fire_at) - now()))::float8 AS wait FROM reminder"
                " WHERE status = 'PENDING' AND claimed_by IS NULL AND fire_at IS NOT NULL"
            )
        else:
            sql = (
                "SELECT (julianday(min(fire_at)) - julianday('now')) * 86400.0 AS wait FROM reminder"
                " WHERE status = 'PENDING' AND claimed_by IS NULL AND fire_at IS NOT NULL"
            )
        rows = await _client().execute_query_dict(sql)
        wait = rows[0]["wait"] if rows else None
        return None if wait is None else float(wait)

    # --- cross-process events (PostgreSQL) -----------------------------------------------------------------

    async def listen(self, on_delivery: Callable[[Delivery], None]) -> Any:
        """Open a dedicated connection that LISTENs for deliveries; returns it (close it to stop).

        A dedicated connection, not one borrowed from the pool: it stays open as long as anyone subscribes.
        """
        import asyncpg

        client: Any = _client()
        connection = await asyncpg.connect(
            host=client.host,
            port=client.port,
            user=client.user,
            password=client.password,
            database=client.database,
            server_settings=dict(client.server_settings or {}),
        )

        def received(_connection: Any, _pid: int, _channel: str, payload: str) -> None:
            reminder_id, _, owner_id = payload.partition(":")
            try:
                on_delivery(Delivery(reminder_id=int(reminder_id), owner_id=int(owner_id)))
            except ValueError:
                pass  # not one of ours

        try:
            await connection.add_listener(DELIVERY_CHANNEL, received)
        except BaseException:
            await asyncio.shield(connection.close())
            raise
        return connection


reminder_repository = ReminderRepository()
