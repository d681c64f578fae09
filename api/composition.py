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

from operator import attrgetter

from strawberry.relay.utils import to_base64

from api import prefetch as api_prefetch
from api.execution import FastLeafExecutionContext, fast_reader
from api.contract import FeatureModule
from api.registry import CompositionError


def _field_names(cls: type) -> list[str]:
    definition = getattr(cls, "__strawberry_definition__", None)
    if definition is None:
        raise CompositionError(f"{cls.__qualname__} is not a strawberry type: decorate it with @strawberry.type")
    return [f.python_name for f in definition.fields]


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
    schema = strawberry.Schema(
        execution_context_class=FastLeafExecutionContext,
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=extra_types,
        extensions=list(extensions),
        config=config,
    )
    _plain_attribute_resolvers(schema)
    _prefetched_resolvers(schema, modules)
    return schema


def _prefetched_resolvers(schema: strawberry.Schema, modules: Sequence[FeatureModule]) -> None:
    """Register each module's Prefetch, and have the field answer from what the page loaded before the module's
    resolver runs. A module may prefetch only a field it contributes."""
    api_prefetch.clear()
    name_of = schema.config.name_converter.get_graphql_name
    for module in modules:
        for target, spec in module.prefetch.items():
            type_name, _, field_name = target.partition(".")
            contributed = module.contributions.get(type_name)
            names = {f.graphql_name or name_of(f) for f in contributed.__strawberry_definition__.fields} if contributed else ()
            if field_name not in names:
                raise CompositionError(f"module {module.name!r} prefetches {target}, which it does not contribute")
            field = schema._schema.type_map[type_name].fields[field_name]
            field.resolve = api_prefetch.prefetched_first(spec.store, field.resolve)
            api_prefetch.register(type_name, field_name, spec)


def _plain_attribute_resolvers(schema: strawberry.Schema) -> None:
    """Resolve plain data fields, and the global ids of Node types, with a bare read of the source object.

    Strawberry resolves a field without a resolver through a generic wrapper (default resolver lookup, info and
    argument plumbing) on every call, and a Node's `id` through `resolve_id`; a page of 100 tasks with tags and
    reminders has some two thousand such fields. The replacements read the same attribute (or build the same
    global id) directly, and api.execution completes them without the per-field machinery.
    """
    from graphql import GraphQLObjectType
    from strawberry import relay

    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        definition = schema.get_type_by_name(graphql_type.name)
        plain = {
            (f.graphql_name or schema.config.name_converter.get_graphql_name(f)): f.python_name
            for f in getattr(definition, "fields", ())
            if f.base_resolver is None and not f.extensions
        }
        for name, field in graphql_type.fields.items():
            if name in plain and getattr(field.resolve, "_is_default", False):
                field.resolve = fast_reader(attrgetter(plain[name]))
        origin = getattr(definition, "origin", None)
        if (
            isinstance(origin, type)
            and issubclass(origin, relay.Node)
            and origin.resolve_id.__func__ is relay.Node.resolve_id.__func__
            and "id" in graphql_type.fields
        ):
            id_attr = origin.resolve_id_attr()
            type_name = graphql_type.name
            graphql_type.fields["id"].resolve = fast_reader(
                lambda source, _attr=id_attr, _type=type_name: to_base64(_type, getattr(source, _attr))
            )
