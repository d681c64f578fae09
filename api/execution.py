"""A faster way through the hot part of GraphQL execution: plain leaf fields.

A page of 100 tasks with their tags and reminders has some 2,000 fields, most of them leaves read straight off a
record (title, dueAt, a tag's name …). graphql-core executes each through the full field machinery: resolve info,
argument coercion, awaitable checks, completion. This execution context completes such leaves directly — read the
attribute, serialize with the field's own scalar or enum type — and sends every other field, and any leaf that is
null where it must not be or fails to serialize, through the standard path, so results and errors are unchanged.
Which fields are plain is decided when the schema is composed (`mark_fast_leaves`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
)
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.prefetch import MISSING

FAST_READ = "_taskapi_fast_read"
PREFETCHED_STORE = "_taskapi_prefetched_store"


def fast_reader(read: Callable[[Any], Any]) -> Callable[..., Any]:
    """A graphql-core resolver for a plain field, marked so the fast path can call `read(source)` directly."""

    def resolve(source: Any, info: Any, **kwargs: Any) -> Any:
        return read(source)

    setattr(resolve, FAST_READ, read)
    return resolve


def _leaf_plan(schema: GraphQLSchema, parent_type: GraphQLObjectType, field_name: str):
    field = parent_type.fields.get(field_name)
    if field is None or field.args:
        return None
    read = getattr(field.resolve, FAST_READ, None)
    if read is None:
        return None
    field_type = field.type
    non_null = isinstance(field_type, GraphQLNonNull)
    leaf = field_type.of_type if non_null else field_type
    if not isinstance(leaf, (GraphQLScalarType, GraphQLEnumType)):
        return None
    return read, leaf.serialize, non_null


class _Fallback(Exception):
    """The fast path cannot complete this value exactly as the standard path would: take the standard path."""


class FastLeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    _plans: dict[tuple[int, str, str], Any] = {}

    def complete_value(self, return_type, field_details_list, info, path, result, position_context):  # type: ignore[no-untyped-def]
        """Objects (and lists of objects) whose selected fields are all plain leaves, e.g. a task's tags, are
        built directly; anything else, and anything unusual (a null in a non-null list, a foreign object), goes
        the standard way."""
        if result is not None and not isinstance(result, Exception):
            plan = self._flat_plan(return_type, field_details_list)
            if plan is not None:
                try:
                    return plan(result)
                except _Fallback:
                    pass
        return super().complete_value(return_type, field_details_list, info, path, result, position_context)

    def _flat_plan(self, return_type: Any, field_details_list: Any) -> Callable[[Any], Any] | None:
        plans = self.__dict__.setdefault("_flat_plans", {})
        key = (id(return_type), id(field_details_list))
        cached = plans.get(key)
        if cached is not None and cached[0] is field_details_list:
            return cached[1]
        plan = self._build_flat_plan(return_type, field_details_list)
        plans[key] = (field_details_list, plan)  # keeps the list alive, so its id is not reused meanwhile
        return plan

    def _field_plan(self, object_type: GraphQLObjectType, details: Any) -> tuple[Any, Any, bool] | None:
        """(read, finish, non_null) for a selected field the fast path can complete, else None.

        Plain leaves are read and serialized. Plain object fields (a connection's edges, an edge's node) and
        prefetched contributions (a task's tags) are read and completed by their own plan, recursively.
        """
        node = details[0].node
        if node.arguments:
            return None
        leaf = _leaf_plan(self.schema, object_type, node.name.value)
        if leaf is not None:
            return leaf
        field = object_type.fields.get(node.name.value)
        if field is None or field.args:
            return None
        read = getattr(field.resolve, FAST_READ, None)
        if read is None:
            store = getattr(field.resolve, PREFETCHED_STORE, None)
            if store is None:
                return None
            read = self._prefetched_reader(store)
        finish = self._flat_plan(field.type, details)
        if finish is None:
            return None
        return read, finish, isinstance(field.type, GraphQLNonNull)

    def _prefetched_reader(self, store: str) -> Callable[[Any], Any]:
        context = self.context_value

        def read(obj: Any) -> Any:
            found = context.prefetched.get(store)
            value = MISSING if found is None else found.get(obj.id, MISSING)
            if value is MISSING:
                raise _Fallback  # not loaded with the page: the field's own resolver will load it
            return value

        return read

    def _build_flat_plan(self, return_type: Any, field_details_list: Any) -> Callable[[Any], Any] | None:
        inner = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        is_list = isinstance(inner, GraphQLList)
        item_type = inner.of_type if is_list else inner
        item_non_null = isinstance(item_type, GraphQLNonNull)
        object_type = item_type.of_type if item_non_null else item_type
        if not isinstance(object_type, GraphQLObjectType):
            return None
        grouped, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            return None
        leaves = []
        for response_name, details in grouped.items():
            plan = self._field_plan(object_type, details)
            if plan is None:
                return None
            leaves.append((response_name, *plan))
        is_type_of = object_type.is_type_of

        def complete_object(obj: Any) -> dict[str, Any]:
            if is_type_of is not None and is_type_of(obj, None) is not True:
                raise _Fallback
            out = {}
            for name, read, finish, non_null in leaves:
                value = read(obj)
                if value is None:
                    if non_null:
                        raise _Fallback
                    out[name] = None
                else:
                    out[name] = finish(value)
            return out

        def complete(result: Any) -> Any:
            try:
                if not is_list:
                    return complete_object(result)
                if not isinstance(result, (list, tuple)):
                    raise _Fallback
                items = []
                for item in result:
                    if item is None:
                        if item_non_null:
                            raise _Fallback
                        items.append(None)
                    else:
                        items.append(complete_object(item))
                return items
            except _Fallback:
                raise
            except Exception:  # a read or serialization failed: the standard path reports it, located
                raise _Fallback from None

        return complete

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any = None,
    ) -> Any:
        if self.middleware_manager and self.middleware_manager.middlewares:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        plans = self._plans
        schema_key = id(self.schema)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                field_name = field_details_list[0].node.name.value
                key = (schema_key, parent_type.name, field_name)
                plan = plans.get(key, Undefined)
                if plan is Undefined:
                    plan = plans[key] = _leaf_plan(self.schema, parent_type, field_name)
                if plan is not None:
                    read, serialize, non_null = plan
                    try:
                        value = read(source_value)
                        if value is None:
                            if not non_null:
                                results[response_name] = None
                                continue
                        else:
                            results[response_name] = serialize(value)
                            continue
                    except Exception:  # the standard path below reports it, located
                        pass
                result = self.execute_field(
                    parent_type,
                    source_value,
                    field_details_list,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise

        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()
