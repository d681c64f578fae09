"""All database access of the tasks module."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from tortoise.queryset import QuerySet

from api.rows import RowSpec, fetch_records
from modules.tasks.models import Priority, Task


@dataclass
class TaskRecord:
    """A task row as read for display: no model object, no change tracking. (Not slotted: strawberry.cast tags it.)"""

    id: int
    title: str
    description: str
    priority: Priority
    due_at: datetime | None
    completed: bool
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime


TASK_RECORD = RowSpec(
    TaskRecord,
    ("id", "title", "description", "priority", "due_at", "completed", "completed_at", "created_at", "updated_at"),
    datetimes=("due_at", "completed_at", "created_at", "updated_at"),
    bools=("completed",),
    converters={"priority": Priority},
)


@dataclass(frozen=True)
class TaskQuery:
    completed: bool | None = None
    priorities: tuple[Priority, ...] | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    search: str | None = None


class TaskRepository:
    def owned(self, *, owner_id: int) -> QuerySet[Task]:
        return Task.filter(owner_id=owner_id)

    def matching(self, *, owner_id: int, query: TaskQuery) -> QuerySet[Task]:
        qs = self.owned(owner_id=owner_id)
        if query.completed is not None:
            qs = qs.filter(completed=query.completed)
        if query.priorities is not None:
            qs = qs.filter(priority__in=list(query.priorities))
        if query.due_before is not None:
            qs = qs.filter(due_at__lt=query.due_before)
        if query.due_after is not None:
            qs = qs.filter(due_at__gte=query.due_after)
        if query.search:
            qs = qs.filter(title__icontains=query.search)
        return qs

    async def get(self, *, owner_id: int, task_id: int) -> Task | None:
        return await Task.filter(owner_id=owner_id, id=task_id).first()

    async def get_many(self, *, owner_id: int, task_ids: Iterable[int]) -> dict[int, TaskRecord]:
        ids = list(set(task_ids))
        if not ids:
            return {}
        records = await fetch_records(Task.filter(owner_id=owner_id, id__in=ids), TASK_RECORD)
        return {task.id: task for task in records}

    async def create(self, *, owner_id: int, **values: object) -> Task:
        return await Task.create(owner_id=owner_id, **values)

    async def save(self, task: Task, fields: Iterable[str]) -> None:
        await task.save(update_fields=[*fields, "updated_at"])

    async def delete(self, task: Task) -> None:
        await task.delete()


task_repository = TaskRepository()
