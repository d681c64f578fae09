"""Rules of the tags module: validation and state changes. Nothing is written when any check fails."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tortoise.transactions import in_transaction

from api.errors import BLANK, INVALID, TAKEN, TOO_LONG, UserInputError, not_found
from modules.tags.models import Tag
from modules.tags.repository import DuplicateTagName, tag_repository
from modules.tasks.models import Task

NAME_MAX = 50
MAX_TAG_IDS = 100
TOO_MANY = "TOO_MANY"
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


class UserInputErrors(UserInputError):
    """Several user errors found at once; like a single one, it means nothing changed."""

    def __init__(self, errors: Sequence[UserInputError]) -> None:
        first = errors[0]
        super().__init__(first.code, first.message, first.field)
        self.errors = list(errors)


def _raise_all(errors: list[UserInputError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise UserInputErrors(errors)


def clean_name(value: str | None, field: list[str]) -> tuple[str, str]:
    """The trimmed name and its casefolded key, which makes names unique per owner ignoring case."""
    name = (value or "").strip()
    if not name:
        raise UserInputError(BLANK, "Tag name can't be blank.", field)
    key = name.casefold()
    # casefold can lengthen a name (ß → ss); the key column holds 50 characters too.
    if len(name) > NAME_MAX or len(key) > NAME_MAX:
        raise UserInputError(TOO_LONG, f"Tag name is at most {NAME_MAX} characters.", field)
    return name, key


def clean_color(value: str | None, field: list[str]) -> str | None:
    if value is None:
        return None
    if not _COLOR.fullmatch(value):
        raise UserInputError(INVALID, "Color must look like #RRGGBB, e.g. #1E90FF.", field)
    return value.upper()


def _taken(name: str, field: list[str]) -> UserInputError:
    return UserInputError(TAKEN, f"You already have a tag named {name!r} (names ignore case).", field)


async def get_tag(*, owner_id: int, tag_id: int | None) -> Tag | None:
    """The viewer's tag, or None: unknown, deleted and foreign ids look the same."""
    return await tag_repository.get(owner_id=owner_id, tag_id=tag_id) if tag_id else None


async def create_tag(*, owner_id: int, name: str, color: str | None) -> Tag:
    errors: list[UserInputError] = []
    cleaned_name = cleaned_color = None
    try:
        cleaned_name = clean_name(name, ["input", "name"])
    except UserInputError as exc:
        errors.append(exc)
    try:
        cleaned_color = clean_color(color, ["input", "color"])
    except UserInputError as exc:
        errors.append(exc)
    _raise_all(errors)
    assert cleaned_name is not None
    # The unique constraint decides, so two requests racing for one name cannot both win.
    try:
        return await tag_repository.create(
            owner_id=owner_id, name=cleaned_name[0], name_key=cleaned_name[1], color=cleaned_color
        )
    except DuplicateTagName:
        raise _taken(cleaned_name[0], ["input", "name"]) from None


async def update_tag(*, owner_id: int, tag_id: int | None, changes: dict[str, Any]) -> Tag:
    """Apply `changes` (only the fields the client sent; a None color clears it)."""
    errors: list[UserInputError] = []
    cleaned: dict[str, Any] = {}
    if "name" in changes:
        try:
            cleaned["name"], cleaned["name_key"] = clean_name(changes["name"], ["input", "name"])
        except UserInputError as exc:
            errors.append(exc)
    if "color" in changes:
        try:
            cleaned["color"] = clean_color(changes["color"], ["input", "color"])
        except UserInputError as exc:
            errors.append(exc)
    tag = await get_tag(owner_id=owner_id, tag_id=tag_id)
    if tag is None:
        errors.insert(0, not_found("Tag", ["input", "id"]))
    _raise_all(errors)
    assert tag is not None
    changed = [name for name, value in cleaned.items() if getattr(tag, name) != value]
    if changed:
        for name in changed:
            setattr(tag, name, cleaned[name])
        try:
            await tag_repository.save(tag, changed)
        except DuplicateTagName:
            raise _taken(cleaned["name"], ["input", "name"]) from None
    return tag


async def delete_tag(*, owner_id: int, tag_id: int | None) -> Tag:
    """Delete the tag and take it off every task; returns it as it was. No task is deleted."""
    async with in_transaction():
        tag = await tag_repository.get(owner_id=owner_id, tag_id=tag_id, for_update=True) if tag_id else None
        if tag is None:
            raise not_found("Tag", ["id"])
        await tag_repository.delete(tag)
    return tag


async def _task_and_tags(
    *, owner_id: int, task_id: int | None, tag_ids: Sequence[int | None]
) -> tuple[Task, list[int]]:
    """Check every id before anything changes; lock the task and the tags for the rest of the transaction."""
    if len(tag_ids) > MAX_TAG_IDS:
        raise UserInputError(TOO_MANY, f"Pass at most {MAX_TAG_IDS} tag ids per call.", ["tagIds"])
    errors: list[UserInputError] = []
    task = await tag_repository.get_task_for_update(owner_id=owner_id, task_id=task_id) if task_id else None
    if task is None:
        errors.append(not_found("Task", ["taskId"]))
    wanted = [tag_id for tag_id in tag_ids if tag_id is not None]
    found = await tag_repository.get_many(owner_id=owner_id, tag_ids=wanted, for_update=True)
    for index, tag_id in enumerate(tag_ids):
        if tag_id is None or tag_id not in found:
            errors.append(not_found("Tag", ["tagIds", str(index)]))
    _raise_all(errors)
    assert task is not None
    return task, list(dict.fromkeys(wanted))


async def add_tags_to_task(*, owner_id: int, task_id: int | None, tag_ids: Sequence[int | None]) -> Task:
    """Put the tags on the task; tags it already carries are left as they are."""
    async with in_transaction():
        task, ids = await _task_and_tags(owner_id=owner_id, task_id=task_id, tag_ids=tag_ids)
        present = await tag_repository.tag_ids_on_task(task_id=task.id, tag_ids=ids)
        await tag_repository.attach(task_id=task.id, tag_ids=[i for i in ids if i not in present])
    return task


async def remove_tags_from_task(*, owner_id: int, task_id: int | None, tag_ids: Sequence[int | None]) -> Task:
    """Take the tags off the task; a tag it does not carry is simply skipped."""
    async with in_transaction():
        task, ids = await _task_and_tags(owner_id=owner_id, task_id=task_id, tag_ids=tag_ids)
        await tag_repository.detach(task_id=task.id, tag_ids=ids)
    return task
