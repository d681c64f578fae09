"""The real app, served by uvicorn on a free port in a background thread, on a real database."""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import uvicorn

from api.app import create_app
from api.settings import Settings, set_settings

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """DATABASE_URL when set (CI sets a PostgreSQL one), else a fresh SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    folder = tempfile.mkdtemp(prefix="taskapi-test-")
    return f"sqlite://{folder}/test.db"


def dsn(url: str) -> str:
    """The asyncpg DSN of a Tortoise PostgreSQL URL."""
    return "postgresql://" + url.split("://", 1)[1]


def with_database(url: str, name: str) -> str:
    """`url` naming another database on the same server."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))


async def fresh_database(url: str) -> None:
    """An empty database at `url`: created first if it is a PostgreSQL database that does not exist."""
    if is_postgres(url):
        import asyncpg

        name = urlsplit(url).path.lstrip("/")
        admin = await asyncpg.connect(dsn(with_database(url, "postgres")))
        try:
            if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
    await reset_database(url)


async def reset_database(url: str) -> None:
    """Empty the database: drop every table, so that migrations start from nothing."""
    if url.startswith(("postgres://", "asyncpg://", "postgresql://")):
        import asyncpg

        conn = await asyncpg.connect(dsn(url))
        try:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        finally:
            await conn.close()
    elif url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://").split("?", 1)[0]
        for suffix in ("", "-wal", "-shm"):
            if path != ":memory:" and os.path.exists(path + suffix):
                os.remove(path + suffix)


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "asyncpg://", "postgresql://"))


class LiveServer:
    """uvicorn serving create_app(settings) in a thread with its own event loop."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.loop: asyncio.AbstractEventLoop | None = None
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning", lifespan="on", ws="websockets-sansio"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self._run, daemon=True, name="live-server")

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve())

    def start(self) -> "LiveServer":
        set_settings(self.settings)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the live server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)

    def call(self, make: Callable[[], Awaitable[T]], timeout: float = 60) -> T:
        """Run a coroutine on the server's loop, where the app's database connections live."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(_wrap(make), self.loop).result(timeout)


async def _wrap(make: Callable[[], Awaitable[Any]]) -> Any:
    return await make()
