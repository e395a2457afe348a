"""The fetch log, failures being retried, HTTP validators, and the one-transaction batch commit.

A batch of articles is committed with everything it learned in one transaction: the articles
and their derived rows, the raw fetches they came from, the failures it met (and the URLs that
stopped failing), and the validators for conditional GET. A crash at any moment leaves either
all of a batch or none of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from parsers.bounded import bounded
from parsers.models import EnrichedArticle
from warehouse.db import transaction
from warehouse.frontier import drain_frontier
from warehouse.load import LoadCounts, registered, upsert_articles_in_transaction

# Permanent failures (404, not an article) wait 1, 2, 4 ... days between attempts, at most 30.
PERMANENT_BACKOFF = timedelta(days=1)
MAX_BACKOFF = timedelta(days=30)
# A page that did not read as an article is tried again on each of this many runs before the
# backoff starts: a site's broken layout is often repaired within days, and the next run
# should load what it then serves (source health says when this happens).
PARSE_RETRIES_EVERY_RUN = 5


# Where a page came from (raw_fetches.fetched_via, articles.fetched_via).
FETCHED_VIA = ("live", "wayback", "commoncrawl", "import")


@dataclass(frozen=True)
class RawFetch:
    """One response as archived: its URLs, status, headers and the body's address.

    `url` is the URL requested: for a page an archive gave, the replay URL or the WARC file's
    URL; `original_url` is then the page's own URL as captured, `fetched_via` the archive and
    `captured_at` (naive UTC) the capture's time. For a live fetch `original_url` is `url`.
    """

    url: str
    final_url: str
    status: int
    content_type: str | None
    headers: Mapping[str, str]
    fetched_at: datetime
    sha256: str
    size: int
    original_url: str | None = None  # None: the URL requested
    fetched_via: str = "live"
    captured_at: datetime | None = None

    @property
    def page_url(self) -> str:
        """The page's own URL: what it is parsed as, and whose article it is."""
        return self.original_url or self.url


@dataclass(frozen=True)
class Failure:
    """A URL that failed at a stage, and whether trying again soon is pointless; its reason
    is bounded text (parsers/bounded.py), whatever library worded it."""

    url: str
    site: str
    stage: str  # list, fetch, parse, archive, import
    reason: str
    permanent: bool = False

    def __post_init__(self) -> None:
        # A reason quoting megabytes (warcio quotes a file's whole first "line") once failed
        # to store and ended the run (issue 30): every failure is bounded where it is made.
        object.__setattr__(self, "reason", bounded(self.reason))


@dataclass(frozen=True)
class Validators:
    """What to send back to make the next request for a URL conditional."""

    url: str
    etag: str | None
    last_modified: str | None
    sha256: str | None


@dataclass
class BatchWrite:
    """Everything one batch writes, committed together."""

    records: list[EnrichedArticle] = field(default_factory=list)
    fetches: list[RawFetch] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    succeeded: list[str] = field(default_factory=list)  # URLs that no longer fail
    validators: list[Validators] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)  # frontier links this batch is done with
    # URLs whose archived copy is damaged: their next fetch must be whole, not a 304.
    forgotten: list[str] = field(default_factory=list)

    def absorb_run_wide(self, other: BatchWrite) -> None:
        """Take over what another write leaves for the end of the run (what finish_run
        records once for all its sites): fetches, validators, failures, recoveries."""
        self.fetches.extend(other.fetches)
        self.validators.extend(other.validators)
        self.failures.extend(other.failures)
        self.succeeded.extend(other.succeeded)


FETCH_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("final_url", pa.string()),
        ("status", pa.int32()),
        ("content_type", pa.string()),
        ("headers", pa.string()),
        ("fetched_at", pa.timestamp("us")),
        ("sha256", pa.string()),
        ("size", pa.int64()),
        ("original_url", pa.string()),
        ("fetched_via", pa.string()),
        ("captured_at", pa.timestamp("us")),
    ]
)
VALIDATOR_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("etag", pa.string()),
        ("last_modified", pa.string()),
        ("sha256", pa.string()),
        ("checked_at", pa.timestamp("us")),
    ]
)


def _arrow(schema: pa.Schema, rows: Sequence[Sequence[Any]]) -> pa.Table:
    columns = list(zip(*rows, strict=True))
    return pa.Table.from_arrays(
        [pa.array(column, type=field.type) for column, field in zip(columns, schema, strict=True)],
        schema=schema,
    )


def insert_fetches(con: duckdb.DuckDBPyConnection, fetches: Sequence[RawFetch]) -> None:
    """Append responses to the fetch log (a repeat of the same fetch is ignored)."""
    unique = {(f.url, f.fetched_at): f for f in fetches}.values()
    if not unique:
        return
    table = _arrow(
        FETCH_SCHEMA,
        [
            (
                f.url,
                f.final_url,
                f.status,
                f.content_type,
                json.dumps(dict(f.headers), ensure_ascii=False, sort_keys=True),
                f.fetched_at,
                f.sha256,
                f.size,
                f.page_url,
                f.fetched_via,
                f.captured_at,
            )
            for f in unique
        ],
    )
    with registered(con, "batch_fetches", table):
        con.execute(
            "insert into raw_fetches by name select * from batch_fetches on conflict do nothing"
        )


def _next_attempt(now: datetime, attempts: int, permanent: bool, stage: str) -> datetime:
    if not permanent or (stage == "parse" and attempts < PARSE_RETRIES_EVERY_RUN):
        return now  # the next run tries again
    backoff: timedelta = min(PERMANENT_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)
    return now + backoff


def record_failures(
    con: duckdb.DuckDBPyConnection, failures: Sequence[Failure], now: datetime
) -> None:
    """Count one more attempt for each failing URL and schedule its next try."""
    for failure in {f.url: f for f in failures}.values():
        row = con.execute(
            "select attempts, first_failed_at from failures where url = ?", [failure.url]
        ).fetchone()
        attempts = (int(row[0]) if row else 0) + 1
        first = row[1] if row else now
        con.execute(
            "insert or replace into failures values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                failure.url,
                failure.site,
                failure.stage,
                failure.reason,
                failure.permanent,
                attempts,
                first,
                now,
                _next_attempt(now, attempts, failure.permanent, failure.stage),
            ],
        )


def clear_failures(con: duckdb.DuckDBPyConnection, urls: Iterable[str]) -> None:
    """URLs that succeeded leave the failures table."""
    urls = list(urls)
    if urls:
        con.execute("delete from failures where list_contains(?, url)", [urls])


def due_failures(con: duckdb.DuckDBPyConnection, site: str, now: datetime) -> list[str]:
    """Failing article URLs of a site whose next attempt is due (list pages are tried again
    by the next walk of the list, not as articles)."""
    rows = con.execute(
        "select url from failures where site = ? and stage <> 'list' and next_attempt_at <= ?"
        # An imported file's failure (its file:// URI) waits for its owner to import it again.
        " and not starts_with(url, 'file:') order by url",
        [site, now],
    ).fetchall()
    return [str(row[0]) for row in rows]


def failing_urls(con: duckdb.DuckDBPyConnection, site: str) -> set[str]:
    """Every URL of a site failing now, due or not."""
    rows = con.execute("select url from failures where site = ?", [site]).fetchall()
    return {str(row[0]) for row in rows}


def list_failures(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The failures table, most recent first."""
    cursor = con.execute("select * from failures order by last_failed_at desc, url")
    names = [col[0] for col in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def upsert_validators(
    con: duckdb.DuckDBPyConnection, validators: Sequence[Validators], now: datetime
) -> None:
    """Remember ETag / Last-Modified (and the body's address) of the last 200 per URL."""
    latest = {v.url: v for v in validators}.values()  # the last one per URL wins
    if not latest:
        return
    table = _arrow(
        VALIDATOR_SCHEMA, [(v.url, v.etag, v.last_modified, v.sha256, now) for v in latest]
    )
    with registered(con, "batch_validators", table):
        con.execute("insert or replace into http_validators select * from batch_validators")


def forget_validators(con: duckdb.DuckDBPyConnection, urls: Iterable[str]) -> None:
    """Drop the validators of URLs, so that their next request is unconditional."""
    urls = list(urls)
    if urls:
        con.execute("delete from http_validators where list_contains(?, url)", [urls])


def read_validators(con: duckdb.DuckDBPyConnection) -> dict[str, Validators]:
    """Every remembered validator, by URL."""
    rows = con.execute("select url, etag, last_modified, sha256 from http_validators").fetchall()
    return {str(r[0]): Validators(str(r[0]), r[1], r[2], r[3]) for r in rows}


def latest_fetches(con: duckdb.DuckDBPyConnection) -> list[RawFetch]:
    """The newest archived 200 response per page URL (the input of reprocess), by URL."""
    rows = con.execute(
        """
        with ranked as (
            -- By the page's own URL: records of one WARC file share the URL requested.
            select *, row_number() over (
                partition by coalesce(original_url, url) order by fetched_at desc
            ) as recency
            from raw_fetches
            where status = 200
        )
        select url, final_url, status, content_type, headers, fetched_at, sha256, size,
               original_url, fetched_via, captured_at
        from ranked where recency = 1 order by url
        """
    ).fetchall()
    return [
        RawFetch(
            r[0],
            r[1],
            int(r[2]),
            r[3],
            json.loads(r[4]),
            r[5],
            r[6],
            int(r[7]),
            original_url=r[8],
            fetched_via=r[9] or "live",
            captured_at=r[10],
        )
        for r in rows
    ]


def commit_batch(con: duckdb.DuckDBPyConnection, batch: BatchWrite, now: datetime) -> LoadCounts:
    """Write a batch and all it learned in one transaction."""
    with transaction(con):
        counts = upsert_articles_in_transaction(con, batch.records, now)
        insert_fetches(con, batch.fetches)
        clear_failures(con, batch.succeeded)
        record_failures(con, batch.failures, now)
        upsert_validators(con, batch.validators, now)
        forget_validators(con, batch.forgotten)
        drain_frontier(con, batch.settled)
    return counts
