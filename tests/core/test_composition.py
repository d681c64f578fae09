"""Composition: every module subset composes and serves; conflicts are start-up errors naming both modules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import strawberry

from api.composition import compose_types
from api.contract import FeatureModule
from api.registry import CompositionError, load_modules
from tests.support.process import ROOT, served, taskapi

SUBSETS = ["tasks", "tasks,tags", "tasks,reminders", "tasks,tags,reminders"]
TASK_FIELDS = '{ __type(name: "Task") { fields { name } } }'


@pytest.mark.parametrize("modules", SUBSETS)
def test_each_subset_schema_matches_its_snapshot(modules, snapshot):
    schema = taskapi("export-schema", "--stdout", env={"MODULES": modules}).stdout
    assert "type Task implements Node" in schema
    assert schema == snapshot


@pytest.mark.parametrize("modules", SUBSETS)
def test_each_subset_serves(modules):
    with served({"MODULES": modules}) as app:
        created = app.post('mutation { createTask(input: {title: "x"}) { task { title } errors { code } } }').json()
        listed = app.post("{ tasks { totalCount } }").json()
        fields = {f["name"] for f in app.post(TASK_FIELDS).json()["data"]["__type"]["fields"]}

    assert created == {"data": {"createTask": {"task": {"title": "x"}, "errors": []}}}
    assert listed == {"data": {"tasks": {"totalCount": 1}}}
    assert {"id", "title", "dueAt"} <= fields


def test_committed_schema_is_the_full_composition(live_server):
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == live_server.server.config.app.state.schema.as_str() + "\n"


def test_module_without_its_prerequisite_is_a_start_up_error():
    result = taskapi("export-schema", "--stdout", env={"MODULES": "tags"}, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "taskapi: error: module 'tags' builds on 'tasks', which is not enabled: add 'tasks' to MODULES"
    )


def test_unknown_module_is_a_start_up_error():
    with pytest.raises(CompositionError, match="unknown module 'nope'"):
        load_modules(["tasks", "nope"])


def _widget_module(name: str, **fields) -> FeatureModule:
    @strawberry.type(name="Widget", description="A test type owned by one module.")
    class WidgetBase:
        size: int

    return FeatureModule(name=name, models="", extensible={"Widget": WidgetBase}, **fields)


def test_duplicate_contributed_field_names_both_modules():
    # given: two modules add `label` to Widget
    @strawberry.type
    class LabelA:
        @strawberry.field
        def label(self) -> str:
            return "a"

    @strawberry.type
    class LabelB:
        @strawberry.field
        def label(self) -> str:
            return "b"

    owner = _widget_module("widgets")
    first = FeatureModule(name="first", models="", contributions={"Widget": LabelA})
    second = FeatureModule(name="second", models="", contributions={"Widget": LabelB})

    # then
    with pytest.raises(CompositionError, match=r"duplicate field Widget\.label: declared by module 'first' and by module 'second'"):
        compose_types([owner, first, second])


def test_contribution_shadowing_an_owned_field_is_an_error():
    @strawberry.type
    class Size:
        @strawberry.field
        def size(self) -> int:
            return 0

    with pytest.raises(CompositionError, match=r"Widget\.size: declared by module 'widgets' and by module 'sizes'"):
        compose_types([_widget_module("widgets"), FeatureModule(name="sizes", models="", contributions={"Widget": Size})])


def test_duplicate_type_is_an_error():
    with pytest.raises(CompositionError, match="duplicate type Widget: declared by module 'one' and by module 'two'"):
        compose_types([_widget_module("one"), _widget_module("two")])


def test_contribution_to_a_type_no_enabled_module_owns_is_an_error():
    @strawberry.type
    class Extra:
        @strawberry.field
        def extra(self) -> int:
            return 0

    with pytest.raises(CompositionError, match="adds fields to Gadget, which no enabled module declares extensible"):
        compose_types([FeatureModule(name="x", models="", contributions={"Gadget": Extra})])


def test_undecorated_contribution_is_an_error_not_silently_dropped():
    class Plain:
        def extra(self) -> int:
            return 0

    with pytest.raises(CompositionError, match="is not a strawberry type"):
        compose_types([_widget_module("widgets"), FeatureModule(name="x", models="", contributions={"Widget": Plain})])


def test_duplicate_root_field_names_both_modules():
    script = """
import strawberry
from api.composition import compose_schema
from api.contract import FeatureModule
from api.registry import load_modules

@strawberry.type
class Clash:
    @strawberry.field
    def tasks(self) -> int:
        return 0

compose_schema([*load_modules(["tasks"]), FeatureModule(name="clash", models="", query=Clash)])
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert "duplicate field Query.tasks: declared by module 'tasks' and by module 'clash'" in result.stderr


def test_import_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout
