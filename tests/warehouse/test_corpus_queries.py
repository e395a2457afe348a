"""Tier 3 (#16 items 2, 3, 6, 7): concordance, collocates, top entities and term suggestions
on the sample warehouse, each against a count made directly on the sample's texts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime

import duckdb
import pytest

from parsers.corpus import Contingency
from parsers.lexicon import read_lexicon
from tests.sample_site.generator import SLOGAN
from tests.sample_site.site import SampleArticle
from tests.sample_warehouse import article_id, sample_articles, sample_warehouse
from warehouse.analytics import top_entities
from warehouse.collocation import collocates, stories_without_tokens, term_suggestions
from warehouse.concordance import concordance
from warehouse.db import open_warehouse
from warehouse.filters import ArticleFilters


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(sample_warehouse(), read_only=True) as connection:
        yield connection


def text(article: SampleArticle) -> str:
    return f"{article.title}\n{article.body}"


# --- KWIC -----------------------------------------------------------------------------------


def occurrences(article: SampleArticle, term: str) -> int:
    """The truth: non-overlapping occurrences in title and body, Latin in either case."""
    return sum(
        len(re.findall(re.escape(term), part, re.I)) for part in (article.title, article.body)
    )


@pytest.mark.parametrize(
    "term", ["新质生产力", "低空经济", "园区", "新型储能", "副市长", "园", "ii"]
)
def test_kwic_finds_every_occurrence_each_in_its_article(
    con: duckdb.DuckDBPyConnection, term: str
) -> None:
    truth = {article_id(a): a for a in sample_articles()}
    expected = sum(occurrences(a, term) for a in sample_articles())
    holding = sum(occurrences(a, term) > 0 for a in sample_articles())
    assert expected >= holding > 0
    found = concordance(con, term, width=12, limit=10_000)
    assert (found.occurrences, found.articles) == (expected, holding)
    assert len(found.lines) == expected
    per_article = Counter(line.article_id for line in found.lines)
    assert per_article == {aid: n for aid, a in truth.items() if (n := occurrences(a, term))}
    for line in found.lines:
        article = truth[line.article_id]
        field = article.title if line.field == "title" else article.body
        start = line.position - len(line.left)
        assert field[start : line.position + len(line.match) + len(line.right)] == (
            line.left + line.match + line.right
        )
        assert line.match.lower() == term  # 水质稳定保持Ⅱ类 is NFKC II: matched in either case
        assert len(line.left) == min(12, line.position)
        assert (line.url, line.title, line.published_at) == (
            article.as_article().url,
            article.title,
            article.published_at,
        )
    order = [
        (line.published_at, line.article_id, line.field != "title", line.position)
        for line in found.lines
    ]
    assert order == sorted(order)


def test_kwic_limit_and_filters(con: duckdb.DuckDBPyConnection) -> None:
    everything = concordance(con, "新质生产力", limit=10_000)
    first = concordance(con, "新质生产力", limit=7)
    assert first.lines == everything.lines[:7] and first.occurrences == everything.occurrences
    window = ArticleFilters(since=date(2025, 1, 1), until=date(2025, 12, 31), source="扬州日报")
    filtered = concordance(con, "新质生产力", filters=window, limit=10_000)
    truth = [a for a in sample_articles() if a.published_at.year == 2025 and a.source == "扬州日报"]
    assert filtered.occurrences == sum(occurrences(a, "新质生产力") for a in truth) > 0
    assert {line.site for line in everything.lines} == {"zgjssw"}
    assert concordance(con, "新质生产力", filters=ArticleFilters(site="yznews")).lines == ()
    assert concordance(con, "没有这个词语", limit=5).occurrences == 0


# --- collocates -----------------------------------------------------------------------------


def test_the_designed_collocate_is_found(con: duckdb.DuckDBPyConnection) -> None:
    """The generator writes 无人机 within a few words of 低空经济, and nowhere else."""
    stories = [a for a in sample_articles() if "低空经济" in text(a)]
    assert stories and all(a.published_at.year >= 2024 for a in stories)
    drones = sum(text(a).count("无人机") for a in sample_articles())
    assert drones == sum(text(a).count("无人机") for a in stories) > 0
    (found,) = collocates(con, "低空经济", window=5)
    assert found.node_occurrences == sum(text(a).count("低空经济") for a in stories)
    assert found.stories == len(stories)
    best = found.collocates[0]
    assert (best.word, best.observed, best.frequency) == ("无人机", drones, drones)
    table = Contingency.of(best.observed, found.window_words, best.frequency, found.total_words)
    assert best.expected == pytest.approx(found.window_words * drones / found.total_words)
    assert best.llr == pytest.approx(table.log_likelihood())
    assert best.pmi == pytest.approx(table.pmi())
    total = con.execute("select sum(words) from v_story_tokens").fetchone()
    assert total is not None and found.total_words == total[0]
    # No stopword, number or punctuation among the collocates.
    stopwords = {"推进", "加强", "记者", "今年"}
    assert not stopwords & {c.word for c in found.collocates}
    assert all(re.search(r"[\u4e00-\u9fff]", c.word) for c in found.collocates)


@pytest.mark.parametrize("measure", ["llr", "pmi", "count"])
def test_collocates_are_ranked_by_the_measure(con: duckdb.DuckDBPyConnection, measure: str) -> None:
    (found,) = collocates(con, "新质生产力", measure=measure, limit=50)
    score = {"llr": lambda c: c.llr, "pmi": lambda c: c.pmi, "count": lambda c: c.observed}[measure]
    keys = [(-score(c), -c.observed, c.word) for c in found.collocates]
    assert keys == sorted(keys) and len(keys) == 50
    assert all(c.observed >= 3 for c in found.collocates)
    if measure != "count":
        assert all(c.observed > c.expected for c in found.collocates)


def test_collocates_by_year_and_range(con: duckdb.DuckDBPyConnection) -> None:
    per_year = collocates(con, "低空经济", by="year")
    years = Counter(a.published_at.year for a in sample_articles() if "低空经济" in text(a))
    assert [(c.period, c.stories) for c in per_year] == [
        (str(y), n) for y, n in sorted(years.items())
    ]
    for found in per_year:
        drones = sum(
            text(a).count("无人机")
            for a in sample_articles()
            if str(a.published_at.year) == found.period
        )
        assert found.collocates[0].word == "无人机" and found.collocates[0].observed == drones
    ranged = collocates(con, "低空经济", since=date(2025, 1, 1), until=date(2025, 12, 31))
    assert [c.stories for c in ranged] == [years[2025]]
    assert collocates(con, "低空经济", until=date(2023, 12, 31)) == []
    assert stories_without_tokens(con) == 0


# --- entities -------------------------------------------------------------------------------


def test_top_entities_per_period_and_kind(con: duckdb.DuckDBPyConnection) -> None:
    rows = top_entities(con, ("place", "person"), "year", limit=3)
    direct = con.execute(
        "select year(a.published_at), e.kind, e.name, count(*), sum(e.mentions)"
        " from article_entities e join articles a using (article_id)"
        " where e.kind in ('place', 'person') group by all"
    ).fetchall()
    expected: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
    for year, kind, name, stories, mentions in direct:
        expected.setdefault((str(year), kind), []).append((name, stories, mentions))
    got: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
    for row in rows:
        got.setdefault((row.period, row.kind), []).append((row.name, row.stories, row.mentions))
    assert got == {
        key: sorted(values, key=lambda v: (-v[1], -v[2], v[0]))[:3]
        for key, values in expected.items()
    }
    assert all(ranked[0][0] == "扬州" for (_, kind), ranked in got.items() if kind == "place")
    with pytest.raises(ValueError):
        top_entities(con, ("animal",))


# --- term suggestions -----------------------------------------------------------------------


def test_the_made_up_slogan_is_among_the_first_suggestions(con: duckdb.DuckDBPyConnection) -> None:
    holding = [a for a in sample_articles() if SLOGAN in text(a)]
    assert holding and min(a.published_at for a in holding) >= datetime(2025, 1, 1)
    assert SLOGAN not in {entry.word for entry in read_lexicon()}
    assert not con.execute("select 1 from article_terms where term = ?", [SLOGAN]).fetchall()
    suggestions = term_suggestions(con, limit=10)
    by_text = {s.text: s for s in suggestions}
    assert SLOGAN in by_text, [s.text for s in suggestions]
    found = by_text[SLOGAN]
    assert found.parts == ("融链", "强群")
    assert found.stories == len(holding)
    assert found.occurrences == sum(text(a).count(SLOGAN) for a in holding)
    assert found.first_published_date == min(a.published_at for a in holding).date()
    assert found.npmi == pytest.approx(1.0)  # its parts never occur apart
    # Among the stories of its own years it is near the top.
    recent = [s.text for s in term_suggestions(con, since=date(2025, 1, 1), limit=3)]
    assert SLOGAN in recent


def test_suggestions_leave_out_what_the_tokenizer_keeps_whole_and_names(
    con: duckdb.DuckDBPyConnection,
) -> None:
    suggestions = term_suggestions(con, min_stories=3, limit=200)
    texts = {s.text for s in suggestions}
    lexicon = {entry.word for entry in read_lexicon()}
    assert not texts & lexicon
    assert not any("市长" in t or "书记" in t for t in texts)  # post + name is a mention
    assert all(s.stories >= 3 for s in suggestions)
    assert [s.llr for s in suggestions] == sorted((s.llr for s in suggestions), reverse=True)
    assert term_suggestions(con, min_stories=3, limit=200) == suggestions  # deterministic
