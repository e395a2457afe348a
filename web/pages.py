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
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from answers.archive import (
    HealthAnswer,
    RunsAnswer,
    StatsAnswer,
    health_answer,
    runs_answer,
    stats_answer,
)
from answers.corpus import (
    CollocatesAnswer,
    CollocatesRequest,
    EntitiesAnswer,
    EntitiesRequest,
    KwicAnswer,
    KwicRequest,
    collocates_answer,
    entities_answer,
    kwic_answer,
)
from answers.emerging import EmergingAnswer, EmergingRequest, emerging_answer
from answers.people import (
    NotSingleHolder,
    PeopleAnswer,
    PeopleRequest,
    TimelineAnswer,
    TimelineRequest,
    people_answer,
    timeline_answer,
)
from answers.search import SearchAnswer, SearchRequest, search_answer
from answers.trend import TrendAnswer, TrendRequest, trend_answer
from parsers.corpus import MEASURES as MEASURES_OF_COLLOCATES
from parsers.people import role_variants
from parsers.query import MAX_QUERY_CHARS, Query, QueryError, QueryTokenizer, parse_query
from warehouse.analytics import (
    EMERGING_MIN_COUNT,
    ENTITY_KINDS,
    PERIODS,
    STORIES,
    UNITS,
)
from warehouse.articles import ArticleRecord, read_article_record
from warehouse.collocation import MAX_WINDOW
from warehouse.filters import ArticleFilters
from warehouse.results import RELEVANCE, SORTS, SearchResult
from warehouse.search import MAX_LIMIT
from web import params
from web.params import BadRequest, Params
from web.reading import READ_WAIT_SECONDS, WarehouseReader

# The parameters each page (and its API and CSV) takes: any other is a 400 naming it.
SEARCH_PARAMETERS = (
    *("q", "since", "until", "source", "reporter", "site", "sort", "offset", "limit", "copies"),
)
TREND_PARAMETERS = ("term", "by", "unit", "measure", "since", "until")
PEOPLE_PARAMETERS = ("name", "role", "year", "since", "until", "timeline")
EMERGING_PARAMETERS = (
    *("since", "until", "min_stories", "min_g2", "unit", "limit", "new", "include_names"),
)
HEALTH_PARAMETERS = ("limit",)
KWIC_PARAMETERS = ("term", "width", "since", "until", "source", "site", "limit")
COLLOCATES_PARAMETERS = (
    *("term", "window", "measure", "min_count", "since", "until", "by", "limit"),
)
ENTITIES_PARAMETERS = ("kind", "by", "since", "until", "limit", "unit")
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
class SearchForm:
    """A search as asked: the query (None: none given yet), its filters and the page wanted."""

    q: str | None
    query: Query | None
    filters: ArticleFilters
    sort: str
    offset: int
    limit: int
    copies: bool = False  # every copy of a story a hit of its own

    def request(self, whole: bool = False) -> SearchRequest:
        """The answer's request (answers/search.py): this page, or every hit with `whole`."""
        assert self.query is not None
        return SearchRequest(
            self.query,
            self.filters,
            self.sort,
            0 if whole else self.offset,
            None if whole else self.limit,
            self.copies,
        )


def read_search(values: Params, max_limit: int, require_query: bool) -> SearchForm:
    """The search parameters: q, since, until, source, reporter, site, sort, offset, limit,
    copies (1: every copy a hit)."""
    params.known(values, SEARCH_PARAMETERS)
    q = params.raw(values, "q")
    if q is not None and len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"q: the query is {len(q)} characters long; at most {MAX_QUERY_CHARS}")
    if q is None and require_query:
        raise BadRequest("q: give a query, e.g. q=二次创业")
    since, until = params.date_range(values)
    filters = ArticleFilters(
        since=since,
        until=until,
        source=params.text(values, "source"),
        reporter=params.text(values, "reporter"),
        site=params.text(values, "site"),
    )
    return SearchForm(
        q=q,
        query=_query(q) if q is not None else None,
        filters=filters,
        sort=params.choice(values, "sort", SORTS, RELEVANCE),
        offset=params.whole(values, "offset", 0, 0, MAX_OFFSET),
        limit=params.whole(values, "limit", DEFAULT_PAGE_SIZE, 1, max_limit),
        copies=params.flag(values, "copies"),
    )


@dataclass(frozen=True)
class SearchPage:
    """A search form and its answer (None when no query was given)."""

    request: SearchForm
    answer: SearchAnswer | None
    sites: tuple[str, ...] = ()

    @property
    def result(self) -> SearchResult | None:
        return self.answer.result if self.answer else None


def search_page(
    context: Context,
    values: Params,
    max_limit: int,
    require_query: bool,
    whole: bool = False,
    with_sites: bool = False,
) -> SearchPage:
    """The search page's or the API's answer (answers/search.py, as `yzdaily search`); every
    hit from the first with `whole` (CSV)."""
    form = read_search(values, max_limit, require_query)
    with context.reader.reading() as con:
        sites: tuple[str, ...] = ()
        if with_sites:  # the form's choice of sites: the page's, not the API's
            rows = con.execute("select distinct site from articles order by site").fetchall()
            sites = tuple(str(row[0]) for row in rows)
        if form.query is None:
            return SearchPage(form, None, sites)
        answer = search_answer(con, form.request(whole), context.tokenizer)
    return SearchPage(form, answer, sites)


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
class TrendPage:
    """The trend page's request beyond the answer's: how the chart draws it."""

    answer: TrendAnswer | None  # None: no term asked yet
    request: TrendRequest
    measure: str  # the chart's: share of the period's stories (articles), or their count


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


def trend_page(context: Context, values: Params, required: bool) -> TrendPage:
    """The trend page's (or API's, CSV's) answer: answers/trend.py, as `yzdaily trend`."""
    params.known(values, TREND_PARAMETERS)
    terms = read_trend_terms(values, required)
    since, until = params.date_range(values)
    request = TrendRequest(
        terms,
        params.choice(values, "by", tuple(PERIODS), DEFAULT_BY),
        since,
        until,
        params.choice(values, "unit", UNITS, STORIES),
    )
    measure = params.choice(values, "measure", MEASURES, MEASURES[0])
    if not terms:
        return TrendPage(None, request, measure)
    with context.reader.reading() as con:
        answer = trend_answer(con, request, context.config.today())
    return TrendPage(answer, request, measure)


# --- people, emerging, health, stats ------------------------------------------------------------


@dataclass(frozen=True)
class PeoplePage:
    """The people page's filters and its answer: officeholders, or a post's timeline."""

    answer: PeopleAnswer | TimelineAnswer
    name: str | None
    role: str | None
    year: int | None
    since: date | None
    until: date | None
    timeline: bool


MIN_YEAR, MAX_YEAR = 1949, 2100


def people_page(context: Context, values: Params) -> PeoplePage:
    """`yzdaily people`'s answer (answers/people.py): name, role, since, until or year, and
    timeline=1 (with a role of one holder at a time) for its holders in turn."""
    params.known(values, PEOPLE_PARAMETERS)
    name = params.text(values, "name")
    role = params.text(values, "role")
    timeline = params.flag(values, "timeline")
    year = params.optional_whole(values, "year", MIN_YEAR, MAX_YEAR)
    since, until = params.date_range(values)
    if year is not None:
        if since is not None or until is not None:
            raise BadRequest("year: give a year or since/until, not both")
        since, until = date(year, 1, 1), date(year, 12, 31)
    if timeline and role is None:
        raise BadRequest("timeline: give a role too, e.g. role=市长&timeline=1")
    roles = None if role is None else tuple(role_variants(role))
    with context.reader.reading() as con:
        answer: PeopleAnswer | TimelineAnswer
        if timeline:
            assert roles is not None
            try:
                answer = timeline_answer(con, TimelineRequest(roles[0], since, until))
            except NotSingleHolder as error:
                raise BadRequest(f"role: {error}") from None
        else:
            answer = people_answer(con, PeopleRequest(name, role, roles, since, until))
    return PeoplePage(answer, name, role, year, since, until, timeline)


def emerging_page(context: Context, values: Params) -> EmergingAnswer:
    """`yzdaily emerging`'s answer (answers/emerging.py): the window since..until (default:
    the year up to the newest article) against the time before, names left out unless
    include_names=1; new=1 for new terms only."""
    params.known(values, EMERGING_PARAMETERS)
    since, until = params.date_range(values)
    request = EmergingRequest(
        since,
        until,
        params.whole(values, "min_stories", EMERGING_MIN_COUNT, 1, MAX_LIMIT),
        params.optional_number(values, "min_g2", 0.0),
        params.choice(values, "unit", UNITS, STORIES),
        params.whole(values, "limit", 20, 1, MAX_LIMIT),
        params.flag(values, "include_names"),
        params.flag(values, "new"),
    )
    with context.reader.reading() as con:
        return emerging_answer(con, request, context.tokenizer())


@dataclass(frozen=True)
class HealthPage:
    """Each site's latest source-health verdict, and the recent runs (answers/archive.py)."""

    health: HealthAnswer
    runs: RunsAnswer

    @property
    def sites(self) -> tuple[dict[str, Any], ...]:
        return self.health.sites


def health_page(context: Context, values: Params) -> HealthPage:
    """`yzdaily health` and `yzdaily runs` in one page."""
    params.known(values, HEALTH_PARAMETERS)
    limit = params.whole(values, "limit", 20, 1, MAX_RUNS)
    with context.reader.reading() as con:
        return HealthPage(health_answer(con), runs_answer(con, limit))


def stats_page(context: Context) -> StatsAnswer:
    """What the warehouse holds (`yzdaily stats`)."""
    with context.reader.reading() as con:
        return stats_answer(con, context.config.db_path)


# --- the corpus: kwic, collocates, entities ------------------------------------------------------

MAX_KWIC_WIDTH = 200  # characters of context each side, as `yzdaily kwic --width`


def _one_term(values: Params, name: str = "term") -> str | None:
    raw = params.raw(values, name)
    if raw is None:
        return None
    parts = _query(raw).parts
    if len(parts) != 1:
        raise BadRequest(f"{name}: give one word; {' '.join(parts)} is {len(parts)}")
    return parts[0]


def kwic_page(context: Context, values: Params) -> KwicAnswer | None:
    """`yzdaily kwic`'s answer (answers/corpus.py): term, width, since, until, source, site,
    limit; None when no term was given."""
    params.known(values, KWIC_PARAMETERS)
    term = _one_term(values)
    since, until = params.date_range(values)
    filters = ArticleFilters(
        since=since,
        until=until,
        source=params.text(values, "source"),
        site=params.text(values, "site"),
    )
    width = params.whole(values, "width", 20, 1, MAX_KWIC_WIDTH)
    limit = params.whole(values, "limit", 100, 1, MAX_LIMIT)
    if term is None:
        return None
    with context.reader.reading() as con:
        return kwic_answer(con, KwicRequest(term, width, filters, limit))


def collocates_page(context: Context, values: Params) -> CollocatesAnswer | None:
    """`yzdaily collocates`'s answer: term, window, measure, min_count, since, until, by,
    limit; None when no term was given."""
    params.known(values, COLLOCATES_PARAMETERS)
    term = _one_term(values)
    since, until = params.date_range(values)
    by = params.raw(values, "by")
    request = CollocatesRequest(
        term or "",
        params.whole(values, "window", 5, 1, MAX_WINDOW),
        params.choice(values, "measure", MEASURES_OF_COLLOCATES, "llr"),
        params.whole(values, "min_count", 3, 1, MAX_LIMIT),
        since,
        until,
        None if by is None else params.choice(values, "by", tuple(PERIODS), "year"),
        params.whole(values, "limit", 20, 1, MAX_LIMIT),
    )
    if term is None:
        return None
    with context.reader.reading() as con:
        return collocates_answer(con, request)


def entities_page(context: Context, values: Params) -> EntitiesAnswer:
    """`yzdaily entities`'s answer: kind (repeated: person, place, org), by, since, until,
    limit, unit."""
    params.known(values, ENTITIES_PARAMETERS)
    kinds = tuple(dict.fromkeys(params.values(values, "kind"))) or ENTITY_KINDS
    unknown = [kind for kind in kinds if kind not in ENTITY_KINDS]
    if unknown:
        raise BadRequest(f"kind: one of {', '.join(ENTITY_KINDS)}, not {params.echo(unknown[0])}")
    since, until = params.date_range(values)
    request = EntitiesRequest(
        kinds,
        params.choice(values, "by", tuple(PERIODS), "year"),
        since,
        until,
        params.whole(values, "limit", 10, 1, MAX_LIMIT),
        params.choice(values, "unit", UNITS, STORIES),
    )
    with context.reader.reading() as con:
        return entities_answer(con, request)
