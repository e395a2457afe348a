"""Reading the archive as a corpus: `kwic`, `collocates`, `entities` and `top`, and their pages.

kwic_answer(con, KwicRequest("低空经济"))               every occurrence in its context
collocates_answer(con, CollocatesRequest("低空经济"))   the words near it, scored
entities_answer(con, EntitiesRequest(("place",)))      people, places, organisations
top_answer(con, TopRequest())                          the keywords of each period
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import duckdb

from answers.base import Answer, Table, day, number
from warehouse.analytics import ENTITY_KINDS, STORIES, TopEntity, TopKeyword, top_entities
from warehouse.analytics import top_keywords as read_top_keywords
from warehouse.collocation import Collocation, collocates, stories_without_tokens
from warehouse.concordance import Concordance, ConcordanceLine, concordance
from warehouse.filters import ArticleFilters


def _missing_tokens_note(missing: int) -> tuple[str, ...]:
    if not missing:
        return ()
    return (
        f"{missing} stor{'y has' if missing == 1 else 'ies have'} no token sequence yet"
        " (loaded by an older version): run `yzdaily reprocess` to count them",
    )


# --- kwic --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KwicRequest:
    """A term, the characters of context each side, filters and how many lines."""

    term: str
    width: int = 20
    filters: ArticleFilters = field(default_factory=ArticleFilters)
    limit: int = 100


@dataclass(frozen=True)
class KwicAnswer(Answer):
    """The term's occurrences in their context, newest first, and how many there are."""

    request: KwicRequest
    found: Concordance

    @property
    def notes(self) -> tuple[str, ...]:
        f = self.found
        if not f.occurrences:
            return (f"{self.request.term} occurs in no article of the range",)
        if len(f.lines) < f.occurrences:
            return (f"{len(f.lines)} of {f.occurrences} occurrences shown (the limit)",)
        return ()

    def to_json(self) -> dict[str, Any]:
        r, f = self.request, self.found
        return {
            "term": r.term,
            "width": r.width,
            "filters": asdict(r.filters),
            "limit": r.limit,
            "occurrences": f.occurrences,
            "articles": f.articles,
            "rows": [asdict(line) for line in f.lines],
            "notes": list(self.notes),
        }

    def csv(self) -> Table:
        fields = tuple(ConcordanceLine.__dataclass_fields__)
        return Table(fields, tuple(tuple(getattr(x, n) for n in fields) for x in self.found.lines))

    def table(self) -> Table:
        return Table(
            ("published", "left", "match", "right", "title"),
            tuple(
                (day(x.published_at), x.left, x.match, x.right, x.title) for x in self.found.lines
            ),
        )


def kwic_answer(con: duckdb.DuckDBPyConnection, request: KwicRequest) -> KwicAnswer:
    """Every occurrence of the request's term, in its context."""
    found = concordance(con, request.term, request.width, request.filters, request.limit)
    return KwicAnswer(request, found)


# --- collocates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollocatesRequest:
    """A term, the window of words each side, the measure ranking, thresholds and range."""

    term: str
    window: int = 5
    measure: str = "llr"
    min_count: int = 3
    since: date | None = None
    until: date | None = None
    by: str | None = None
    limit: int = 20


@dataclass(frozen=True)
class CollocatesAnswer(Answer):
    """The words near the term, scored, per period (one list without `by`)."""

    request: CollocatesRequest
    lists: tuple[Collocation, ...]
    missing_tokens: int = 0

    @property
    def notes(self) -> tuple[str, ...]:
        empty = () if self.lists else (f"{self.request.term} occurs in no story of the range",)
        return (*empty, *_missing_tokens_note(self.missing_tokens))

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "term": r.term,
            "window": r.window,
            "measure": r.measure,
            "min_count": r.min_count,
            "since": r.since,
            "until": r.until,
            "by": r.by,
            "limit": r.limit,
            "rows": [asdict(found) for found in self.lists],
            "notes": list(self.notes),
        }

    def csv(self) -> Table:
        return Table(
            ("period", "rank", "word", "observed", "expected", "frequency", "llr", "pmi"),
            tuple(
                (found.period, rank, c.word, c.observed, c.expected, c.frequency, c.llr, c.pmi)
                for found in self.lists
                for rank, c in enumerate(found.collocates, start=1)
            ),
        )

    def table(self) -> Table:
        return Table(
            ("period", "rank", "word", "observed", "expected", "G²", "PMI"),
            tuple(
                (
                    found.period,
                    str(rank),
                    c.word,
                    str(c.observed),
                    number(c.expected, 2),
                    number(c.llr),
                    number(c.pmi, 2),
                )
                for found in self.lists
                for rank, c in enumerate(found.collocates, start=1)
            ),
        )


def collocates_answer(
    con: duckdb.DuckDBPyConnection, request: CollocatesRequest
) -> CollocatesAnswer:
    """The collocates of the request's term."""
    r = request
    lists = collocates(
        con,
        r.term,
        window=r.window,
        measure=r.measure,
        min_count=r.min_count,
        since=r.since,
        until=r.until,
        by=r.by,
        limit=r.limit,
    )
    missing = stories_without_tokens(con, r.since, r.until)
    return CollocatesAnswer(request, tuple(lists), missing)


# --- entities -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntitiesRequest:
    """Kinds (person, place, org), the period, the range, how many of each and the unit."""

    kinds: tuple[str, ...] = ENTITY_KINDS
    by: str = "year"
    since: date | None = None
    until: date | None = None
    limit: int = 10
    unit: str = STORIES


@dataclass(frozen=True)
class EntitiesAnswer(Answer):
    """The people, places and organisations named most, per period and kind."""

    request: EntitiesRequest
    rows: tuple[TopEntity, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        return () if self.rows else ("no entity in range",)

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "kinds": list(r.kinds),
            "by": r.by,
            "since": r.since,
            "until": r.until,
            "limit": r.limit,
            "unit": r.unit,
            "rows": [asdict(row) for row in self.rows],
            "notes": list(self.notes),
        }

    def csv(self) -> Table:
        fields = tuple(TopEntity.__dataclass_fields__)
        return Table(fields, tuple(tuple(getattr(x, n) for n in fields) for x in self.rows))

    def table(self) -> Table:
        unit = self.request.unit
        return Table(
            ("period", "kind", "rank", "name", unit, "mentions"),
            tuple(
                (
                    x.period,
                    x.kind,
                    str(x.rank),
                    x.name,
                    str(x.stories if unit == STORIES else x.articles),
                    str(x.mentions),
                )
                for x in self.rows
            ),
        )


def entities_answer(con: duckdb.DuckDBPyConnection, request: EntitiesRequest) -> EntitiesAnswer:
    """The entities of the request."""
    r = request
    rows = top_entities(con, r.kinds, r.by, r.since, r.until, r.limit, r.unit)
    return EntitiesAnswer(request, tuple(rows))


# --- top keywords -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopRequest:
    """The period, the keyword method, how many per period, the range and the unit."""

    by: str = "year"
    method: str = "tfidf"
    limit: int = 10
    since: date | None = None
    until: date | None = None
    unit: str = STORIES


@dataclass(frozen=True)
class TopAnswer(Answer):
    """The keywords of each period, ranked by the stories (articles) ranking them."""

    request: TopRequest
    rows: tuple[TopKeyword, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        return () if self.rows else ("no keywords in range",)

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "by": r.by,
            "method": r.method,
            "limit": r.limit,
            "since": r.since,
            "until": r.until,
            "unit": r.unit,
            "rows": [asdict(row) for row in self.rows],
            "notes": list(self.notes),
        }

    def csv(self) -> Table:
        fields = tuple(TopKeyword.__dataclass_fields__)
        return Table(fields, tuple(tuple(getattr(x, n) for n in fields) for x in self.rows))

    def table(self) -> Table:
        unit = self.request.unit
        return Table(
            ("period", "rank", "keyword", unit, "mean_weight"),
            tuple(
                (
                    x.period,
                    str(x.rank),
                    x.keyword,
                    str(x.stories if unit == STORIES else x.articles),
                    number(x.mean_weight, 3),
                )
                for x in self.rows
            ),
        )


def top_answer(con: duckdb.DuckDBPyConnection, request: TopRequest) -> TopAnswer:
    """The top keywords of the request."""
    r = request
    rows = read_top_keywords(con, r.by, r.method, r.limit, r.since, r.until, r.unit)
    return TopAnswer(request, tuple(rows))
