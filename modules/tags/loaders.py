"""Per-request DataLoaders of the tags module: one statement per page, whatever the page size."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strawberry.dataloader import DataLoader

from api.prefetch import Prefetch, forget

from modules.tags.repository import tag_repository

TAGS_BY_TASK = "tags.by_task"
TASK_COUNT_BY_TAG = "tags.task_count"


def build_loaders(context: Any) -> Mapping[str, DataLoader]:
    owner_id = context.viewer_id

    async def tags_by_task(task_ids: list[int]):
        found = await tag_repository.tags_by_task(owner_id=owner_id, task_ids=task_ids)
        return [found.get(i, []) for i in task_ids]

    async def task_count_by_tag(tag_ids: list[int]):
        counts = await tag_repository.task_counts(owner_id=owner_id, tag_ids=tag_ids)
        return [counts.get(i, 0) for i in tag_ids]

    return {
        TAGS_BY_TASK: DataLoader(load_fn=tags_by_task),
        TASK_COUNT_BY_TAG: DataLoader(load_fn=task_count_by_tag),
    }


async def tags_for_tasks(context: Any, task_ids: list[int]) -> Mapping[int, list[Any]]:
    """The tags of a whole page of tasks, in one statement."""
    return await tag_repository.tags_by_task(owner_id=context.viewer_id, task_ids=task_ids)


TASK_TAGS_PREFETCH = Prefetch(store=TAGS_BY_TASK, load=tags_for_tasks)


def forget_loaded(context: Any) -> None:
    """After a change, later fields of the same operation must not see what was loaded before it."""
    for name in (TAGS_BY_TASK, TASK_COUNT_BY_TAG):
        context.loaders[name].clear_all()
    forget(context, TAGS_BY_TASK)
