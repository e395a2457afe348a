"""Tier 3: whole search results and article records over the sample warehouse."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date

import duckdb
import pytest

from parsers.query import QueryTokenizer, join_marked, parse_query
from tests.sample_warehouse import article_id, sample_articles, sample_warehouse, segmenter
from warehouse.analytics import period_range
from warehouse.articles import read_article_record
from warehouse.db import open_warehouse
from warehouse.filters import ArticleFilters
from warehouse.results import DATE, RELEVANCE, search_hits, search_result
from warehouse.search import rank

QUERIES = [
    "新质生产力", "市长", "开发园区 二次创业", "新型储能", "园", "扬州", "不存在的词语",
    "新质生产力 新质生产力的",  # a word, and a phrase the tokenizer splits into that word alone
]  # fmt: skip
FILTERS = [
    ArticleFilters(),
    ArticleFilters(source="扬州日报"),
    ArticleFilters(since=date(2022, 1, 1), until=date(2024, 6, 30)),
    ArticleFilters(reporter="若溪"),
    ArticleFilters(site="zgjssw"),
    ArticleFilters(site="yznews"),
]


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(sample_warehouse(), read_only=True) as connection:
        yield connection


def tokenizer() -> QueryTokenizer:
    return segmenter()


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("filters", FILTERS)
def test_the_whole_result_is_every_hit_of_the_ranking(
    con: duckdb.DuckDBPyConnection, text: str, filters: ArticleFilters
) -> None:
    query = parse_query(text)
    everything = rank(con, query, tokenizer, filters, None)
    result = search_result(con, query, tokenizer, filters, RELEVANCE, 0, 20)
    assert result.total == len(everything) == len({a for a, _, _ in everything})
    assert [row.hit for row in result.rows] == search_hits(con, query, tokenizer, filters, 20)
    truth = [
        a
        for a in sample_articles()
        if all(p in f"{a.title}\n{a.body}".lower() for p in query.parts)
        and (filters.source is None or a.source == filters.source)
        and (filters.reporter is None or filters.reporter in a.reporters)
        and (filters.site in (None, "zgjssw"))
        and (filters.since is None or a.published_at.date() >= filters.since)
        and (filters.until is None or a.published_at.date() <= filters.until)
    ]
    assert result.total == len(truth)
    assert {row.hit.article_id for row in result.rows} <= {article_id(a) for a in truth}
    assert dict(result.facets.years) == Counter(a.published_at.year for a in truth)
    assert dict(result.facets.sources) == Counter(a.source or "(none)" for a in truth)


@pytest.mark.parametrize("text", ["市长", "新型储能", "园"])
def test_pages_in_either_order_cover_the_result_once(
    con: duckdb.DuckDBPyConnection, text: str
) -> None:
    query = parse_query(text)
    everything = rank(con, query, tokenizer, None, None)
    whole = search_result(con, query, tokenizer, None, RELEVANCE, 0, None)
    assert [(r.hit.article_id, r.hit.match) for r in whole.rows] == [
        (a, m) for a, _, m in everything
    ]
    for sort in (RELEVANCE, DATE):
        pages = [
            row
            for offset in range(0, whole.total, 9)
            for row in search_result(con, query, tokenizer, None, sort, offset, 9).rows
        ]
        assert sorted(r.hit.article_id for r in pages) == sorted(a for a, _, _ in everything)
        if sort == DATE:
            stamps = [(r.hit.published_at, r.hit.article_id) for r in pages]
            assert stamps == sorted(stamps, reverse=True)
        scores = {a: round(s, 4) for a, s, _ in everything}
        assert all(r.hit.score == scores[r.hit.article_id] for r in pages)
    assert search_result(con, query, tokenizer, None, RELEVANCE, whole.total, 20).rows == ()


def test_result_rows_carry_marked_pieces_and_the_page_fields(
    con: duckdb.DuckDBPyConnection,
) -> None:
    result = search_result(con, parse_query("新质生产力"), tokenizer, None, RELEVANCE, 0, 5)
    truth = {article_id(a): a for a in sample_articles()}
    for row in result.rows:
        assert join_marked(row.snippet) == row.hit.snippet
        assert [text for text, matched in row.snippet if matched] and all(
            text == "新质生产力" for text, matched in row.snippet if matched
        )
        assert row.reporters == truth[row.hit.article_id].reporters and row.site == "zgjssw"


def test_bad_sort_or_page_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="unknown sort"):
        search_result(con, parse_query("市长"), tokenizer, None, "random")
    with pytest.raises(ValueError, match="offset"):
        search_result(con, parse_query("市长"), tokenizer, None, RELEVANCE, -1)


def test_fetch_article_has_every_field_and_none_for_an_unknown_id(
    con: duckdb.DuckDBPyConnection,
) -> None:
    seed = next(a for a in sample_articles() if "市长张宝娟" in a.body)
    record = read_article_record(con, article_id(seed))
    assert record is not None
    assert (record.title, record.source, record.dateline) == (
        seed.title,
        seed.source,
        seed.dateline,
    )
    assert (record.reporters, record.correspondents, record.editors) == (
        seed.reporters,
        seed.correspondents,
        seed.editors,
    )
    assert record.paragraphs == seed.paragraphs and record.published_at == seed.published_at
    assert ("张宝娟", "市长") in {(p.name, p.role) for p in record.people}
    assert record.places and all(p.kind == "place" for p in record.places)
    assert {k.method for k in record.keywords} == {"tfidf", "textrank"}
    assert record.story_copies == () and record.versions == ()
    assert read_article_record(con, "zgjssw:/no/such/article.shtml") is None


@pytest.mark.parametrize("by", ["year", "quarter", "month"])
def test_period_range_is_the_inverse_of_period_label(by: str) -> None:
    with open_warehouse(sample_warehouse(), read_only=True) as con:

        def period_label(day: date, by: str) -> str:
            """The warehouse's label of the day's period (the SQL macro the views use)."""
            row = con.execute("select period_label(?::timestamp, ?)", [day, by]).fetchone()
            assert row is not None
            return str(row[0])

        check_inverse(period_label, by)


def check_inverse(period_label: Callable[[date, str], str], by: str) -> None:
    for day in (date(2024, 1, 1), date(2024, 2, 29), date(2024, 11, 30), date(2024, 12, 31)):
        start, following = period_range(period_label(day, by), by)
        assert start <= day < following and period_label(start, by) == period_label(day, by)
        assert period_label(following, by) != period_label(day, by)
    with pytest.raises(ValueError):
        period_range("2024-13", by)
