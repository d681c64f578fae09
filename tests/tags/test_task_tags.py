"""addTagsToTask and removeTagsFromTask: success paths, no-ops, and every user error (which change nothing)."""

from __future__ import annotations

import pytest

from api.ids import encode_id

ADD_TAGS = """
mutation AddTags($taskId: ID!, $tagIds: [ID!]!) {
  addTagsToTask(taskId: $taskId, tagIds: $tagIds) {
    task { id title tags { id name } }
    errors { field message code }
  }
}
"""

REMOVE_TAGS = """
mutation RemoveTags($taskId: ID!, $tagIds: [ID!]!) {
  removeTagsFromTask(taskId: $taskId, tagIds: $tagIds) {
    task { id tags { name } }
    errors { field message code }
  }
}
"""

TASK_TAGS = """
query TaskTags($id: ID!) { task(id: $id) { tags { name } } }
"""

ADD_THEN_RENAME_THEN_REMOVE = """
mutation Steps($taskId: ID!, $tagId: ID!) {
  added: addTagsToTask(taskId: $taskId, tagIds: [$tagId]) { task { tags { name } } errors { code } }
  renamed: updateTag(input: {id: $tagId, name: "renamed"}) { tag { name taskCount } errors { code } }
  again: addTagsToTask(taskId: $taskId, tagIds: []) { task { tags { name } } errors { code } }
  removed: removeTagsFromTask(taskId: $taskId, tagIds: [$tagId]) { task { tags { name } } errors { code } }
}
"""


def tags_of(client, task: dict) -> list[str]:
    return [tag["name"] for tag in client.execute(TASK_TAGS, {"id": task["id"]})["task"]["tags"]]


def codes(payload: dict) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


# addTagsToTask


def test_add_tags_to_task_returns_the_task_with_its_tags_by_name(gql, make_tag, make_task, alice):
    # given
    zeta, alpha, beta = make_tag(alice, "zeta"), make_tag(alice, "Alpha"), make_tag(alice, "beta")
    task = make_task(alice, "Plan trip")

    # when
    payload = gql.execute(ADD_TAGS, {"taskId": task["id"], "tagIds": [zeta["id"], alpha["id"], beta["id"]]})

    # then
    result = payload["addTagsToTask"]
    assert result["errors"] == []
    assert result["task"]["id"] == task["id"]
    assert result["task"]["tags"] == [
        {"id": alpha["id"], "name": "Alpha"}, {"id": beta["id"], "name": "beta"}, {"id": zeta["id"], "name": "zeta"}
    ]
    assert tags_of(gql, task) == ["Alpha", "beta", "zeta"]


def test_adding_a_tag_already_on_the_task_is_a_no_op(gql, make_tag, make_task, alice):
    # given
    work, home = make_tag(alice, "work"), make_tag(alice, "home")
    task = make_task(alice, "Plan trip", tags=[work])

    # when
    payload = gql.execute(ADD_TAGS, {"taskId": task["id"], "tagIds": [work["id"], home["id"], work["id"]]})

    # then
    assert payload["addTagsToTask"]["errors"] == []
    assert [t["name"] for t in payload["addTagsToTask"]["task"]["tags"]] == ["home", "work"]
    count = gql.execute("query($id: ID!) { tag(id: $id) { taskCount } }", {"id": work["id"]})
    assert count == {"tag": {"taskCount": 1}}


def test_add_an_empty_list_changes_nothing(gql, make_tag, make_task, alice):
    # given
    task = make_task(alice, "Plan trip", tags=[make_tag(alice, "work")])

    # when
    payload = gql.execute(ADD_TAGS, {"taskId": task["id"], "tagIds": []})["addTagsToTask"]

    # then
    assert payload["errors"] == []
    assert [t["name"] for t in payload["task"]["tags"]] == ["work"]


def test_add_tags_to_an_unknown_task_is_not_found(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work")

    for task_id in [encode_id("Task", 987654321), "garbage", tag["id"]]:
        # when
        payload = gql.execute(ADD_TAGS, {"taskId": task_id, "tagIds": [tag["id"]]})["addTagsToTask"]

        # then
        assert payload["task"] is None
        assert codes(payload) == [(["taskId"], "NOT_FOUND")]


def test_add_an_unknown_tag_is_not_found_and_nothing_is_added(gql, make_tag, make_task, alice):
    # given
    work, home = make_tag(alice, "work"), make_tag(alice, "home")
    task = make_task(alice, "Plan trip")
    tag_ids = [work["id"], encode_id("Tag", 987654321), home["id"], "garbage", task["id"]]

    # when
    payload = gql.execute(ADD_TAGS, {"taskId": task["id"], "tagIds": tag_ids})["addTagsToTask"]

    # then
    assert payload["task"] is None
    assert codes(payload) == [(["tagIds", "1"], "NOT_FOUND"), (["tagIds", "3"], "NOT_FOUND"), (["tagIds", "4"], "NOT_FOUND")]
    assert tags_of(gql, task) == []


def test_another_users_tag_cannot_be_put_on_your_task(make_tag, make_task, alice, bob):
    # given
    mine = make_tag(bob, "mine")
    theirs = make_tag(alice, "secret")
    task = make_task(bob, "Bob's task")

    # when
    payload = bob.client.execute(ADD_TAGS, {"taskId": task["id"], "tagIds": [mine["id"], theirs["id"]]})["addTagsToTask"]

    # then
    assert payload["task"] is None
    assert codes(payload) == [(["tagIds", "1"], "NOT_FOUND")]
    assert payload["errors"][0]["message"] == "Tag not found."
    assert tags_of(bob.client, task) == []


def test_your_tag_cannot_be_put_on_another_users_task(make_tag, make_task, alice, bob):
    # given
    tag = make_tag(bob, "mine")
    task = make_task(alice, "Alice's task")

    # when
    payload = bob.client.execute(ADD_TAGS, {"taskId": task["id"], "tagIds": [tag["id"]]})["addTagsToTask"]

    # then
    assert payload["task"] is None
    assert codes(payload) == [(["taskId"], "NOT_FOUND")]
    assert tags_of(alice.client, task) == []


def test_add_tags_reports_task_and_tag_errors_together(gql, make_task, alice):
    # when
    payload = gql.execute(
        ADD_TAGS, {"taskId": encode_id("Task", 987654321), "tagIds": [encode_id("Tag", 987654321)]}
    )["addTagsToTask"]

    # then
    assert payload["task"] is None
    assert codes(payload) == [(["taskId"], "NOT_FOUND"), (["tagIds", "0"], "NOT_FOUND")]


def test_add_tags_refuses_more_than_a_hundred_ids(gql, make_tag, make_task, alice):
    # given
    tag = make_tag(alice, "work")
    task = make_task(alice, "Plan trip")

    # when
    payload = gql.execute(ADD_TAGS, {"taskId": task["id"], "tagIds": [tag["id"]] * 101})["addTagsToTask"]

    # then
    assert payload["task"] is None
    assert codes(payload) == [(["tagIds"], "TOO_MANY")]
    assert "at most 100" in payload["errors"][0]["message"]
    assert tags_of(gql, task) == []


def test_add_tags_accepts_exactly_a_hundred_ids(gql, make_tag, make_task, alice):
    # given
    tag = make_tag(alice, "work")
    task = make_task(alice, "Plan trip")

    # when
    payload = gql.execute(ADD_TAGS, {"taskId": task["id"], "tagIds": [tag["id"]] * 100})["addTagsToTask"]

    # then
    assert payload["errors"] == []
    assert [t["name"] for t in payload["task"]["tags"]] == ["work"]


# removeTagsFromTask


def test_remove_tags_from_task(gql, make_tag, make_task, alice):
    # given
    work, home, fun = make_tag(alice, "work"), make_tag(alice, "home"), make_tag(alice, "fun")
    task = make_task(alice, "Plan trip", tags=[work, home, fun])

    # when
    payload = gql.execute(REMOVE_TAGS, {"taskId": task["id"], "tagIds": [work["id"], fun["id"]]})["removeTagsFromTask"]

    # then
    assert payload["errors"] == []
    assert payload["task"] == {"id": task["id"], "tags": [{"name": "home"}]}
    assert tags_of(gql, task) == ["home"]
    # the tags themselves stay
    names = [e["node"]["name"] for e in gql.execute("{ tags { edges { node { name } } } }")["tags"]["edges"]]
    assert names == ["fun", "home", "work"]


def test_removing_a_tag_the_task_does_not_carry_is_a_no_op(gql, make_tag, make_task, alice):
    # given
    work, home = make_tag(alice, "work"), make_tag(alice, "home")
    task = make_task(alice, "Plan trip", tags=[work])

    # when
    payload = gql.execute(REMOVE_TAGS, {"taskId": task["id"], "tagIds": [home["id"]]})["removeTagsFromTask"]

    # then
    assert payload["errors"] == []
    assert payload["task"]["tags"] == [{"name": "work"}]


@pytest.mark.parametrize("bad", ["unknown", "garbage", "foreign"])
def test_remove_with_a_bad_tag_id_is_not_found_and_removes_nothing(make_tag, make_task, alice, bob, bad):
    # given
    work, home = make_tag(alice, "work"), make_tag(alice, "home")
    task = make_task(alice, "Plan trip", tags=[work, home])
    bad_id = {"unknown": encode_id("Tag", 987654321), "garbage": "garbage", "foreign": make_tag(bob, "x")["id"]}[bad]

    # when
    payload = alice.client.execute(
        REMOVE_TAGS, {"taskId": task["id"], "tagIds": [work["id"], bad_id]}
    )["removeTagsFromTask"]

    # then
    assert payload["task"] is None
    assert codes(payload) == [(["tagIds", "1"], "NOT_FOUND")]
    assert tags_of(alice.client, task) == ["home", "work"]


def test_remove_from_another_users_task_is_not_found(make_tag, make_task, alice, bob):
    # given
    tag = make_tag(alice, "work")
    task = make_task(alice, "Plan trip", tags=[tag])

    # when
    payload = bob.client.execute(REMOVE_TAGS, {"taskId": task["id"], "tagIds": []})["removeTagsFromTask"]

    # then
    assert payload["task"] is None
    assert codes(payload) == [(["taskId"], "NOT_FOUND")]
    assert tags_of(alice.client, task) == ["work"]


def test_remove_tags_refuses_more_than_a_hundred_ids(gql, make_tag, make_task, alice):
    # given
    tag = make_tag(alice, "work")
    task = make_task(alice, "Plan trip", tags=[tag])

    # when
    payload = gql.execute(REMOVE_TAGS, {"taskId": task["id"], "tagIds": [tag["id"]] * 101})["removeTagsFromTask"]

    # then
    assert payload["task"] is None
    assert codes(payload) == [(["tagIds"], "TOO_MANY")]
    assert tags_of(gql, task) == ["work"]


def test_later_mutations_of_one_operation_see_earlier_changes(gql, make_tag, make_task, alice):
    # given
    tag = make_tag(alice, "work")
    task = make_task(alice, "Plan trip")

    # when
    data = gql.execute(ADD_THEN_RENAME_THEN_REMOVE, {"taskId": task["id"], "tagId": tag["id"]})

    # then
    assert data == {
        "added": {"task": {"tags": [{"name": "work"}]}, "errors": []},
        "renamed": {"tag": {"name": "renamed", "taskCount": 1}, "errors": []},
        "again": {"task": {"tags": [{"name": "renamed"}]}, "errors": []},
        "removed": {"task": {"tags": []}, "errors": []},
    }
