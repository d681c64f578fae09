"""createTag, updateTag and deleteTag: success paths and every user error."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.graphql import GraphQLClient

CREATE_TAG = """
mutation CreateTag($input: CreateTagInput!) {
  createTag(input: $input) { tag { id name color createdAt taskCount } errors { field message code } }
}
"""

UPDATE_TAG = """
mutation UpdateTag($input: UpdateTagInput!) {
  updateTag(input: $input) { tag { id name color } errors { field message code } }
}
"""

DELETE_TAG = """
mutation DeleteTag($id: ID!) {
  deleteTag(id: $id) { tag { id name } errors { field message code } }
}
"""

TAGS = """
query Tags { tags(first: 100) { edges { node { id name color } } } }
"""

TASK_TAGS = """
query TaskTags($id: ID!) { task(id: $id) { id title tags { name } } }
"""


def tag_names(client) -> list[str]:
    return [edge["node"]["name"] for edge in client.execute(TAGS)["tags"]["edges"]]


def codes(payload: dict) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


# createTag


def test_create_tag_trims_the_name_and_normalises_the_color(gql):
    # when
    data = gql.execute(CREATE_TAG, {"input": {"name": "  Errands  ", "color": "#1e90ff"}})

    # then
    payload = data["createTag"]
    assert payload["errors"] == []
    assert payload["tag"]["name"] == "Errands"
    assert payload["tag"]["color"] == "#1E90FF"
    assert payload["tag"]["taskCount"] == 0
    assert payload["tag"]["createdAt"]
    assert tag_names(gql) == ["Errands"]


def test_create_tag_without_color(gql):
    # when
    payload = gql.execute(CREATE_TAG, {"input": {"name": "home"}})["createTag"]

    # then
    assert payload["errors"] == []
    assert payload["tag"]["color"] is None


def test_create_tag_accepts_fifty_characters(gql):
    # when
    payload = gql.execute(CREATE_TAG, {"input": {"name": "x" * 50}})["createTag"]

    # then
    assert payload["errors"] == []
    assert payload["tag"]["name"] == "x" * 50


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_create_tag_refuses_a_blank_name(gql, name):
    # when
    payload = gql.execute(CREATE_TAG, {"input": {"name": name}})["createTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [(["input", "name"], "BLANK")]
    assert tag_names(gql) == []


def test_create_tag_refuses_a_name_over_fifty_characters(gql):
    # when
    payload = gql.execute(CREATE_TAG, {"input": {"name": "x" * 51}})["createTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [(["input", "name"], "TOO_LONG")]
    assert tag_names(gql) == []


@pytest.mark.parametrize("color", ["red", "#12345", "#1234567", "123456", "#GGGGGG", "#12345\n", ""])
def test_create_tag_refuses_a_bad_color(gql, color):
    # when
    payload = gql.execute(CREATE_TAG, {"input": {"name": "work", "color": color}})["createTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [(["input", "color"], "INVALID")]
    assert tag_names(gql) == []


def test_create_tag_reports_name_and_color_errors_together(gql):
    # when
    payload = gql.execute(CREATE_TAG, {"input": {"name": " ", "color": "blue"}})["createTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [(["input", "name"], "BLANK"), (["input", "color"], "INVALID")]


@pytest.mark.parametrize("duplicate", ["Work", "work", "WORK", "  wOrK "])
def test_create_tag_refuses_a_name_taken_ignoring_case(gql, make_tag, alice, duplicate):
    # given
    make_tag(alice, "Work")

    # when
    payload = gql.execute(CREATE_TAG, {"input": {"name": duplicate}})["createTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [(["input", "name"], "TAKEN")]
    assert tag_names(gql) == ["Work"]


def test_the_same_name_is_free_for_another_user(make_tag, alice, bob):
    # given
    make_tag(alice, "Work")

    # when
    payload = bob.client.execute(CREATE_TAG, {"input": {"name": "work"}})["createTag"]

    # then
    assert payload["errors"] == []
    assert payload["tag"]["name"] == "work"


def test_racing_creates_of_one_name_give_one_tag_and_taken_errors(live_server, alice):
    # given: the database's unique constraint, not a prior lookup, decides who wins
    names = ["Race", "race", "RACE", "rAcE", "Race ", " race", "RaCe", "racE"]
    clients = [GraphQLClient(live_server.url, alice.token) for _ in names]

    # when
    def create(pair):
        client, name = pair
        response = client.post(CREATE_TAG, {"input": {"name": name}})
        return response.status_code, response.json()

    try:
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            results = list(pool.map(create, zip(clients, names)))
    finally:
        for client in clients:
            client.close()

    # then
    assert all(status == 200 and "errors" not in body for status, body in results), results
    payloads = [body["data"]["createTag"] for _, body in results]
    assert sum(1 for p in payloads if p["errors"] == []) == 1
    assert sorted(codes(p) for p in payloads if p["errors"]) == [[(["input", "name"], "TAKEN")]] * (len(names) - 1)
    assert len(tag_names(alice.client)) == 1


# updateTag


def test_update_tag_renames_and_recolors(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work", "#000000")

    # when
    payload = gql.execute(UPDATE_TAG, {"input": {"id": tag["id"], "name": " Office ", "color": "#abcdef"}})["updateTag"]

    # then
    assert payload["errors"] == []
    assert payload["tag"] == {"id": tag["id"], "name": "Office", "color": "#ABCDEF"}
    assert tag_names(gql) == ["Office"]


def test_update_tag_leaves_absent_fields_unchanged(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work", "#123456")

    # when
    renamed = gql.execute(UPDATE_TAG, {"input": {"id": tag["id"], "name": "job"}})["updateTag"]
    recolored = gql.execute(UPDATE_TAG, {"input": {"id": tag["id"], "color": "#654321"}})["updateTag"]

    # then
    assert renamed["errors"] == []
    assert renamed["tag"] == {"id": tag["id"], "name": "job", "color": "#123456"}
    assert recolored["errors"] == []
    assert recolored["tag"] == {"id": tag["id"], "name": "job", "color": "#654321"}


def test_update_tag_with_null_color_clears_it(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work", "#123456")

    # when
    payload = gql.execute(UPDATE_TAG, {"input": {"id": tag["id"], "color": None}})["updateTag"]

    # then
    assert payload["errors"] == []
    assert payload["tag"] == {"id": tag["id"], "name": "work", "color": None}


def test_update_tag_may_change_only_the_case_of_its_own_name(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work")

    # when
    payload = gql.execute(UPDATE_TAG, {"input": {"id": tag["id"], "name": "WORK"}})["updateTag"]

    # then
    assert payload["errors"] == []
    assert payload["tag"]["name"] == "WORK"


def test_update_tag_refuses_a_name_another_tag_has_ignoring_case(gql, make_tag, alice):
    # given
    make_tag(alice, "Home")
    tag = make_tag(alice, "work")

    # when
    payload = gql.execute(UPDATE_TAG, {"input": {"id": tag["id"], "name": "hOME", "color": "#111111"}})["updateTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [(["input", "name"], "TAKEN")]
    assert sorted(tag_names(gql)) == ["Home", "work"]
    assert gql.execute(TAGS)["tags"]["edges"][1]["node"]["color"] is None


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"name": "  "}, (["input", "name"], "BLANK")),
        ({"name": None}, (["input", "name"], "BLANK")),
        ({"name": "y" * 51}, (["input", "name"], "TOO_LONG")),
        ({"color": "#12"}, (["input", "color"], "INVALID")),
    ],
)
def test_update_tag_refuses_bad_values_and_changes_nothing(gql, make_tag, alice, changes, error):
    # given
    tag = make_tag(alice, "work", "#123456")

    # when
    payload = gql.execute(UPDATE_TAG, {"input": {"id": tag["id"], **changes}})["updateTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [error]
    assert gql.execute(TAGS)["tags"]["edges"] == [{"node": {"id": tag["id"], "name": "work", "color": "#123456"}}]


def test_update_tag_of_an_unknown_or_malformed_id_is_not_found(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work")
    task = gql.execute(
        "mutation { createTask(input: {title: \"t\"}) { task { id } errors { code } } }"
    )["createTask"]["task"]

    for bad_id in ["VGFnOjk5OTk5OTk=", "nonsense", task["id"]]:
        # when
        payload = gql.execute(UPDATE_TAG, {"input": {"id": bad_id, "name": "other"}})["updateTag"]

        # then
        assert payload["tag"] is None
        assert codes(payload) == [(["input", "id"], "NOT_FOUND")]
    assert tag_names(gql) == ["work"] and tag["name"] == "work"


def test_update_tag_of_another_users_tag_is_not_found(make_tag, alice, bob):
    # given
    tag = make_tag(alice, "work")

    # when
    payload = bob.client.execute(UPDATE_TAG, {"input": {"id": tag["id"], "name": "stolen"}})["updateTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [(["input", "id"], "NOT_FOUND")]
    assert tag_names(alice.client) == ["work"]


# deleteTag


def test_delete_tag_detaches_it_and_keeps_its_tasks(gql, make_tag, make_task, alice):
    # given
    work = make_tag(alice, "work")
    home = make_tag(alice, "home")
    task = make_task(alice, "Write report", tags=[work, home])

    # when
    payload = gql.execute(DELETE_TAG, {"id": work["id"]})["deleteTag"]

    # then
    assert payload["errors"] == []
    assert payload["tag"] == {"id": work["id"], "name": "work"}
    assert tag_names(gql) == ["home"]
    assert gql.execute(TASK_TAGS, {"id": task["id"]})["task"] == {
        "id": task["id"], "title": "Write report", "tags": [{"name": "home"}]
    }


def test_delete_tag_frees_its_name(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work")
    assert gql.execute(DELETE_TAG, {"id": tag["id"]})["deleteTag"]["errors"] == []

    # when
    payload = gql.execute(CREATE_TAG, {"input": {"name": "Work"}})["createTag"]

    # then
    assert payload["errors"] == []
    assert payload["tag"]["id"] != tag["id"]


def test_delete_tag_twice_is_not_found(gql, make_tag, alice):
    # given
    tag = make_tag(alice, "work")
    assert gql.execute(DELETE_TAG, {"id": tag["id"]})["deleteTag"]["errors"] == []

    # when
    payload = gql.execute(DELETE_TAG, {"id": tag["id"]})["deleteTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [(["id"], "NOT_FOUND")]


def test_delete_tag_of_another_user_or_a_malformed_id_is_not_found(make_tag, make_task, alice, bob):
    # given
    tag = make_tag(alice, "work")
    make_task(alice, "Write report", tags=[tag])

    for bad_id in [tag["id"], "not-an-id"]:
        # when
        payload = bob.client.execute(DELETE_TAG, {"id": bad_id})["deleteTag"]

        # then
        assert payload["tag"] is None
        assert codes(payload) == [(["id"], "NOT_FOUND")]
    assert tag_names(alice.client) == ["work"]
    count = alice.client.execute("query($id: ID!) { tag(id: $id) { taskCount } }", {"id": tag["id"]})
    assert count == {"tag": {"taskCount": 1}}


def test_names_compare_casefolded(gql, make_tag, alice):
    # given
    make_tag(alice, "Straße")

    # when
    payload = gql.execute(CREATE_TAG, {"input": {"name": "STRASSE"}})["createTag"]

    # then
    assert payload["tag"] is None
    assert codes(payload) == [(["input", "name"], "TAKEN")]


def test_a_name_whose_casefolded_form_exceeds_fifty_characters_is_too_long(gql):
    # when: "ß" casefolds to "ss", so 26 of them compare as 52 characters
    fits = gql.execute(CREATE_TAG, {"input": {"name": "ß" * 25}})["createTag"]
    too_long = gql.execute(CREATE_TAG, {"input": {"name": "ß" * 26}})["createTag"]

    # then
    assert fits["errors"] == []
    assert too_long["tag"] is None
    assert codes(too_long) == [(["input", "name"], "TOO_LONG")]
