"""Per-request DataLoaders of the tasks module."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strawberry.dataloader import DataLoader

from modules.tasks.repository import task_repository


def build_loaders(context: Any) -> Mapping[str, DataLoader]:
    owner_id = context.viewer_id

    async def tasks_by_id(ids: list[int]):
        found = await task_repository.get_many(owner_id=owner_id, task_ids=ids)
        return [found.get(i) for i in ids]

    return {"tasks.by_id": DataLoader(load_fn=tasks_by_id)}
