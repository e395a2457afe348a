"""bench.archive: a generated benchmark archive has the real migrations' schema and sound rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bench.archive import CITY_SHARES, END, START, TERMS_PER_ARTICLE, cached_archive
from parsers.cities import CORPORA, HOME
from warehouse.db import open_warehouse

SIZE = 2_000

# The catalogue, as DuckDB describes it, of everything but the rows.
SCHEMA = {
    "columns": "select table_name, column_index, column_name, data_type, is_nullable,"
    " column_default from duckdb_columns() where not internal order by all",
    "constraints": "select table_name, constraint_type, constraint_text, expression"
    " from duckdb_constraints() order by all",
    # None today (keys are constraints): an index a generator added would show here.
    "indexes": "select index_name, table_name, is_unique, sql from duckdb_indexes() order by all",
    "views": "select view_name, sql from duckdb_views() where not internal order by all",
    "macros": "select function_name, function_type, macro_definition from duckdb_functions()"
    " where not internal and function_type like '%macro%' order by all",
    "migrations": "select version, name from schema_migrations order by version",
    "view files": "select name, sha256 from schema_views order by name",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cached_archive(SIZE, tmp_path_factory.mktemp("bench-cache"))


@pytest.fixture(scope="module")
def con(archive: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(archive, read_only=True) as connection:  # refuses an older schema
        yield connection


def one(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize("part", sorted(SCHEMA))
def test_schema_is_the_migrations(
    part: str, con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    with open_warehouse(tmp_path / "migrated.duckdb") as migrated:
        expected = migrated.execute(SCHEMA[part]).fetchall()
    assert expected or part == "indexes"  # something to compare
    assert con.execute(SCHEMA[part]).fetchall() == expected


def test_postings_are_clustered_and_counted(con: duckdb.DuckDBPyConnection) -> None:
    out_of_order = one(
        con,
        "select count(*) from (select term, lag(term) over (order by rowid) as before"
        " from article_terms) where before > term",
    )
    assert out_of_order == 0
    wrong_frequencies = one(
        con,
        "select count(*) from (select term, count(*) as counted from article_terms"
        " group by term) full join term_document_frequencies f using (term)"
        " where f.documents is distinct from counted",
    )
    assert wrong_frequencies == 0
    wrong_city_frequencies = one(
        con,
        "select count(*) from (select t.term, a.city, count(*) as counted from article_terms t"
        " join articles a using (article_id) group by all)"
        " full join term_city_document_frequencies f using (term, city)"
        " where f.documents is distinct from counted",
    )
    assert wrong_city_frequencies == 0
    assert one(con, "select count(*) from (select distinct article_id, term from article_terms)")
    assert one(con, "select count(*) from article_terms anti join articles using (article_id)") == 0
    per_article = one(con, "select count(*) / count(distinct article_id) from article_terms")
    assert TERMS_PER_ARTICLE * 0.9 <= per_article <= TERMS_PER_ARTICLE * 1.1
    # Query terms of the benches are there, found by their postings and in the text alike.
    held = one(con, "select documents from term_document_frequencies where term = '新质生产力'")
    in_text = one(con, "select count(*) from articles where contains(body, '新质生产力')")
    assert 0 < held <= in_text


def test_articles_are_spread_as_the_archive_is(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "select count(*) from articles") == SIZE
    cities = dict(con.execute("select city, count(*) from articles group by city").fetchall())
    assert set(cities) == set(CORPORA)
    assert abs(cities[HOME] / SIZE - CITY_SHARES[HOME]) < 0.05
    years = [
        row[0] for row in con.execute("select distinct year(published_at) from articles").fetchall()
    ]
    assert min(years) == START.year and max(years) == END.year
    assert one(con, "select count(*) from articles where story_id is null") == 0
    wrong_story_dates = one(
        con,
        "select count(*) from articles a join (select story_id, min(published_at) as first"
        " from articles group by story_id) s using (story_id)"
        " where a.story_published_at is distinct from s.first",
    )
    assert wrong_story_dates == 0
    assert one(con, "select count(*) - count(distinct body) from articles") == 0
    copies = one(
        con,
        "select count(*) from articles a join articles b on a.story_id = b.article_id"
        " where a.article_id <> b.article_id and a.site = 'yznews' and b.city = 'yangzhou'",
    )
    assert copies > 0
    assert one(con, "select count(*) from articles where story_id not in"
               " (select article_id from articles)") == 0  # fmt: skip


def test_the_cache_keeps_an_archive(archive: Path) -> None:
    built = archive.stat().st_mtime_ns
    assert cached_archive(SIZE, archive.parent) == archive
    assert archive.stat().st_mtime_ns == built
