"""Per-request DataLoaders of the reminders module."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from strawberry.dataloader import DataLoader

from api.prefetch import Prefetch

from modules.reminders.models import Reminder
from modules.reminders.repository import ReminderRecord, reminder_repository

_LATEST = datetime.max.replace(tzinfo=timezone.utc)


def effective_order(row: Reminder | ReminderRecord) -> tuple[bool, datetime, int]:
    """Ordered by effective time, those without one last, then by id."""
    return (row.due_at is None, row.due_at or _LATEST, row.id)


REMINDERS_BY_TASK = "reminders.by_task"


async def _reminders_by_task(owner_id: int, task_ids: Sequence[int]) -> dict[int, list[ReminderRecord]]:
    grouped: dict[int, list[ReminderRecord]] = {task_id: [] for task_id in task_ids}
    for row in await reminder_repository.for_tasks(owner_id=owner_id, task_ids=task_ids):
        grouped[row.task_id].append(row)
    for rows in grouped.values():
        rows.sort(key=effective_order)
    return grouped


def build_loaders(context: Any) -> Mapping[str, DataLoader]:
    owner_id = context.viewer_id

    async def reminders_by_task(task_ids: list[int]) -> list[list[ReminderRecord]]:
        grouped = await _reminders_by_task(owner_id, task_ids)
        return [grouped[task_id] for task_id in task_ids]

    return {REMINDERS_BY_TASK: DataLoader(load_fn=reminders_by_task)}


async def reminders_for_tasks(context: Any, task_ids: list[int]) -> Mapping[int, list[ReminderRecord]]:
    """The reminders of a whole page of tasks, in one statement."""
    return await _reminders_by_task(context.viewer_id, task_ids)


TASK_REMINDERS_PREFETCH = Prefetch(store=REMINDERS_BY_TASK, load=reminders_for_tasks)
