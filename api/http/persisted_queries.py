"""Automatic persisted queries (Apollo's protocol): clients send a query's SHA-256 instead of its text.

A request carries `extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}`. With the query text too,
the server checks the hash and remembers the text; without it, the server runs the text it remembers, or answers
PersistedQueryNotFound so that the client sends the text again.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Any

NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_FOUND_CODE = "PERSISTED_QUERY_NOT_FOUND"
BAD_REQUEST_CODE = "BAD_REQUEST"
SUPPORTED_VERSION = 1
DEFAULT_MAX_ENTRIES = 1000
DEFAULT_MAX_CHARACTERS = 5_000_000

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class PersistedQueryError(Exception):
    """A persisted-query request that cannot run; `status` is the one to use with application/json."""

    def __init__(self, message: str, code: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


def not_found() -> PersistedQueryError:
    # 200 like Apollo Server: the client is not at fault, it retries with the query text.
    return PersistedQueryError(NOT_FOUND_MESSAGE, NOT_FOUND_CODE, 200)


def sha256_hex(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


def requested_hash(extensions: dict[str, Any] | None) -> str | None:
    """The sha256Hash a request asks for, None when it uses no persisted query; malformed requests raise."""
    if not extensions or extensions.get("persistedQuery") is None:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict):
        raise PersistedQueryError("`extensions.persistedQuery` must be an object.", BAD_REQUEST_CODE, 400)
    if persisted.get("version") != SUPPORTED_VERSION:
        raise PersistedQueryError(
            f"Unsupported persisted query version: only version {SUPPORTED_VERSION} is supported.", BAD_REQUEST_CODE, 400
        )
    sha = persisted.get("sha256Hash")
    if not isinstance(sha, str) or not _SHA256_HEX.fullmatch(sha.lower()):
        raise PersistedQueryError(
            "`extensions.persistedQuery.sha256Hash` must be a SHA-256 hex digest.", BAD_REQUEST_CODE, 400
        )
    return sha.lower()


def check_hash(query: str, sha: str) -> None:
    """Refuse to register a query under a hash that is not its own."""
    if sha256_hex(query) != sha:
        raise PersistedQueryError("provided sha does not match query", BAD_REQUEST_CODE, 400)


class PersistedQueryStore:
    """Query texts by SHA-256, in this process only.

    Bounded both in entries and in total characters: beyond either bound the least recently used query is dropped
    (its clients then register it again).
    """

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES, max_characters: int = DEFAULT_MAX_CHARACTERS) -> None:
        if max_entries < 1 or max_characters < 1:
            raise ValueError("max_entries and max_characters must be at least 1")
        self.max_entries = max_entries
        self.max_characters = max_characters
        self._queries: OrderedDict[str, str] = OrderedDict()
        self._size = 0

    def __len__(self) -> int:
        return len(self._queries)

    def __contains__(self, sha: str) -> bool:
        return sha in self._queries

    def get(self, sha: str) -> str | None:
        query = self._queries.get(sha)
        if query is not None:
            self._queries.move_to_end(sha)
        return query

    @property
    def size(self) -> int:
        """Characters of query text held."""
        return self._size

    def put(self, sha: str, query: str) -> None:
        if len(query) > self.max_characters:
            return
        previous = self._queries.pop(sha, None)
        if previous is not None:
            self._size -= len(previous)
        self._queries[sha] = query
        self._size += len(query)
        while len(self._queries) > self.max_entries or self._size > self.max_characters:
            _, dropped = self._queries.popitem(last=False)
            self._size -= len(dropped)
