"""Rules of the tasks module: validation and state changes."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from tortoise.transactions import in_transaction

from api.errors import BLANK, INVALID, TOO_LONG, UserInputError, not_found
from modules.tasks import events
from modules.tasks.models import Priority, Task
from modules.tasks.repository import task_repository

TITLE_MAX = 500
DESCRIPTION_MAX = 10_000


def clean_title(value: str | None, field: list[str]) -> str:
    title = (value or "").strip()
    if not title:
        raise UserInputError(BLANK, "Title can't be blank.", field)
    if len(title) > TITLE_MAX:
        raise UserInputError(TOO_LONG, f"Title is at most {TITLE_MAX} characters.", field)
    return title


def clean_description(value: str | None, field: list[str]) -> str:
    description = value or ""
    if len(description) > DESCRIPTION_MAX:
        raise UserInputError(TOO_LONG, f"Description is at most {DESCRIPTION_MAX} characters.", field)
    return description


def clean_due_at(value: datetime | None, field: list[str]) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise UserInputError(INVALID, "dueAt needs a time zone offset, e.g. 2030-01-31T09:00:00Z.", field)
    return value.astimezone(timezone.utc)


async def get_task(*, owner_id: int, task_id: int | None, field: list[str] | None = None) -> Task:
    """The viewer's task, or a NOT_FOUND user error: unknown, deleted and foreign ids look the same."""
    task = await task_repository.get(owner_id=owner_id, task_id=task_id) if task_id else None
    if task is None:
        raise not_found("Task", field)
    return task


async def create_task(
    *, owner_id: int, title: str, description: str | None, priority: Priority | None, due_at: datetime | None
) -> Task:
    values = {
        "title": clean_title(title, ["input", "title"]),
        "description": clean_description(description, ["input", "description"]),
        "priority": priority or Priority.NONE,
        "due_at": clean_due_at(due_at, ["input", "dueAt"]),
    }
    return await task_repository.create(owner_id=owner_id, **values)


async def update_task(*, owner_id: int, task_id: int | None, changes: dict[str, Any]) -> Task:
    """Apply `changes` (only the fields the client sent; None clears). Nothing is written on any error."""
    cleaned: dict[str, Any] = {}
    if "title" in changes:
        cleaned["title"] = clean_title(changes["title"], ["input", "title"])
    if "description" in changes:
        cleaned["description"] = clean_description(changes["description"], ["input", "description"])
    if "priority" in changes:
        cleaned["priority"] = changes["priority"] or Priority.NONE
    if "due_at" in changes:
        cleaned["due_at"] = clean_due_at(changes["due_at"], ["input", "dueAt"])
    async with in_transaction():
        task = await get_task(owner_id=owner_id, task_id=task_id, field=["input", "id"])
        due_changed = "due_at" in cleaned and cleaned["due_at"] != task.due_at
        for name, value in cleaned.items():
            setattr(task, name, value)
        if cleaned:
            await task_repository.save(task, cleaned)
        if due_changed:
            await events.due_at_changed(task)
    return task


async def set_completed(*, owner_id: int, task_id: int | None, completed: bool) -> Task:
    task = await get_task(owner_id=owner_id, task_id=task_id, field=["id"])
    if task.completed != completed:
        task.completed = completed
        task.completed_at = datetime.now(timezone.utc) if completed else None
        await task_repository.save(task, ["completed", "completed_at"])
    return task


async def delete_task(*, owner_id: int, task_id: int | None) -> Task:
    task = await get_task(owner_id=owner_id, task_id=task_id, field=["id"])
    await task_repository.delete(task)
    return task
