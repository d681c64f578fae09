"""Keyset (cursor) pagination shared by every module's connections: no OFFSET scans, stable tie-breaks."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry
from strawberry import relay
from tortoise.expressions import Q, RawSQL
from tortoise.queryset import QuerySet

from api.errors import CodedError, bad_input
from api.rows import RowSpec, fetch_records

NodeT = TypeVar("NodeT")


@strawberry.type(description="An edge in a connection: one node and the cursor that points at it.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(description="Opaque cursor: pass it as `after` or `before` to page from here.")
    node: NodeT = strawberry.field(description="The item at the end of the edge.")


@strawberry.type(description="A page of items, with cursors to move forwards and backwards.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page, each with its cursor.")
    page_info: relay.PageInfo = strawberry.field(description="Whether more pages exist, and the cursors at both ends.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items match, across all pages. Costs one extra query, only when asked.")
    async def total_count(self) -> int:
        return await self.count()


@dataclass(frozen=True)
class SortKey:
    """The column a connection is ordered by; `id` always breaks ties in the same direction."""

    field: str
    descending: bool = False
    nullable: bool = False  # NULLs sort last in either direction
    kind: type = int  # int, str or datetime: how the cursor value is read back


@dataclass(frozen=True)
class Window:
    limit: int
    backward: bool
    cursor: tuple[Any, int] | None


def page_window(
    *, first: int | None, after: str | None, last: int | None, before: str | None, key: SortKey,
    default_size: int, max_size: int,
) -> Window:
    """Validate the relay arguments; a bad value is a GraphQL error with a code."""
    if first is not None and last is not None:
        raise bad_input("Pass either `first` or `last`, not both.")
    if after is not None and before is not None:
        raise bad_input("Pass either `after` or `before`, not both.")
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= max_size:
            raise bad_input(f"`{name}` must be between 0 and {max_size}; got {value}.")
    backward = last is not None or (before is not None and first is None)
    limit = (last if backward else first)
    if limit is None:
        limit = default_size
    raw = before if backward else after
    if backward and before is None and after is not None:
        raise bad_input("`after` pages forwards: pass it with `first`.")
    return Window(limit=limit, backward=backward, cursor=decode_cursor(raw, key) if raw is not None else None)


def encode_cursor(value: Any, pk: int) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([value, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, key: SortKey) -> tuple[Any, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise ValueError
        if value is not None:
            if key.kind is datetime:
                value = datetime.fromisoformat(value)
            elif not isinstance(value, key.kind) or isinstance(value, bool):
                raise ValueError
        elif not key.nullable:
            raise ValueError
        return value, pk
    except Exception:
        raise CodedError("The cursor is malformed or belongs to another ordering.", "INVALID_CURSOR") from None


def _beyond(key: SortKey, value: Any, pk: int, *, towards_end: bool) -> Q:
    """Rows strictly after (towards_end) or strictly before the cursor row in the connection's order.

    Written as `field <= v AND (field < v OR id < pk)` (directions vary) rather than `field < v OR (field = v AND
    id < pk)`: the leading range keeps the (owner, field, id) index usable, so a page deep in a long list costs
    what the first page costs.
    """
    f = key.field
    op = ("lt" if key.descending else "gt") if towards_end else ("gt" if key.descending else "lt")
    if value is None:  # the cursor row sits in the trailing NULL group
        if towards_end:
            return Q(**{f"{f}__isnull": True, f"id__{op}": pk})
        return Q(**{f"{f}__isnull": False}) | Q(**{f"{f}__isnull": True, f"id__{op}": pk})
    q = Q(**{f"{f}__{op}e": value}) & (Q(**{f"{f}__{op}": value}) | Q(**{f"id__{op}": pk}))
    if key.nullable and towards_end:
        q |= Q(**{f"{f}__isnull": True})
    return q


def _ordering(key: SortKey, reverse: bool) -> list[str]:
    descending = key.descending != reverse
    sign = "-" if descending else ""
    order = [f"{sign}{key.field}", f"{sign}id"]
    if key.nullable:
        order.insert(0, "-_nulls_last" if reverse else "_nulls_last")
    return order


@dataclass
class Page(Generic[NodeT]):
    rows: list[NodeT]
    has_next: bool
    has_previous: bool


async def fetch_page(queryset: QuerySet, key: SortKey, window: Window, records: RowSpec | None = None) -> Page:
    """Fetch one page of `queryset` ordered by `key`, after or before the window's cursor.

    With `records`, rows come back as plain records instead of model objects (see api.rows).
    """
    qs = queryset
    if key.nullable:
        # Portable NULLS LAST: SQLite and PostgreSQL sort NULLs at opposite ends by default.
        column = qs.model._meta.fields_db_projection[key.field]
        table = qs.model._meta.db_table
        qs = qs.annotate(_nulls_last=RawSQL(f'CASE WHEN "{table}"."{column}" IS NULL THEN 1 ELSE 0 END'))
    if window.cursor is not None:
        qs = qs.filter(_beyond(key, *window.cursor, towards_end=not window.backward))
    if window.limit == 0:
        return Page(rows=[], has_next=False, has_previous=False)
    qs = qs.order_by(*_ordering(key, window.backward)).limit(window.limit + 1)
    rows = await fetch_records(qs, records) if records is not None else list(await qs)
    more = len(rows) > window.limit
    rows = rows[: window.limit]
    if window.backward:
        rows.reverse()
        return Page(rows=rows, has_next=window.cursor is not None, has_previous=more)
    return Page(rows=rows, has_next=more, has_previous=window.cursor is not None)


def to_connection(
    page: Page, key: SortKey, count: Callable[[], Awaitable[int]]
) -> Connection:
    """Build the GraphQL connection for a fetched page."""
    edges = [Edge(cursor=encode_cursor(getattr(row, key.field), row.id), node=row) for row in page.rows]
    return Connection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )



@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"
