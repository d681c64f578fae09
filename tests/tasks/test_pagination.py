"""The tasks connection: keyset pagination both ways, filters, ordering, limits."""

from __future__ import annotations

import pytest

from tests.tasks.conftest import create_task

TASKS = """
query ($first: Int, $after: String, $last: Int, $before: String, $filter: TaskFilter, $orderBy: TaskOrder) {
  tasks(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { cursor node { title } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def titles(connection):
    return [edge["node"]["title"] for edge in connection["edges"]]


def walk_forwards(gql, size, **variables):
    seen, after = [], None
    while True:
        page = gql.execute(TASKS, {"first": size, "after": after, **variables})["tasks"]
        seen += titles(page)
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


def walk_backwards(gql, size, **variables):
    seen, before = [], None
    while True:
        page = gql.execute(TASKS, {"last": size, "before": before, **variables})["tasks"]
        seen = titles(page) + seen
        if not page["pageInfo"]["hasPreviousPage"]:
            return seen
        before = page["pageInfo"]["startCursor"]


@pytest.fixture
def seven_tasks(gql):
    for i in range(7):
        create_task(gql, title=f"t{i}")
    return [f"t{i}" for i in range(7)]


def test_default_order_is_newest_first_and_default_page_is_20(gql):
    for i in range(22):
        create_task(gql, title=f"n{i:02}")
    page = gql.execute(TASKS)["tasks"]
    assert page["totalCount"] == 22
    assert titles(page) == [f"n{i:02}" for i in range(21, 1, -1)]
    assert page["pageInfo"]["hasNextPage"] is True


def test_forwards_and_backwards_see_every_task_once(gql, seven_tasks):
    order = {"orderBy": {"field": "CREATED_AT", "direction": "ASC"}}
    assert walk_forwards(gql, 3, **order) == seven_tasks
    assert walk_backwards(gql, 3, **order) == seven_tasks
    assert walk_forwards(gql, 2) == list(reversed(seven_tasks))


def test_page_info_in_the_middle(gql, seven_tasks):
    order = {"field": "CREATED_AT", "direction": "ASC"}
    first = gql.execute(TASKS, {"first": 3, "orderBy": order})["tasks"]
    second = gql.execute(TASKS, {"first": 3, "after": first["pageInfo"]["endCursor"], "orderBy": order})["tasks"]
    back = gql.execute(TASKS, {"last": 2, "before": second["pageInfo"]["startCursor"], "orderBy": order})["tasks"]
    assert titles(second) == ["t3", "t4", "t5"]
    assert second["pageInfo"]["hasNextPage"] is True and second["pageInfo"]["hasPreviousPage"] is True
    assert titles(back) == ["t1", "t2"]
    assert back["pageInfo"]["hasPreviousPage"] is True


def test_order_by_priority_breaks_ties_stably(gql):
    for title, priority in [("a", "LOW"), ("b", "URGENT"), ("c", "LOW"), ("d", "NONE"), ("e", "URGENT")]:
        create_task(gql, title=title, priority=priority)
    asc = {"orderBy": {"field": "PRIORITY", "direction": "ASC"}}
    desc = {"orderBy": {"field": "PRIORITY", "direction": "DESC"}}
    assert walk_forwards(gql, 2, **asc) == ["d", "a", "c", "b", "e"]
    assert walk_backwards(gql, 2, **asc) == ["d", "a", "c", "b", "e"]
    assert walk_forwards(gql, 2, **desc) == ["e", "b", "c", "a", "d"]


def test_order_by_due_time_puts_undated_tasks_last_both_ways(gql):
    for title, due in [("x", None), ("late", "2031-01-01T00:00:00Z"), ("y", None), ("early", "2030-01-01T00:00:00Z")]:
        create_task(gql, title=title, dueAt=due)
    asc = {"orderBy": {"field": "DUE_AT", "direction": "ASC"}}
    desc = {"orderBy": {"field": "DUE_AT", "direction": "DESC"}}
    assert walk_forwards(gql, 1, **asc) == ["early", "late", "x", "y"]
    assert walk_backwards(gql, 1, **asc) == ["early", "late", "x", "y"]
    assert walk_forwards(gql, 3, **desc) == ["late", "early", "y", "x"]
    assert walk_backwards(gql, 3, **desc) == ["late", "early", "y", "x"]


def test_filters(gql):
    # given
    create_task(gql, title="Buy milk", priority="HIGH", dueAt="2030-01-10T00:00:00Z")
    create_task(gql, title="Call MOM", priority="LOW", dueAt="2030-02-10T00:00:00Z")
    done = create_task(gql, title="Pay rent", priority="HIGH")
    gql.execute("mutation ($id: ID!) { completeTask(id: $id) { errors { code } } }", {"id": done["id"]})

    def matching(filter_):
        return sorted(walk_forwards(gql, 10, filter=filter_))

    # then
    assert matching({"completed": True}) == ["Pay rent"]
    assert matching({"completed": False}) == ["Buy milk", "Call MOM"]
    assert matching({"priority": ["HIGH"]}) == ["Buy milk", "Pay rent"]
    assert matching({"priority": ["HIGH", "LOW"], "completed": False}) == ["Buy milk", "Call MOM"]
    assert matching({"dueBefore": "2030-02-01T00:00:00Z"}) == ["Buy milk"]
    assert matching({"dueAfter": "2030-02-01T00:00:00Z"}) == ["Call MOM"]
    assert matching({"search": "mom"}) == ["Call MOM"]
    assert matching({"search": "nothing like it"}) == []
    assert gql.execute(TASKS, {"filter": {"priority": ["HIGH"]}})["tasks"]["totalCount"] == 2


@pytest.mark.parametrize(
    "variables",
    [{"first": 1000}, {"last": 101}, {"first": -1}, {"first": 2, "last": 2}],
)
def test_page_size_out_of_range_is_a_coded_error(gql, variables):
    errors = gql.errors(TASKS, variables)
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_first_100_is_allowed(gql):
    assert gql.execute(TASKS, {"first": 100})["tasks"]["edges"] == []


@pytest.mark.parametrize("cursor", ["garbage", "WyJ4IiwxXQ", "W10", "WzEsIngiXQ"])
def test_malformed_cursor_is_a_coded_error(gql, cursor):
    errors = gql.errors(TASKS, {"first": 2, "after": cursor})
    assert errors[0]["extensions"]["code"] == "INVALID_CURSOR"


def test_cursor_of_another_ordering_is_refused(gql, seven_tasks):
    page = gql.execute(TASKS, {"first": 1, "orderBy": {"field": "PRIORITY", "direction": "ASC"}})["tasks"]
    errors = gql.errors(TASKS, {"first": 1, "after": page["pageInfo"]["endCursor"]})
    assert errors[0]["extensions"]["code"] == "INVALID_CURSOR"
