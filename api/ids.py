"""Global ids: decoding ids that clients send back, for one expected type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TypeVar

from strawberry import relay

T = TypeVar("T")


def decode_id(value: object, type_name: str) -> int | None:
    """The primary key inside a global id of `type_name`, or None when the id is malformed or of another type."""
    try:
        global_id = value if isinstance(value, relay.GlobalID) else relay.GlobalID.from_id(str(value))
    except Exception:  # any malformed id is simply "not found"
        return None
    if global_id.type_name != type_name:
        return None
    try:
        pk = int(global_id.node_id)
    except ValueError:
        return None
    return pk if 0 < pk < 2**63 else None


def encode_id(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


async def nodes_in_order(node_ids: Iterable[str], fetch_many: Callable[[list[int]], Awaitable[Mapping[int, T]]]) -> list[T | None]:
    """For a Node type's `resolve_nodes`: fetch the rows in one query, answer in the order asked, None for ids that
    are malformed or not found (which includes other users' rows)."""
    ids = [int(i) if str(i).isdigit() else 0 for i in node_ids]
    found = await fetch_many(ids)
    return [found.get(i) for i in ids]
