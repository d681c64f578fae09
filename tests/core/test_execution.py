"""The fast execution path gives exactly what standard execution gives: data, errors, paths, null propagation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pytest
import strawberry

from api.composition import _plain_attribute_resolvers
from api.execution import FastLeafExecutionContext


@strawberry.enum
class Color(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Leaf:
    name: str
    color: Color | None
    size: int


@strawberry.type
class Branch:
    label: str
    leaves: list[Leaf]
    maybe: list[Leaf | None] | None

    @strawberry.field
    def shout(self) -> str:
        return self.label.upper()


@dataclass
class LeafRow:
    name: str | None
    color: Color | None
    size: object


@dataclass
class BranchRow:
    label: str
    leaves: list
    maybe: list | None


GOOD = [BranchRow("a", [LeafRow("x", Color.RED, 1), LeafRow("y", None, 2)], [LeafRow("z", Color.BLUE, 3), None])]
NULL_IN_NON_NULL = [BranchRow("b", [LeafRow(None, None, 1)], None)]
BAD_SCALAR = [BranchRow("c", [LeafRow("w", None, "not a number")], None)]


def make_schema(fast: bool, rows: list) -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def branches(self) -> list[Branch]:
            return rows  # type: ignore[return-value]

    if not fast:
        return strawberry.Schema(query=Query)
    schema = strawberry.Schema(query=Query, execution_context_class=FastLeafExecutionContext)
    _plain_attribute_resolvers(schema)
    return schema


QUERIES = [
    "{ branches { label leaves { name color size } } }",
    "{ branches { l: label leaves { n: name, ...F } maybe { name } } } fragment F on Leaf { color size }",
    "{ branches { shout leaves { name } maybe { color } } }",
    "query ($on: Boolean!) { branches { leaves { name @include(if: $on) size @skip(if: $on) } } }",
]


@pytest.mark.parametrize("rows", [GOOD, NULL_IN_NON_NULL, BAD_SCALAR], ids=["good", "null-in-non-null", "bad-scalar"])
@pytest.mark.parametrize("query", QUERIES)
def test_fast_and_standard_execution_agree(query, rows):
    variables = {"on": True}
    standard = make_schema(False, rows).execute_sync(query, variable_values=variables)
    fast = make_schema(True, rows).execute_sync(query, variable_values=variables)
    assert fast.data == standard.data
    assert [(e.message, e.path) for e in fast.errors or []] == [(e.message, e.path) for e in standard.errors or []]


def test_the_fast_path_is_taken():
    schema = make_schema(True, GOOD)
    field = schema._schema.type_map["Leaf"].fields["name"]
    assert hasattr(field.resolve, "_taskapi_fast_read")
