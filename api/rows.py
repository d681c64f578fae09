"""Plain row records for hot read paths: the SQL a Tortoise query builds, without model instantiation.

Tortoise turns every row into a model object and parses SQLite timestamps with a pure-Python ISO parser; for a page
of tasks with their tags that is most of a request's time. A `RowSpec` names the columns a record needs and how to
convert them; `fetch_records` runs the query's own SQL and builds plain records from the raw rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from tortoise import connections
from tortoise.queryset import QuerySet


def _sqlite_datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


class RowSpec:
    """How to build records of `cls` (positional fields in `columns` order) from raw database rows."""

    def __init__(
        self,
        cls: type,
        columns: Sequence[str],
        *,
        datetimes: Iterable[str] = (),
        bools: Iterable[str] = (),
        converters: Mapping[str, Callable[[Any], Any]] | None = None,
    ) -> None:
        self.cls = cls
        self.columns = tuple(columns)
        self._datetimes = set(datetimes)
        self._bools = set(bools)
        self._converters = dict(converters or {})
        self._makers: dict[str, Callable[[Sequence[Any]], Any]] = {}

    def maker(self, dialect: str) -> Callable[[Sequence[Any]], Any]:
        """A function turning one raw row of `dialect` into a record."""
        if dialect not in self._makers:
            steps: list[Callable[[Any], Any] | None] = []
            for column in self.columns:
                if column in self._converters:
                    steps.append(self._converters[column])
                elif column in self._datetimes and dialect == "sqlite":
                    steps.append(_sqlite_datetime)
                elif column in self._bools:
                    steps.append(bool)
                else:
                    steps.append(None)
            cls = self.cls
            if not any(steps):
                self._makers[dialect] = lambda row: cls(*row)
            else:
                pairs = tuple(steps)

                def make(row: Sequence[Any]) -> Any:
                    return cls(*[v if f is None or v is None else f(v) for f, v in zip(pairs, row)])

                self._makers[dialect] = make
        return self._makers[dialect]


async def fetch_records(queryset: QuerySet, spec: RowSpec) -> list[Any]:
    """Run `queryset` selecting `spec.columns`, one record per row."""
    query = queryset.values_list(*spec.columns)
    query._choose_db_if_not_chosen()  # Tortoise builds the SQL lazily; these two calls are what `await` would do
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    db = query._db
    _, rows = await db.execute_query(sql, params)
    make = spec.maker(db.schema_generator.DIALECT)
    return [make(row) for row in rows]


async def fetch_sql(sql: str, params: Sequence[Any], spec: RowSpec) -> list[Any]:
    """Run hand-written SQL (placeholders written `?`) and build one record per row.

    For the few statements that run on every request, where building SQL through the ORM costs more than
    running it. Column order must match `spec.columns`.
    """
    db = connections.get("default")
    dialect = db.schema_generator.DIALECT
    if dialect == "postgres":
        parts = sql.split("?")
        sql = parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))
    _, rows = await db.execute_query(sql, list(params))
    make = spec.maker(dialect)
    return [make(tuple(row)) for row in rows]


def placeholders(count: int) -> str:
    return ", ".join("?" * count)
