"""Declarative data tests over every table and view (warehouse/data_tests.toml).

    results = run_data_tests(con)          # one DataTestResult per check
    [r for r in results if r.failing]      # the rows that break a promise, counted

The kinds follow dbt's schema tests: `unique`, `not_null`, `accepted_values`,
`relationships`, plus `expressions` (conditions every row meets). Each check is one SQL
count of the rows that break it; names come from the file, never from a user, and values are
bound. `make test` runs them on the sample warehouse, `yzdaily doctor` on a user's.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import duckdb

SOURCES_PLACEHOLDER = "@sources"


@dataclass(frozen=True)
class DataTest:
    """One check: its name (`articles.unique(article_id)`), SQL counting failing rows, values."""

    table: str
    name: str
    sql: str
    params: tuple[Any, ...] = ()


@dataclass(frozen=True)
class DataTestResult:
    """A check and how many rows break it (0: it holds)."""

    test: DataTest
    failing: int


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def declared() -> dict[str, dict[str, Any]]:
    """The declarations, by table or view name."""
    text = resources.files("warehouse").joinpath("data_tests.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _tests_of(table: str, spec: dict[str, Any], sources: Sequence[str]) -> Iterable[DataTest]:
    t = _quoted(table)
    for columns in spec.get("unique", []):
        keys = ", ".join(_quoted(c) for c in columns)
        yield DataTest(
            table,
            f"{table}.unique({', '.join(columns)})",
            f"select count(*) from (select {keys} from {t} group by all having count(*) > 1)",
        )
    for column in spec.get("not_null", []):
        yield DataTest(
            table,
            f"{table}.not_null({column})",
            f"select count(*) from {t} where {_quoted(column)} is null",
        )
    for column, values in spec.get("accepted_values", {}).items():
        allowed = tuple(sources) if values == SOURCES_PLACEHOLDER else tuple(values)
        yield DataTest(
            table,
            f"{table}.accepted_values({column})",
            f"select count(*) from {t} where {_quoted(column)} is not null"
            f" and not list_contains(?, {_quoted(column)})",
            (list(allowed),),
        )
    for column, target in spec.get("relationships", {}).items():
        other, other_column = target.split(".", 1)
        yield DataTest(
            table,
            f"{table}.relationships({column} -> {target})",
            f"select count(*) from {t} x where x.{_quoted(column)} is not null and not exists"
            f" (select 1 from {_quoted(other)} y where y.{_quoted(other_column)}"
            f" = x.{_quoted(column)})",
        )
    for expression in spec.get("expressions", []):
        yield DataTest(
            table,
            f"{table}.expression({expression})",
            f"select count(*) from {t} where not coalesce(({expression}), false)",
        )


def data_tests(sources: Sequence[str]) -> list[DataTest]:
    """Every declared check, table by table."""
    return [test for table, spec in declared().items() for test in _tests_of(table, spec, sources)]


def undeclared(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views of the warehouse that the declarations leave out."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'main'"
    ).fetchall()
    known = declared()
    return sorted(str(row[0]) for row in rows if row[0] not in known)


def run_data_tests(
    con: duckdb.DuckDBPyConnection, sources: Sequence[str] | None = None
) -> list[DataTestResult]:
    """Run every check; each result counts the rows breaking it."""
    if sources is None:
        from parsers.sources import SOURCES

        sources = tuple(SOURCES)
    results = []
    for test in data_tests(sources):
        row = con.execute(test.sql, list(test.params)).fetchone()
        results.append(DataTestResult(test, int(row[0]) if row else 0))
    return results
