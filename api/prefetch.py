"""Look-ahead loading across modules.

A resolver that loads a page of rows (e.g. the tasks connection) calls `prefetch`, which runs at once the loads
that other modules' contributed fields on those rows will need — only for the fields the query selects. The
contributing module still owns its loading: it declares a `Prefetch` for its field, whose `load` returns the
values for many parent ids in one statement. The values are kept in `context.prefetched[store]`, and the composed
schema answers the field from there (see api.composition) before falling back to the module's own resolver.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MISSING = object()


@dataclass(frozen=True)
class Prefetch:
    """How to load one contributed field for a whole page of parents.

    store: name under which the values live in `context.prefetched` (the module's loader name is a good choice).
    load:  `await load(context, parent_ids)` -> {parent id: field value}, in one statement.
    """

    store: str
    load: Callable[[Any, list[int]], Awaitable[Mapping[int, Any]]]


# type name -> GraphQL field name -> Prefetch; filled by the composition of the enabled modules
_prefetches: dict[str, dict[str, Prefetch]] = {}


def register(type_name: str, field_name: str, spec: Prefetch) -> None:
    _prefetches.setdefault(type_name, {})[field_name] = spec


def clear() -> None:
    _prefetches.clear()


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
    """Load, for all `rows` at once, the contributed fields of `type_name` the current field selects at `path`."""
    table = _prefetches.get(type_name)
    if not table or not rows:
        return
    selected: set[str] = set()
    for field in info.selected_fields:
        selected |= _selected_names(field.selections, path)
    specs = [spec for name, spec in table.items() if name in selected]
    if not specs:
        return
    context = info.context
    ids = [row.id for row in rows]
    results = await asyncio.gather(*(spec.load(context, ids) for spec in specs))
    for spec, found in zip(specs, results):
        context.prefetched.setdefault(spec.store, {}).update(found)


def prefetched_first(store: str, resolve: Callable[..., Any]) -> Callable[..., Any]:
    """A graphql-core resolver answering from `context.prefetched[store]`, else through `resolve`."""

    def resolve_prefetched(source: Any, info: Any, **kwargs: Any) -> Any:
        found = info.context.prefetched.get(store)
        if found is not None:
            value = found.get(source.id, MISSING)
            if value is not MISSING:
                return value
        return resolve(source, info, **kwargs)

    resolve_prefetched._taskapi_prefetched_store = store  # type: ignore[attr-defined]  # see api.execution
    return resolve_prefetched


def forget(context: Any, store: str) -> None:
    """Drop prefetched values that a change made stale."""
    context.prefetched.pop(store, None)
