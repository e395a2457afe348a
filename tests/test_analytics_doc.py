"""docs/ANALYTICS.md: every worked query runs as printed, and gives the right answer.

The SQL blocks are read out of the document, run against a warehouse loaded from the sample
site, and each answer is checked against the sample's ground truth or an independent query.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers.query import parse_query
from tests.sample_site.site import SampleArticle
from tests.sample_warehouse import sample_articles, sample_warehouse, segmenter
from warehouse.analytics import top_keywords
from warehouse.db import open_warehouse
from warehouse.search import WORD, search

DOC = Path(__file__).resolve().parents[1] / "docs" / "ANALYTICS.md"
WORKED = re.compile(r"^### (\d+)\. (.+?)\n(.*?)```sql\n(.*?)```", re.MULTILINE | re.DOTALL)
Rows = list[dict[str, Any]]


def worked_queries() -> dict[int, tuple[str, str]]:
    """Number -> (title, SQL) of every worked query in the document."""
    found = {int(n): (title, sql) for n, title, _, sql in WORKED.findall(DOC.read_text("utf-8"))}
    return found


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(sample_warehouse(), read_only=True) as connection:
        yield connection


def run(con: duckdb.DuckDBPyConnection, sql: str) -> Rows:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def text(article: SampleArticle) -> str:
    return f"{article.title}\n{article.body}"


def check_rise(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    per_year = Counter(a.published_at.year for a in sample_articles() if "新质生产力" in text(a))
    totals = Counter(a.published_at.year for a in sample_articles())
    assert [r["year"] for r in rows] == sorted(per_year)
    assert min(r["year"] for r in rows) >= 2023
    for row in rows:
        assert row["articles"] == per_year[row["year"]]
        assert row["total"] == totals[row["year"]]
        assert row["share"] == round(row["articles"] / row["total"], 3)


def check_both(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    both = [a for a in sample_articles() if "开发园区" in text(a) and "二次创业" in text(a)]
    assert both and sorted(r["url"] for r in rows) == sorted(a.as_article().url for a in both)
    assert len(rows) < len(sample_articles())


def check_reporters(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    counts = Counter(r for a in sample_articles() if "乡村振兴" in text(a) for r in a.reporters)
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
    assert [(r["reporter"], r["articles"]) for r in rows] == expected


def check_places(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    assert len(rows) == 10
    assert [r["articles"] for r in rows] == sorted((r["articles"] for r in rows), reverse=True)
    for row in rows:
        # An entity is a word of the text: never in more articles than contain its name.
        assert 0 < row["articles"] <= sum(row["place"] in text(a) for a in sample_articles())
        assert row["mentions"] >= row["articles"]
    assert rows[0]["place"] == "扬州"


def check_mayors(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    assert {"张宝娟", "梁书宁", "邵清源"} <= {r["name"] for r in rows}
    assert [r["first_seen"] for r in rows] == sorted(r["first_seen"] for r in rows)
    for row in rows:
        named = [
            a.published_at.date() for a in sample_articles() if "市长" + row["name"] in text(a)
        ]
        assert (row["first_seen"], row["last_seen"]) == (min(named), max(named))


def check_keyword_of_the_year(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    best = top_keywords(con, "year", "tfidf", limit=1)
    assert [(r["year"], r["keyword"], r["articles"]) for r in rows] == [
        (int(k.period), k.keyword, k.articles) for k in best
    ]
    assert [r["year"] for r in rows] == list(range(2019, 2027))


def check_monthly(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    months = Counter(
        f"{a.published_at:%Y-%m}" for a in sample_articles() if "新质生产力" in text(a)
    )
    assert [(r["month"], r["articles"]) for r in rows] == sorted(months.items())
    assert rows[0]["month"] >= "2023-09"


def check_slogans(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    assert len(rows) == 10
    for row in rows:
        quoted = [a for a in sample_articles() if f"“{row['phrase']}”" in text(a)]
        plain = [a for a in sample_articles() if row["phrase"] in text(a)]
        assert len(quoted) <= row["articles"] <= len(plain)
        assert row["first_seen"] == min(a.published_at.date() for a in quoted or plain)


def check_sources(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    expected = Counter((a.published_at.year, a.source or "(none)") for a in sample_articles())
    assert {(r["year"], r["source"]): r["articles"] for r in rows} == dict(expected)
    for year in {r["year"] for r in rows}:
        assert sum(r["share"] for r in rows if r["year"] == year) == pytest.approx(1, abs=0.01)


def check_new_terms(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    assert len(rows) == 10
    for row in rows:
        holders = con.execute(
            "select min(a.published_at), count(*) from article_terms t"
            " join articles a using (article_id) where t.term = ?",
            [row["term"]],
        ).fetchall()[0]
        assert holders[0].date() == row["first_seen"] >= date(2023, 1, 1)
        assert holders[1] == row["articles"] >= 3
        assert row["term"] in row["first_title"] or any(
            row["term"] in text(a).lower()
            for a in sample_articles()
            if a.title == row["first_title"]
        )


def check_bm25(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    hits = search(con, parse_query("营商环境"), segmenter, None, 10)
    assert all(h.match == WORD for h in hits)
    assert [(r["title"], r["score"]) for r in rows] == [(h.title, round(h.score, 4)) for h in hits]
    assert len(rows) == 10


CHECKS: dict[int, Callable[[Rows, duckdb.DuckDBPyConnection], None]] = {
    1: check_rise,
    2: check_both,
    3: check_reporters,
    4: check_places,
    5: check_mayors,
    6: check_keyword_of_the_year,
    7: check_monthly,
    8: check_slogans,
    9: check_sources,
    10: check_new_terms,
    11: check_bm25,
}


def test_the_document_has_ten_worked_queries_each_checked() -> None:
    found = worked_queries()
    assert len(found) >= 10
    assert sorted(found) == sorted(CHECKS), "a worked query without a check, or the reverse"


@pytest.mark.parametrize("number", sorted(CHECKS))
def test_worked_query(con: duckdb.DuckDBPyConnection, number: int) -> None:
    title, sql = worked_queries()[number]
    rows = run(con, sql)
    assert rows, f"query {number} ({title}) returned nothing"
    CHECKS[number](rows, con)


def test_every_table_and_view_is_documented(con: duckdb.DuckDBPyConnection) -> None:
    doc = DOC.read_text("utf-8")
    names = [
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'"
        ).fetchall()
    ]
    missing = [name for name in names if f"`{name}" not in doc]
    assert not missing, missing
