"""Composition of the GraphQL schema from the enabled modules.

Types that other modules extend (such as `Task`) are built here and published as attributes of this module,
so that every module refers to the composed type with `Annotated["Task", strawberry.lazy("api.composition")]`.
One process composes one schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import strawberry
from strawberry.tools import merge_types

from api import prefetch as api_prefetch
from api.contract import FeatureModule
from api.registry import CompositionError


def _field_names(cls: type) -> list[str]:
    definition = getattr(cls, "__strawberry_definition__", None)
    if definition is None:
        raise CompositionError(f"{cls.__qualname__} is not a strawberry type: decorate it with @strawberry.type")
    return [f.python_name for f in definition.fields]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _check_unique(owner_of: dict[str, str], module: str, names: Iterable[str], where: str) -> None:
    for name in names:
        if name in owner_of:
            raise CompositionError(
                f"duplicate field {where}.{name}: declared by module {owner_of[name]!r} and by module {module!r}"
            )
        owner_of[name] = module


def compose_types(modules: Sequence[FeatureModule]) -> dict[str, type]:
    """Build each extensible type from its owner's base plus the fields other modules contribute."""
    owners: dict[str, tuple[FeatureModule, type]] = {}
    for module in modules:
        for name, base in module.extensible.items():
            if name in owners:
                raise CompositionError(
                    f"duplicate type {name}: declared by module {owners[name][0].name!r} and by module {module.name!r}"
                )
            owners[name] = (module, base)
    contributions: dict[str, list[tuple[FeatureModule, type]]] = {name: [] for name in owners}
    for module in modules:
        for target, cls in module.contributions.items():
            if target not in owners:
                raise CompositionError(
                    f"module {module.name!r} adds fields to {target}, which no enabled module declares extensible"
                )
            contributions[target].append((module, cls))

    api_prefetch.clear()
    for module in modules:
        for target, fetch in module.prefetch.items():
            type_name, _, field_name = target.partition(".")
            contributed = module.contributions.get(type_name)
            graphql_names = {f.graphql_name or _camel(f.python_name) for f in contributed.__strawberry_definition__.fields} if contributed else set()
            if field_name not in graphql_names:
                raise CompositionError(f"module {module.name!r} prefetches {target}, which it does not contribute")
            api_prefetch.register(type_name, field_name, fetch)

    composed: dict[str, type] = {}
    for name, (owner, base) in owners.items():
        field_owner: dict[str, str] = {}
        _check_unique(field_owner, owner.name, _field_names(base), name)
        for module, cls in contributions[name]:
            _check_unique(field_owner, module.name, _field_names(cls), name)
        bases = (base, *(cls for _, cls in contributions[name]))
        definition = base.__strawberry_definition__
        cls = type(name, bases, {"__module__": __name__})
        composed[name] = strawberry.type(cls, name=name, description=definition.description)
        globals()[name] = composed[name]
    return composed


def _merge_roots(kind: str, modules: Sequence[FeatureModule], core: Sequence[tuple[str, type]]) -> type | None:
    parts: list[tuple[str, type]] = list(core)
    parts += [(m.name, getattr(m, kind)) for m in modules if getattr(m, kind) is not None]
    if not parts:
        return None
    owner_of: dict[str, str] = {}
    for module_name, cls in parts:
        _check_unique(owner_of, module_name, _field_names(cls), kind.capitalize())
    return merge_types(kind.capitalize(), tuple(cls for _, cls in parts))


def compose_schema(modules: Sequence[FeatureModule], *, extensions: Sequence[Any] = (), config: Any = None):
    """The strawberry schema of the enabled modules."""
    from api.accounts.schema import CoreQuery, User

    composed = compose_types(modules)
    query = _merge_roots("query", modules, [("core", CoreQuery)])
    mutation = _merge_roots("mutation", modules, [])
    subscription = _merge_roots("subscription", modules, [])
    extra_types: list[type] = [User, *composed.values()]
    type_owner: dict[str, str] = {}
    for module in modules:
        _check_unique(type_owner, module.name, (t.__strawberry_definition__.name for t in module.types), "schema")
        extra_types += module.types
    return strawberry.Schema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=extra_types,
        extensions=list(extensions),
        config=config,
    )
