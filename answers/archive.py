"""What the warehouse holds and how its runs went: `stats`, `health`, `runs`, and their pages.

stats_answer(con, db_path)      counts, the date range, by site, 来源, year and route
health_answer(con)              each site's latest source-health verdict and its rates
runs_answer(con, limit)         the run log, newest first
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from answers.base import Answer, Table, day, percent
from warehouse.health import latest_health
from warehouse.queries import Stats, read_runs, read_stats


@dataclass(frozen=True)
class StatsAnswer(Answer):
    """Totals an operator checks first."""

    stats: Stats
    db_path: Path

    @property
    def notes(self) -> tuple[str, ...]:
        if self.stats.articles:
            return ()
        return ("the warehouse holds no article yet: run `yzdaily ingest` (or `make demo`)",)

    def to_json(self) -> dict[str, Any]:
        return asdict(self.stats) | {"db": str(self.db_path), "notes": list(self.notes)}

    def _rows(self) -> tuple[tuple[str, str], ...]:
        s = self.stats

        def counts(values: dict[Any, int]) -> str:
            return ", ".join(f"{key} {count}" for key, count in values.items()) or "—"

        run = s.last_run
        last = (
            f"{run['started_at']:%Y-%m-%d %H:%M} UTC {run['status']}: {run['new']} new,"
            f" {run['changed']} changed, {run['failed']} failed"
            if run
            else "—"
        )
        return (
            ("warehouse", str(self.db_path)),
            ("articles", str(s.articles)),
            ("stories", str(s.stories)),
            ("keywords", str(s.keywords)),
            ("first", day(s.first_published_at)),
            ("last", day(s.last_published_at)),
            ("by site", counts(s.by_site)),
            ("by source", counts(s.by_source)),
            ("fetched via", counts(s.by_fetched_via)),
            ("by year", counts(s.by_year)),
            ("last run", last),
        )

    def csv(self) -> Table:
        return self.table()  # the counts by site, 来源 and year are lists of pairs: as shown

    def table(self) -> Table:
        return Table(("what", "value"), self._rows())


def stats_answer(con: duckdb.DuckDBPyConnection, db_path: Path) -> StatsAnswer:
    """What the warehouse at `db_path` holds."""
    return StatsAnswer(read_stats(con), db_path)


@dataclass(frozen=True)
class HealthAnswer(Answer):
    """Each site's latest source-health verdict, its reasons and field rates."""

    sites: tuple[dict[str, Any], ...]

    @property
    def failed(self) -> bool:
        return any(site["verdict"] == "fail" for site in self.sites)

    @property
    def notes(self) -> tuple[str, ...]:
        if self.sites:
            return ()
        return ("no run has read a site yet: run `yzdaily ingest` (or `make demo`)",)

    def to_json(self) -> dict[str, Any]:
        return {"sites": list(self.sites), "notes": list(self.notes)}

    def csv(self) -> Table:
        columns = ("site", "verdict", "flow", "checked_at", "articles", "parse_failures")
        rows = []
        for site in self.sites:
            for name, rates in site["fields"].items():
                rows.append(
                    (
                        *(site[c] for c in columns),
                        name,
                        rates.get("recent"),
                        rates.get("history"),
                        "; ".join(site["reasons"]),
                    )
                )
        return Table((*columns, "field", "recent", "history", "reasons"), tuple(rows))

    def table(self) -> Table:
        return Table(
            ("site", "verdict", "checked", "articles", "refused", "list pages", "reasons"),
            tuple(
                (
                    site["site"],
                    site["verdict"],
                    f"{site['checked_at']:%Y-%m-%d %H:%M} UTC",
                    str(site["articles"]),
                    str(site["parse_failures"]),
                    str(site["list_pages"]),
                    "; ".join(site["reasons"] or site["notes"]) or "as usual",
                )
                for site in self.sites
            ),
        )


def rate(name: str, value: float | None) -> str:
    """A field's fill rate as a percentage; the median body length as characters."""
    if value is None:
        return "—"
    return f"{value:.0f}" if name == "body_chars_median" else percent(value, 0)


def health_answer(con: duckdb.DuckDBPyConnection) -> HealthAnswer:
    """Each site's latest verdict."""
    return HealthAnswer(tuple(latest_health(con)))


@dataclass(frozen=True)
class RunsAnswer(Answer):
    """The run log, newest first."""

    limit: int
    runs: tuple[dict[str, Any], ...]

    @property
    def notes(self) -> tuple[str, ...]:
        return () if self.runs else ("no runs yet",)

    def to_json(self) -> dict[str, Any]:
        return {"limit": self.limit, "rows": list(self.runs), "notes": list(self.notes)}

    def csv(self) -> Table:
        columns = tuple(self.runs[0]) if self.runs else ("run_id",)
        return Table(columns, tuple(tuple(run.get(c) for c in columns) for run in self.runs))

    def table(self) -> Table:
        return Table(
            ("started", "flow", "status", "new", "changed", "failed", "health", "message"),
            tuple(
                (
                    f"{run['started_at']:%Y-%m-%d %H:%M} UTC",
                    str(run["flow"]),
                    str(run["status"]),
                    str(run["new"]),
                    str(run["changed"]),
                    str(run["failed"]),
                    str(run.get("health") or "—"),
                    str(run["message"] or ""),
                )
                for run in self.runs
            ),
        )


def runs_answer(con: duckdb.DuckDBPyConnection, limit: int = 20) -> RunsAnswer:
    """The `limit` newest runs."""
    return RunsAnswer(limit, tuple(read_runs(con, limit)))
