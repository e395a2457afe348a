"""docs/ANALYTICS.md: every worked query and command runs as printed, with the right answer.

The SQL blocks are read out of the document, run against a warehouse loaded from the sample
site, and each answer is checked against the sample's ground truth or an independent query.
The worked commands run through the real entry point against the demo's warehouse (what
`make demo` leaves), and the output lines the document shows must be the first they print.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers.query import parse_query
from tests.docs_examples import Example, demo_warehouse, drift, examples, printed
from tests.sample_site.site import SampleArticle
from tests.sample_warehouse import (
    cross_posted_articles,
    cross_posted_stories,
    cross_posted_warehouse,
    sample_articles,
    sample_warehouse,
    segmenter,
)
from warehouse.analytics import emerging, top_entities, top_keywords, trend
from warehouse.collocation import collocates
from warehouse.db import open_warehouse
from warehouse.results import search_hits
from warehouse.search import WORD

DOC = Path(__file__).resolve().parents[1] / "docs" / "ANALYTICS.md"
WORKED = re.compile(r"^### (\d+)\. (.+?)\n(.*?)```sql\n(.*?)```", re.MULTILINE | re.DOTALL)
COMMANDS = re.compile(
    r"^### C(\d+)\. (.+?)\n(?:(?!^### ).)*?```console\n(.*?)```", re.MULTILINE | re.DOTALL
)
# Worked queries about stories told on two sites: run on the warehouse with 扬州网 in it.
CROSS_POSTED = {12, 15}
Rows = list[dict[str, Any]]


def worked_queries() -> dict[int, tuple[str, str]]:
    """Number -> (title, SQL) of every worked query in the document."""
    found = {int(n): (title, sql) for n, title, _, sql in WORKED.findall(DOC.read_text("utf-8"))}
    return found


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(sample_warehouse(), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def cross_con() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(cross_posted_warehouse(), read_only=True) as connection:
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
    assert {"张宝娟", "王进健", "潘国强", "郑海涛"} == {r["name"] for r in rows}
    firsts = [r["first_published_date"] for r in rows]
    assert firsts == sorted(firsts)
    for row in rows:
        # 市长X, not 代市长X or 副市长X: the acting mayor is a post of its own.
        mayor = re.compile(f"(?<![代副])市长{row['name']}")
        named = [a.published_at.date() for a in sample_articles() if mayor.search(text(a))]
        assert (row["first_published_date"], row["last_published_date"]) == (
            min(named),
            max(named),
        )


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
    assert [(r["month"], r["articles"]) for r in rows if r["articles"]] == sorted(months.items())
    # Every month of the archive, with the month's stories: zeros before the term was coined.
    every = sorted({f"{a.published_at:%Y-%m}" for a in sample_articles()})
    assert (rows[0]["month"], rows[-1]["month"]) == (every[0], every[-1])
    assert set(every) <= {r["month"] for r in rows}
    assert rows[0]["articles"] == 0 and rows[0]["share"] == 0
    stories = Counter(f"{a.published_at:%Y-%m}" for a in sample_articles())  # one site: 1 each
    for row in rows:
        assert row["total_stories"] == stories[row["month"]]
        if row["total_stories"]:
            assert row["share"] == round(row["stories"] / row["total_stories"], 3)


def check_slogans(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    assert len(rows) == 10
    for row in rows:
        quoted = [a for a in sample_articles() if f"“{row['phrase']}”" in text(a)]
        plain = [a for a in sample_articles() if row["phrase"] in text(a)]
        assert len(quoted) <= row["articles"] <= len(plain)
        assert row["first_published_date"] == min(a.published_at.date() for a in quoted or plain)


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
        assert holders[0].date() == row["first_published_date"] >= date(2023, 1, 1)
        assert holders[1] == row["articles"] >= 3
        assert row["term"] in row["first_title"] or any(
            row["term"] in text(a).lower()
            for a in sample_articles()
            if a.title == row["first_title"]
        )


def check_bm25(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    hits = search_hits(con, parse_query("营商环境"), segmenter, None, 10)
    assert all(h.match == WORD for h in hits)
    assert [(r["title"], r["score"]) for r in rows] == [(h.title, round(h.score, 4)) for h in hits]
    assert len(rows) == 10


def truth_stories() -> list[list[SampleArticle]]:
    """The articles of each story of the cross-posted warehouse, from the sample's truth."""
    paired = {aid: n for n, pair in enumerate(cross_posted_stories()) for aid in pair}
    stories: dict[object, list[SampleArticle]] = {}
    for aid, article in cross_posted_articles():
        stories.setdefault(paired.get(aid, aid), []).append(article)
    return list(stories.values())


def check_stories_not_copies(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    stories: Counter[int] = Counter()
    copies: Counter[int] = Counter()
    totals: Counter[int] = Counter()
    for story in truth_stories():
        year = min(a.published_at for a in story).year
        totals[year] += 1
        holding = [a for a in story if "新质生产力" in text(a)]
        stories[year] += bool(holding)
        copies[year] += len(holding)
    assert [(r["year"], r["stories"], r["articles"], r["total"]) for r in rows] == [
        (y, stories[y], copies[y], totals[y]) for y in sorted(y for y in stories if stories[y])
    ]
    assert any(r["articles"] > r["stories"] for r in rows)  # a story told on both sites
    points = [p for p in trend(con, ["新质生产力"], "year") if p.stories]
    assert [(p.stories, p.articles, p.total) for p in points] == [
        (r["stories"], r["articles"], r["total"]) for r in rows
    ]


def check_places_of_each_year(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    best = top_entities(con, ("place",), "year", limit=3)
    assert [(r["year"], r["name"], r["stories"]) for r in rows] == [
        (int(e.period), e.name, e.stories) for e in best
    ]
    assert all(r["name"] == "扬州" for r in rows[::3])  # 扬州 and 扬州市: one place, first


def check_next_token(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    sequences = con.execute("select tokens from v_story_tokens").fetchall()
    following = Counter(
        tokens[i + 1]
        for (tokens,) in sequences
        for i, token in enumerate(tokens[:-1])
        if token == "低空经济"
    )
    assert {r["next_token"]: r["times"] for r in rows} == dict(following)
    # The generator writes 低空经济 before 发展 (发展机遇), 加速 (加速起飞) or a comma.
    assert set(following) <= {"发展", "加速", ","}
    assert sum(following.values()) == sum(text(a).count("低空经济") for a in sample_articles())


def check_g2_by_hand(rows: Rows, con: duckdb.DuckDBPyConnection) -> None:
    (row,) = rows
    found = {t.term: t for t in emerging(con, date(2024, 1, 1), limit=5000).terms}["新质生产力"]
    assert (row["stories_since"], row["stories_before"]) == (found.stories, found.before)
    assert row["g2"] == pytest.approx(found.g2, abs=1e-3)
    since = datetime(2024, 1, 1)
    window = [s for s in truth_stories() if min(a.published_at for a in s) >= since]
    assert row["stories_since"] == sum(any("新质生产力" in text(a) for a in s) for s in window)


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
    12: check_stories_not_copies,
    13: check_places_of_each_year,
    14: check_next_token,
    15: check_g2_by_hand,
}


def test_the_document_has_ten_worked_queries_each_checked() -> None:
    found = worked_queries()
    assert len(found) >= 10
    assert sorted(found) == sorted(CHECKS), "a worked query without a check, or the reverse"


@pytest.mark.parametrize("number", sorted(CHECKS))
def test_worked_query(
    con: duckdb.DuckDBPyConnection, cross_con: duckdb.DuckDBPyConnection, number: int
) -> None:
    title, sql = worked_queries()[number]
    connection = cross_con if number in CROSS_POSTED else con
    rows = run(connection, sql)
    assert rows, f"query {number} ({title}) returned nothing"
    CHECKS[number](rows, connection)


def worked_commands() -> dict[int, tuple[str, list[Example]]]:
    """Number -> (title, its commands with the output lines shown) of every worked command."""
    return {
        int(number): (title, examples(block))
        for number, title, block in COMMANDS.findall(DOC.read_text("utf-8"))
    }


def test_the_document_shows_a_worked_example_of_every_new_command() -> None:
    shown = {e.args[0] for _, runs in worked_commands().values() for e in runs}
    assert {"trend", "emerging", "kwic", "collocates", "entities", "people", "terms"} <= shown
    assert sorted(worked_commands()) == list(range(1, len(worked_commands()) + 1))


@pytest.mark.parametrize("number", sorted(worked_commands()))
def test_worked_command(number: int, tmp_path: Path) -> None:
    """Each worked command prints, first, the lines the document shows, on the demo's
    warehouse (tests/docs_examples.py: `--update` rewrites them)."""
    title, runs = worked_commands()[number]
    assert runs, f"command {number} ({title}) shows no command"
    lexicon = tmp_path / "lexicon.txt"  # never the project's own lexicon: a copy of it
    shutil.copyfile(Path(__file__).parents[1] / "parsers" / "data" / "lexicon.txt", lexicon)
    for example in runs:
        problem = drift(example, printed(example.args, demo_warehouse(), lexicon))
        assert problem is None, problem


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


def test_the_statistics_section_worked_numbers_are_the_warehouse_s(
    cross_con: duckdb.DuckDBPyConnection,
) -> None:
    doc = DOC.read_text("utf-8")
    worked = re.search(
        r"R1 = (\d+) word positions around its (\d+) occurrences and\s+无人机 occurs (\d+) times.*?"
        r"E11 = \d+ \* \d+ / ([\d,]+) = ([\d.]+), PMI =\s+log2\(\d+ / [\d.]+\) = ([\d.]+),"
        r" G² = (\d+\.\d)",
        doc,
        re.DOTALL,
    )
    assert worked, "the collocation example of 'The statistics' is gone"
    window, node, drones, total, e11, pmi, g2 = worked.groups()
    (found,) = collocates(cross_con, "低空经济")
    best = found.collocates[0]
    assert (found.window_words, found.node_occurrences, best.observed) == (
        int(window),
        int(node),
        int(drones),
    )
    assert found.total_words == int(total.replace(",", ""))
    assert (round(best.expected, 3), round(best.pmi, 2), round(best.llr, 1)) == (
        float(e11),
        float(pmi),
        float(g2),
    )
