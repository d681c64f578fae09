"""Look-ahead loading across modules.

A resolver that loads a page of rows (e.g. the tasks connection) calls `prefetch`, which runs at once the loads
that other modules' contributed fields on those rows will need — only for the fields the query selects. The
contributing module still owns its loading: it registers a prefetcher with its FeatureModule, stores what it
loaded in `context.prefetched`, and its field resolver answers from there without awaiting anything.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

Prefetcher = Callable[[Any, Sequence[Any]], Awaitable[None]]

# type name -> GraphQL field name -> prefetcher; filled by the composition of the enabled modules
_prefetchers: dict[str, dict[str, Prefetcher]] = {}


def register(type_name: str, field_name: str, prefetcher: Prefetcher) -> None:
    _prefetchers.setdefault(type_name, {})[field_name] = prefetcher


def clear() -> None:
    _prefetchers.clear()


def _selected_names(selections: Iterable[Any], path: Sequence[str]) -> set[str]:
    """GraphQL names selected at `path` below `selections`, looking through fragments."""
    names: set[str] = set()
    for selection in selections:
        name = getattr(selection, "name", None)
        is_field = type(selection).__name__ == "SelectedField"
        if not is_field:  # fragment spread or inline fragment: same level
            names |= _selected_names(selection.selections, path)
        elif not path:
            names.add(name)
        elif name == path[0]:
            names |= _selected_names(selection.selections, path[1:])
    return names


async def prefetch(info: Any, type_name: str, rows: Sequence[Any], path: Sequence[str] = ()) -> None:
    """Run the prefetchers of `type_name`'s contributed fields that the current field selects at `path`."""
    table = _prefetchers.get(type_name)
    if not table or not rows:
        return
    selected = set()
    for field in info.selected_fields:
        selected |= _selected_names(field.selections, path)
    jobs = [fetch(info.context, rows) for name, fetch in table.items() if name in selected]
    if len(jobs) == 1:
        await jobs[0]
    elif jobs:
        await asyncio.gather(*jobs)
