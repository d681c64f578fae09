"""The README's claims that code can check."""

from dataclasses import fields

from api.cli import parser
from api.settings import Settings
from tests.support.process import ROOT

README = (ROOT / "README.md").read_text()


def test_every_setting_is_in_the_configuration_table():
    for field in fields(Settings):
        assert f"| `{field.name.upper()}` |" in README, field.name


def test_every_command_is_documented():
    commands = parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"taskapi {name}" in README, name


def test_the_two_set_up_commands_are_the_ones_ci_runs():
    assert "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/taskapi serve" in README
    assert "bash .ci/test" in README
    assert "bash .ci/test" in (ROOT / ".ci" / "run").read_text()
