"""The filters every read of articles takes: publication days, 来源, a reporter, the site.

    ArticleFilters(since=date(2025, 1, 1), source="扬州日报").where("a")
        -> (["a.published_at >= ?", "a.source = ?"], [datetime(2025, 1, 1), "扬州日报"])

One class for search, its totals and facets, and the concordance: a filter means the same
wherever it is given (the CLI's --since/--until/--source/--reporter/--site, the web's since,
until, source, reporter, site).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from warehouse.analytics import date_range


@dataclass(frozen=True, kw_only=True)
class ArticleFilters:
    """Exact filters: published date range (inclusive), 来源 (source), one reporter, the site."""

    since: date | None = None
    until: date | None = None
    source: str | None = None
    reporter: str | None = None
    site: str | None = None

    def where(self, alias: str = "a") -> tuple[list[str], list[Any]]:
        """SQL conditions on `articles` (as `alias`; "" for no alias) and their bound values."""
        column = f"{alias}." if alias else ""
        conditions, values = date_range(self.since, self.until, f"{column}published_at")
        if self.source is not None:
            conditions.append(f"{column}source = ?")
            values.append(self.source)
        if self.reporter is not None:
            conditions.append(f"list_contains({column}reporters, ?)")
            values.append(self.reporter)
        if self.site is not None:
            conditions.append(f"{column}site = ?")
            values.append(self.site)
        return conditions, values

    def values(self) -> dict[str, Any]:
        """The filters by name, as answers' JSON and the web's links give them."""
        return {
            "since": self.since,
            "until": self.until,
            "source": self.source,
            "reporter": self.reporter,
            "site": self.site,
        }
