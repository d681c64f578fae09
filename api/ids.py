"""Global ids: decoding ids that clients send back, for one expected type."""

from __future__ import annotations

from strawberry import relay


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
