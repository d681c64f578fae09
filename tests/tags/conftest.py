"""Factories for the tags tests: tags and tasks made through the public API, as a client would."""

from __future__ import annotations

import pytest

CREATE_TAG = """
mutation CreateTag($input: CreateTagInput!) {
  createTag(input: $input) { tag { id name color } errors { field message code } }
}
"""

CREATE_TASK = """
mutation CreateTask($input: CreateTaskInput!) {
  createTask(input: $input) { task { id title } errors { field message code } }
}
"""

ADD_TAGS = """
mutation AddTags($taskId: ID!, $tagIds: [ID!]!) {
  addTagsToTask(taskId: $taskId, tagIds: $tagIds) { task { id } errors { field message code } }
}
"""


@pytest.fixture
def make_tag():
    """make_tag(account, name, color=None) -> {"id", "name", "color"}."""

    def make(account, name: str, color: str | None = None) -> dict:
        data = account.client.execute(CREATE_TAG, {"input": {"name": name, "color": color}})
        assert data["createTag"]["errors"] == []
        return data["createTag"]["tag"]

    return make


@pytest.fixture
def make_task():
    """make_task(account, title, tags=()) -> {"id", "title"}; `tags` are tag dicts to put on it."""

    def make(account, title: str, tags=()) -> dict:
        data = account.client.execute(CREATE_TASK, {"input": {"title": title}})
        assert data["createTask"]["errors"] == []
        task = data["createTask"]["task"]
        if tags:
            added = account.client.execute(ADD_TAGS, {"taskId": task["id"], "tagIds": [t["id"] for t in tags]})
            assert added["addTagsToTask"]["errors"] == []
        return task

    return make
