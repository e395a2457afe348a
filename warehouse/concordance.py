"""Concordance (KWIC) over the archive: every occurrence of a term in titles and bodies.

Articles are found in SQL (title or body contains the term, Latin case-insensitively; the
filters bound), read in publication order, and their occurrences cut by
`parsers.concordance.find_occurrences`. The totals are counted in SQL over every matching
article, so the caller knows how many lines the limit left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from parsers.concordance import find_occurrences
from warehouse.filters import ArticleFilters

FETCH_BATCH = 200
FIELDS = ("title", "body")


@dataclass(frozen=True)
class ConcordanceLine:
    """One occurrence with its article: `field` (title or body) and `position` in it, so that
    field[position - len(left):position + len(match) + len(right)] is left + match + right."""

    published_at: datetime
    url: str
    title: str
    field: str
    position: int
    left: str
    match: str
    right: str
    article_id: str
    story_id: str
    site: str
    source: str | None


@dataclass(frozen=True)
class Concordance:
    """The lines (at most the limit) and how many occurrences and articles there are in all."""

    lines: tuple[ConcordanceLine, ...]
    occurrences: int
    articles: int


def _occurrences_in(column: str) -> str:
    # str.count's rule in SQL: what replace() removes, in lengths of the term (2 parameters).
    return f"(length(lower({column})) - length(replace(lower({column}), ?, ''))) // length(?)"


def concordance(
    con: duckdb.DuckDBPyConnection,
    term: str,
    width: int = 20,
    filters: ArticleFilters | None = None,
    limit: int = 100,
) -> Concordance:
    """Occurrences of `term` (lower-cased: Latin matches either case), oldest article first,
    title before body, left to right; `width` characters of context on each side."""
    if not term:
        raise ValueError("a concordance needs a term")
    conditions, values = (filters or ArticleFilters()).where("")
    where = " and ".join(["(contains(lower(title), ?) or contains(lower(body), ?))", *conditions])
    where_values = [term, term, *values]
    totals = con.execute(
        f"select count(*), coalesce(sum({_occurrences_in('title')} + {_occurrences_in('body')}),"
        f" 0) from articles where {where}",
        [term, term, term, term, *where_values],
    ).fetchone()
    assert totals is not None
    cursor = con.execute(
        "select published_at, url, title, body, article_id, story_id, site, source"
        f" from articles where {where} order by published_at, article_id",
        where_values,
    )
    lines: list[ConcordanceLine] = []
    while len(lines) < limit and (batch := cursor.fetchmany(FETCH_BATCH)):
        for published_at, url, title, body, article_id, story_id, site, source in batch:
            for field, text in zip(FIELDS, (title, body), strict=True):
                for found in find_occurrences(text, term, width):
                    lines.append(
                        ConcordanceLine(
                            published_at=published_at,
                            url=str(url),
                            title=str(title),
                            field=field,
                            position=found.position,
                            left=found.left,
                            match=found.match,
                            right=found.right,
                            article_id=str(article_id),
                            story_id=str(story_id),
                            site=str(site),
                            source=source,
                        )
                    )
    return Concordance(tuple(lines[:limit]), int(totals[1]), int(totals[0]))
