"""Tier 3: trends, top keywords, emerging terms, officeholders, the views, exports and charts."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path

import duckdb
import pyarrow.csv
import pyarrow.dataset
import pyarrow.parquet
import pytest

from cli.chart import cjk_font_path, draw_trend_chart
from parsers.corpus import Contingency
from tests.sample_site.generator import LEADER_NAMES
from tests.sample_site.site import SampleArticle
from tests.sample_warehouse import article_id, sample_articles, sample_warehouse
from warehouse.analytics import (
    EMERGING_MIN_G2,
    GROWING,
    NEW,
    NOT_OVER,
    TrendPoint,
    TrendScope,
    default_emerging_since,
    emerging,
    officeholders,
    top_keywords,
    trend,
    trend_scope,
)
from warehouse.db import open_warehouse
from warehouse.export import INTERNAL_TABLES, ExportError, export_warehouse

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def period_label(when: datetime | date, by: str) -> str:
    """The truth the warehouse's period labels must equal: 2024, 2024-Q1, 2024-03."""
    if by == "year":
        return f"{when.year}"
    if by == "quarter":
        return f"{when.year}-Q{(when.month - 1) // 3 + 1}"
    return f"{when.year}-{when.month:02d}"


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(sample_warehouse(), read_only=True) as connection:
        yield connection


def mentions(article: SampleArticle, term: str) -> bool:
    return term in f"{article.title}\n{article.body}".lower()


@pytest.mark.parametrize("by", ["month", "quarter", "year"])
@pytest.mark.parametrize("terms", [("新质生产力",), ("二次创业", "开发园区", "市长", "园")])
def test_trend_counts_equal_a_direct_count_per_period(
    con: duckdb.DuckDBPyConnection, by: str, terms: tuple[str, ...]
) -> None:
    points = trend(con, terms, by)
    articles = sample_articles()
    totals = Counter(period_label(a.published_at, by) for a in articles)
    first, last = min(totals), max(totals)
    for term in terms:
        series = [p for p in points if p.term == term]
        periods = [p.period for p in series]
        assert periods == sorted(periods) and periods[0] == first and periods[-1] == last
        hits = Counter(period_label(a.published_at, by) for a in articles if mentions(a, term))
        for point in series:
            assert point.articles == hits[point.period], (term, point.period)
            assert point.total == totals[point.period]
            if point.total:
                assert point.share == pytest.approx(point.articles / point.total, abs=1e-6)
            else:
                assert point.share is None  # no story in the period: no share of nothing
        assert sum(p.articles for p in series) == sum(hits.values()) > 0


def test_trend_lists_every_period_even_without_articles(con: duckdb.DuckDBPyConnection) -> None:
    points = trend(con, ["新质生产力"], "month")
    months = [p.period for p in points]
    year, month = int(months[0][:4]), int(months[0][5:])
    expected = []
    while f"{year}-{month:02d}" <= months[-1]:
        expected.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    assert months == expected
    # The sample has months with no article at all: they are there, without a share.
    empty = [p for p in points if p.total == 0]
    assert empty and all(p.share is None for p in empty)
    assert all(p.articles == 0 for p in points if p.period < "2023-09")


def test_trend_range_bounds_the_periods(con: duckdb.DuckDBPyConnection) -> None:
    points = trend(con, ["新质生产力"], "quarter", since=date(2022, 2, 10), until=date(2024, 5, 1))
    in_range = [
        a
        for a in sample_articles()
        if date(2022, 2, 10) <= a.published_at.date() <= date(2024, 5, 1)
    ]
    first = min(period_label(a.published_at, "quarter") for a in in_range)
    last = max(period_label(a.published_at, "quarter") for a in in_range)
    assert (points[0].period, points[-1].period) == (first, last)
    assert sum(p.total for p in points) == len(in_range)
    assert sum(p.articles for p in points) == sum(mentions(a, "新质生产力") for a in in_range)


def test_trend_of_a_range_without_articles(con: duckdb.DuckDBPyConnection) -> None:
    assert trend(con, ["新质生产力"], "year", since=date(2030, 1, 1), until=date(2031, 6, 1)) == []
    assert trend(con, ["新质生产力"], "year", until=date(2000, 1, 1)) == []
    # The last day there is: no overflow, and no period beyond the archive's last.
    points = trend(con, ["新质生产力"], "year", until=date.max)
    assert points[-1].period == str(max(a.published_at for a in sample_articles()).year)


def direct_top(
    con: duckdb.DuckDBPyConnection, method: str, column: str
) -> dict[str, list[tuple[str, int]]]:
    rows = con.execute(
        f"""
        select a.{column}, k.keyword, count(distinct k.article_id), avg(k.weight)
        from article_keywords k join v_articles a using (article_id)
        where k.method = ? group by all
        """,
        [method],
    ).fetchall()
    by_period: dict[str, list[tuple[str, int, float]]] = {}
    for period, keyword, articles, weight in rows:
        by_period.setdefault(str(period), []).append((keyword, articles, weight))
    return {
        period: [(k, n) for k, n, _ in sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))]
        for period, rows in by_period.items()
    }


@pytest.mark.parametrize(("by", "method"), [("year", "tfidf"), ("quarter", "textrank")])
def test_top_keywords_per_period(con: duckdb.DuckDBPyConnection, by: str, method: str) -> None:
    rows = top_keywords(con, by, method, limit=5)
    expected = direct_top(con, method, by)
    got: dict[str, list[tuple[str, int]]] = {}
    for row in rows:
        got.setdefault(row.period, []).append((row.keyword, row.articles))
        assert row.rank == len(got[row.period])
    assert got == {period: ranked[:5] for period, ranked in expected.items()}
    if by == "year":
        # The generator's trend: 新质生产力 is among the top keywords of 2025 and 2026 only.
        assert "新质生产力" in [k for k, _ in got["2026"]]
        assert all("新质生产力" not in [k for k, _ in got[str(y)]] for y in range(2019, 2023))


def test_top_keywords_respect_the_range(con: duckdb.DuckDBPyConnection) -> None:
    rows = top_keywords(con, "year", "tfidf", limit=3, since=date(2025, 1, 1))
    assert {row.period for row in rows} == {"2025", "2026"}


def holders_of(con: duckdb.DuckDBPyConnection, term: str) -> list[tuple[str, datetime]]:
    """(article_id, published_at) of every article whose title or body holds the term's text
    (inside longer words too), oldest first: what `emerging` counts, as `trend` does."""
    rows = con.execute(
        "select article_id, published_at from articles"
        " where contains(title, ?) or contains(body, ?) order by published_at, article_id",
        [term, term],
    ).fetchall()
    return [(str(article), published) for article, published in rows]


def test_emerging_terms_follow_the_rule(con: duckdb.DuckDBPyConnection) -> None:
    since = date(2023, 1, 1)
    cut = datetime(2023, 1, 1)
    found = emerging(con, since, min_count=3, limit=5000).terms
    by_term = {t.term: t for t in found}
    assert by_term["新质生产力"].kind == NEW
    assert by_term["新质生产力"].first_published_date >= date(2023, 9, 15)
    truth = {article_id(a): a for a in sample_articles()}
    window_total = sum(a.published_at >= cut for a in sample_articles())
    before_total = len(sample_articles()) - window_total
    assert {t.kind for t in found} == {NEW, GROWING}
    # Ranked by the significance of the rise, not by a count or a ratio.
    assert [t.g2 for t in found] == sorted((t.g2 for t in found), reverse=True)
    assert found[0].g2 > found[-1].g2 >= EMERGING_MIN_G2
    for term in [*found[:15], *found[-5:]]:
        holders = holders_of(con, term.term)
        inside = [h for h in holders if h[1] >= cut]
        before = [h for h in holders if h[1] < cut]
        # The sample warehouse has no cross-posted story: stories are articles here.
        assert (len(inside), len(before)) == (term.stories, term.before)
        assert term.articles == term.stories >= 3
        table = Contingency(
            len(inside), window_total - len(inside), len(before), before_total - len(before)
        )
        assert term.g2 == pytest.approx(table.log_likelihood(), abs=1e-3)
        assert term.share > term.share_before
        assert holders[0][1].date() == term.first_published_date
        assert term.first_url == truth[holders[0][0]].as_article().url
        assert (term.kind == NEW) == (not before) == (term.growth is None)
    # A term in the archive all along, at about the same share, does not emerge.
    steady = holders_of(con, "二次创业")
    assert any(h[1] < cut for h in steady) and any(h[1] >= cut for h in steady)
    assert "二次创业" not in by_term


def test_the_designed_emerging_term_comes_first_and_no_name_is_in_the_top_20(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """The generator's 新质生产力 trend against its officials, whose names also start late."""
    names = {*LEADER_NAMES, *(r for a in sample_articles() for r in a.reporters)}
    top = emerging(con, date(2024, 1, 1), limit=20).terms
    assert top[0].term == "新质生产力" and len(top) == 20
    assert not names & {t.term for t in top}
    # The names are there to be left out: 顾春雷 becomes vice mayor in 2025.
    with_names = emerging(con, date(2024, 1, 1), limit=20, include_names=True).terms
    assert names & {t.term for t in with_names}


def test_emerging_until_closes_the_window(con: duckdb.DuckDBPyConnection) -> None:
    window = emerging(con, date(2024, 1, 1), date(2024, 12, 31), limit=5000).terms
    by_term = {t.term: t for t in window}
    # The slogan of 2025 is no term of a 2024 window; 低空经济 (from 2024) is new in it.
    assert "融链" not in by_term and by_term["低空经济"].kind == NEW
    for term in window[:10]:
        dates = [h[1] for h in holders_of(con, term.term)]
        assert term.stories == sum(datetime(2024, 1, 1) <= d < datetime(2025, 1, 1) for d in dates)
    new_only = emerging(con, date(2024, 1, 1), date(2024, 12, 31), new_only=True, limit=5000).terms
    assert new_only == [t for t in window if t.kind == NEW]
    assert all(t.first_published_date >= date(2024, 1, 1) for t in new_only)


def test_emerging_with_nothing_before_the_window_finds_nothing(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert emerging(con, date(2000, 1, 1)).terms == []  # every term new: no rise to measure


def test_emerging_default_since_is_a_year_before_the_newest(
    con: duckdb.DuckDBPyConnection,
) -> None:
    newest = max(a.published_at for a in sample_articles()).date()
    assert default_emerging_since(con) == date(newest.year - 1, newest.month, newest.day)


def test_officeholders(con: duckdb.DuckDBPyConnection) -> None:
    rows = officeholders(con)
    assert rows == sorted(
        rows, key=lambda r: (r.first_published_date, r.last_published_date, r.name, r.role)
    )
    # 张宝娟: 市长 to July 2021, then 市委书记 (tests/sample_site/roster.py).
    held = [r for r in officeholders(con, "张宝娟") if r.role != "市人大代表"]
    assert [(r.name, r.role) for r in held] == [("张宝娟", "市长"), ("张宝娟", "市委书记")]
    assert held[0].last_published_date < date(2021, 8, 1) <= held[1].first_published_date
    assert officeholders(con, "没有这个人") == []
    checked = 0
    for row in rows:
        # 市长X, not 代市长X or 副市长X: those are posts of their own.
        written = re.compile(f"(?<![代副]){re.escape(row.role + row.name)}")
        verbatim = [
            a.published_at.date()
            for a in sample_articles()
            if written.search(f"{a.title}\n{a.body}")
        ]
        named = [a.published_at.date() for a in sample_articles() if row.name in a.body]
        # Folded roles (扬州市副市长 -> 副市长) and chained posts are not written verbatim.
        assert min(named) <= row.first_published_date <= row.last_published_date <= max(named)
        if verbatim and row.role in ("市长", "副市长", "市委书记"):
            checked += 1
            assert (min(verbatim), max(verbatim)) == (
                row.first_published_date,
                row.last_published_date,
            )
        assert row.stories == row.articles >= 1  # no cross-posted story in this sample
    assert checked >= 5


def test_v_articles_periods_and_lengths(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select article_id, year, quarter, month, published_date, body_length from v_articles"
    ).fetchall()
    truth = {article_id(a): a for a in sample_articles()}
    assert len(rows) == len(truth)
    for aid, year, quarter, month, day, length in rows:
        a = truth[aid]
        assert (year, quarter, month, day, length) == (
            a.published_at.year,
            period_label(a.published_at, "quarter"),
            period_label(a.published_at, "month"),
            a.published_at.date(),
            len(a.body),
        )


def test_v_term_monthly_and_v_keyword_yearly(con: duckdb.DuckDBPyConnection) -> None:
    monthly = dict(
        con.execute(
            "select month, articles from v_term_monthly where term = '新质生产力' and articles > 0"
        ).fetchall()
    )
    # A lexicon word is one term wherever it occurs: the postings count equals the text count.
    expected = Counter(
        period_label(a.published_at, "month")
        for a in sample_articles()
        if mentions(a, "新质生产力")
    )
    assert monthly == dict(expected)
    yearly = con.execute(
        "select year, articles, mean_weight from v_keyword_yearly"
        " where keyword = '新质生产力' and method = 'tfidf' order by year"
    ).fetchall()
    direct = con.execute(
        "select year(a.published_at), count(*), avg(k.weight) from article_keywords k"
        " join articles a using (article_id) where k.keyword = '新质生产力' and k.method = 'tfidf'"
        " group by 1 order by 1"
    ).fetchall()
    assert [(y, n) for y, n, _ in yearly] == [(y, n) for y, n, _ in direct] and yearly
    assert [w for _, _, w in yearly] == pytest.approx([w for _, _, w in direct])


def following_month(label: str) -> str:
    year, month = map(int, label.split("-"))
    return f"{year + month // 12}-{month % 12 + 1:02d}"


@pytest.mark.parametrize(("view", "by"), [("v_term_monthly", "month"),
                                          ("v_term_quarterly", "quarter"),
                                          ("v_term_yearly", "year")])  # fmt: skip
def test_v_term_periods_hold_every_period_with_zeros_and_totals(
    con: duckdb.DuckDBPyConnection, view: str, by: str
) -> None:
    rows = con.execute(
        f"select {by}, stories, articles, total_stories, total_articles from {view}"
        f" where term = '新质生产力' order by {by}"
    ).fetchall()
    periods = [row[0] for row in rows]
    # Every period from the archive's first story to its last, with or without a mention.
    first, last = con.execute(
        f"select min(period_label(first_published_at, '{by}')),"
        f" max(period_label(first_published_at, '{by}')) from v_stories"
    ).fetchone() or (None, None)
    assert (periods[0], periods[-1]) == (first, last)
    if by == "month":
        assert all(following_month(a) == b for a, b in pairwise(periods))
    assert len(periods) == len(set(periods))
    assert any(stories == 0 for _, stories, _, _, _ in rows)  # before the term was coined
    # The totals: the stories first published in the period (v_stories, another route), and
    # their copies.
    stories = dict(
        con.execute(
            f"select period_label(first_published_at, '{by}'), count(*) from v_stories group by 1"
        ).fetchall()
    )
    copies = dict(
        con.execute(
            f"select period_label(first_published_at, '{by}'), sum(articles) from v_stories"
            " group by 1"
        ).fetchall()
    )
    assert {p: (n, m) for p, _, _, n, m in rows if n} == {
        p: (stories[p], copies[p]) for p in stories
    }
    # Their sums are the term's whole count (v_term_first_seen).
    whole = con.execute(
        "select stories, articles from v_term_first_seen where term = '新质生产力'"
    ).fetchone()
    assert (sum(r[1] for r in rows), sum(r[2] for r in rows)) == whole
    # Every term has every period: the views are as long as terms times periods.
    terms, count = con.execute(f"select count(distinct term), count(*) from {view}").fetchone() or (
        0,
        0,
    )
    assert (
        count == terms * len(periods)
        and terms == con.execute("select count(*) from term_document_frequencies").fetchone()[0]
    )


def test_v_article_reporters(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("select article_id, reporter from v_article_reporters").fetchall()
    expected = [(article_id(a), r) for a in sample_articles() for r in a.reporters]
    assert sorted(rows) == sorted(expected)


def table_counts(
    con: duckdb.DuckDBPyConnection, since: date | None, until: date | None, internal: bool = False
) -> dict[str, int]:
    """Rows each table and view must export: the range's articles and their rows, the rest whole."""
    low = since or date(1900, 1, 1)
    high = until or date(2100, 1, 1)
    in_range = "select article_id from articles where cast(published_at as date) between ? and ?"
    counts = {}
    for (table,) in con.execute(
        "select table_name from information_schema.tables where table_schema = 'main'"
    ).fetchall():
        if table in INTERNAL_TABLES and not internal:
            continue
        columns = [c[0] for c in con.execute(f"describe {table}").fetchall()]
        if table == "articles":
            sql, params = f"{in_range.replace('article_id', 'count(*)', 1)}", [low, high]
        elif "article_id" in columns:
            sql = f"select count(*) from {table} where article_id in ({in_range})"
            params = [low, high]
        elif "story_id" in columns:
            sql = f"select count(*) from {table} where story_id in ({in_range})"
            params = [low, high]
        else:
            sql, params = f"select count(*) from {table}", []
        counts[table] = con.execute(sql, params).fetchall()[0][0]
    return counts


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
@pytest.mark.parametrize(("since", "until"), [(None, None), (date(2024, 1, 1), date(2025, 6, 30))])
def test_export_reads_back_with_the_same_row_counts(
    con: duckdb.DuckDBPyConnection,
    tmp_path: Path,
    fmt: str,
    since: date | None,
    until: date | None,
) -> None:
    exported = export_warehouse(con, tmp_path, fmt, since, until)
    expected = table_counts(con, since, until)
    assert {t.table: t.rows for t in exported} == expected
    assert expected["articles"] > 0 and expected["article_terms"] > 0
    assert {"v_articles", "v_stories", "v_officeholders"} <= set(expected)  # views too
    assert not set(expected) & INTERNAL_TABLES
    if since is not None:
        assert expected["articles"] < len(sample_articles())
    reader = duckdb.connect()
    for table in exported:
        if table.table == "articles" and fmt == "parquet":
            pattern = str(table.path / "*" / f"*.{fmt}")
            read = f"read_{fmt}('{pattern}', hive_partitioning = true)"
            years = reader.execute(f"select distinct year from {read} order by 1").fetchall()
            low, high = (since or date(2019, 1, 1)).year, (until or date(2026, 12, 31)).year
            assert [y for (y,) in years] == list(range(low, high + 1))
            dataset = pyarrow.dataset.dataset(table.path, format="parquet", partitioning="hive")
            assert dataset.count_rows() == table.rows
        else:
            assert table.path == tmp_path / f"{table.table}.{fmt}"  # one file each, no folders
            read = f"read_{fmt}('{table.path}')"
            if fmt == "parquet":
                assert pyarrow.parquet.read_table(table.path).num_rows == table.rows
            elif table.rows:
                assert pyarrow.csv.read_csv(table.path).num_rows == table.rows
        if table.rows or fmt == "parquet":
            assert reader.execute(f"select count(*) from {read}").fetchall() == [(table.rows,)]


def test_csv_export_is_spreadsheet_ready(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    export_warehouse(con, tmp_path, "csv")
    raw = (tmp_path / "articles.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # a byte-order mark: Excel reads UTF-8
    with_lists = con.execute(
        "select article_id, reporters from articles where len(reporters) >= 2 limit 1"
    ).fetchone()
    assert with_lists is not None
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    row = next(r for r in rows if r["article_id"] == with_lists[0])
    assert json.loads(row["reporters"]) == list(with_lists[1])  # lists as JSON arrays
    assert row["reporters"].startswith('["')


def test_export_replaces_an_earlier_export_whole_and_nothing_else(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    export_warehouse(con, out, "parquet")
    (out / "left_over.csv").write_text("an old file")
    export_warehouse(con, out, "csv")
    assert not (out / "left_over.csv").exists() and not (out / "articles").exists()
    assert (out / "articles.csv").exists()
    # Internal tables only when asked for.
    assert not (out / "raw_fetches.csv").exists()
    export_warehouse(con, out, "csv", include_internal=True)
    assert (out / "raw_fetches.csv").exists() and (out / "schema_migrations.csv").exists()
    # A folder of other files is never replaced.
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.docx").write_text("mine")
    with pytest.raises(ExportError, match="not an earlier export"):
        export_warehouse(con, mine, "csv")
    assert (mine / "thesis.docx").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents", "export"]  # no debris


def test_export_keeps_the_articles_columns(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    export_warehouse(con, tmp_path, "parquet")
    back = (
        duckdb.connect()
        .execute(
            f"select article_id, title, reporters, published_at from read_parquet("
            f"'{tmp_path}/articles/*/*.parquet', hive_partitioning = true) order by article_id"
        )
        .fetchall()
    )
    assert (
        back
        == con.execute(
            "select article_id, title, reporters, published_at from articles order by article_id"
        ).fetchall()
    )


def test_a_second_export_of_a_narrower_range_leaves_no_stale_partition(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    export_warehouse(con, tmp_path, "parquet")
    export_warehouse(con, tmp_path, "parquet", date(2025, 1, 1), date(2025, 12, 31))
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["year=2025"]
    export_warehouse(con, tmp_path, "parquet", date(2031, 1, 1))
    assert list((tmp_path / "articles").iterdir()) == []


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def draw_capturing(points: list[TrendPoint], path: Path, scope: TrendScope) -> list[str]:
    handler = Captured()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            draw_trend_chart(points, path, "year", scope, {points[-1].period: NOT_OVER})
    finally:
        logger.removeHandler(handler)
    return [str(w.message) for w in caught] + handler.messages


GLYPH_TROUBLE = ("missing from font", "Glyph", "findfont")


def test_chart_is_a_png_with_chinese_labels_and_no_missing_glyph(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    points = trend(con, ["新质生产力", "二次创业"], "year")
    path = tmp_path / "charts" / "trend.png"
    # The partial period's reason and the scope's 来源 are Chinese too.
    messages = draw_capturing(points, path, trend_scope(con))
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1320, 780)
    assert len(data) > 20_000
    assert not [m for m in messages if any(t in m for t in GLYPH_TROUBLE)], messages
    assert cjk_font_path().is_file()


def test_the_glyph_check_would_see_a_missing_glyph(tmp_path: Path) -> None:
    """Proof that the check above can fail: the default font has no Chinese glyphs."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.use("Agg")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
            figure = Figure()
            figure.subplots().set_title("新质生产力")
            figure.savefig(tmp_path / "tofu.png")
    assert any("missing from font" in str(w.message) for w in caught)
