"""What each page and its API answer: the request read, the warehouse asked, the answer built.

Each `*_answer` function reads its parameters (a BadRequest for any bad one, before the
warehouse is opened), asks the warehouse through one read-only connection, and returns a
frozen answer the HTML page and the JSON API both render. The JSON of an answer is what the
CLI's `--json` prints for the same request (`yzdaily search ... --json` has `query`, `total`,
`sort` and `hits`, `yzdaily trend ... --json` is `points`, the others whole), plus what only a
page needs (facets, pages, partial periods).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from parsers.query import MAX_QUERY_CHARS, Query, QueryError, QueryTokenizer, parse_query
from warehouse.analytics import (
    EMERGING_MIN_COUNT,
    EMERGING_MIN_G2,
    PERIODS,
    STORIES,
    UNITS,
    EmergingTerm,
    Officeholder,
    TrendPoint,
    default_emerging_since,
    emerging_terms,
    officeholders,
    partial_reason,
    trend,
)
from warehouse.articles import ArticleRecord, read_article_record
from warehouse.health import latest_health
from warehouse.queries import Stats, read_runs, read_stats
from warehouse.results import RELEVANCE, SORTS, SearchResult, search_result
from warehouse.search import MAX_LIMIT, SearchFilters
from web import params
from web.params import BadRequest, Params
from web.reading import READ_WAIT_SECONDS, WarehouseReader

PAGE_SIZES = (10, 20, 50, 100)
DEFAULT_PAGE_SIZE = 20
MAX_OFFSET = 1_000_000
MAX_TREND_TERMS = 6
MEASURES = ("share", "count")
DEFAULT_BY = "month"  # as `yzdaily trend`
MAX_RUNS = 1_000
BEIJING = timezone(timedelta(hours=8))  # China keeps no daylight saving time


def beijing_today() -> date:
    """Today in Beijing, the time zone of every published_at."""
    return datetime.now(BEIJING).date()


@dataclass(frozen=True)
class WebConfig:
    """What the app needs: the warehouse, jieba's cache, how long a reader waits, the clock."""

    db_path: Path
    jieba_cache_dir: Path
    read_wait: float = READ_WAIT_SECONDS
    today: Callable[[], date] = beijing_today


@dataclass(frozen=True)
class Context:
    """What every answer function is given."""

    config: WebConfig
    reader: WarehouseReader
    tokenizer: Callable[[], QueryTokenizer]


def _query(text: str) -> Query:
    try:
        return parse_query(text)
    except QueryError as error:
        raise BadRequest(str(error)) from None


# --- search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRequest:
    """A search as asked: the query (None: none given yet), its filters and the page wanted."""

    q: str | None
    query: Query | None
    filters: SearchFilters
    sort: str
    offset: int
    limit: int

    def filter_params(self) -> dict[str, Any]:
        """The filters as query-string values (for links that keep them)."""
        f = self.filters
        return {
            "since": f.since,
            "until": f.until,
            "source": f.source,
            "reporter": f.reporter,
            "site": f.site,
        }


def read_search(values: Params, max_limit: int, require_query: bool) -> SearchRequest:
    """The search parameters: q, since, until, source, reporter, site, sort, offset, limit."""
    q = params.raw(values, "q")
    if q is not None and len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"q: the query is {len(q)} characters long; at most {MAX_QUERY_CHARS}")
    if q is None and require_query:
        raise BadRequest("q: give a query, e.g. q=二次创业")
    since, until = params.date_range(values)
    filters = SearchFilters(
        since=since,
        until=until,
        source=params.text(values, "source"),
        reporter=params.text(values, "reporter"),
        site=params.text(values, "site"),
    )
    return SearchRequest(
        q=q,
        query=_query(q) if q is not None else None,
        filters=filters,
        sort=params.choice(values, "sort", SORTS, RELEVANCE),
        offset=params.whole(values, "offset", 0, 0, MAX_OFFSET),
        limit=params.whole(values, "limit", DEFAULT_PAGE_SIZE, 1, max_limit),
    )


@dataclass(frozen=True)
class SearchAnswer:
    """A search request and its result (None when no query was given)."""

    request: SearchRequest
    result: SearchResult | None
    sites: tuple[str, ...] = ()


def search_answer(
    context: Context,
    values: Params,
    max_limit: int,
    require_query: bool,
    whole: bool = False,
    with_sites: bool = False,
) -> SearchAnswer:
    """The search page's or the API's answer; every row from the first with `whole` (CSV)."""
    request = read_search(values, max_limit, require_query)
    with context.reader.reading() as con:
        sites: tuple[str, ...] = ()
        if with_sites:  # the form's choice of sites: the page's, not the API's
            rows = con.execute("select distinct site from articles order by site").fetchall()
            sites = tuple(str(row[0]) for row in rows)
        if request.query is None:
            return SearchAnswer(request, None, sites)
        result = search_result(
            con,
            request.query,
            context.tokenizer,
            request.filters,
            request.sort,
            0 if whole else request.offset,
            None if whole else request.limit,
        )
    return SearchAnswer(request, result, sites)


def hit_json(row: Any) -> dict[str, Any]:
    """A hit as `yzdaily search --json` prints it, plus the site and reporters."""
    hit = row.hit
    return {
        "url": hit.url,
        "title": hit.title,
        "published_at": hit.published_at,
        "source": hit.source,
        "score": hit.score,
        "snippet": hit.snippet,
        "match": hit.match,
        "article_id": hit.article_id,
        "site": row.site,
        "reporters": list(row.reporters),
    }


def search_json(answer: SearchAnswer) -> dict[str, Any]:
    """`/api/search`: the query, filters and page, the total, facets, and the hits."""
    request, result = answer.request, answer.result
    assert result is not None and request.query is not None
    return {
        "query": request.query.text,
        "filters": request.filter_params(),
        "sort": request.sort,
        "offset": request.offset,
        "limit": request.limit,
        "total": result.total,
        "facets": {
            "year": [{"value": v, "articles": n} for v, n in result.facets.years],
            "source": [{"value": v, "articles": n} for v, n in result.facets.sources],
            "site": [{"value": v, "articles": n} for v, n in result.facets.sites],
        },
        "hits": [hit_json(row) for row in result.rows],
    }


# --- article ----------------------------------------------------------------------------------


def article_answer(context: Context, article_id: str) -> ArticleRecord | None:
    """The article page's answer; None when there is no such article."""
    if len(article_id) > 1000:
        raise BadRequest("article id: too long")
    with context.reader.reading() as con:
        return read_article_record(con, article_id)


def article_json(article: ArticleRecord) -> dict[str, Any]:
    """`/api/article/{id}`: every field, the body as paragraphs too, and the related rows."""
    return asdict(article) | {"paragraphs": list(article.paragraphs)}


# --- trend ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    """One period of a trend: each term's point, and whether the period is partial."""

    period: str
    points: tuple[TrendPoint, ...]
    partial: str | None  # why the period is counted only in part; None when whole


@dataclass(frozen=True)
class TrendAnswer:
    """A trend request and its points, period by period."""

    terms: tuple[str, ...]
    by: str
    measure: str
    since: date | None
    until: date | None
    points: tuple[TrendPoint, ...] = ()
    rows: tuple[PeriodRow, ...] = field(default=())


def read_trend_terms(values: Params, required: bool) -> tuple[str, ...]:
    """The `term` values, each one word as `yzdaily trend` takes it."""
    raw_terms = params.values(values, "term")
    if not raw_terms and required:
        raise BadRequest("term: give at least one, e.g. term=新质生产力")
    if len(raw_terms) > MAX_TREND_TERMS:
        raise BadRequest(f"term: at most {MAX_TREND_TERMS} terms on one chart")
    terms: list[str] = []
    for raw in raw_terms:
        parts = _query(raw).parts
        if len(parts) != 1:
            raise BadRequest(f"term: a trend term is one word; {' '.join(parts)} is {len(parts)}")
        terms.append(parts[0])
    return tuple(dict.fromkeys(terms))


def trend_answer(context: Context, values: Params, required: bool) -> TrendAnswer:
    """The trend page's (or API's) answer: points per term and period, partial periods."""
    terms = read_trend_terms(values, required)
    by = params.choice(values, "by", tuple(PERIODS), DEFAULT_BY)
    measure = params.choice(values, "measure", MEASURES, MEASURES[0])
    since, until = params.date_range(values)
    if not terms:
        return TrendAnswer(terms, by, measure, since, until)
    with context.reader.reading() as con:
        points = tuple(trend(con, terms, by, since, until))
    today = context.config.today()
    periods = list(dict.fromkeys(point.period for point in points))
    by_period: dict[str, list[TrendPoint]] = {period: [] for period in periods}
    for point in points:
        by_period[point.period].append(point)
    rows = tuple(
        PeriodRow(period, tuple(by_period[period]), partial_reason(period, by, since, until, today))
        for period in periods
    )
    return TrendAnswer(terms, by, measure, since, until, points, rows)


def trend_json(answer: TrendAnswer) -> dict[str, Any]:
    """`/api/trend`: the points as `yzdaily trend --json` prints them, and partial periods."""
    return {
        "terms": list(answer.terms),
        "by": answer.by,
        "since": answer.since,
        "until": answer.until,
        "points": [asdict(point) for point in answer.points],
        "partial_periods": [
            {"period": row.period, "reason": row.partial} for row in answer.rows if row.partial
        ],
    }


# --- people, emerging, health, stats ------------------------------------------------------------


def people_answer(context: Context, values: Params) -> tuple[str | None, list[Officeholder]]:
    """The officeholder timeline, one person's with `name`."""
    name = params.text(values, "name")
    with context.reader.reading() as con:
        return name, officeholders(con, name)


@dataclass(frozen=True)
class EmergingAnswer:
    """Terms whose share rose most in a window, by G², with the thresholds asked."""

    since: date | None
    until: date | None
    min_stories: int
    min_g2: float
    unit: str
    limit: int
    terms: tuple[EmergingTerm, ...]


def emerging_answer(context: Context, values: Params) -> EmergingAnswer:
    """`yzdaily emerging`'s answer: the window since..until (default: the year up to the newest
    article) against the years before, names left out."""
    since, until = params.date_range(values)
    min_stories = params.whole(values, "min_stories", EMERGING_MIN_COUNT, 1, MAX_LIMIT)
    min_g2 = params.number(values, "min_g2", EMERGING_MIN_G2, 0.0)
    unit = params.choice(values, "unit", UNITS, STORIES)
    limit = params.whole(values, "limit", 20, 1, MAX_LIMIT)
    with context.reader.reading() as con:
        since = since or default_emerging_since(con, until)
        terms = (
            ()
            if since is None
            else tuple(
                emerging_terms(
                    con, since, until, min_count=min_stories, limit=limit, unit=unit, min_g2=min_g2
                )
            )
        )
    return EmergingAnswer(since, until, min_stories, min_g2, unit, limit, terms)


@dataclass(frozen=True)
class HealthAnswer:
    """Each site's latest source-health verdict, and the recent runs."""

    sites: list[dict[str, Any]]
    runs: list[dict[str, Any]]


def health_answer(context: Context, values: Params) -> HealthAnswer:
    """`yzdaily health` and `yzdaily runs` in one answer."""
    limit = params.whole(values, "limit", 20, 1, MAX_RUNS)
    with context.reader.reading() as con:
        return HealthAnswer(latest_health(con), read_runs(con, limit))


def stats_answer(context: Context) -> Stats:
    """What the warehouse holds (`yzdaily stats`)."""
    with context.reader.reading() as con:
        return read_stats(con)


def stats_json(context: Context, stats: Stats) -> dict[str, Any]:
    """`/api/stats`: as `yzdaily stats --json` prints it, with the warehouse's path."""
    return asdict(stats) | {"db": str(context.config.db_path)}
