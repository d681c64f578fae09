"""Events other modules may follow without the tasks module knowing them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from modules.tasks.models import Task

DueAtListener = Callable[[Task], Awaitable[None]]
_due_at_listeners: list[DueAtListener] = []


def on_due_at_changed(listener: DueAtListener) -> DueAtListener:
    """Register a coroutine run, inside the same transaction, whenever a task's dueAt changes."""
    if listener not in _due_at_listeners:
        _due_at_listeners.append(listener)
    return listener


async def due_at_changed(task: Task) -> None:
    for listener in _due_at_listeners:
        await listener(task)
