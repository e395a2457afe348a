"""A whole search result: its total, facets with counts, and one sorted page of it.

`search.search` answers "the best n"; a search page also needs how many articles match in all,
how they fall by year, 来源 and site, pages further down, and the result in date order. So the
whole ranking is taken (`search.rank` with no limit: ids and scores only, no text), and only
the page shown is fetched with its snippets. The first page in relevance order is exactly
`search.search` of the same limit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from parsers.query import Query, QueryTokenizer, snippet_segments
from warehouse.search import Hit, SearchFilters, fetch_hits, rank

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
class ResultRow:
    """One hit of the page, with what a result list shows beside it."""

    hit: Hit
    site: str
    reporters: tuple[str, ...]
    snippet: tuple[tuple[str, bool], ...]  # hit.snippet as (piece, is_match) pieces


@dataclass(frozen=True)
class SearchResult:
    """The total and facets of every matching article, and the rows of one page."""

    total: int
    facets: Facets
    rows: tuple[ResultRow, ...]
    sort: str
    offset: int
    limit: int | None


def _ranking_table(ranked: Sequence[tuple[str, float, str]]) -> pa.Table:
    return pa.table(
        {
            "article_id": pa.array([article_id for article_id, _, _ in ranked], pa.string()),
            "position": pa.array(range(len(ranked)), pa.int64()),
        }
    )


def _facets(con: duckdb.DuckDBPyConnection) -> Facets:
    def counts(expression: str, order: str) -> list[tuple[Any, int]]:
        rows = con.execute(
            f"select {expression} as value, count(*) as articles"
            " from articles a join ranking r using (article_id)"
            f" group by value order by {order}"
        ).fetchall()
        return [(value, int(articles)) for value, articles in rows]

    return Facets(
        years=tuple((int(y), n) for y, n in counts("year(a.published_at)", "value")),
        sources=tuple(
            (str(s), n)
            for s, n in counts(f"coalesce(a.source, '{NO_SOURCE}')", "articles desc, value")
        ),
        sites=tuple((str(s), n) for s, n in counts("a.site", "articles desc, value")),
    )


def _page_by_date(con: duckdb.DuckDBPyConnection, offset: int, limit: int | None) -> list[str]:
    rows = con.execute(
        "select a.article_id from articles a join ranking r using (article_id)"
        " order by a.published_at desc, a.article_id desc limit ? offset ?",
        [limit, offset],
    ).fetchall()
    return [str(row[0]) for row in rows]


def _rows(
    con: duckdb.DuckDBPyConnection, page: Sequence[tuple[str, float, str]], query: Query
) -> tuple[ResultRow, ...]:
    hits = fetch_hits(con, page, query.parts)
    if not hits:
        return ()
    details = {
        str(article_id): (str(site), tuple(reporters), str(title), str(body))
        for article_id, site, reporters, title, body in con.execute(
            "select article_id, site, reporters, title, body from articles"
            " where article_id in (select unnest(?::varchar[]))",
            [[hit.article_id for hit in hits]],
        ).fetchall()
    }
    rows = []
    for hit in hits:
        site, reporters, title, body = details[hit.article_id]
        rows.append(ResultRow(hit, site, reporters, snippet_segments(title, body, query.parts)))
    return tuple(rows)


def search_result(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    tokenizer: Callable[[], QueryTokenizer],
    filters: SearchFilters | None = None,
    sort: str = RELEVANCE,
    offset: int = 0,
    limit: int | None = 20,
) -> SearchResult:
    """Every article containing the query counted by year, 来源 and site, and the page of
    `limit` rows from `offset` in `sort` order (all rows from `offset` when limit is None)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")
    if offset < 0 or (limit is not None and limit < 1):
        raise ValueError(f"offset must be 0 or more and limit 1 or more: {offset}, {limit}")
    ranked = rank(con, query, tokenizer, filters, None)
    scores = {article_id: (score, match) for article_id, score, match in ranked}
    con.register("ranking", _ranking_table(ranked))
    try:
        facets = _facets(con)
        if sort == RELEVANCE:
            page = ranked[offset:] if limit is None else ranked[offset : offset + limit]
        else:
            ids = _page_by_date(con, offset, limit)
            page = [(article_id, *scores[article_id]) for article_id in ids]
    finally:
        con.unregister("ranking")
    return SearchResult(
        total=len(ranked),
        facets=facets,
        rows=_rows(con, page, query),
        sort=sort,
        offset=offset,
        limit=limit,
    )
