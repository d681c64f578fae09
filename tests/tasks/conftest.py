"""Factories of the tasks module's tests: they go through the API, like a client would."""

from __future__ import annotations

from typing import Any

import pytest

CREATE_TASK = """
mutation ($input: CreateTaskInput!) {
  createTask(input: $input) {
    task { id title description priority dueAt completed completedAt createdAt updatedAt }
    errors { field message code }
  }
}
"""


def create_task(client, **fields: Any) -> dict[str, Any]:
    fields.setdefault("title", "A task")
    payload = client.execute(CREATE_TASK, {"input": fields})["createTask"]
    assert payload["errors"] == []
    return payload["task"]


@pytest.fixture
def task_factory():
    return create_task
