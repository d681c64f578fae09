"""reminder(id), node(id), reminders(first, after, filter) and Task.reminders: order, pages, filters, isolation."""

from __future__ import annotations

from api.ids import encode_id
from tests.reminders.conftest import from_now, iso, parse

REMINDER = """
query ($id: ID!) { reminder(id: $id) { id dueAt task { id title } } }
"""

NODE = """
query ($id: ID!) { node(id: $id) { __typename ... on Reminder { id status } } }
"""

REMINDERS = """
query ($first: Int, $after: String, $filter: ReminderFilter) {
  reminders(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id dueAt status deliveredAt } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    totalCount
  }
}
"""

TASKS_WITH_REMINDERS = """
query ($first: Int) {
  tasks(first: $first) { edges { node { id reminders { id dueAt } } } }
}
"""

TASKS_WITHOUT_REMINDERS = """
query ($first: Int) {
  tasks(first: $first) { edges { node { id } } }
}
"""


def ids(connection):
    return [edge["node"]["id"] for edge in connection["edges"]]


def test_reminder_by_id_with_its_task(gql, make_task, make_reminder):
    # given
    task_id = make_task(gql, title="Pay rent")
    reminder = make_reminder(gql, task_id, remind_at=from_now(hours=1))

    # when
    data = gql.execute(REMINDER, {"id": reminder["id"]})

    # then
    assert data["reminder"] == {
        "id": reminder["id"], "dueAt": reminder["dueAt"], "task": {"id": task_id, "title": "Pay rent"}
    }


def test_reminder_of_another_user_or_unknown_is_null(alice, bob, make_task, make_reminder):
    # given
    bobs = make_reminder(bob.client, make_task(bob.client), remind_at=from_now(hours=1))

    # when
    found = [
        alice.client.execute(REMINDER, {"id": reminder_id})["reminder"]
        for reminder_id in (bobs["id"], "junk", encode_id("Reminder", 2**62), encode_id("Task", 1))
    ]
    as_node = alice.client.execute(NODE, {"id": bobs["id"]})["node"]

    # then
    assert found == [None, None, None, None]
    assert as_node is None


def test_reminder_as_node(gql, make_task, make_reminder):
    # given
    reminder = make_reminder(gql, make_task(gql), remind_at=from_now(hours=1))

    # when
    node = gql.execute(NODE, {"id": reminder["id"]})["node"]

    # then
    assert node == {"__typename": "Reminder", "id": reminder["id"], "status": "PENDING"}


def test_reminders_are_ordered_by_effective_time_and_paged(alice, bob, make_task, make_reminder):
    # given
    due = from_now(days=3)
    task_a = make_task(alice.client, due_at=due)
    task_b = make_task(alice.client)
    made = [
        make_reminder(alice.client, task_b, remind_at=from_now(hours=5)),
        make_reminder(alice.client, task_a, minutes_before=60),  # due - 1 h: the latest
        make_reminder(alice.client, task_b, remind_at=from_now(hours=1)),
        make_reminder(alice.client, task_a, remind_at=from_now(hours=3)),
        make_reminder(alice.client, task_a, minutes_before=24 * 60),  # due - 1 day
    ]
    make_reminder(bob.client, make_task(bob.client), remind_at=from_now(hours=2))
    expected = [r["id"] for r in sorted(made, key=lambda r: parse(r["dueAt"]))]

    # when
    first = alice.client.execute(REMINDERS, {"first": 2})["reminders"]
    second = alice.client.execute(REMINDERS, {"first": 2, "after": first["pageInfo"]["endCursor"]})["reminders"]
    third = alice.client.execute(REMINDERS, {"first": 2, "after": second["pageInfo"]["endCursor"]})["reminders"]

    # then
    assert ids(first) + ids(second) + ids(third) == expected
    assert first["totalCount"] == 5
    assert [first["pageInfo"]["hasNextPage"], second["pageInfo"]["hasNextPage"], third["pageInfo"]["hasNextPage"]] == [
        True,
        True,
        False,
    ]
    assert third["pageInfo"]["hasPreviousPage"] is True


def test_reminders_filtered_by_due_time(gql, make_task, make_reminder):
    # given
    task_id = make_task(gql)
    soon = make_reminder(gql, task_id, remind_at=from_now(hours=1))
    middle = make_reminder(gql, task_id, remind_at=from_now(hours=5))
    late = make_reminder(gql, task_id, remind_at=from_now(days=2))

    # when
    before = gql.execute(REMINDERS, {"filter": {"dueBefore": middle["dueAt"]}})["reminders"]
    after = gql.execute(REMINDERS, {"filter": {"dueAfter": middle["dueAt"]}})["reminders"]
    between = gql.execute(
        REMINDERS, {"filter": {"dueAfter": iso(from_now(hours=2)), "dueBefore": iso(from_now(days=1))}}
    )["reminders"]

    # then
    assert ids(before) == [soon["id"]]
    assert ids(after) == [middle["id"], late["id"]]
    assert ids(between) == [middle["id"]]


def test_reminders_filtered_by_status_and_delivery_time_for_offline_catch_up(
    gql, alice, make_task, make_reminder, seed_reminder
):
    # given: two reminders delivered at known times (seeded: no need to wait for the dispatcher), one pending
    task_id = make_task(gql)
    pending = make_reminder(gql, task_id, remind_at=from_now(hours=1))
    early = seed_reminder(
        alice, task_id, remind_at=from_now(hours=-3), status="DELIVERED", delivered_at=from_now(hours=-3)
    )
    late = seed_reminder(
        alice, task_id, remind_at=from_now(minutes=-10), status="DELIVERED", delivered_at=from_now(minutes=-10)
    )

    # when
    delivered = gql.execute(REMINDERS, {"filter": {"status": "DELIVERED"}})["reminders"]
    pending_only = gql.execute(REMINDERS, {"filter": {"status": "PENDING"}})["reminders"]
    missed = gql.execute(
        REMINDERS, {"filter": {"status": "DELIVERED", "deliveredAfter": iso(from_now(hours=-1))}}
    )["reminders"]

    # then
    assert ids(delivered) == [encode_id("Reminder", early), encode_id("Reminder", late)]
    assert ids(pending_only) == [pending["id"]]
    assert ids(missed) == [encode_id("Reminder", late)]
    assert missed["edges"][0]["node"]["status"] == "DELIVERED"
    assert parse(missed["edges"][0]["node"]["deliveredAt"]) > from_now(minutes=-11)


def test_task_reminders_by_effective_time_in_one_statement_for_a_page(gql, make_task, make_reminder, sql_statements):
    # given
    tasks = [make_task(gql, title=f"task {n}", due_at=from_now(days=2)) for n in range(4)]
    expected = {}
    for task_id in tasks:
        made = [
            make_reminder(gql, task_id, remind_at=from_now(hours=30)),
            make_reminder(gql, task_id, minutes_before=10),
            make_reminder(gql, task_id, remind_at=from_now(hours=2)),
        ]
        expected[task_id] = [r["id"] for r in sorted(made, key=lambda r: parse(r["dueAt"]))]

    # when
    with sql_statements() as with_reminders:
        data = gql.execute(TASKS_WITH_REMINDERS, {"first": 10})
    with sql_statements() as without_reminders:
        gql.execute(TASKS_WITHOUT_REMINDERS, {"first": 10})

    # then
    got = {edge["node"]["id"]: [r["id"] for r in edge["node"]["reminders"]] for edge in data["tasks"]["edges"]}
    assert got == expected
    reads = [s for s in with_reminders.statements if s.lstrip().upper().startswith("SELECT") and '"reminder"' in s]
    assert len(reads) == 1, reads
    requests_statements = [s for s in with_reminders.statements if not _is_dispatcher(s)]
    baseline = [s for s in without_reminders.statements if not _is_dispatcher(s)]
    assert len(requests_statements) == len(baseline) + 1


def _is_dispatcher(statement: str) -> bool:
    """The live server's dispatcher polls in the background: its statements are not the request's."""
    text = statement.lstrip().upper()
    return text.startswith(("UPDATE REMINDER", "WITH DELIVERED")) or "MIN(FIRE_AT)" in text


def test_task_without_reminders_has_an_empty_list(gql, make_task):
    # given
    task_id = make_task(gql)

    # when
    data = gql.execute("query ($id: ID!) { task(id: $id) { reminders { id } } }", {"id": task_id})

    # then
    assert data["task"]["reminders"] == []
