"""A whole search result: its total, facets with counts, and one sorted page of it.

`search.search` answers "the best n"; a search page also needs how many articles match in all,
how they fall by year, 来源 and site, pages further down, and the result in date order.

Every hit meets the query in its text (a word hit's terms come from its text; a text hit is
found by its text), and every article that does is a hit. So the whole result is one scan:
the articles (within the filters) whose title or body holds a part of each clause and no
excluded part, as the search's own text conditions say; its total and facets are counted
there in SQL, and a page in date order read there. The relevance order needs the ranking,
only as far as the page shown (the first n of a longer ranking are the ranking of limit n);
a page in date order only its own hits' scores. Then only that page's articles are fetched,
with their snippets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from parsers.query import Query, QueryTokenizer, join_marked, snippet_segments
from warehouse.db import among_ids
from warehouse.filters import ArticleFilters
from warehouse.search import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Hit,
    query_conditions,
    rank,
    scores_of,
)

RELEVANCE, DATE = "relevance", "date"
SORTS = (RELEVANCE, DATE)
NO_SOURCE = "(none)"  # the facet value of articles whose page names no 来源, as `stats` says


@dataclass(frozen=True)
class Facets:
    """Counts of the whole result by year, 来源 and site, most articles first (years in order)."""

    years: tuple[tuple[int, int], ...]
    sources: tuple[tuple[str, int], ...]
    sites: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Copy:
    """Another copy of a hit's story: the same story on another site (or page)."""

    article_id: str
    url: str
    site: str


@dataclass(frozen=True)
class ResultRow:
    """One hit of the page, with what a result list shows beside it."""

    hit: Hit
    site: str
    reporters: tuple[str, ...]
    snippet: tuple[tuple[str, bool], ...]  # hit.snippet as (piece, is_match) pieces
    copies: tuple[Copy, ...] = ()  # the story's other copies (grouped results only)


@dataclass(frozen=True)
class SearchResult:
    """The total and facets of every matching article, and the rows of one page.

    Grouped (the default), a hit is a story: its best copy (newest, in date order), with the
    story's other copies beside it, and `total` counts stories; else every matching article
    is a hit of its own. `articles` is the matching articles in either case, and the facets
    count articles (a story on two sites is in both sites' counts).
    """

    total: int
    facets: Facets
    rows: tuple[ResultRow, ...]
    sort: str
    offset: int
    limit: int | None
    articles: int = 0
    grouped: bool = False


def matching(query: Query, filters: ArticleFilters) -> tuple[str, list[Any]]:
    """SQL `where` conditions (on `articles a`) of the whole result, and their values."""
    conditions, values = filters.where("a")
    matched, matched_values = query_conditions(query, "a")
    return " and ".join(conditions + matched), values + matched_values


def _most_first(counts: Counter[Any]) -> tuple[tuple[Any, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class _Whole:
    """What one scan of the whole result tells: its facets, how many articles and hits
    (stories, when grouped) it holds, and one page of it in date order (when asked)."""

    facets: Facets
    articles: int
    hits: int
    newest_first: tuple[str, ...]


def _whole_result(
    con: duckdb.DuckDBPyConnection,
    where: str,
    values: list[Any],
    group: bool,
    page: tuple[int, int | None] | None,
) -> _Whole:
    """The facets and counts of every matching article and, for `page` (offset, limit), the
    ids of those hits in date order, newest first (grouped: each story once, at its newest
    copy): one scan of the text, counted in SQL (a million-article archive's common words
    match a quarter of a million articles: too many to carry into Python)."""
    offset, limit = page if page is not None else (0, 0)
    rows = con.execute(
        f"""
        with matched as materialized (
            select a.article_id, coalesce(a.story_id, a.article_id) as story, a.published_at,
                   year(a.published_at) as year, coalesce(a.source, '{NO_SOURCE}') as source,
                   a.site
            from articles a where {where}
        ),
        hits as (
            select * from matched
            {
            "qualify row_number() over (partition by story"
            " order by published_at desc, article_id desc) = 1"
            if group
            else ""
        }
        ),
        dated as (
            select article_id, row_number() over (order by published_at desc, article_id desc)
                as place
            from hits
            where ?
            order by published_at desc, article_id desc
            limit ? offset ?
        )
        select 'year', cast(year as varchar), count(*), 0 from matched group by year
        union all select 'source', source, count(*), 0 from matched group by source
        union all select 'site', site, count(*), 0 from matched group by site
        union all select 'articles', null, count(*), 0 from matched
        union all select 'hits', null, count(*), 0 from hits
        union all select 'page', article_id, 0, place from dated
        """,
        [*values, page is not None, limit if limit is not None else 2**62, offset],
    ).fetchall()
    years: Counter[int] = Counter()
    sources: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    counts = {"articles": 0, "hits": 0}
    dated: list[tuple[int, str]] = []
    for kind, value, count, place in rows:
        if kind == "year":
            years[int(value)] = int(count)
        elif kind == "source":
            sources[str(value)] = int(count)
        elif kind == "site":
            sites[str(value)] = int(count)
        elif kind == "page":
            dated.append((int(place), str(value)))
        else:
            counts[kind] = int(count)
    facets = Facets(tuple(sorted(years.items())), _most_first(sources), _most_first(sites))
    newest_first = tuple(article_id for _, article_id in sorted(dated))
    return _Whole(facets, counts["articles"], counts["hits"], newest_first)


def _stories_of(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, str]:
    """Each article's story (its own id when it has none)."""
    if not article_ids:
        return {}
    among, values = among_ids("article_id", article_ids)
    rows = con.execute(
        f"select article_id, coalesce(story_id, article_id) from articles where {among}", values
    ).fetchall()
    return {str(article_id): str(story) for article_id, story in rows}


def _first_of_each_story(
    ranked: Sequence[tuple[str, float, str]], story_of: Mapping[str, str]
) -> list[tuple[str, float, str]]:
    """The ranking with each story once, at its best copy's place."""
    seen: set[str] = set()
    kept = []
    for entry in ranked:
        story = story_of.get(entry[0], entry[0])
        if story not in seen:
            seen.add(story)
            kept.append(entry)
    return kept


def _copies(
    con: duckdb.DuckDBPyConnection, page: Sequence[tuple[str, float, str]]
) -> dict[str, tuple[Copy, ...]]:
    """Every other copy of each page hit's story, oldest first (any copy, matching or not)."""
    if not page:
        return {}
    # The page's stories first, then their articles: a join of the articles with themselves
    # would read every article's story at a million articles (~270 ms) for twenty hits.
    # Its members share the story's date, which the articles' time order lets DuckDB find by
    # skipping row groups (the story ids alone would be a scan of them all).
    among, values = among_ids("article_id", [article_id for article_id, _, _ in page])
    found = con.execute(
        f"select article_id, story_id, story_published_at from articles where {among}", values
    ).fetchall()
    story_of = {str(article_id): story for article_id, story, _ in found}
    members = con.execute(
        "select story_id, article_id, url, site from articles"
        " where story_published_at in (select unnest(?::timestamp[]))"
        " and story_id in (select unnest(?::varchar[]))"
        " order by published_at, article_id",
        [
            sorted({dated for _, _, dated in found if dated is not None}),
            sorted({str(story) for _, story, _ in found if story is not None}),
        ],
    ).fetchall()
    by_story: dict[str, list[Copy]] = {}
    for story, article_id, url, site in members:
        by_story.setdefault(str(story), []).append(Copy(str(article_id), str(url), str(site)))
    others = {
        str(hit): [copy for copy in by_story.get(str(story), []) if copy.article_id != hit]
        for hit, story in story_of.items()
    }
    return {hit: tuple(copies) for hit, copies in others.items() if copies}


def _rows(
    con: duckdb.DuckDBPyConnection,
    page: Sequence[tuple[str, float, str]],
    query: Query,
    copies: Mapping[str, tuple[Copy, ...]] | None = None,
) -> tuple[ResultRow, ...]:
    """The page's rows, in its order: each hit with its snippet, site, reporters and copies."""
    if not page:
        return ()
    among, values = among_ids("article_id", [article_id for article_id, _, _ in page])
    fetched = {
        str(row[0]): row
        for row in con.execute(
            "select article_id, url, title, published_at, source, site, reporters, body"
            f" from articles where {among}",
            values,
        ).fetchall()
    }
    rows = []
    for article_id, score, match in page:
        _, url, title, published_at, source, site, reporters, body = fetched[article_id]
        segments = snippet_segments(str(title), str(body), query.parts)
        hit = Hit(
            article_id=article_id,
            url=str(url),
            title=str(title),
            published_at=published_at,
            source=source,
            score=round(score, 4),
            snippet=join_marked(segments),
            match=match,
        )
        others = (copies or {}).get(article_id, ())
        rows.append(ResultRow(hit, str(site), tuple(reporters), segments, others))
    return tuple(rows)


def search_result(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    tokenizer: Callable[[], QueryTokenizer],
    filters: ArticleFilters | None = None,
    sort: str = RELEVANCE,
    offset: int = 0,
    limit: int | None = 20,
    group: bool = True,
) -> SearchResult:
    """Every article containing the query counted by year, 来源 and site, and the page of
    `limit` hits from `offset` in `sort` order (all hits from `offset` when limit is None).

    With `group`, a hit is a story (its best copy, the others listed beside it); without, an
    article."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")
    if offset < 0 or (limit is not None and limit < 1):
        raise ValueError(f"offset must be 0 or more and limit 1 or more: {offset}, {limit}")
    filters = filters or ArticleFilters()
    end = None if limit is None else offset + limit
    dated = sort == DATE
    whole = _whole_result(con, *matching(query, filters), group, (offset, limit) if dated else None)
    if offset >= whole.hits:
        page: list[tuple[str, float, str]] = []
    elif not dated:
        page = _ranked_page(con, query, tokenizer, filters, group, offset, end, whole.articles)
    else:
        scores = scores_of(con, query, tokenizer, filters, whole.newest_first, whole.articles)
        page = [(article_id, *scores[article_id]) for article_id in whole.newest_first]
    rows = _rows(con, page, query, _copies(con, page) if group else None)
    return SearchResult(whole.hits, whole.facets, rows, sort, offset, limit, whole.articles, group)


def _ranked_page(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    tokenizer: Callable[[], QueryTokenizer],
    filters: ArticleFilters,
    group: bool,
    offset: int,
    end: int | None,
    matches: int,
) -> list[tuple[str, float, str]]:
    """Hits offset..end of the relevance ranking, each story once when `group`: a story's
    copies take places in the article ranking, so more of it is read until the page is full
    or the ranking is whole."""
    wanted = None if end is None or end > MAX_LIMIT else end
    while True:
        ranked = rank(con, query, tokenizer, filters, wanted)
        hits = (
            _first_of_each_story(ranked, _stories_of(con, [a for a, _, _ in ranked]))
            if group
            else ranked
        )
        if wanted is None or end is None or len(hits) >= end:
            return hits[offset:end]
        if len(ranked) < wanted or wanted >= matches:
            return hits[offset:end]  # the whole ranking: no more to read
        wanted = None if wanted * 2 > MAX_LIMIT else wanted * 2


def search_hits(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    tokenizer: Callable[[], QueryTokenizer],
    filters: ArticleFilters | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Hit]:
    """The best `limit` articles meeting the query, best first, every copy a hit of its own:
    the ranking with its snippets, without the total and facets `search_result` counts.

    `tokenizer` builds the query tokenizer (parsers.nlp.Segmenter); it is called only for
    parts the index does not hold as terms.
    """
    return [row.hit for row in _rows(con, rank(con, query, tokenizer, filters, limit), query)]
