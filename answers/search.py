"""The articles that contain a query: `yzdaily search`, the search page / and /api/search.

    answer = search_answer(con, SearchRequest(parse_query("新质生产力")), tokenizer)
    answer.to_json()   {"query", "filters", "sort", "offset", "limit", "total", "articles",
                        "grouped", "facets", "hits": [{..., "copies": [{url, site}]}], "notes"}

A hit is a story by default: the copy that ranks best (newest, in date order), with the
story's other copies listed beside it ("also on 扬州网"); `copies=False` (`--copies`) lists
every matching article as a hit of its own. `total` counts hits, `articles` the matching
articles; the facets count articles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from answers.base import Answer, Table, day, number
from parsers.query import Query, QueryTokenizer
from parsers.site_labels import site_label
from warehouse.filters import ArticleFilters
from warehouse.results import RELEVANCE, ResultRow, SearchResult, search_result


@dataclass(frozen=True)
class SearchRequest:
    """A query, its filters, the order and the page (`limit` None: every hit)."""

    query: Query
    filters: ArticleFilters = field(default_factory=ArticleFilters)
    sort: str = RELEVANCE
    offset: int = 0
    limit: int | None = 20
    copies: bool = False  # every copy a hit of its own (not one hit per story)


SEARCH_CSV_COLUMNS = (
    "rank", "article_id", "url", "title", "published_at", "source", "site", "reporters",
    "score", "match", "snippet", "copies",
)  # fmt: skip


def also_on(row: ResultRow) -> str:
    """The sites of a hit's other copies, as a result list names them: `扬州网、中国江苏网`."""
    return "、".join(dict.fromkeys(site_label(copy.site) for copy in row.copies))


def hit_json(row: ResultRow) -> dict[str, Any]:
    """A hit: the article's fields, its score and snippet, its site, reporters and copies."""
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
        "copies": [
            {"url": copy.url, "site": copy.site, "article_id": copy.article_id}
            for copy in row.copies
        ],
    }


@dataclass(frozen=True)
class SearchAnswer(Answer):
    """A search and its result: the total, facets and one page of hits."""

    request: SearchRequest
    result: SearchResult

    @property
    def notes(self) -> tuple[str, ...]:
        if not self.result.grouped or self.result.total == self.result.articles:
            return ()
        return (
            f"{self.result.articles} articles tell these {self.result.total} stories: a story"
            " on several sites is one hit, its copies listed (--copies lists every article)",
        )

    def to_json(self) -> dict[str, Any]:
        r, found = self.request, self.result
        return {
            "query": r.query.text,
            "filters": r.filters.values(),
            "sort": r.sort,
            "offset": r.offset,
            "limit": r.limit,
            "total": found.total,
            "articles": found.articles,
            "grouped": found.grouped,
            "facets": {
                "year": [{"value": v, "articles": n} for v, n in found.facets.years],
                "source": [{"value": v, "articles": n} for v, n in found.facets.sources],
                "site": [{"value": v, "articles": n} for v, n in found.facets.sites],
            },
            "hits": [hit_json(row) for row in found.rows],
            "notes": list(self.notes),
        }

    def csv(self) -> Table:
        return Table(
            SEARCH_CSV_COLUMNS,
            tuple(
                (
                    rank,
                    row.hit.article_id,
                    row.hit.url,
                    row.hit.title,
                    row.hit.published_at,
                    row.hit.source,
                    row.site,
                    row.reporters,
                    row.hit.score,
                    row.hit.match,
                    row.hit.snippet,
                    tuple(copy.url for copy in row.copies),
                )
                for rank, row in enumerate(self.result.rows, start=self.request.offset + 1)
            ),
        )

    def table(self) -> Table:
        return Table(
            ("rank", "published", "source", "site", "score", "title", "also_on"),
            tuple(
                (
                    str(rank),
                    day(row.hit.published_at),
                    row.hit.source or "—",
                    site_label(row.site),
                    number(row.hit.score, 2),
                    row.hit.title,
                    also_on(row),
                )
                for rank, row in enumerate(self.result.rows, start=self.request.offset + 1)
            ),
        )


def search_answer(
    con: duckdb.DuckDBPyConnection,
    request: SearchRequest,
    tokenizer: Callable[[], QueryTokenizer],
) -> SearchAnswer:
    """The search of `request` in the warehouse."""
    result = search_result(
        con,
        request.query,
        tokenizer,
        request.filters,
        request.sort,
        request.offset,
        request.limit,
        group=not request.copies,
    )
    return SearchAnswer(request, result)
