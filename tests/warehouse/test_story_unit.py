"""Tier 3 (#16 item 1): a story cross-posted on zgjssw and 扬州网 counts once in trend, top,
emerging and their views; `unit="articles"` counts every copy. Against a warehouse loaded
from the sample site with its 扬州网 section, and the truth of which articles tell one story."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime

import duckdb
import pytest

from tests.sample_site.site import SampleArticle
from tests.sample_warehouse import (
    cross_posted_articles,
    cross_posted_stories,
    cross_posted_warehouse,
)
from warehouse.analytics import ARTICLES, emerging, top_keywords, trend
from warehouse.db import open_warehouse


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(cross_posted_warehouse(), read_only=True) as connection:
        yield connection


def text(article: SampleArticle) -> str:
    return f"{article.title}\n{article.body}"


def truth_stories() -> list[list[tuple[str, SampleArticle]]]:
    """The articles of each story, from the sample's truth (not from story_id)."""
    paired = {aid: index for index, pair in enumerate(cross_posted_stories()) for aid in pair}
    stories: dict[object, list[tuple[str, SampleArticle]]] = {}
    for aid, article in cross_posted_articles():
        stories.setdefault(paired.get(aid, aid), []).append((aid, article))
    return list(stories.values())


def month(when: datetime) -> str:
    return f"{when:%Y-%m}"


def test_the_truth_has_cross_posted_stories_and_the_loader_linked_them(
    con: duckdb.DuckDBPyConnection,
) -> None:
    pairs = cross_posted_stories()
    assert len(pairs) == 3
    linked = con.execute("select article_ids from v_stories where articles > 1").fetchall()
    assert sorted(sorted(ids) for (ids,) in linked) == sorted(sorted(pair) for pair in pairs)


@pytest.mark.parametrize("term", ["新质生产力", "十条措施", "市政府", "阅读"])
def test_trend_counts_a_cross_posted_story_once(con: duckdb.DuckDBPyConnection, term: str) -> None:
    stories = Counter()
    copies = Counter()
    totals = Counter()
    for story in truth_stories():
        first = min(article.published_at for _, article in story)
        totals[month(first)] += 1
        holding = [a for _, a in story if term in text(a)]
        if holding:
            stories[month(first)] += 1
            copies[month(first)] += len(holding)
    points = {p.period: p for p in trend(con, [term], "month")}
    assert {p: (x.stories, x.articles, x.total) for p, x in points.items() if x.stories} == {
        p: (stories[p], copies[p], totals[p]) for p in stories
    }
    assert all(
        x.share == pytest.approx(x.stories / x.total, abs=1e-6) for x in points.values() if x.total
    )
    # Each copy counts with unit articles, under its own date.
    by_article = {p.period: p for p in trend(con, [term], "month", unit=ARTICLES)}
    direct = Counter(month(a.published_at) for _, a in cross_posted_articles() if term in text(a))
    assert {p: x.articles for p, x in by_article.items() if x.articles} == dict(direct)
    assert sum(stories.values()) < sum(direct.values())  # the cross-posted story is there


def test_the_cross_posted_story_of_february_2026_counts_once(
    con: duckdb.DuckDBPyConnection,
) -> None:
    point = next(p for p in trend(con, ["十条措施"], "month") if p.period == "2026-02")
    assert (point.stories, point.articles) == (1, 2)
    copy = next(
        p for p in trend(con, ["十条措施"], "month", unit=ARTICLES) if p.period == "2026-02"
    )
    assert (copy.articles, copy.stories, copy.share) == (2, 1, pytest.approx(2 / copy.total))


def test_top_keywords_count_stories(con: duckdb.DuckDBPyConnection) -> None:
    story_of = {aid: index for index, story in enumerate(truth_stories()) for aid, _ in story}
    first = {
        index: min(a.published_at for _, a in story) for index, story in enumerate(truth_stories())
    }
    rows = con.execute(
        "select article_id, keyword from article_keywords where method = 'tfidf'"
    ).fetchall()
    holders: dict[tuple[str, str], set[int]] = {}
    copies: Counter[tuple[str, str]] = Counter()
    for aid, keyword in rows:
        story = story_of[aid]
        key = (str(first[story].year), keyword)
        holders.setdefault(key, set()).add(story)
        copies[key] += 1
    found = top_keywords(con, "year", "tfidf", limit=50)
    assert found
    for row in found:
        key = (row.period, row.keyword)
        assert (row.stories, row.articles) == (len(holders[key]), copies[key])
    ranked_2026 = [r for r in found if r.period == "2026"]
    assert [r.stories for r in ranked_2026] == sorted(
        (r.stories for r in ranked_2026), reverse=True
    )
    # 新质生产力's cross-posted story of 2026 counts once among its stories, twice as copies.
    best = next(r for r in ranked_2026 if r.keyword == "新质生产力")
    assert best.articles > best.stories


def test_emerging_counts_stories(con: duckdb.DuckDBPyConnection) -> None:
    since = datetime(2025, 1, 1)
    found = {t.term: t for t in emerging(con, date(2025, 1, 1), limit=5000).terms}
    window = [s for s in truth_stories() if min(a.published_at for _, a in s) >= since]
    for term in ("新质生产力", "融链"):
        holding = [s for s in window if any(term in text(a) for _, a in s)]
        assert found[term].stories == len(holding)
        assert found[term].articles == sum(term in text(a) for s in holding for _, a in s)
    assert found["新质生产力"].articles > found["新质生产力"].stories


def test_views_count_stories_beside_articles(con: duckdb.DuckDBPyConnection) -> None:
    stories = [
        story
        for story in truth_stories()
        if month(min(a.published_at for _, a in story)) == "2026-02"
        and any("新质生产力" in text(a) for _, a in story)
    ]
    copies = sum("新质生产力" in text(a) for story in stories for _, a in story)
    assert copies > len(stories)  # the story of 十条措施 is on both sites
    monthly = con.execute(
        "select stories, articles from v_term_monthly where term = ? and month = '2026-02'",
        ["新质生产力"],
    ).fetchall()
    assert monthly == [(len(stories), copies)]
    holders = [s for s in truth_stories() if any("新质生产力" in text(a) for _, a in s)]
    first = con.execute(
        "select stories, articles from v_term_first_seen where term = '新质生产力'"
    ).fetchall()
    assert first == [(len(holders), sum("新质生产力" in text(a) for s in holders for _, a in s))]
    dated = con.execute(
        "select count(*) from v_articles where story_published_at < published_at"
    ).fetchall()
    assert dated == [(3,)]  # the later copy of each cross-posted story
