"""Users and API tokens: create, authenticate, revoke."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from api.accounts.models import ApiToken, User
from api.rows import RowSpec, fetch_sql

TOKEN_PREFIX = "tk_"


class AccountError(Exception):
    """A command on accounts that cannot be carried out."""


@dataclass(frozen=True)
class IssuedToken:
    token: str
    record: ApiToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def ensure_user(*, name: str) -> User:
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountError("a user name is 1 to 100 characters")
    user, _ = await User.get_or_create(name=name)
    return user


async def create_token(*, user: User, label: str = "") -> IssuedToken:
    """Issue a new token; the plain token exists only in the return value."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = await ApiToken.create(user=user, token_hash=hash_token(token), prefix=token[:10], label=label)
    return IssuedToken(token=token, record=record)


@dataclass
class Viewer:
    """The authenticated user, as every request sees it."""

    id: int
    name: str
    created_at: datetime


VIEWER = RowSpec(Viewer, ("id", "name", "created_at"), datetimes=("created_at",))
_AUTHENTICATE = (
    'SELECT u.id, u.name, u.created_at FROM api_token t JOIN "user" u ON u.id = t.user_id '
    "WHERE t.token_hash = ? AND t.revoked_at IS NULL"
)


async def authenticate(token: str | None) -> Viewer | None:
    """The user a bearer token belongs to, or None. One SQL statement, on every request: written out by hand,
    since building it through the ORM cost more than the rest of a small request."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    rows = await fetch_sql(_AUTHENTICATE, [hash_token(token)], VIEWER)
    return rows[0] if rows else None


async def revoke_token(*, prefix: str) -> int:
    """Revoke every live token whose prefix matches; returns how many were revoked."""
    return await ApiToken.filter(prefix=prefix, revoked_at__isnull=True).update(revoked_at=datetime.now(timezone.utc))


async def list_tokens(*, user_name: str) -> list[ApiToken]:
    return await ApiToken.filter(user__name=user_name).order_by("id")


def bearer_token(authorization: str | None) -> str | None:
    """The token in an `Authorization: Bearer …` header value."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None
