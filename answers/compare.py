"""Yangzhou among its peers: `yzdaily compare`, the /compare page.

    answer = compare_answer(con, CompareRequest(("新质生产力",), by="year"), today)
    answer.to_json()   {"terms", "by", "cities", "rows": [{"term", "period", "partial",
                        "cities": [{"city", "label", "stories", "total", "share"}],
                        "peer_median", "yangzhou_gap", "peers"}], "notes"}

Each corpus's share of stories holding a term, period by period: stories of the city whose
text holds the term / all stories of the city (dated and matched as `trend` does, so Yangzhou's
column is `yzdaily trend TERM --by PERIOD`), the median share of Yangzhou's peers (the other
cities asked for that published anything that period; the province's 要闻 is no peer) and
Yangzhou's gap to it in percentage points. Yangzhou is always compared; the peers are the other
twelve cities unless fewer are asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

import duckdb

from answers.base import NOTHING, Answer, Table, fraction, percent, share
from parsers.cities import CITIES, CORPORA, HOME, city_label
from warehouse.analytics import partial_reason


@dataclass(frozen=True)
class CompareRequest:
    """Terms (as `answers.diffusion.literal_term` gives them), the period and the corpora."""

    terms: tuple[str, ...]
    by: str = "year"
    cities: tuple[str, ...] = tuple(CITIES)


@dataclass(frozen=True)
class CityShare:
    """A corpus's stories holding the term in a period, of all its stories then."""

    city: str
    stories: int
    total: int

    @property
    def share(self) -> float | None:
        return share(self.stories, self.total)

    @property
    def label(self) -> str:
        return city_label(self.city)


@dataclass(frozen=True)
class CompareRow:
    """One term in one period: each corpus's share, the peers' median, Yangzhou's gap."""

    term: str
    period: str
    partial: str | None  # why the period is counted only in part (not over yet); None: whole
    cities: tuple[CityShare, ...]

    @property
    def peers(self) -> tuple[CityShare, ...]:
        """Yangzhou's peers this period: the other cities with a story in it."""
        return tuple(c for c in self.cities if c.city in CITIES and c.city != HOME and c.total)

    @property
    def peer_median(self) -> float | None:
        shares = [c.share for c in self.peers if c.share is not None]
        return round(median(shares), 6) if shares else None

    @property
    def yangzhou(self) -> CityShare | None:
        return next((c for c in self.cities if c.city == HOME), None)

    @property
    def yangzhou_gap(self) -> float | None:
        """Yangzhou's share minus the peers' median (a share: 0.05 is 5 percentage points)."""
        home, middle = self.yangzhou, self.peer_median
        if home is None or home.share is None or middle is None:
            return None
        return round(home.share - middle, 6)


def points(value: float | None) -> str:
    """A gap in percentage points, signed (`+4.2 pp`); `—` for none."""
    return NOTHING if value is None else f"{value * 100:+.1f} pp"


@dataclass(frozen=True)
class CompareAnswer(Answer):
    """Each corpus's share of stories holding each term, per period, with the peer median."""

    request: CompareRequest
    rows: tuple[CompareRow, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        if not self.rows:
            return ("no story of the corpora asked for",)
        return tuple(
            f"{term} occurs in no story of the corpora asked for"
            for term in self.request.terms
            if not any(c.stories for r in self.rows if r.term == term for c in r.cities)
        )

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "terms": list(r.terms),
            "by": r.by,
            "cities": list(r.cities),
            "rows": [
                {
                    "term": row.term,
                    "period": row.period,
                    "partial": row.partial,
                    "cities": [
                        {
                            "city": c.city,
                            "label": c.label,
                            "stories": c.stories,
                            "total": c.total,
                            "share": c.share,
                        }
                        for c in row.cities
                    ],
                    "peers": len(row.peers),
                    "peer_median": row.peer_median,
                    "yangzhou_gap": row.yangzhou_gap,
                }
                for row in self.rows
            ],
            "notes": list(self.notes),
        }

    def csv(self) -> Table:
        return Table(
            ("term", "period", "city", "stories", "total", "share", "peer_median",
             "yangzhou_gap", "partial"),
            tuple(
                (
                    row.term, row.period, c.city, c.stories, c.total, c.share,
                    row.peer_median, row.yangzhou_gap, row.partial,
                )
                for row in self.rows
                for c in row.cities
            ),
        )  # fmt: skip

    def table(self) -> Table:
        """A row per term and period, a column per corpus (`stories / total (share)`), then the
        peers' median, Yangzhou's gap to it and why the period is partial."""
        labels = tuple(city_label(city) for city in self.request.cities)
        return Table(
            ("term", "period", *labels, "peer_median", "yangzhou_gap", "partial"),
            tuple(
                (
                    row.term,
                    row.period,
                    *(fraction(c.stories, c.total) for c in row.cities),
                    percent(row.peer_median),
                    points(row.yangzhou_gap),
                    row.partial or "",
                )
                for row in self.rows
            ),
        )


def compare_cities(cities: tuple[str, ...]) -> tuple[str, ...]:
    """The corpora a comparison reads: Yangzhou first, then those asked for in the province's
    order."""
    return (HOME, *(code for code in CORPORA if code in cities and code != HOME))


def compare_answer(
    con: duckdb.DuckDBPyConnection, request: CompareRequest, today: date
) -> CompareAnswer:
    """The comparison of `request` (the warehouse macro city_term_periods), periods from the
    first to the last holding a story of the corpora asked for; `today` marks unfinished ones."""
    wanted = list(request.cities)
    rows: list[CompareRow] = []
    for term in request.terms:
        found: dict[str, dict[str, tuple[int, int]]] = {}
        for city, period, stories, total in con.execute(
            "select city, period, stories, total_stories"
            " from city_term_periods(?, ?) where list_contains(?, city) order by period_start",
            [term, request.by, wanted],
        ).fetchall():
            found.setdefault(str(period), {})[str(city)] = (int(stories), int(total))
        held = [p for p, by_city in found.items() if any(t for _, t in by_city.values())]
        if not held:
            continue
        periods = [p for p in found if held[0] <= p <= held[-1]]
        for period in periods:
            by_city = found[period]
            rows.append(
                CompareRow(
                    term,
                    period,
                    partial_reason(period, request.by, None, None, today),
                    tuple(CityShare(c, *by_city.get(c, (0, 0))) for c in wanted),
                )
            )
    return CompareAnswer(request, tuple(rows))
