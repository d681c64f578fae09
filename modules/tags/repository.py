"""All database access of the tags module."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from api.rows import RowSpec, fetch_sql, placeholders
from modules.tags.models import Tag, TaskTag
from modules.tasks.models import Task
from modules.tasks.repository import task_repository


@dataclass
class TagRecord:
    """A tag row as read for display; `task_id` is set when it was read as one of a task's tags."""

    id: int
    name: str
    color: str | None
    created_at: datetime
    task_id: int | None = None


TAG_ON_TASK = RowSpec(TagRecord, ("id", "name", "color", "created_at", "task_id"), datetimes=("created_at",))


class DuplicateTagName(Exception):
    """The owner already has a tag whose name matches ignoring case (the database's unique constraint said so)."""


def _is_unique_violation(exc: IntegrityError) -> bool:
    # SQLite: "UNIQUE constraint failed: …"; PostgreSQL: "duplicate key value violates unique constraint …".
    return "unique" in str(exc).lower()


class TagRepository:
    def owned(self, *, owner_id: int) -> QuerySet[Tag]:
        return Tag.filter(owner_id=owner_id)

    def matching(self, *, owner_id: int, search: str | None) -> QuerySet[Tag]:
        """The owner's tags whose name contains `search`, ignoring case (`name_key` is casefolded)."""
        qs = self.owned(owner_id=owner_id)
        if search:
            qs = qs.filter(name_key__contains=search.casefold())
        return qs

    async def get(self, *, owner_id: int, tag_id: int, for_update: bool = False) -> Tag | None:
        qs = Tag.filter(owner_id=owner_id, id=tag_id)
        if for_update:
            qs = qs.select_for_update()
        return await qs.first()

    async def get_many(self, *, owner_id: int, tag_ids: Iterable[int], for_update: bool = False) -> dict[int, Tag]:
        ids = list(set(tag_ids))
        if not ids:
            return {}
        qs = Tag.filter(owner_id=owner_id, id__in=ids)
        if for_update:
            qs = qs.select_for_update()
        return {tag.id: tag for tag in await qs}

    async def get_task_for_update(self, *, owner_id: int, task_id: int) -> Task | None:
        """The owner's task, locked until the end of the transaction (PostgreSQL; SQLite serialises writes)."""
        return await task_repository.owned(owner_id=owner_id).filter(id=task_id).select_for_update().first()

    async def create(self, *, owner_id: int, name: str, name_key: str, color: str | None) -> Tag:
        try:
            return await Tag.create(owner_id=owner_id, name=name, name_key=name_key, color=color)
        except IntegrityError as exc:
            if _is_unique_violation(exc):
                raise DuplicateTagName() from exc
            raise

    async def save(self, tag: Tag, fields: Iterable[str]) -> None:
        try:
            await tag.save(update_fields=list(fields))
        except IntegrityError as exc:
            if _is_unique_violation(exc):
                raise DuplicateTagName() from exc
            raise

    async def delete(self, tag: Tag) -> None:
        """Delete the tag and its links to tasks; the tasks themselves stay."""
        await TaskTag.filter(tag_id=tag.id).delete()
        await tag.delete()

    async def tag_ids_on_task(self, *, task_id: int, tag_ids: Iterable[int]) -> set[int]:
        """Which of `tag_ids` the task already carries."""
        ids = list(set(tag_ids))
        if not ids:
            return set()
        return set(await TaskTag.filter(task_id=task_id, tag_id__in=ids).values_list("tag_id", flat=True))

    async def attach(self, *, task_id: int, tag_ids: Iterable[int]) -> None:
        links = [TaskTag(task_id=task_id, tag_id=tag_id) for tag_id in sorted(set(tag_ids))]
        if links:
            # A link created meanwhile is fine: adding a tag twice is a no-op.
            await TaskTag.bulk_create(links, ignore_conflicts=True)

    async def detach(self, *, task_id: int, tag_ids: Iterable[int]) -> None:
        ids = list(set(tag_ids))
        if ids:
            await TaskTag.filter(task_id=task_id, tag_id__in=ids).delete()

    async def tags_by_task(self, *, owner_id: int, task_ids: Iterable[int]) -> dict[int, list[TagRecord]]:
        """The owner's tags on each task, ordered by name: one statement (task_tag joined with tag)."""
        ids = list(set(task_ids))
        found: dict[int, list[TagRecord]] = {task_id: [] for task_id in ids}
        if not ids:
            return found
        sql = (
            'SELECT t.id, t.name, t.color, t.created_at, tt.task_id FROM "task_tag" tt JOIN "tag" t ON t.id = tt.tag_id '
            f"WHERE tt.task_id IN ({placeholders(len(ids))}) AND t.owner_id = ? ORDER BY t.name_key, t.id"
        )
        for tag in await fetch_sql(sql, [*ids, owner_id], TAG_ON_TASK):
            found[tag.task_id].append(tag)
        return found

    async def task_counts(self, *, owner_id: int, tag_ids: Iterable[int]) -> dict[int, int]:
        """How many of the owner's tasks carry each tag: one grouped statement."""
        ids = list(set(tag_ids))
        if not ids:
            return {}
        rows = (
            await TaskTag.filter(tag_id__in=ids, task__owner_id=owner_id)
            .annotate(task_count=Count("id"))
            .group_by("tag_id")
            .values_list("tag_id", "task_count")
        )
        return {tag_id: count for tag_id, count in rows}

    def tasks_with_tag(self, *, owner_id: int, tag_id: int) -> QuerySet[Task]:
        """The owner's tasks carrying the tag, as a queryset to paginate."""
        linked = TaskTag.filter(tag_id=tag_id).values("task_id")
        return task_repository.owned(owner_id=owner_id).filter(id__in=Subquery(linked))


tag_repository = TagRepository()
