"""How many stories (or articles) mention each term, period by period: `yzdaily trend`, /trend.

    answer = trend_answer(con, TrendRequest(("新质生产力",), by="year"), today)
    answer.to_json()   {"terms", "by", "unit", "since", "until", "points", "partial_periods", ...}
    answer.table()     period | 新质生产力 ...   cells `4 / 9 (44.4%)`: stories / all stories

The unit is the story by default (a story on two sites counts once); with unit `articles`
every copy counts, and the cells are articles / all articles. A period without any story has
no share: its cell is `—`, its share null.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import duckdb

from answers.base import Answer, Table, corpora_json, fraction
from parsers.cities import DEFAULT
from warehouse.analytics import STORIES, TrendPoint, partial_reason, trend

NO_MATCH = "{term} has no match in {span}"


@dataclass(frozen=True)
class TrendRequest:
    """Terms (one word each, lower-cased Latin), the period, the date range and the unit."""

    terms: tuple[str, ...]
    by: str = "month"
    since: date | None = None
    until: date | None = None
    unit: str = STORIES
    cities: tuple[str, ...] = DEFAULT  # the corpora read (parsers.cities)


@dataclass(frozen=True)
class PeriodRow:
    """One period: each term's point, in the order of the terms, and why it is partial."""

    period: str
    points: tuple[TrendPoint, ...]
    partial: str | None  # why the period is counted only in part; None when whole


@dataclass(frozen=True)
class TrendAnswer(Answer):
    """Each term's stories (articles) per period, of all the period's, and partial periods."""

    request: TrendRequest
    points: tuple[TrendPoint, ...]
    rows: tuple[PeriodRow, ...]

    @property
    def span(self) -> str:
        r = self.request
        return f"{r.since or 'the first'}..{r.until or 'the newest'} ({r.unit})"

    @property
    def notes(self) -> tuple[str, ...]:
        if not self.points:
            return (f"no {self.request.unit} in {self.span}",)
        return tuple(
            NO_MATCH.format(term=term, span=self.span)
            for term in self.request.terms
            if not any(p.articles for p in self.points if p.term == term)
        )

    def count(self, point: TrendPoint) -> int:
        """The point's count in the answer's unit."""
        return point.stories if self.request.unit == STORIES else point.articles

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "terms": list(r.terms),
            "by": r.by,
            "unit": r.unit,
            "since": r.since,
            "until": r.until,
            "points": [asdict(point) for point in self.points],
            "partial_periods": [
                {"period": row.period, "reason": row.partial} for row in self.rows if row.partial
            ],
            "notes": list(self.notes),
        } | corpora_json(r.cities)

    def csv(self) -> Table:
        partial = {row.period: row.partial for row in self.rows}
        return Table(
            ("term", "period", "stories", "articles", "total", "share", "unit", "partial"),
            tuple(
                (
                    p.term,
                    p.period,
                    p.stories,
                    p.articles,
                    p.total,
                    p.share,
                    p.unit,
                    partial[p.period],
                )
                for p in self.points
            ),
        )

    def table(self) -> Table:
        """A row per period, a column per term: `count / total (share)` in the unit; last,
        why a period is counted only in part (not over yet, cut by the range), as the chart
        hatches it."""
        return Table(
            ("period", *self.request.terms, "partial"),
            tuple(
                (
                    row.period,
                    *(fraction(self.count(p), p.total) for p in row.points),
                    row.partial or "",
                )
                for row in self.rows
            ),
        )


def trend_answer(con: duckdb.DuckDBPyConnection, request: TrendRequest, today: date) -> TrendAnswer:
    """The trend of `request` in the warehouse; `today` (Beijing) marks unfinished periods."""
    points = tuple(
        trend(
            con,
            request.terms,
            request.by,
            request.since,
            request.until,
            request.unit,
            request.cities,
        )
    )
    by_period: dict[str, list[TrendPoint]] = {}
    for point in points:
        by_period.setdefault(point.period, []).append(point)
    rows = tuple(
        PeriodRow(
            period,
            tuple(found),
            partial_reason(period, request.by, request.since, request.until, today),
        )
        for period, found in by_period.items()
    )
    return TrendAnswer(request, points, rows)
