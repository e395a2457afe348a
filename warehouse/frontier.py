"""The crawl frontier and the walk state (migration 0008): unfinished work survives a run.

A run's walk of a source's list pages finds article links; they are written here, with where
the walk ended, in one transaction before any batch commits. Each batch deletes the links it
settled in its own commit (`warehouse.fetchlog.commit_batch`). So a run killed after any
batch leaves exactly the links not yet settled, and a walk that did not reach its end says so:
the next run loads the one and walks on past the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from parsers.models import ArticleRef
from warehouse.db import transaction
from warehouse.load import registered


@dataclass(frozen=True)
class Walk:
    """Where a walk of list pages (or of a web archive's index) ended: complete, or to be
    read on past `resume_after`; `walked_at` (UTC) when it was read back."""

    complete: bool
    resume_after: str | None = None
    walked_at: datetime | None = None


def read_frontier(con: duckdb.DuckDBPyConnection, site: str) -> list[ArticleRef]:
    """Links of a site found by earlier walks and not settled yet, newest listed first."""
    rows = con.execute(
        "select url, title, listed_at from crawl_frontier where site = ?"
        " order by listed_at desc nulls last, url",
        [site],
    ).fetchall()
    return [ArticleRef(url=str(r[0]), title=str(r[1]), listed_at=r[2]) for r in rows]


def read_walk(con: duckdb.DuckDBPyConnection, list_url: str) -> Walk | None:
    """How the last walk from this first list page ended (None: never walked)."""
    row = con.execute(
        "select complete, resume_after, walked_at from crawl_walks where list_url = ?",
        [list_url],
    ).fetchone()
    return None if row is None else Walk(bool(row[0]), row[1], row[2])


def read_walks(con: duckdb.DuckDBPyConnection, list_urls: Iterable[str]) -> dict[str, Walk]:
    """How the last walks from these URLs ended, by URL (those never walked left out)."""
    rows = con.execute(
        "select list_url, complete, resume_after, walked_at from crawl_walks"
        " where list_contains(?, list_url)",
        [list(list_urls)],
    ).fetchall()
    return {str(row[0]): Walk(bool(row[1]), row[2], row[3]) for row in rows}


def record_walks(
    con: duckdb.DuckDBPyConnection,
    site: str,
    walks: Mapping[str, Walk],
    run_id: str,
    now: datetime,
) -> None:
    """Record how walks ended (a web archive's index walks: keyed by their first query)."""
    with transaction(con):
        for list_url, walk in walks.items():
            con.execute(
                "insert or replace into crawl_walks values (?, ?, ?, ?, ?, ?)",
                [list_url, site, walk.complete, walk.resume_after, now, run_id],
            )


def upsert_frontier(
    con: duckdb.DuckDBPyConnection,
    site: str,
    refs: Sequence[ArticleRef],
    settled: Iterable[str],
    list_url: str,
    walk: Walk | None,
    run_id: str,
    now: datetime,
) -> None:
    """In one transaction: add a walk's links, drop links already `settled` (loaded by other
    means), and record how the walk from `list_url` ended (`walk` None: leave it as it was)."""
    unique = list({ref.url: ref for ref in refs}.values())
    # One Arrow table, not a statement per link: a first walk finds thousands.
    table = pa.table(
        {
            "url": pa.array([ref.url for ref in unique], pa.string()),
            "site": pa.array([site] * len(unique), pa.string()),
            "title": pa.array([ref.title for ref in unique], pa.string()),
            "listed_at": pa.array([ref.listed_at for ref in unique], pa.timestamp("us")),
            "found_at": pa.array([now] * len(unique), pa.timestamp("us")),
            "run_id": pa.array([run_id] * len(unique), pa.string()),
        }
    )
    with transaction(con):
        drain_frontier(con, settled)
        if unique:
            with registered(con, "found_links", table):
                con.execute(
                    "insert into crawl_frontier select * from found_links on conflict do nothing"
                )
        if walk is not None:
            con.execute(
                "insert or replace into crawl_walks values (?, ?, ?, ?, ?, ?)",
                [list_url, site, walk.complete, walk.resume_after, now, run_id],
            )


def drain_frontier(con: duckdb.DuckDBPyConnection, urls: Iterable[str]) -> None:
    """Links settled by a batch leave the frontier (inside the caller's transaction)."""
    urls = list(urls)
    if urls:
        con.execute("delete from crawl_frontier where list_contains(?, url)", [urls])
