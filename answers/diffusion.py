"""How a term spread across Jiangsu: `yzdaily diffusion`, the compare page's timeline.

    answer = diffusion_answer(con, DiffusionRequest("新质生产力"))
    answer.to_json()   {"term", "cities", "rows": [{"city", "label", "first_published_date",
                        "first_title", "first_url", "lag_after_province", "lag_after_first",
                        "stories", "years": {"2024": 3, ...}}], "never", "notes"}

For the province's 要闻 and each city (every corpus unless fewer are asked): the first article
of that corpus whose title or body holds the term, as text (so a phrase or a lexicon entry is
found wherever it is written, however the tokenizer splits it), its lag in days after the
province's first and after the first city's, and the corpus's stories holding it per year
(dated as `trend` dates a story). "First" is the first the archive holds: a column's list
reaches back only so far, and older articles come from the web archives (docs/ANALYTICS.md).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from answers.base import NOTHING, Answer, Table, day
from parsers.cities import CITIES, CORPORA, PROVINCE, city_label
from parsers.query import QueryError

NEVER = "never"


class BadTerm(QueryError):
    """A term that cannot be looked for (empty once normalised): bad input, exit 2."""


def literal_term(text: str) -> str:
    """A term as the text answers look for it: NFKC (full-width letters and punctuation as the
    stored text has them), trimmed, Latin letters lower-cased (matched case-insensitively)."""
    term = unicodedata.normalize("NFKC", text).strip().lower()
    if not term:
        raise BadTerm("give a term: the words to look for, e.g. 新质生产力")
    return term


@dataclass(frozen=True)
class DiffusionRequest:
    """A term (as `literal_term` gives it) and the corpora to follow it in (all by default)."""

    term: str
    cities: tuple[str, ...] = tuple(CORPORA)


@dataclass(frozen=True)
class CityFirst:
    """A corpus's first article holding the term (None throughout when it never did), its lags
    in days, and its stories holding the term in all and per year."""

    city: str
    first_published_date: date | None
    first_title: str | None
    first_url: str | None
    lag_after_province: int | None  # days after the province's first; None: no such first
    lag_after_first: int | None  # days after the first city's (the province not counted)
    stories: int
    years: tuple[tuple[str, int], ...]  # (year, stories holding it), every year of the answer

    @property
    def label(self) -> str:
        return city_label(self.city)


def _lag(value: int | None) -> str:
    if value is None:
        return NOTHING
    return f"+{value}" if value > 0 else str(value)


@dataclass(frozen=True)
class DiffusionAnswer(Answer):
    """Each corpus's first use of the term, earliest first; those that never used it last."""

    request: DiffusionRequest
    rows: tuple[CityFirst, ...]
    years: tuple[str, ...]

    @property
    def never(self) -> tuple[str, ...]:
        """The corpora asked for that never used the term, in the province's order."""
        return tuple(row.city for row in self.rows if row.first_published_date is None)

    @property
    def notes(self) -> tuple[str, ...]:
        term = self.request.term
        if len(self.never) == len(self.rows):
            return (f"{term} occurs in no article of the corpora asked for",)
        if self.never:
            names = "、".join(city_label(city) for city in self.never)
            return (f"never used {term}: {names}",)
        return ()

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.request.term,
            "cities": list(self.request.cities),
            "rows": [
                {
                    "city": row.city,
                    "label": row.label,
                    "first_published_date": row.first_published_date,
                    "first_title": row.first_title,
                    "first_url": row.first_url,
                    "lag_after_province": row.lag_after_province,
                    "lag_after_first": row.lag_after_first,
                    "stories": row.stories,
                    "years": dict(row.years),
                }
                for row in self.rows
            ],
            "never": list(self.never),
            "notes": list(self.notes),
        }

    def csv(self) -> Table:
        return Table(
            (
                "city",
                "label",
                "first_published_date",
                "lag_after_province",
                "lag_after_first",
                "stories",
                *self.years,
                "first_title",
                "first_url",
            ),
            tuple(
                (
                    row.city,
                    row.label,
                    row.first_published_date,
                    row.lag_after_province,
                    row.lag_after_first,
                    row.stories,
                    *(count for _, count in row.years),
                    row.first_title,
                    row.first_url,
                )
                for row in self.rows
            ),
        )

    def table(self) -> Table:
        return Table(
            ("city", "first", "after_province", "after_first", "stories", *self.years, "title"),
            tuple(
                (
                    row.label,
                    day(row.first_published_date)
                    if row.first_published_date is not None
                    else NEVER,
                    _lag(row.lag_after_province),
                    _lag(row.lag_after_first),
                    str(row.stories),
                    *(str(count) for _, count in row.years),
                    row.first_title or "",
                )
                for row in self.rows
            ),
        )


def diffusion_answer(con: duckdb.DuckDBPyConnection, request: DiffusionRequest) -> DiffusionAnswer:
    """The term's first use in each corpus of `request`, as the warehouse macros
    city_term_first and city_term_periods give it, read in one scan of the text: the articles
    holding the term are found once, then each corpus's first and its stories per year are
    counted among them."""
    wanted = list(request.cities)
    firsts: dict[str, tuple[date, str, str, int]] = {}
    counts: dict[str, dict[str, int]] = {}
    holding = con.execute(
        """
        with holding as materialized (
            select city, article_id, story_id, story_published_at, published_at, title, url
            from articles
            where list_contains(?, city) and holds_text(title, body, ?)
        )
        select 'first', city, null, cast(min(published_at) as date),
               arg_min(title, (published_at, article_id)),
               arg_min(url, (published_at, article_id)), count(distinct story_id)
        from holding group by city
        union all
        select 'year', city, period_label(story_published_at, 'year'), null, null, null,
               count(distinct story_id)
        from holding group by city, period_label(story_published_at, 'year')
        """,
        [wanted, request.term],
    ).fetchall()
    for kind, city, year, first, title, url, stories in holding:
        if kind == "first":
            firsts[str(city)] = (first, str(title), str(url), int(stories))
        else:
            counts.setdefault(str(city), {})[str(year)] = int(stories)
    held = sorted({year for found in counts.values() for year in found})
    years = tuple(str(y) for y in range(int(held[0]), int(held[-1]) + 1)) if held else ()
    province = firsts.get(PROVINCE)
    city_firsts = [found[0] for city, found in firsts.items() if city in CITIES]
    first_city = min(city_firsts) if city_firsts else None
    rows = []
    for city in wanted:
        found = firsts.get(city)
        first = found[0] if found else None
        rows.append(
            CityFirst(
                city=city,
                first_published_date=first,
                first_title=found[1] if found else None,
                first_url=found[2] if found else None,
                lag_after_province=(first - province[0]).days if first and province else None,
                lag_after_first=(first - first_city).days if first and first_city else None,
                stories=found[3] if found else 0,
                years=tuple((year, counts.get(city, {}).get(year, 0)) for year in years),
            )
        )
    order = {city: index for index, city in enumerate(CORPORA)}
    rows.sort(
        key=lambda r: (r.first_published_date is None, r.first_published_date or date.max,
                       order.get(r.city, len(order)))
    )  # fmt: skip
    return DiffusionAnswer(request, tuple(rows), years)
