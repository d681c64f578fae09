"""A GraphQL-over-HTTP client for tests, and an SQL statement counter."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx


class GraphQLClient:
    """Posts operations to /graphql as one user (or anonymously) and returns the decoded body."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.token = token
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=30)

    def post(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        return self.http.post("/graphql", json=payload, **kwargs)

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of a successful operation; fails the test on any GraphQL error."""
        response = self.post(query, variables)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]

    def errors(self, query: str, variables: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The GraphQL errors of an operation that must fail."""
        body = self.post(query, variables).json()
        assert body.get("errors"), body
        return body["errors"]

    def close(self) -> None:
        self.http.close()


@dataclass
class StatementLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


class _Collector(logging.Handler):
    def __init__(self, log: StatementLog) -> None:
        super().__init__(logging.DEBUG)
        self.log = log
        self.lock_ = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(("Created connection", "Closed connection")) or _in_background_task():
            return
        with self.lock_:
            self.log.statements.append(message)


def _in_background_task() -> bool:
    """Statements of background work (tasks named "background:…", e.g. the reminders dispatcher) are no request's."""
    try:
        task = asyncio.current_task()
    except RuntimeError:
        return False
    return task is not None and task.get_name().startswith("background:")


@contextlib.contextmanager
def count_statements() -> Iterator[StatementLog]:
    """Every SQL statement the process sends while the block runs (Tortoise logs each at DEBUG)."""
    logger = logging.getLogger("tortoise.db_client")
    log = StatementLog()
    handler = _Collector(log)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield log
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
