"""Rules of the reminders module: when a reminder fires, and what may change it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tortoise.transactions import in_transaction

from api.errors import INVALID, UserInputError, not_found
from modules.reminders.models import Reminder
from modules.reminders.repository import CANCELLED, PENDING, reminder_repository
from modules.tasks.models import Task
from modules.tasks.repository import task_repository

ABSOLUTE = "ABSOLUTE"
RELATIVE = "RELATIVE"

IN_THE_PAST = "IN_THE_PAST"
TASK_HAS_NO_DUE_DATE = "TASK_HAS_NO_DUE_DATE"
LIMIT_REACHED = "LIMIT_REACHED"

MAX_PER_TASK = 50
MAX_MINUTES = 366 * 24 * 60  # a year ahead is the furthest a relative offset or a snooze may reach

# Fields a (re)scheduling writes: the schedule, and a reset of the claim so an in-flight delivery of the old
# schedule cannot be recorded (the dispatcher's final write requires its own claim).
SCHEDULE_FIELDS = (
    "kind", "remind_at", "minutes_before", "due_at", "snoozed_until", "fire_at", "status", "claimed_by",
    "claim_expires_at",
)


def _aware(value: datetime, field: list[str]) -> datetime:
    if value.tzinfo is None:
        raise UserInputError(INVALID, "Give the time with a time zone offset, e.g. 2030-01-31T09:00:00Z.", field)
    return value.astimezone(timezone.utc)


def _minutes(value: int, field: list[str], *, low: int) -> int:
    if not low <= value <= MAX_MINUTES:
        raise UserInputError(INVALID, f"Minutes must be between {low} and {MAX_MINUTES}.", field)
    return value


def _exactly_one(a: object, b: object, names: tuple[str, str]) -> None:
    if (a is None) == (b is None):
        raise UserInputError(INVALID, f"Give exactly one of {names[0]} or {names[1]}.", None)


def _schedule(task: Task, *, remind_at: datetime | None, minutes_before: int | None, field: list[str]) -> datetime:
    """The effective time of a reminder on `task`."""
    if minutes_before is None:
        assert remind_at is not None
        return remind_at
    if task.due_at is None:
        raise UserInputError(
            TASK_HAS_NO_DUE_DATE, "A reminder relative to the due time needs a task with a due time.", field
        )
    return task.due_at - timedelta(minutes=minutes_before)


async def _not_past(when: datetime, field: list[str]) -> None:
    if when <= await reminder_repository.database_now():
        raise UserInputError(IN_THE_PAST, "That time has already passed.", field)


def _arm(row: Reminder, *, remind_at: datetime | None, minutes_before: int | None, due_at: datetime) -> None:
    row.kind = RELATIVE if minutes_before is not None else ABSOLUTE
    row.remind_at = remind_at
    row.minutes_before = minutes_before
    row.due_at = due_at
    row.snoozed_until = None
    row.fire_at = due_at
    row.status = PENDING
    row.claimed_by = None
    row.claim_expires_at = None


def _clean_time(remind_at: datetime | None, minutes_before: int | None) -> tuple[datetime | None, list[str]]:
    """Check that exactly one of remindAt / minutesBefore is given and valid; the path of the one given."""
    _exactly_one(remind_at, minutes_before, ("remindAt", "minutesBefore"))
    if remind_at is not None:
        return _aware(remind_at, ["input", "remindAt"]), ["input", "remindAt"]
    assert minutes_before is not None
    _minutes(minutes_before, ["input", "minutesBefore"], low=0)
    return None, ["input", "minutesBefore"]


async def get_reminder(*, owner_id: int, reminder_id: int | None, field: list[str]) -> Reminder:
    row = await reminder_repository.lock(owner_id=owner_id, reminder_id=reminder_id) if reminder_id else None
    if row is None:
        raise not_found("Reminder", field)
    return row


async def create_reminder(
    *, owner_id: int, task_id: int | None, remind_at: datetime | None, minutes_before: int | None
) -> Reminder:
    """A new reminder at `remind_at`, or `minutes_before` the task is due. Nothing is written on any error."""
    remind_at, time_field = _clean_time(remind_at, minutes_before)
    async with in_transaction():
        task = await reminder_repository.lock_task(owner_id=owner_id, task_id=task_id) if task_id else None
        if task is None:
            raise not_found("Task", ["input", "taskId"])
        due_at = _schedule(task, remind_at=remind_at, minutes_before=minutes_before, field=time_field)
        await _not_past(due_at, time_field)
        if await reminder_repository.count_for_task(task_id=task.id) >= MAX_PER_TASK:
            raise UserInputError(LIMIT_REACHED, f"A task has at most {MAX_PER_TASK} reminders.", ["input", "taskId"])
        row = Reminder(owner_id=owner_id, task_id=task.id)
        _arm(row, remind_at=remind_at, minutes_before=minutes_before, due_at=due_at)
        await reminder_repository.insert(row)
    return row


async def update_reminder(
    *, owner_id: int, reminder_id: int | None, remind_at: datetime | None, minutes_before: int | None
) -> Reminder:
    """Give a reminder a new time (absolute or relative); a delivered or cancelled one is armed again."""
    remind_at, time_field = _clean_time(remind_at, minutes_before)
    async with in_transaction():
        row = await get_reminder(owner_id=owner_id, reminder_id=reminder_id, field=["input", "id"])
        task = await task_repository.get(owner_id=owner_id, task_id=row.task_id)
        if task is None:  # the task went away with its reminders; behave as if this one did too
            raise not_found("Reminder", ["input", "id"])
        due_at = _schedule(task, remind_at=remind_at, minutes_before=minutes_before, field=time_field)
        await _not_past(due_at, time_field)
        _arm(row, remind_at=remind_at, minutes_before=minutes_before, due_at=due_at)
        await reminder_repository.save(row, SCHEDULE_FIELDS)
    return row


async def snooze_reminder(
    *, owner_id: int, reminder_id: int | None, until: datetime | None, minutes: int | None
) -> Reminder:
    """Deliver (again) later: at `until`, or `minutes` from now. Works before and after delivery."""
    _exactly_one(until, minutes, ("until", "minutes"))
    if until is not None:
        until = _aware(until, ["until"])
    else:
        assert minutes is not None
        _minutes(minutes, ["minutes"], low=1)
    async with in_transaction():
        row = await get_reminder(owner_id=owner_id, reminder_id=reminder_id, field=["id"])
        if row.status == CANCELLED:
            raise UserInputError(
                INVALID, "A cancelled reminder can't be snoozed; give it a new time with updateReminder.", ["id"]
            )
        now = await reminder_repository.database_now()
        if until is None:
            until = now + timedelta(minutes=minutes or 0)
        elif until <= now:
            raise UserInputError(IN_THE_PAST, "That time has already passed.", ["until"])
        row.snoozed_until = until
        row.fire_at = until
        row.status = PENDING
        row.claimed_by = None
        row.claim_expires_at = None
        await reminder_repository.save(
            row, ("snoozed_until", "fire_at", "status", "claimed_by", "claim_expires_at")
        )
    return row


async def delete_reminder(*, owner_id: int, reminder_id: int | None) -> Reminder:
    async with in_transaction():
        row = await get_reminder(owner_id=owner_id, reminder_id=reminder_id, field=["id"])
        await reminder_repository.delete(row)
    return row


async def follow_task_due_at(task: Task) -> None:
    """The task's dueAt changed (inside the tasks service's transaction): move its pending relative reminders.

    A relative reminder fires `minutes_before` the task is due; a snooze belongs to the old schedule and is
    dropped. When the task loses its due time, its pending relative reminders are cancelled.
    """
    rows = await reminder_repository.relative_pending_for_task(task_id=task.id, owner_id=task.owner_id)
    for row in rows:
        if task.due_at is None:
            row.due_at = None
            row.fire_at = None
            row.status = CANCELLED
        else:
            row.due_at = task.due_at - timedelta(minutes=row.minutes_before or 0)
            row.fire_at = row.due_at
        row.snoozed_until = None
        row.claimed_by = None
        row.claim_expires_at = None
    await reminder_repository.save_many(
        rows, ("due_at", "fire_at", "status", "snoozed_until", "claimed_by", "claim_expires_at")
    )
