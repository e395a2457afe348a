"""Tier 3: Yangzhou among its peers on a warehouse of designed articles of several corpora
(tests/peer_warehouse.py): every first, lag, share and gap equals the designed truth, and
Yangzhou's answers do not change when the other corpora are loaded beside it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from answers.compare import CompareRequest, compare_answer, compare_cities
from answers.corpus import (
    EntitiesRequest,
    KwicRequest,
    TopRequest,
    entities_answer,
    kwic_answer,
    top_answer,
)
from answers.diffusion import DiffusionRequest, diffusion_answer, literal_term
from answers.search import SearchRequest, search_answer
from answers.trend import TrendRequest, trend_answer
from parsers.cities import CITIES, CORPORA, HOME, PROVINCE, parse_cities
from parsers.query import parse_query
from tests.peer_warehouse import (
    PHRASE,
    TERM,
    designed_firsts,
    designed_shares,
    designed_years,
    peer_warehouse,
    sample_with_peers_warehouse,
    yangzhou_only_warehouse,
)
from tests.sample_warehouse import sample_warehouse, segmenter
from warehouse.analytics import trend
from warehouse.filters import ArticleFilters

TODAY = date(2026, 12, 1)


def _open(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture(scope="module")
def peers() -> Iterator[duckdb.DuckDBPyConnection]:
    yield from _open(peer_warehouse())


@pytest.fixture(scope="module")
def yangzhou() -> Iterator[duckdb.DuckDBPyConnection]:
    yield from _open(yangzhou_only_warehouse())


@pytest.mark.parametrize("term", [TERM, PHRASE])
def test_diffusion_firsts_and_lags_are_the_designed_ones(
    peers: duckdb.DuckDBPyConnection, term: str
) -> None:
    answer = diffusion_answer(peers, DiffusionRequest(term))
    truth = designed_firsts(term)
    used = {row.city: row for row in answer.rows if row.first_published_date is not None}
    assert set(used) == set(truth)
    for city, expected in truth.items():
        row = used[city]
        assert row.first_published_date == expected.day, city
        assert row.first_title == expected.title, city
        assert row.first_url == expected.url, city
        assert row.lag_after_province == expected.lag_after_province, city
        assert row.lag_after_first == expected.lag_after_first, city
    assert set(answer.never) == set(CORPORA) - set(truth)
    years = designed_years(term)
    for row in answer.rows:
        assert {y: n for y, n in row.years if n} == years.get(row.city, {}), row.city
        assert row.stories == sum(years.get(row.city, {}).values())
    # Earliest first; the never-used last.
    days = [row.first_published_date for row in answer.rows if row.first_published_date]
    assert days == sorted(days)


def test_diffusion_of_the_designed_spread(peers: duckdb.DuckDBPyConnection) -> None:
    """Nantong used the term two days before the province's 要闻; Zhenjiang in a title only."""
    answer = diffusion_answer(peers, DiffusionRequest(TERM))
    by_city = {row.city: row for row in answer.rows}
    assert answer.rows[0].city == "nantong"
    assert by_city["nantong"].lag_after_province == -2
    assert by_city[PROVINCE].lag_after_first == 2
    assert by_city["zhenjiang"].first_published_date == date(2024, 2, 20)
    assert "suzhou" in answer.never
    assert answer.notes and "苏州" in answer.notes[0]
    rows = answer.to_json()["rows"]
    assert rows[0]["first_published_date"] == date(2023, 9, 8)


def test_diffusion_of_fewer_corpora_lags_after_those(peers: duckdb.DuckDBPyConnection) -> None:
    answer = diffusion_answer(peers, DiffusionRequest(TERM, parse_cities("yangzhou,taizhou")))
    assert [row.city for row in answer.rows] == [HOME, "taizhou"]
    assert [row.lag_after_first for row in answer.rows] == [0, 15]
    assert [row.lag_after_province for row in answer.rows] == [None, None]


def test_diffusion_term_is_text_not_token(peers: duckdb.DuckDBPyConnection) -> None:
    """A part of a word (生产力 inside 新质生产力) is found where it is written."""
    whole = diffusion_answer(peers, DiffusionRequest(TERM))
    part = diffusion_answer(peers, DiffusionRequest(literal_term(" 生产力 ")))
    assert [(r.city, r.first_published_date) for r in part.rows] == [
        (r.city, r.first_published_date) for r in whole.rows
    ]


@pytest.mark.parametrize("term", [TERM, PHRASE])
@pytest.mark.parametrize("asked", ["peers", "nantong,taizhou,zhenjiang"])
def test_compare_shares_medians_and_gaps_are_the_designed_ones(
    peers: duckdb.DuckDBPyConnection, term: str, asked: str
) -> None:
    cities = compare_cities(parse_cities(asked))
    answer = compare_answer(peers, CompareRequest((term,), "year", cities), TODAY)
    truth = designed_shares(term, cities)
    assert [row.period for row in answer.rows] == sorted(truth)
    for row in answer.rows:
        counts, middle, gap = truth[row.period]
        assert {c.city: (c.stories, c.total) for c in row.cities} == counts
        assert row.peer_median == (None if middle is None else round(middle, 6))
        assert row.yangzhou_gap == pytest.approx(gap, abs=1e-6)
        assert row.partial is None


def test_compare_peer_median_by_hand(peers: duckdb.DuckDBPyConnection) -> None:
    """2024: Nantong 1/2, Zhenjiang 1/2, Taizhou 0/2, Suzhou 0/1: median 25%; Yangzhou 2/3."""
    cities = compare_cities(parse_cities("peers"))
    answer = compare_answer(peers, CompareRequest((TERM,), "year", cities), TODAY)
    row = next(r for r in answer.rows if r.period == "2024")
    assert row.peer_median == 0.25
    assert row.yangzhou_gap == pytest.approx(2 / 3 - 0.25, abs=1e-6)
    cells = dict(zip(answer.table().columns, answer.table().rows[1], strict=True))
    assert cells["扬州"] == "2 / 3 (66.7%)"
    assert cells["yangzhou_gap"] == "+41.7 pp"
    assert answer.table().columns[2] == "扬州"  # Yangzhou first


def test_compare_marks_the_period_not_over(peers: duckdb.DuckDBPyConnection) -> None:
    answer = compare_answer(peers, CompareRequest((TERM,), "year"), date(2025, 7, 1))
    assert [row.period for row in answer.rows if row.partial] == ["2025"]


@pytest.mark.parametrize("city", [HOME, "nantong", PROVINCE])
def test_yangzhous_column_is_its_trend(peers: duckdb.DuckDBPyConnection, city: str) -> None:
    """The compare answer counts as trend does, corpus by corpus."""
    points = {p.period: (p.stories, p.total) for p in trend(peers, [TERM], "year", cities=[city])}
    cities = compare_cities((city,))
    answer = compare_answer(peers, CompareRequest((TERM,), "year", cities), TODAY)
    found = {
        row.period: next((c.stories, c.total) for c in row.cities if c.city == city)
        for row in answer.rows
    }
    assert {p: v for p, v in found.items() if v[1]} == {p: v for p, v in points.items() if v[1]}


def test_other_corpora_are_read_when_asked(peers: duckdb.DuckDBPyConnection) -> None:
    request = TrendRequest((TERM,), "year", cities=("nantong",))
    points = trend_answer(peers, request, TODAY).points
    assert [(p.period, p.stories, p.total) for p in points] == [
        ("2023", 1, 1),
        ("2024", 1, 2),
        ("2025", 0, 1),
    ]
    assert trend_answer(peers, request, TODAY).to_json()["city"] == "nantong"
    everyone = trend(peers, [TERM], "year", cities=tuple(CORPORA))
    designed = sum(sum(years.values()) for years in designed_years(TERM).values())
    assert sum(p.stories for p in everyone) == designed


def _yangzhou_answers(con: duckdb.DuckDBPyConnection) -> list[object]:
    return [
        trend_answer(con, TrendRequest((TERM, PHRASE), "month"), TODAY).to_json(),
        trend_answer(con, TrendRequest((TERM,), "year", unit="articles"), TODAY).to_json(),
        kwic_answer(con, KwicRequest(TERM)).to_json(),
        top_answer(con, TopRequest()).to_json(),
        entities_answer(con, EntitiesRequest()).to_json(),
    ]


def test_yangzhou_answers_unchanged_beside_the_peers(
    peers: duckdb.DuckDBPyConnection, yangzhou: duckdb.DuckDBPyConnection
) -> None:
    assert _yangzhou_answers(peers) == _yangzhou_answers(yangzhou)
    assert _yangzhou_answers(peers)[0]["points"]  # not an empty comparison


def test_sample_answers_unchanged_beside_the_peers() -> None:
    """The whole sample warehouse (Yangzhou's), with and without the other corpora loaded."""
    with duckdb.connect(str(sample_warehouse()), read_only=True) as alone:
        expected = _yangzhou_answers(alone)
        expected_filters = ArticleFilters()
        expected_kwic = kwic_answer(alone, KwicRequest("扬州", filters=expected_filters))
    with duckdb.connect(str(sample_with_peers_warehouse()), read_only=True) as beside:
        assert _yangzhou_answers(beside) == expected
        assert kwic_answer(beside, KwicRequest("扬州")).to_json() == expected_kwic.to_json()
        assert trend(beside, [TERM], "year", cities=("nantong",))  # the peers are there


def _searches(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    """Yangzhou's searches, their scores and order: a word, a phrase the tokenizer splits, a
    part only inside longer words, an OR and an exclusion, by relevance and every hit."""
    queries = ("扬州", "新质生产力", "高质量发展", "市长", "扬州 OR 南通 -会议", "低空经济")
    return [
        search_answer(con, SearchRequest(parse_query(text), limit=None), segmenter).to_json()
        for text in queries
    ]


def test_yangzhou_searches_rank_as_in_an_archive_of_yangzhou_alone() -> None:
    """BM25's document count and frequencies are Yangzhou's, however many other corpora are
    loaded beside it: the same hits, scores and order."""
    with duckdb.connect(str(sample_warehouse()), read_only=True) as alone:
        expected = _searches(alone)
    with duckdb.connect(str(sample_with_peers_warehouse()), read_only=True) as beside:
        assert _searches(beside) == expected
        nantong = SearchRequest(parse_query("新质生产力"), ArticleFilters(cities=("nantong",)))
        assert search_answer(beside, nantong, segmenter).to_json()["total"]  # peers are there
    assert any(search["total"] for search in expected)


DOC = Path(__file__).resolve().parents[2] / "docs" / "ANALYTICS.md"


def peer_queries() -> dict[int, str]:
    """Number -> SQL of each worked peers query (### P1. ...) in docs/ANALYTICS.md."""
    found = re.findall(
        r"^### P(\d+)\. [^\n]+\n(?:(?!^##).)*?```sql\n(.*?)```", DOC.read_text(), re.M | re.S
    )
    return {int(number): sql for number, sql in found}


def test_the_documents_peer_queries_give_the_designed_truth(
    peers: duckdb.DuckDBPyConnection,
) -> None:
    queries = peer_queries()
    assert sorted(queries) == [1, 2, 3]
    truth = designed_firsts(TERM)
    firsts = peers.execute(queries[1]).fetchall()
    assert [(city, day) for city, day, _, _ in firsts] == sorted(
        ((city, t.day) for city, t in truth.items()), key=lambda pair: (pair[1], pair[0])
    )
    lags = {
        city: (after_p, after_f)
        for city, _, after_p, after_f in peers.execute(queries[2]).fetchall()
    }
    assert lags == {c: (t.lag_after_province, t.lag_after_first) for c, t in truth.items()}
    shares = designed_shares(TERM, tuple(CITIES))
    rows = peers.execute(queries[3]).fetchall()
    assert [row[0] for row in rows] == sorted(shares)
    for year, stories, total, _, middle, gap in rows:
        counts, expected_middle, expected_gap = shares[year]
        assert (stories, total) == counts[HOME]
        assert middle == pytest.approx(expected_middle)
        assert gap == pytest.approx(expected_gap)
