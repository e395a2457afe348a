"""Longitudinal analytics: term trends, top keywords per period, emerging terms, officeholders.

Every function takes a connection (read-only is enough) and binds every value it is given.
Periods are the text labels of the `period_label` macro (warehouse/views/macros.sql), the
views' too: year '2024', quarter '2024-Q1', month '2024-03'; they sort in time order.

The unit of attention is the story by default (`unit="stories"`): a story cross-posted on
zgjssw and 扬州网 counts once, dated by its first publication (`v_articles.story_published_at`);
it holds a term or keyword when any of its copies does. With `unit="articles"` every copy
counts, dated by its own publication. Rows give both counts: `stories` and `articles` are the
stories of the row and their copies (unit stories), or the articles of the row and the
stories they belong to (unit articles).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from parsers.cities import CORPORA, DEFAULT
from parsers.corpus import Contingency

# Period name -> (date_trunc part, interval between periods).
PERIODS = {
    "month": ("month", "1 month"),
    "quarter": ("quarter", "3 months"),
    "year": ("year", "1 year"),
}
METHODS = ("tfidf", "textrank")
STORIES, ARTICLES = "stories", "articles"
UNITS = (STORIES, ARTICLES)
# unit -> (v_articles column dating it, the column identifying it)
UNIT_COLUMNS = {
    STORIES: ("story_published_at", "story_id"),
    ARTICLES: ("published_at", "article_id"),
}
EMERGING_MIN_COUNT = 3
# G² above 10.83 has p < 0.001 for one degree of freedom: chance alone rarely gets there, even
# over the thousands of terms compared at once. A small window (a young archive, the demo)
# cannot reach it even for a term that truly rose (5 of 11 stories against 9 of 58 is G² 4.4):
# there the default is 3.84 (p < 0.05), and the answer says which threshold it used.
EMERGING_MIN_G2 = 10.83
EMERGING_SMALL_MIN_G2 = 3.84
EMERGING_SMALL_WINDOW = 100  # stories (articles) in the window below which it is small


def default_min_g2(window: int) -> float:
    """The G² a rise must reach when none is asked: 10.83, or 3.84 for a small window."""
    return EMERGING_SMALL_MIN_G2 if window < EMERGING_SMALL_WINDOW else EMERGING_MIN_G2


NEW, GROWING = "new", "growing"
EMERGING_DEFAULT_DAYS = 365


@dataclass(frozen=True)
class TrendPoint:
    """Stories (and their copies) mentioning a term in a period, out of all of that period."""

    term: str
    period: str
    stories: int
    articles: int
    total: int  # stories (or articles, for unit articles) of the period
    share: float | None  # stories / total (articles / total); None when the period has none
    unit: str


@dataclass(frozen=True)
class TopKeyword:
    """A keyword's rank in a period: by how many stories (articles) rank it, then mean weight."""

    period: str
    rank: int
    keyword: str
    stories: int
    articles: int
    mean_weight: float


@dataclass(frozen=True)
class EmergingTerm:
    """A term whose share of stories (articles) in the window rose against the years before,
    significantly, with the article that first used it."""

    term: str
    kind: str  # NEW: first seen inside the window; GROWING: held before it too
    g2: float  # log-likelihood of the 2x2 table window/before x holding/not
    stories: int  # in the window (unit articles: the stories of those articles)
    articles: int  # in the window
    before: int  # stories (articles) holding it before the window
    share: float  # of the window's stories (articles) holding it
    share_before: float
    growth: float | None  # share / share_before (None for a new term)
    first_published_date: date  # of the earliest article holding it (v_term_first_seen)
    first_url: str
    first_title: str
    unit: str
    first_article_id: str = ""


@dataclass(frozen=True)
class Officeholder:
    """A person named with a post, and the publication days of the first and last article
    doing so."""

    name: str
    role: str
    first_published_date: date
    last_published_date: date
    stories: int
    articles: int


def _check_period(by: str) -> tuple[str, str]:
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


NOT_OVER = "本期尚未结束"
CUT_BY_RANGE = "只有部分日期在所选范围内"


def partial_reason(
    period: str, by: str, since: date | None, until: date | None, today: date
) -> str | None:
    """Why a period's counts cover only part of it (not over yet, or cut by the range)."""
    start, following = period_range(period, by)
    if today < following:  # its last day too: more may be published before it ends
        return NOT_OVER
    if (since is not None and since > start) or (
        until is not None and until < following - timedelta(days=1)
    ):
        return CUT_BY_RANGE
    return None


@dataclass(frozen=True)
class TrendScope:
    """What a trend counted: the articles of since..until by site and by 来源 (most first)."""

    unit: str
    since: date | None
    until: date | None
    sites: tuple[tuple[str, int], ...]
    sources: tuple[tuple[str, int], ...]  # 来源 None as "(none)"


def trend_scope(
    con: duckdb.DuckDBPyConnection,
    since: date | None = None,
    until: date | None = None,
    unit: str = STORIES,
    cities: Sequence[str] = DEFAULT,
) -> TrendScope:
    """The sites and 来源 of the articles a trend of since..until counts (for its title)."""
    dated, _ = check_unit(unit)
    conditions, values = in_scope(since, until, cities, dated, "city")

    def counted(column: str) -> tuple[tuple[str, int], ...]:
        rows = con.execute(
            f"select coalesce({column}, '(none)'), count(*) from v_articles"
            f" {_where(conditions)} group by all order by 2 desc, 1",
            values,
        ).fetchall()
        return tuple((str(name), int(count)) for name, count in rows)

    return TrendScope(unit, since, until, counted("site"), counted("source"))


def check_unit(unit: str) -> tuple[str, str]:
    """(the v_articles column dating a unit, the column identifying it); ValueError if unknown."""
    if unit not in UNIT_COLUMNS:
        raise ValueError(f"unknown unit {unit!r}: one of {', '.join(UNITS)}")
    return UNIT_COLUMNS[unit]


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


def city_condition(cities: Sequence[str], column: str) -> tuple[list[str], list[Any]]:
    """A condition keeping `column` (an article's corpus) among `cities`; none when they are
    every corpus there is."""
    if set(cities) == set(CORPORA):
        return [], []
    return [f"list_contains(?, {column})"], [list(cities)]


def in_scope(
    since: date | None,
    until: date | None,
    cities: Sequence[str],
    dated: str,
    city: str,
) -> tuple[list[str], list[Any]]:
    """The conditions of a read's range (on the timestamp `dated`) and corpora (on `city`)."""
    conditions, values = date_range(since, until, dated)
    more, more_values = city_condition(cities, city)
    return [*conditions, *more], [*values, *more_values]


def _where(conditions: Sequence[str]) -> str:
    return f"where {' and '.join(conditions)}" if conditions else ""


def trend(
    con: duckdb.DuckDBPyConnection,
    terms: Sequence[str],
    by: str = "month",
    since: date | None = None,
    until: date | None = None,
    unit: str = STORIES,
    cities: Sequence[str] = DEFAULT,
) -> list[TrendPoint]:
    """For each term and period: stories (articles) whose title or body contains it, of all.

    Terms are matched as text (every copy containing the term counts, whatever the tokenizer
    made of it), Latin letters case-insensitively; pass them lower-cased. Every period from
    the first to the last holding a story (article) of since..until is there, with 0 where
    nothing matched. Only the articles of `cities` (corpora, parsers.cities) count. Ordered by
    term (as given), then period.
    """
    part, step = _check_period(by)
    dated, _ = check_unit(unit)
    terms = list(dict.fromkeys(terms))
    if not terms:
        return []
    conditions, values = in_scope(since, until, cities, dated, "city")
    term_rows = ", ".join("(?, ?, ?)" for _ in terms)
    term_values = [v for i, t in enumerate(terms) for v in (i, t, t != t.upper())]
    rows = con.execute(
        f"""
        with selected as (
            select story_id, {dated} as dated_at from v_articles {_where(conditions)}
        ),
        terms(position, term, cased) as (values {term_rows}),
        bounds as (
            select
                date_trunc('{part}', min(dated_at)) as first_start,
                date_trunc('{part}', max(dated_at)) as last_start
            from selected
        ),
        periods as (
            select unnest(generate_series(first_start, last_start, interval '{step}'))
                as period_start
            from bounds
            where first_start is not null and last_start is not null
        ),
        totals as (
            select
                date_trunc('{part}', dated_at) as period_start,
                count(distinct story_id) as stories,
                count(*) as articles
            from selected
            group by all
        ),
        -- The text is read once, here alone: a CTE read twice may be kept whole in memory.
        mentions as (
            select
                date_trunc('{part}', s.{dated}) as period_start,
                t.term,
                count(distinct s.story_id) as stories,
                count(*) as articles
            from v_articles s
            cross join terms t
            where {" and ".join([*conditions, "true"])}
              and (contains(s.title, t.term) or contains(s.body, t.term)
                   or (t.cased and (contains(lower(s.title), t.term)
                                    or contains(lower(s.body), t.term))))
            group by all
        )
        select t.term, period_label(p.period_start, '{by}'), coalesce(m.stories, 0),
               coalesce(m.articles, 0), coalesce(o.{unit}, 0)
        from periods p
        cross join terms t
        left join mentions m on m.period_start = p.period_start and m.term = t.term
        left join totals o on o.period_start = p.period_start
        order by t.position, p.period_start
        """,
        [*values, *term_values, *values],
    ).fetchall()
    points = []
    for term, period, stories, articles, total in rows:
        count = int(stories) if unit == STORIES else int(articles)
        points.append(
            TrendPoint(
                term=str(term),
                period=str(period),
                stories=int(stories),
                articles=int(articles),
                total=int(total),
                share=round(count / int(total), 6) if total else None,
                unit=unit,
            )
        )
    return points


def top_keywords(
    con: duckdb.DuckDBPyConnection,
    by: str = "year",
    method: str = "tfidf",
    limit: int = 10,
    since: date | None = None,
    until: date | None = None,
    unit: str = STORIES,
    cities: Sequence[str] = DEFAULT,
) -> list[TopKeyword]:
    """The `limit` keywords of each period ranked by the stories (articles) ranking them
    among an article's top keywords, then by mean weight, then keyword."""
    _check_period(by)
    dated, _ = check_unit(unit)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: one of {', '.join(METHODS)}")
    conditions, values = in_scope(since, until, cities, f"a.{dated}", "a.city")
    rows = con.execute(
        f"""
        with dated as (
            select k.keyword, k.weight, k.article_id, a.story_id,
                   period_label(a.{dated}, '{by}') as period
            from article_keywords k
            join v_articles a using (article_id)
            {_where(["k.method = ?", *conditions])}
        ),
        counted as (
            select period, keyword, count(distinct story_id) as stories,
                   count(distinct article_id) as articles, avg(weight) as mean_weight
            from dated
            group by period, keyword
        ),
        ranked as (
            select *, row_number() over (
                partition by period order by {unit} desc, mean_weight desc, keyword
            ) as rank
            from counted
        )
        select period, rank, keyword, stories, articles, mean_weight
        from ranked
        where rank <= ?
        order by period, rank
        """,
        [method, *values, limit],
    ).fetchall()
    return [
        TopKeyword(
            str(period), int(rank), str(keyword), int(stories), int(articles), round(weight, 6)
        )
        for period, rank, keyword, stories, articles, weight in rows
    ]


def default_emerging_since(
    con: duckdb.DuckDBPyConnection, until: date | None = None, cities: Sequence[str] = DEFAULT
) -> date | None:
    """EMERGING_DEFAULT_DAYS before `until`, or before the newest article of `cities` (None:
    no article)."""
    if until is not None:
        return until - timedelta(days=EMERGING_DEFAULT_DAYS)
    conditions, values = city_condition(cities, "city")
    row = con.execute(
        f"select max(published_at) from articles {_where(conditions)}", values
    ).fetchone()
    if not row or row[0] is None:
        return None
    newest: datetime = row[0]
    return newest.date() - timedelta(days=EMERGING_DEFAULT_DAYS)


@dataclass(frozen=True)
class EmergingScope:
    """What an emerging-terms comparison had to go on: the stories (articles) of the window
    and of the years before it, and the day of the first one."""

    window: int
    before: int
    first: date | None  # the earliest story (article) of the archive up to `until`


@dataclass(frozen=True)
class EmergingResult:
    """The terms kept, best first, what was compared, and the strongest rise left out (why an
    answer is empty)."""

    terms: list[EmergingTerm]
    scope: EmergingScope
    strongest: EmergingTerm | None  # the highest G² of a rising candidate, kept or not
    min_g2: float  # the threshold used (asked, or default_min_g2 of the window)


# Candidates whose text is recounted (by the token counts' G², best first): the text scan of
# a term costs a pass over the archive's text, so only those that can make the list.
RECOUNTED_MIN = 100


def emerging(
    con: duckdb.DuckDBPyConnection,
    since: date,
    until: date | None = None,
    min_count: int = EMERGING_MIN_COUNT,
    limit: int = 20,
    unit: str = STORIES,
    include_names: bool = False,
    new_only: bool = False,
    min_g2: float | None = None,
    keep: Callable[[str], bool] | None = None,
    cities: Sequence[str] = DEFAULT,
) -> EmergingResult:
    """Terms whose share of stories (articles) in since..until rose most against the years
    before `since`, by the log-likelihood G² of their 2x2 table, highest first (then term).

    Candidates are the search terms (article_terms) of at least `min_count` stories of the
    window that `keep` accepts (the caller's rule of what a term is: a content word, no
    fragment); without `include_names`, no term the press names with a post. Each is then
    counted by its text, as `trend` counts, in the window and before it: a term inside longer
    words is held by those stories too. So a term is NEW only when no story before the window
    holds its text (with `new_only`, only those), and each comes with the earliest article
    whose text holds it. Kept: terms whose share rose with G² >= `min_g2` (None: by the
    window's size, `default_min_g2`).
    """
    dated, identity = check_unit(unit)
    start = datetime.combine(since, datetime.min.time())
    end_conditions, end_values = in_scope(None, until, cities, f"a.{dated}", "a.city")
    names = "" if include_names else "where c.term not in (select name from person_mentions)"
    scoped = f"""
        scoped as (
            select a.article_id, a.story_id, a.{identity} as unit_id, a.{dated} as dated_at,
                   a.published_at, a.title, a.body
            from v_articles a
            {_where(end_conditions)}
        )"""
    totals = con.execute(
        f"""
        with {scoped}
        select count(distinct unit_id) filter (where dated_at >= ?),
               count(distinct unit_id) filter (where dated_at < ?),
               min(dated_at)
        from scoped
        """,
        [*end_values, start, start],
    ).fetchone()
    window_total, before_total = (int(totals[0]), int(totals[1])) if totals else (0, 0)
    first = totals[2].date() if totals and totals[2] is not None else None
    scope = EmergingScope(window_total, before_total, first)
    threshold = default_min_g2(window_total) if min_g2 is None else min_g2
    rows = con.execute(
        f"""
        with {scoped},
        counts as (
            select
                t.term,
                count(distinct s.unit_id) filter (where s.dated_at >= ?) as inside,
                count(distinct s.unit_id) filter (where s.dated_at < ?) as before
            from article_terms t
            join scoped s using (article_id)
            group by t.term
            having count(distinct s.unit_id) filter (where s.dated_at >= ?) >= ?
        )
        select c.term, c.inside, c.before from counts c {names}
        """,
        [*end_values, start, start, start, min_count],
    ).fetchall()
    candidates = []
    for term, inside, before in rows:
        if keep is not None and not keep(str(term)):
            continue
        share, share_before = _share(inside, window_total), _share(before, before_total)
        if share > share_before:
            g2 = Contingency(inside, window_total - inside, before, before_total - before)
            candidates.append((g2.log_likelihood(), str(term)))
    candidates.sort(key=lambda pair: (-pair[0], pair[1]))
    recounted = _recount(
        con, scoped, end_values, start, [t for _, t in candidates[: max(RECOUNTED_MIN, 5 * limit)]]
    )
    found: list[EmergingTerm] = []
    for term, (
        inside,
        before,
        stories,
        articles,
        first_seen,
        url,
        title,
        first_id,
    ) in recounted.items():
        share, share_before = _share(inside, window_total), _share(before, before_total)
        table = Contingency(inside, window_total - inside, before, before_total - before)
        found.append(
            EmergingTerm(
                term=term,
                kind=GROWING if before else NEW,
                g2=round(table.log_likelihood(), 4),
                stories=stories,
                articles=articles,
                before=before,
                share=round(share, 6),
                share_before=round(share_before, 6),
                growth=round(share / share_before, 4) if before else None,
                first_published_date=first_seen,
                first_url=url,
                first_title=title,
                unit=unit,
                first_article_id=first_id,
            )
        )
    rising = sorted(
        (t for t in found if t.share > t.share_before and t.stories >= 1),
        key=lambda t: (-t.g2, t.term),
    )
    kept = [
        t
        for t in rising
        if t.g2 >= threshold
        and (t.stories if unit == STORIES else t.articles) >= min_count
        and (not new_only or t.kind == NEW)
    ]
    return EmergingResult(kept[:limit], scope, rising[0] if rising else None, threshold)


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _recount(
    con: duckdb.DuckDBPyConnection,
    scoped: str,
    end_values: list[Any],
    start: datetime,
    terms: Sequence[str],
) -> dict[str, tuple[int, int, int, int, date, str, str, str]]:
    """Each term counted by its text, as `trend` counts: (units in the window, units before
    it, stories and articles in the window, the day, URL and title of the earliest article
    holding it)."""
    if not terms:
        return {}
    term_rows = ", ".join("(?, ?, ?)" for _ in terms)
    term_values = [v for i, t in enumerate(terms) for v in (i, t, t != t.upper())]
    rows = con.execute(
        f"""
        with {scoped},
        terms(position, term, cased) as (values {term_rows}),
        holding as (
            select t.position, t.term, s.*
            from scoped s
            join terms t
              on contains(s.title, t.term) or contains(s.body, t.term)
              or (t.cased and (contains(lower(s.title), t.term)
                               or contains(lower(s.body), t.term)))
        ),
        counted as (
            select position, term,
                   count(distinct unit_id) filter (where dated_at >= ?) as inside,
                   count(distinct unit_id) filter (where dated_at < ?) as before,
                   count(distinct story_id) filter (where dated_at >= ?) as stories,
                   count(distinct article_id) filter (where dated_at >= ?) as articles,
                   arg_min(article_id, (published_at, article_id)) as first_article
            from holding
            group by position, term
        )
        select c.term, c.inside, c.before, c.stories, c.articles,
               cast(a.published_at as date), a.url, a.title, a.article_id
        from counted c
        join articles a on a.article_id = c.first_article
        order by c.position
        """,
        [*end_values, *term_values, start, start, start, start],
    ).fetchall()
    return {
        str(term): (int(i), int(b), int(s), int(n), first, str(url), str(title), str(aid))
        for term, i, b, s, n, first, url, title, aid in rows
    }


def officeholders(
    con: duckdb.DuckDBPyConnection,
    name: str | None = None,
    roles: Sequence[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    cities: Sequence[str] = DEFAULT,
) -> list[Officeholder]:
    """Who was named with which post (v_officeholders), oldest first: the people whose name
    starts with `name`, holding one of `roles` (parsers.people.role_variants gives a post's),
    counted over the articles of `cities` published since..until."""
    conditions, values = in_scope(since, until, cities, "a.published_at", "a.city")
    if name is not None:
        conditions.append("starts_with(m.name, ?)")
        values.append(name)
    if roles is not None:
        conditions.append("list_contains(?, m.role)")
        values.append(list(roles))
    rows = con.execute(
        f"""
        select m.name, m.role, min(cast(a.published_at as date)) as first_date,
               max(cast(a.published_at as date)) as last_date,
               count(distinct a.story_id), count(distinct a.article_id)
        from person_mentions m
        join articles a using (article_id)
        {_where(conditions)}
        group by m.name, m.role
        order by first_date, last_date, m.name, m.role
        """,
        values,
    ).fetchall()
    return [
        Officeholder(str(n), str(role), first, last, int(stories), int(articles))
        for n, role, first, last, stories, articles in rows
    ]


@dataclass(frozen=True)
class Mention:
    """One article naming a person with a post: who, as what, when, where."""

    name: str
    role: str
    published_date: date
    article_id: str
    url: str
    title: str


def post_mentions(
    con: duckdb.DuckDBPyConnection,
    roles: Sequence[str],
    since: date | None = None,
    until: date | None = None,
    cities: Sequence[str] = DEFAULT,
) -> list[Mention]:
    """Every article of `cities` naming someone with one of `roles`, oldest first (one row
    per article, name and role)."""
    conditions, values = in_scope(since, until, cities, "a.published_at", "a.city")
    rows = con.execute(
        f"""
        select distinct m.name, m.role, cast(a.published_at as date), a.article_id, a.url,
               a.title
        from person_mentions m
        join articles a using (article_id)
        {_where(["list_contains(?, m.role)", *conditions])}
        order by 3, 4, 1, 2
        """,
        [list(roles), *values],
    ).fetchall()
    return [
        Mention(str(n), str(r), day, str(article_id), str(url), str(title))
        for n, r, day, article_id, url, title in rows
    ]


ENTITY_KINDS = ("person", "place", "org")


@dataclass(frozen=True)
class TopEntity:
    """A person, place or organisation's rank in a period among those of its kind."""

    period: str
    kind: str
    rank: int
    name: str
    stories: int
    articles: int
    mentions: int  # occurrences in those articles' titles and bodies


def top_entities(
    con: duckdb.DuckDBPyConnection,
    kinds: Sequence[str] = ENTITY_KINDS,
    by: str = "year",
    since: date | None = None,
    until: date | None = None,
    limit: int = 10,
    unit: str = STORIES,
    cities: Sequence[str] = DEFAULT,
) -> list[TopEntity]:
    """The `limit` people, places and organisations of each period and kind, by the stories
    (articles) naming them, then mentions, then name (article_entities)."""
    _check_period(by)
    dated, _ = check_unit(unit)
    unknown = sorted(set(kinds) - set(ENTITY_KINDS))
    if unknown or not kinds:
        raise ValueError(f"unknown kind {unknown}: one of {', '.join(ENTITY_KINDS)}")
    conditions, values = in_scope(since, until, cities, f"a.{dated}", "a.city")
    rows = con.execute(
        f"""
        with dated as (
            select e.kind, e.name, e.mentions, e.article_id, a.story_id,
                   period_label(a.{dated}, '{by}') as period
            from article_entities e
            join v_articles a using (article_id)
            {_where(["list_contains(?, e.kind)", *conditions])}
        ),
        counted as (
            select period, kind, name, count(distinct story_id) as stories,
                   count(distinct article_id) as articles, sum(mentions) as mentions
            from dated
            group by period, kind, name
        ),
        ranked as (
            select *, row_number() over (
                partition by period, kind order by {unit} desc, mentions desc, name
            ) as rank
            from counted
        )
        select period, kind, rank, name, stories, articles, mentions
        from ranked
        where rank <= ?
        order by period, kind, rank
        """,
        [list(kinds), *values, limit],
    ).fetchall()
    return [
        TopEntity(str(p), str(k), int(r), str(n), int(s), int(a), int(m))
        for p, k, r, n, s, a, m in rows
    ]
