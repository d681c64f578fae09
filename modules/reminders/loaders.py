"""Per-request DataLoaders of the reminders module."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from strawberry.dataloader import DataLoader

from modules.reminders.models import Reminder
from modules.reminders.repository import reminder_repository

_LATEST = datetime.max.replace(tzinfo=timezone.utc)


def effective_order(row: Reminder) -> tuple[bool, datetime, int]:
    """Ordered by effective time, those without one last, then by id."""
    return (row.due_at is None, row.due_at or _LATEST, row.id)


def build_loaders(context: Any) -> Mapping[str, DataLoader]:
    owner_id = context.viewer_id

    async def reminders_by_task(task_ids: list[int]) -> list[list[Reminder]]:
        grouped: dict[int, list[Reminder]] = {task_id: [] for task_id in task_ids}
        for row in await reminder_repository.for_tasks(owner_id=owner_id, task_ids=task_ids):
            grouped[row.task_id].append(row)
        return [sorted(grouped[task_id], key=effective_order) for task_id in task_ids]

    return {"reminders.by_task": DataLoader(load_fn=reminders_by_task)}
