"""Read queries for the CLI: what is in the warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb


@dataclass(frozen=True)
class Stats:
    """Totals an operator checks first: counts, date range, sources, years, the last run."""

    articles: int
    stories: int  # articles of one story on several sites count once (v_stories)
    keywords: int
    first_published_at: datetime | None
    last_published_at: datetime | None
    by_source: dict[str, int]
    by_year: dict[int, int]
    by_site: dict[str, int]
    by_fetched_via: dict[str, int]  # live, wayback, commoncrawl, import
    last_run: dict[str, Any] | None


def _counts(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, int]]:
    return [(row[0], int(row[1])) for row in con.execute(sql).fetchall()]


def read_stats(con: duckdb.DuckDBPyConnection) -> Stats:
    """Summary of the warehouse contents."""
    row = con.execute(
        "select count(*), min(published_at), max(published_at) from articles"
    ).fetchone()
    assert row is not None
    story_row = con.execute("select count(distinct story_id) from articles").fetchone()
    assert story_row is not None
    keyword_row = con.execute("select count(*) from article_keywords").fetchone()
    assert keyword_row is not None
    by_source = _counts(
        con,
        "select coalesce(source, '(none)') as s, count(*) from articles"
        " group by s order by count(*) desc, s",
    )
    by_year = _counts(
        con,
        "select year(published_at) as y, count(*) from articles group by y order by y",
    )
    by_site = _counts(con, "select site, count(*) from articles group by site order by site")
    by_fetched_via = _counts(
        con,
        "select coalesce(fetched_via, '(unknown)') as v, count(*) from articles"
        " group by v order by count(*) desc, v",
    )
    cursor = con.execute("select * from runs order by started_at desc limit 1")
    run_row = cursor.fetchone()
    last_run = None
    if run_row is not None:
        names = [col[0] for col in cursor.description or []]
        last_run = dict(zip(names, run_row, strict=True))
    return Stats(
        articles=int(row[0]),
        stories=int(story_row[0]),
        keywords=int(keyword_row[0]),
        first_published_at=row[1],
        last_published_at=row[2],
        by_source={str(k): v for k, v in by_source},
        by_year={int(k): v for k, v in by_year},
        by_site={str(k): v for k, v in by_site},
        by_fetched_via={str(k): v for k, v in by_fetched_via},
        last_run=last_run,
    )


def read_runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict[str, Any]]:
    """The run log, newest first."""
    cursor = con.execute("select * from runs order by started_at desc limit ?", [limit])
    names = [col[0] for col in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
