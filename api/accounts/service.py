"""Users and API tokens: create, authenticate, revoke."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from api.accounts.models import ApiToken, User

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


async def authenticate(token: str | None) -> User | None:
    """The user a bearer token belongs to, or None. One SQL statement."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    record = (
        await ApiToken.filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    return record.user if record else None


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
