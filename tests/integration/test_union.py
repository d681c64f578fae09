"""The headline: one query returns tasks with their tags and reminders, at a constant number of SQL statements."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.support.graphql import GraphQLClient

CREATE_TASK = "mutation ($title: String!) { createTask(input: {title: $title}) { task { id } errors { code } } }"
CREATE_TAG = "mutation ($name: String!) { createTag(input: {name: $name, color: \"#00AA00\"}) { tag { id } errors { code } } }"
ADD_TAGS = """mutation ($task: ID!, $tags: [ID!]!) {
  addTagsToTask(taskId: $task, tagIds: $tags) { task { id } errors { code } }
}"""
CREATE_REMINDER = """mutation ($task: ID!, $at: DateTime!) {
  createReminder(input: {taskId: $task, remindAt: $at}) { reminder { id } errors { code } }
}"""
TASK = """query ($id: ID!) {
  task(id: $id) { id title tags { id name color } reminders { id dueAt status } }
}"""
UNION = """query ($first: Int!) {
  tasks(first: $first) {
    edges { cursor node { id title priority dueAt completed tags { id name color } reminders { id dueAt status } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def later(minutes: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=30, minutes=minutes)).isoformat()


def make_task(client: GraphQLClient, title: str, tag_ids: list[str], reminders: int) -> str:
    payload = client.execute(CREATE_TASK, {"title": title})["createTask"]
    assert payload["errors"] == []
    task_id = payload["task"]["id"]
    if tag_ids:
        added = client.execute(ADD_TAGS, {"task": task_id, "tags": tag_ids})["addTagsToTask"]
        assert added["errors"] == []
    for minute in range(reminders):
        created = client.execute(CREATE_REMINDER, {"task": task_id, "at": later(minute)})["createReminder"]
        assert created["errors"] == []
    return task_id


def make_tags(client: GraphQLClient, names: list[str]) -> list[str]:
    ids = []
    for name in names:
        payload = client.execute(CREATE_TAG, {"name": name})["createTag"]
        assert payload["errors"] == []
        ids.append(payload["tag"]["id"])
    return ids


def test_one_task_with_its_tag_and_reminder_in_one_response(gql):
    # given
    [tag_id] = make_tags(gql, ["home"])
    task_id = make_task(gql, "Water the plants", [tag_id], reminders=1)

    # when
    task = gql.execute(TASK, {"id": task_id})["task"]

    # then
    assert task["title"] == "Water the plants"
    assert task["tags"] == [{"id": tag_id, "name": "home", "color": "#00AA00"}]
    assert len(task["reminders"]) == 1 and task["reminders"][0]["status"] == "PENDING"


def test_a_page_of_50_tasks_with_tags_and_reminders(gql):
    # given: 50 tasks, each with two tags and two reminders
    tag_ids = make_tags(gql, ["alpha", "beta", "gamma"])
    for i in range(50):
        make_task(gql, f"task {i}", [tag_ids[i % 3], tag_ids[(i + 1) % 3]], reminders=2)

    # when
    page = gql.execute(UNION, {"first": 50})["tasks"]

    # then
    nodes = [edge["node"] for edge in page["edges"]]
    assert len(nodes) == 50 and page["pageInfo"]["hasNextPage"] is False
    assert [node["title"] for node in nodes] == [f"task {i}" for i in range(49, -1, -1)]
    for node in nodes:
        names = [tag["name"] for tag in node["tags"]]
        assert len(names) == 2 and names == sorted(names)
        due = [reminder["dueAt"] for reminder in node["reminders"]]
        assert len(due) == 2 and due == sorted(due)


@pytest.fixture
def hundred_tasks(make_account):
    account = make_account("union")
    tag_ids = make_tags(account.client, ["one", "two", "three"])
    for i in range(100):
        make_task(account.client, f"t{i}", tag_ids, reminders=2)
    return account


def test_statements_per_request_do_not_grow_with_the_page(hundred_tasks, sql_statements):
    counts = {}
    for first in (1, 20, 100):
        with sql_statements() as log:
            page = hundred_tasks.client.execute(UNION, {"first": first})["tasks"]
        assert len(page["edges"]) == first
        assert all(len(e["node"]["tags"]) == 3 and len(e["node"]["reminders"]) == 2 for e in page["edges"])
        counts[first] = log.count
    # authentication, the page of tasks, their tags, their reminders
    assert counts == {1: 4, 20: 4, 100: 4}, counts
