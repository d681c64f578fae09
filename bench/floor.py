"""The floor: a plain Starlette route that runs the minimum SQL for the union query's page and returns the same
JSON bytes as the GraphQL app. It answers only the benchmark's query and variables; it is a yardstick, not an API.

Serve with: DATABASE_URL=… uvicorn bench.floor:app
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from datetime import datetime

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite://taskapi.db")
POSTGRES = not DATABASE_URL.startswith("sqlite://")
PRIORITIES = ["NONE", "LOW", "MEDIUM", "HIGH", "URGENT"]
MARK = "$" if POSTGRES else "?"


def _param(n: int) -> str:
    return f"${n}" if POSTGRES else "?"


class Database:
    async def open(self) -> None:
        if POSTGRES:
            import asyncpg

            self.pool = await asyncpg.create_pool("postgresql://" + DATABASE_URL.split("://", 1)[1], min_size=1, max_size=5)
        else:
            import aiosqlite

            self.conn = await aiosqlite.connect(DATABASE_URL.removeprefix("sqlite://").split("?")[0])

    async def close(self) -> None:
        if POSTGRES:
            await self.pool.close()
        else:
            await self.conn.close()

    async def fetch(self, sql: str, *args: object) -> list[tuple]:
        if POSTGRES:
            return [tuple(r) for r in await self.pool.fetch(sql, *args)]
        async with self.conn.execute(sql, args) as cursor:
            return list(await cursor.fetchall())


db = Database()


def _dt(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.isoformat()


def _gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def _cursor(created_at: str, pk: int) -> str:
    raw = json.dumps([created_at, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    created, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    return datetime.fromisoformat(created), pk


async def union(request: Request) -> Response:
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    users = await db.fetch(
        f'SELECT user_id FROM api_token WHERE token_hash = {_param(1)} AND revoked_at IS NULL',
        hashlib.sha256(token.encode()).hexdigest(),
    )
    if not users:
        return Response(b'{"errors":[{"message":"unauthenticated"}]}', status_code=401, media_type="application/json")
    owner = users[0][0]
    variables = orjson.loads(await request.body()).get("variables") or {}
    first = int(variables.get("first", 20))
    after = variables.get("after")

    where, args = f"owner_id = {_param(1)}", [owner]
    if after:
        created, pk = _decode_cursor(after)
        value = created if POSTGRES else str(created)
        where += f" AND (created_at < {_param(2)} OR (created_at = {_param(3)} AND id < {_param(4)}))"
        args += [value, value, pk]
    tasks = await db.fetch(
        f"SELECT id, title, priority, due_at, completed, created_at FROM task WHERE {where} "
        f"ORDER BY created_at DESC, id DESC LIMIT {first + 1}",
        *args,
    )
    more = len(tasks) > first
    tasks = tasks[:first]
    ids = [t[0] for t in tasks]
    tags: dict[int, list[dict]] = {i: [] for i in ids}
    reminders: dict[int, list[dict]] = {i: [] for i in ids}
    if ids:
        marks = ", ".join(_param(n + 1) for n in range(len(ids)))
        for task_id, tag_id, name, color in await db.fetch(
            f"SELECT tt.task_id, t.id, t.name, t.color FROM task_tag tt JOIN tag t ON t.id = tt.tag_id "
            f"WHERE tt.task_id IN ({marks}) ORDER BY t.name_key, t.id",
            *ids,
        ):
            tags[task_id].append({"id": _gid("Tag", tag_id), "name": name, "color": color})
        for reminder_id, task_id, due_at, status in await db.fetch(
            f"SELECT id, task_id, due_at, status FROM reminder WHERE task_id IN ({marks}) ORDER BY due_at, id",
            *ids,
        ):
            reminders[task_id].append({"id": _gid("Reminder", reminder_id), "dueAt": _dt(due_at), "status": status})
    edges = []
    for task_id, title, priority, due_at, completed, created_at in tasks:
        edges.append(
            {
                "cursor": _cursor(_dt(created_at), task_id),
                "node": {
                    "id": _gid("Task", task_id),
                    "title": title,
                    "priority": PRIORITIES[priority],
                    "dueAt": _dt(due_at),
                    "completed": bool(completed),
                    "tags": tags[task_id],
                    "reminders": reminders[task_id],
                },
            }
        )
    body = {
        "data": {
            "tasks": {
                "edges": edges,
                "pageInfo": {"hasNextPage": more, "endCursor": edges[-1]["cursor"] if edges else None},
            }
        }
    }
    return Response(orjson.dumps(body), media_type="application/json")


@contextlib.asynccontextmanager
async def lifespan(app: Starlette):
    await db.open()
    yield
    await db.close()


app = Starlette(routes=[Route("/graphql", union, methods=["POST"])], lifespan=lifespan)
