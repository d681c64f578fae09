"""Factories and clients for the reminders tests: tasks and reminders through GraphQL, due reminders seeded in
the live server's database, and a graphql-transport-ws subscription client over a real WebSocket."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from api.ids import decode_id

CREATE_TASK = """
mutation ($input: CreateTaskInput!) {
  createTask(input: $input) { task { id dueAt } errors { code } }
}
"""

CREATE_REMINDER = """
mutation ($input: CreateReminderInput!) {
  createReminder(input: $input) {
    reminder { id kind remindAt minutesBefore dueAt status deliveredAt snoozedUntil createdAt task { id } }
    errors { field message code }
  }
}
"""


def iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat()


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def from_now(**delta: float) -> datetime:
    return datetime.now(timezone.utc) + timedelta(**delta)


@pytest.fixture
def make_task():
    """Creates a task through GraphQL; returns its id."""

    def make(client, *, title: str = "Write the report", due_at: datetime | None = None) -> str:
        data = client.execute(CREATE_TASK, {"input": {"title": title, "dueAt": iso(due_at) if due_at else None}})
        assert data["createTask"]["errors"] == []
        return data["createTask"]["task"]["id"]

    return make


@pytest.fixture
def make_reminder():
    """Creates a reminder through GraphQL; returns the reminder as GraphQL shows it."""

    def make(client, task_id: str, *, remind_at: datetime | None = None, minutes_before: int | None = None) -> dict:
        variables = {"taskId": task_id}
        if remind_at is not None:
            variables["remindAt"] = iso(remind_at)
        if minutes_before is not None:
            variables["minutesBefore"] = minutes_before
        payload = client.execute(CREATE_REMINDER, {"input": variables})["createReminder"]
        assert payload["errors"] == []
        return payload["reminder"]

    return make


@pytest.fixture
def seed_reminder(live_server):
    """Writes a reminder row straight into the live server's database, for states no mutation can reach
    (already due, delivered, claimed by a worker that died). Returns the row's id."""
    from api.accounts.models import User
    from modules.reminders.models import Reminder

    def seed(account, task_id: str, **values: Any) -> int:
        async def write() -> int:
            user = await User.get(name=account.name)
            defaults: dict[str, Any] = {"kind": "ABSOLUTE", "status": "PENDING"}
            if "remind_at" in values:
                defaults.update(due_at=values["remind_at"], fire_at=values["remind_at"])
            row = await Reminder.create(owner_id=user.id, task_id=decode_id(task_id, "Task"), **{**defaults, **values})
            return row.id

        return live_server.call(write)

    return seed


@pytest.fixture
def read_reminder(live_server):
    """The stored row of a reminder (all columns), read in the live server's database."""
    from modules.reminders.models import Reminder

    def read(reminder_id: int) -> dict[str, Any]:
        async def fetch():
            rows = await Reminder.filter(id=reminder_id).values()
            return rows[0] if rows else None

        return live_server.call(fetch)

    return read


class Subscription:
    """One graphql-transport-ws connection running one subscription."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    def next(self, timeout: float) -> dict[str, Any]:
        """The next `next` message's payload; raises TimeoutError when none comes in time."""
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self.ws.recv(timeout=max(0.0, deadline - time.monotonic())))
            if message["type"] == "ping":
                self.ws.send(json.dumps({"type": "pong"}))
                continue
            assert message["type"] == "next", message
            return message["payload"]


@pytest.fixture
def subscribe(live_server) -> Iterator:
    """Opens a WebSocket to /graphql as `account` and starts `query`; closed at the end of the test."""
    ws_url = live_server.url.replace("http://", "ws://") + "/graphql"
    stack = contextlib.ExitStack()

    def start(account, query: str) -> Subscription:
        ws = stack.enter_context(connect(ws_url, subprotocols=["graphql-transport-ws"], proxy=None, open_timeout=10))
        ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {account.token}"}}))
        ack = json.loads(ws.recv(timeout=10))
        assert ack["type"] == "connection_ack", ack
        ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        return Subscription(ws)

    with stack:
        yield start
