"""tag, tags, node on a Tag, Tag.taskCount and Tag.tasks: ordering, paging both ways, owner isolation."""

from __future__ import annotations

import pytest

from api.ids import decode_id
from modules.tags.models import TaskTag

TAG = """
query Tag($id: ID!) { tag(id: $id) { id name color taskCount } }
"""

NODE = """
query Node($id: ID!) { node(id: $id) { __typename id ... on Tag { name } } }
"""

TAGS_PAGE = """
query Tags($first: Int, $after: String, $last: Int, $before: String, $search: String) {
  tags(first: $first, after: $after, last: $last, before: $before, search: $search) {
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}
"""

TAG_TASKS_PAGE = """
query TagTasks($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  tag(id: $id) {
    tasks(first: $first, after: $after, last: $last, before: $before) {
      edges { node { title tags { name } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }
}
"""

TAGS_WITH_COUNTS = """
query TagCounts { tags { edges { node { name taskCount } } } }
"""

DELETE_TASK = """
mutation DeleteTask($id: ID!) { deleteTask(id: $id) { task { id } errors { code } } }
"""

REMOVE_TAGS = """
mutation RemoveTags($taskId: ID!, $tagIds: [ID!]!) {
  removeTagsFromTask(taskId: $taskId, tagIds: $tagIds) { task { id } errors { code } }
}
"""

TASK_TAGS = """
query TaskTags($id: ID!) { task(id: $id) { tags { name } } }
"""


def names(connection: dict) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


def titles(connection: dict) -> list[str]:
    return [edge["node"]["title"] for edge in connection["edges"]]


# tag and node


def test_tag_by_id(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work", "#00FF00")

    # when
    data = gql.execute(TAG, {"id": tag["id"]})

    # then
    assert data == {"tag": {"id": tag["id"], "name": "work", "color": "#00FF00", "taskCount": 0}}


def test_tag_by_an_unknown_foreign_or_malformed_id_is_null(make_tag, make_task, alice, bob):
    # given
    tag = make_tag(alice, "work")
    task = make_task(bob, "Bob's task")

    for tag_id in [tag["id"], "garbage", task["id"]]:
        # when
        data = bob.client.execute(TAG, {"id": tag_id})

        # then
        assert data == {"tag": None}


def test_node_resolves_your_tag(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work")

    # when
    data = gql.execute(NODE, {"id": tag["id"]})

    # then
    assert data == {"node": {"__typename": "Tag", "id": tag["id"], "name": "work"}}


def test_node_of_another_users_tag_is_null(make_tag, alice, bob):
    # given
    tag = make_tag(alice, "work")

    # when
    data = bob.client.execute(NODE, {"id": tag["id"]})

    # then
    assert data == {"node": None}


# tags


@pytest.fixture
def five_tags(make_tag, alice):
    for name in ["b", "A", "d", "C", "e"]:
        make_tag(alice, name)


def test_tags_are_ordered_by_name_ignoring_case_and_only_yours(gql, five_tags, make_tag, bob):
    # given
    make_tag(bob, "aaa-bob")

    # when
    data = gql.execute(TAGS_PAGE)

    # then
    assert names(data["tags"]) == ["A", "b", "C", "d", "e"]
    assert data["tags"]["totalCount"] == 5
    assert data["tags"]["pageInfo"]["hasNextPage"] is False
    assert data["tags"]["pageInfo"]["hasPreviousPage"] is False


def test_tags_page_forwards(gql, five_tags):
    # when
    first = gql.execute(TAGS_PAGE, {"first": 2})["tags"]
    second = gql.execute(TAGS_PAGE, {"first": 2, "after": first["pageInfo"]["endCursor"]})["tags"]
    third = gql.execute(TAGS_PAGE, {"first": 2, "after": second["pageInfo"]["endCursor"]})["tags"]

    # then
    assert (names(first), names(second), names(third)) == (["A", "b"], ["C", "d"], ["e"])
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    assert second["pageInfo"]["hasNextPage"] is True and second["pageInfo"]["hasPreviousPage"] is True
    assert third["pageInfo"]["hasNextPage"] is False and third["pageInfo"]["hasPreviousPage"] is True


def test_tags_page_backwards(gql, five_tags):
    # when
    last = gql.execute(TAGS_PAGE, {"last": 2})["tags"]
    before = gql.execute(TAGS_PAGE, {"last": 2, "before": last["pageInfo"]["startCursor"]})["tags"]
    start = gql.execute(TAGS_PAGE, {"last": 2, "before": before["pageInfo"]["startCursor"]})["tags"]

    # then
    assert (names(last), names(before), names(start)) == (["d", "e"], ["b", "C"], ["A"])
    assert last["pageInfo"]["hasPreviousPage"] is True and last["pageInfo"]["hasNextPage"] is False
    assert before["pageInfo"]["hasPreviousPage"] is True and before["pageInfo"]["hasNextPage"] is True
    assert start["pageInfo"]["hasPreviousPage"] is False and start["pageInfo"]["hasNextPage"] is True


def test_tags_search_ignores_case(gql, make_tag, alice, bob):
    # given
    for name in ["Groceries", "grown-ups", "Garden", "100% done"]:
        make_tag(alice, name)
    make_tag(bob, "Grocer")

    # when
    found = gql.execute(TAGS_PAGE, {"search": " GRO "})["tags"]
    percent = gql.execute(TAGS_PAGE, {"search": "0%"})["tags"]
    underscore = gql.execute(TAGS_PAGE, {"search": "_"})["tags"]

    # then
    assert names(found) == ["Groceries", "grown-ups"]
    assert found["totalCount"] == 2
    assert names(percent) == ["100% done"]
    assert names(underscore) == []


@pytest.mark.parametrize(
    "variables",
    [{"first": 101}, {"first": -1}, {"last": 101}, {"first": 1, "last": 1}, {"after": "not-a-cursor"}],
)
def test_tags_refuse_bad_page_arguments_with_a_code(gql, five_tags, variables):
    # when
    errors = gql.errors(TAGS_PAGE, variables)

    # then
    assert [e["extensions"]["code"] for e in errors] in (["BAD_USER_INPUT"], ["INVALID_CURSOR"])


# Tag.taskCount and Tag.tasks


def test_task_count_follows_tagging_untagging_and_deleting(gql, make_tag, make_task, alice):
    # given
    work, home = make_tag(alice, "work"), make_tag(alice, "home")
    tasks = [make_task(alice, f"task {i}", tags=[work]) for i in range(3)]
    make_task(alice, "home task", tags=[home, work])
    counts_before = gql.execute(TAGS_WITH_COUNTS)

    # when
    assert gql.execute(REMOVE_TAGS, {"taskId": tasks[0]["id"], "tagIds": [work["id"]]})["removeTagsFromTask"]["errors"] == []
    assert gql.execute(DELETE_TASK, {"id": tasks[1]["id"]})["deleteTask"]["errors"] == []
    counts_after = gql.execute(TAGS_WITH_COUNTS)

    # then
    assert counts_before["tags"]["edges"] == [
        {"node": {"name": "home", "taskCount": 1}}, {"node": {"name": "work", "taskCount": 4}}
    ]
    assert counts_after["tags"]["edges"] == [
        {"node": {"name": "home", "taskCount": 1}}, {"node": {"name": "work", "taskCount": 2}}
    ]


@pytest.fixture
def tagged_tasks(make_tag, make_task, alice):
    """Alice's tag "work" on five tasks (t1 oldest … t5 newest), plus an untagged task."""
    work = make_tag(alice, "work")
    for i in range(1, 6):
        make_task(alice, f"t{i}", tags=[work])
        if i == 3:
            make_task(alice, "untagged")
    return work


def test_tag_tasks_lists_the_tasks_carrying_it_newest_first(gql, tagged_tasks):
    # when
    data = gql.execute(TAG_TASKS_PAGE, {"id": tagged_tasks["id"]})

    # then
    connection = data["tag"]["tasks"]
    assert titles(connection) == ["t5", "t4", "t3", "t2", "t1"]
    assert connection["totalCount"] == 5
    assert connection["edges"][0]["node"]["tags"] == [{"name": "work"}]


def test_tag_tasks_page_forwards(gql, tagged_tasks):
    # given
    variables = {"id": tagged_tasks["id"], "first": 2}

    # when
    first = gql.execute(TAG_TASKS_PAGE, variables)["tag"]["tasks"]
    second = gql.execute(TAG_TASKS_PAGE, {**variables, "after": first["pageInfo"]["endCursor"]})["tag"]["tasks"]
    third = gql.execute(TAG_TASKS_PAGE, {**variables, "after": second["pageInfo"]["endCursor"]})["tag"]["tasks"]

    # then
    assert (titles(first), titles(second), titles(third)) == (["t5", "t4"], ["t3", "t2"], ["t1"])
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    assert third["pageInfo"]["hasNextPage"] is False and third["pageInfo"]["hasPreviousPage"] is True


def test_tag_tasks_page_backwards(gql, tagged_tasks):
    # given
    variables = {"id": tagged_tasks["id"], "last": 2}

    # when
    last = gql.execute(TAG_TASKS_PAGE, variables)["tag"]["tasks"]
    before = gql.execute(TAG_TASKS_PAGE, {**variables, "before": last["pageInfo"]["startCursor"]})["tag"]["tasks"]
    start = gql.execute(TAG_TASKS_PAGE, {**variables, "before": before["pageInfo"]["startCursor"]})["tag"]["tasks"]

    # then
    assert (titles(last), titles(before), titles(start)) == (["t2", "t1"], ["t4", "t3"], ["t5"])
    assert last["pageInfo"]["hasPreviousPage"] is True and last["pageInfo"]["hasNextPage"] is False
    assert start["pageInfo"]["hasPreviousPage"] is False and start["pageInfo"]["hasNextPage"] is True


def test_tag_tasks_refuse_a_page_over_the_limit(gql, tagged_tasks):
    # when
    errors = gql.errors(TAG_TASKS_PAGE, {"id": tagged_tasks["id"], "first": 101})

    # then
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"]


def test_another_users_task_never_appears_under_your_tag(live_server, gql, make_tag, make_task, alice, bob):
    # given: a link between Alice's tag and Bob's task, which the API itself never makes
    tag = make_tag(alice, "work")
    make_task(alice, "alice's task", tags=[tag])
    bobs_task = make_task(bob, "bob's task")
    tag_pk, task_pk = decode_id(tag["id"], "Tag"), decode_id(bobs_task["id"], "Task")
    live_server.call(lambda: TaskTag.create(tag_id=tag_pk, task_id=task_pk))

    # when
    tasks = gql.execute(TAG_TASKS_PAGE, {"id": tag["id"]})["tag"]["tasks"]
    count = gql.execute(TAG, {"id": tag["id"]})["tag"]["taskCount"]
    bobs_tags = bob.client.execute(TASK_TAGS, {"id": bobs_task["id"]})["task"]["tags"]

    # then
    assert titles(tasks) == ["alice's task"]
    assert tasks["totalCount"] == 1
    assert count == 1
    assert bobs_tags == []
