"""Longitudinal analytics: term trends, top keywords per period, emerging terms, officeholders.

Every function takes a connection (read-only is enough) and binds every value it is given.
Periods are the text labels of the `period_label` macro (warehouse/views/macros.sql), the
views' too: year '2024', quarter '2024-Q1', month '2024-03'; they sort in time order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

# Period name -> (date_trunc part, interval between periods, v_articles column).
PERIODS = {
    "month": ("month", "1 month", "month"),
    "quarter": ("quarter", "3 months", "quarter"),
    "year": ("year", "1 year", "year"),
}
METHODS = ("tfidf", "textrank")
EMERGING_MIN_ARTICLES = 3
EMERGING_MIN_GROWTH = 3.0
NEW, GROWING = "new", "growing"
EMERGING_DEFAULT_DAYS = 365


@dataclass(frozen=True)
class TrendPoint:
    """Articles mentioning a term in a period, out of all articles of that period."""

    term: str
    period: str
    articles: int
    total: int
    share: float


@dataclass(frozen=True)
class TopKeyword:
    """A keyword's rank in a period: by how many articles rank it, then its mean weight."""

    period: str
    rank: int
    keyword: str
    articles: int
    mean_weight: float


@dataclass(frozen=True)
class EmergingTerm:
    """A term new since the cut-off, or one whose share of articles grew, with the article
    that first used it."""

    term: str
    kind: str  # NEW: no article held it before the cut-off; GROWING: its share grew
    first_seen: date
    articles: int  # articles holding it since the cut-off
    before: int  # articles holding it before the cut-off
    growth: float | None  # share of articles since / share before (None for a new term)
    first_url: str
    first_title: str


@dataclass(frozen=True)
class Officeholder:
    """A person named with a post, and the dates of the first and last article doing so."""

    name: str
    role: str
    first_seen: date
    last_seen: date
    articles: int


def _check_period(by: str) -> tuple[str, str, str]:
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}: one of {', '.join(PERIODS)}")
    return PERIODS[by]


def period_range(label: str, by: str) -> tuple[date, date]:
    """(first day, day after the last) of the period a `period_label` (SQL macro) names."""
    _check_period(by)
    try:
        if by == "year":
            start = date(int(label), 1, 1)
            return start, date(start.year + 1, 1, 1)
        if by == "quarter":
            year, quarter = label.split("-Q")
            start = date(int(year), 3 * int(quarter) - 2, 1)
        else:
            year, month = label.split("-")
            start = date(int(year), int(month), 1)
    except ValueError:
        raise ValueError(f"not a {by} label: {label!r}") from None
    months = 3 if by == "quarter" else 1
    following = start.month - 1 + months
    return start, date(start.year + following // 12, following % 12 + 1, 1)


def date_range(since: date | None, until: date | None, column: str) -> tuple[list[str], list[Any]]:
    """Conditions keeping `column` (a timestamp) within since..until, both days inclusive."""
    conditions: list[str] = []
    values: list[Any] = []
    if since is not None:
        conditions.append(f"{column} >= ?")
        values.append(datetime.combine(since, datetime.min.time()))
    if until is not None and until < date.max:  # nothing is after the last day there is
        conditions.append(f"{column} < ?")
        values.append(datetime.combine(until + timedelta(days=1), datetime.min.time()))
    return conditions, values


def _where(conditions: Sequence[str]) -> str:
    return f"where {' and '.join(conditions)}" if conditions else ""


def trend(
    con: duckdb.DuckDBPyConnection,
    terms: Sequence[str],
    by: str = "month",
    since: date | None = None,
    until: date | None = None,
) -> list[TrendPoint]:
    """For each term and period: articles whose title or body contains it, of all articles.

    Terms are matched as text (every article containing the term counts, whatever the
    tokenizer made of it), Latin letters case-insensitively; pass them lower-cased. Every
    period from the first to the last holding an article (of since..until when given) is
    there, with 0 where nothing matched. Ordered by term (as given), then period.
    """
    part, step, _ = _check_period(by)
    terms = list(dict.fromkeys(terms))
    if not terms:
        return []
    conditions, values = date_range(since, until, "published_at")
    term_rows = ", ".join("(?, ?, ?)" for _ in terms)
    term_values = [v for i, t in enumerate(terms) for v in (i, t, t != t.upper())]
    rows = con.execute(
        f"""
        with selected as (
            select published_at, title, body from articles {_where(conditions)}
        ),
        terms(position, term, cased) as (values {term_rows}),
        bounds as (
            select
                date_trunc('{part}', min(published_at)) as first_start,
                date_trunc('{part}', max(published_at)) as last_start
            from selected
        ),
        periods as (
            select unnest(generate_series(first_start, last_start, interval '{step}'))
                as period_start
            from bounds
            where first_start is not null and last_start is not null
        ),
        totals as (
            select date_trunc('{part}', published_at) as period_start, count(*) as total
            from selected
            group by all
        ),
        mentions as (
            select
                date_trunc('{part}', s.published_at) as period_start,
                t.term,
                count(*) as articles
            from selected s
            cross join terms t
            where contains(s.title, t.term) or contains(s.body, t.term)
               or (t.cased and (contains(lower(s.title), t.term)
                                or contains(lower(s.body), t.term)))
            group by all
        )
        select t.term, period_label(p.period_start, '{by}'), coalesce(m.articles, 0),
               coalesce(o.total, 0)
        from periods p
        cross join terms t
        left join mentions m on m.period_start = p.period_start and m.term = t.term
        left join totals o on o.period_start = p.period_start
        order by t.position, p.period_start
        """,
        [*values, *term_values],
    ).fetchall()
    return [
        TrendPoint(
            term=str(term),
            period=str(period),
            articles=int(articles),
            total=int(total),
            share=round(int(articles) / int(total), 6) if total else 0.0,
        )
        for term, period, articles, total in rows
    ]


def top_keywords(
    con: duckdb.DuckDBPyConnection,
    by: str = "year",
    method: str = "tfidf",
    limit: int = 10,
    since: date | None = None,
    until: date | None = None,
) -> list[TopKeyword]:
    """The `limit` keywords of each period ranked by articles ranking them, then mean weight."""
    _, _, column = _check_period(by)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: one of {', '.join(METHODS)}")
    conditions, values = date_range(since, until, "a.published_at")
    rows = con.execute(
        f"""
        with dated as (
            select k.keyword, k.weight, k.article_id, cast(a.{column} as varchar) as period
            from article_keywords k
            join v_articles a using (article_id)
            {_where(["k.method = ?", *conditions])}
        ),
        counted as (
            select period, keyword, count(distinct article_id) as articles,
                   avg(weight) as mean_weight
            from dated
            group by period, keyword
        ),
        ranked as (
            select *, row_number() over (
                partition by period order by articles desc, mean_weight desc, keyword
            ) as rank
            from counted
        )
        select period, rank, keyword, articles, mean_weight
        from ranked
        where rank <= ?
        order by period, rank
        """,
        [method, *values, limit],
    ).fetchall()
    return [
        TopKeyword(str(period), int(rank), str(keyword), int(articles), round(float(weight), 6))
        for period, rank, keyword, articles, weight in rows
    ]


def default_emerging_since(con: duckdb.DuckDBPyConnection) -> date | None:
    """EMERGING_DEFAULT_DAYS before the newest article (None for an empty archive)."""
    row = con.execute("select max(published_at) from articles").fetchone()
    if not row or row[0] is None:
        return None
    newest: datetime = row[0]
    return newest.date() - timedelta(days=EMERGING_DEFAULT_DAYS)


def emerging_terms(
    con: duckdb.DuckDBPyConnection,
    since: date,
    min_articles: int = EMERGING_MIN_ARTICLES,
    limit: int = 20,
    min_growth: float = EMERGING_MIN_GROWTH,
) -> list[EmergingTerm]:
    """Terms that stand out since `since`, held by at least `min_articles` articles since:

    * new: no article held the term before `since` (its first appearance is since);
    * growing: its share of articles since is at least `min_growth` times its share before.

    New terms first, then growing ones, each by articles since (then growth, first appearance
    and term); each with the earliest article holding it (v_term_first_seen).
    """
    start = datetime.combine(since, datetime.min.time())
    rows = con.execute(
        """
        with totals as (
            select
                count(*) filter (where published_at >= $since) as recent_total,
                count(*) filter (where published_at < $since) as before_total
            from articles
        ),
        counts as (
            select
                t.term,
                count(*) filter (where a.published_at >= $since) as recent,
                count(*) filter (where a.published_at < $since) as before
            from article_terms t
            join articles a using (article_id)
            group by t.term
        ),
        scored as (
            select
                c.term,
                c.recent,
                c.before,
                case when c.before > 0
                    then (c.recent / o.recent_total) / (c.before / o.before_total)
                end as growth
            from counts c, totals o
            where c.recent >= $min_articles
        )
        select s.term, s.before, s.recent, s.growth, f.first_seen, a.url, a.title
        from scored s
        join v_term_first_seen f using (term)
        join articles a on a.article_id = f.first_article_id
        where s.before = 0 or s.growth >= $min_growth
        order by s.before > 0, s.recent desc, s.growth desc, f.first_seen, s.term
        limit $limit
        """,
        {"since": start, "min_articles": min_articles, "min_growth": min_growth, "limit": limit},
    ).fetchall()
    return [
        EmergingTerm(
            term=str(term),
            kind=GROWING if before else NEW,
            first_seen=first_seen,
            articles=int(recent),
            before=int(before),
            growth=None if growth is None else round(float(growth), 4),
            first_url=str(url),
            first_title=str(title),
        )
        for term, before, recent, growth, first_seen, url, title in rows
    ]


def officeholders(con: duckdb.DuckDBPyConnection, name: str | None = None) -> list[Officeholder]:
    """The officeholder timeline (v_officeholders), oldest first; one person's with `name`."""
    conditions, values = (["name = ?"], [name]) if name is not None else ([], [])
    rows = con.execute(
        "select name, role, first_seen, last_seen, articles from v_officeholders"
        f" {_where(conditions)} order by first_seen, last_seen, name, role",
        values,
    ).fetchall()
    return [
        Officeholder(str(n), str(role), first, last, int(articles))
        for n, role, first, last, articles in rows
    ]
