"""ArticleFilters' corpora: Yangzhou unless asked, any set of cities, every corpus."""

from __future__ import annotations

import duckdb
import pytest

from parsers.cities import CORPORA, parse_cities
from warehouse.filters import ArticleFilters


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table articles (article_id varchar, city varchar)")
    rows = [(f"{city}:1", city) for city in CORPORA]
    con.executemany("insert into articles values (?, ?)", rows)
    return con


def chosen(con: duckdb.DuckDBPyConnection, filters: ArticleFilters) -> set[str]:
    conditions, values = filters.where("a")
    where = " and ".join(conditions) or "true"
    found = con.execute(f"select a.city from articles a where {where}", values).fetchall()
    return {city for (city,) in found}


def test_yangzhou_unless_asked(con: duckdb.DuckDBPyConnection) -> None:
    assert chosen(con, ArticleFilters()) == {"yangzhou"}
    assert "city" not in ArticleFilters().values()


def test_cities_asked_for(con: duckdb.DuckDBPyConnection) -> None:
    filters = ArticleFilters(cities=parse_cities("nantong,province"))
    assert chosen(con, filters) == {"nantong", "province"}
    assert filters.values()["city"] == "nantong,province"
    assert chosen(con, ArticleFilters(cities=parse_cities("all"))) == set(CORPORA)
    assert chosen(con, ArticleFilters(cities=parse_cities("peers"))) == set(CORPORA) - {"province"}
