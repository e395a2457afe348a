"""The warehouse as the web app reads it: read-only, attached per request, never held between.

DuckDB lets one process write, and while it writes no other process may even read (DESIGN.md
5). An ingest holds the file only while a batch commits, so a request waits for it briefly
(`READ_WAIT_SECONDS`, retrying every quarter second as warehouse.db does) and otherwise answers
503 with a Retry-After: a page left open in a browser never makes an ingest fail or stall, and
the next request sees what the ingest loaded, without a restart.

The file is ATTACHed read-only to one in-memory DuckDB that lives as long as the app, rather
than opened with `duckdb.connect` per request: a new database instance (its thread pool, its
buffer manager) cost 60-85 ms per request on this 2-core machine, an ATTACH 10-20 ms, and the
file lock is the same (held while attached, released by DETACH). Requests that overlap share
one attachment, each with a cursor of its own; the last one out detaches, so between requests
the file is not held at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from parsers.query import QueryTokenizer
from warehouse.db import (
    CONNECTION_CONFIG,
    LOCK_POLL_SECONDS,
    WarehouseError,
    check_warehouse_file,
    migrations,
    missing_warehouse_message,
)

# Long enough to wait out a batch commit (well under a second), short enough for a page.
READ_WAIT_SECONDS = 3.0
RETRY_AFTER_BUSY_SECONDS = 2  # an ingest commits a batch in well under a second
RETRY_AFTER_MISSING_SECONDS = 30  # no warehouse yet, or an old schema: an ingest must run
ALIAS = "warehouse"


class Unavailable(RuntimeError):
    """The warehouse cannot be read now: answered with 503 and a Retry-After."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class WarehouseReader:
    """Read-only access to the warehouse file for requests, attached only while they run."""

    def __init__(self, db_path: Path, wait: float = READ_WAIT_SECONDS) -> None:
        self.db_path = db_path
        self.wait = wait
        self._instance = duckdb.connect(":memory:", config=CONNECTION_CONFIG)
        self._lock = threading.Lock()
        self._readers = 0

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the warehouse for one request (its tables by their plain names)."""
        cursor = self._enter()
        try:
            cursor.execute(f"use {ALIAS}")
            yield cursor
        finally:
            cursor.close()
            self._leave()

    def _enter(self) -> duckdb.DuckDBPyConnection:
        # Under the lock: the instance itself is used by one thread at a time, cursors by many.
        with self._lock:
            if self._readers == 0:
                self._attach()
            self._readers += 1
            return self._instance.cursor()

    def _leave(self) -> None:
        with self._lock:
            self._readers -= 1
            if self._readers == 0:
                self._instance.execute(f"detach {ALIAS}")

    def _attach(self) -> None:
        """Attach the file read-only, waiting up to `wait` seconds while a writer holds it."""
        if not self.db_path.exists():
            raise Unavailable(
                missing_warehouse_message(self.db_path),
                RETRY_AFTER_MISSING_SECONDS,
            )
        try:
            check_warehouse_file(self.db_path)
        except WarehouseError as error:
            raise Unavailable(str(error), RETRY_AFTER_MISSING_SECONDS) from error
        path = str(self.db_path).replace("'", "''")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                self._instance.execute(f"attach '{path}' as {ALIAS} (read_only)")
                break
            except duckdb.Error as error:
                if "lock" not in str(error).lower():
                    raise Unavailable(
                        f"cannot open the warehouse {self.db_path}: {error}",
                        RETRY_AFTER_MISSING_SECONDS,
                    ) from error
                if time.monotonic() >= deadline:
                    raise Unavailable(
                        f"the warehouse {self.db_path} is in use by another process (an ingest"
                        " is probably writing to it); try again in a moment",
                        RETRY_AFTER_BUSY_SECONDS,
                    ) from error
                time.sleep(LOCK_POLL_SECONDS)
        if self._schema_version() < migrations()[-1][0]:
            self._instance.execute(f"detach {ALIAS}")
            raise Unavailable(
                f"the warehouse {self.db_path} has an older schema: run `yzdaily ingest` once"
                " to upgrade it",
                RETRY_AFTER_MISSING_SECONDS,
            )

    def _schema_version(self) -> int:
        try:
            row = self._instance.execute(
                f"select max(version) from {ALIAS}.schema_migrations"
            ).fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row and row[0] is not None else 0


class _SerialTokenizer:
    """A Segmenter shared by request threads, one call at a time (jieba keeps state per call)."""

    def __init__(self, segmenter: QueryTokenizer, lock: threading.Lock) -> None:
        self._segmenter = segmenter
        self._lock = lock

    def tag(self, text: str) -> list[tuple[str, str]]:
        with self._lock:
            return self._segmenter.tag(text)

    def is_content(self, token: str) -> bool:
        with self._lock:
            return self._segmenter.is_content(token)

    def dictionary_tag(self, word: str) -> str | None:
        with self._lock:
            return self._segmenter.dictionary_tag(word)


class SharedTokenizer:
    """The query tokenizer factory `warehouse.search` wants, built once per process, on the
    first query word the index does not hold (jieba loads in about a second)."""

    def __init__(self, cache_dir: Path) -> None:
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._built: QueryTokenizer | None = None

    def __call__(self) -> QueryTokenizer:
        with self._lock:
            if self._built is None:
                from parsers.nlp import Segmenter

                self._built = _SerialTokenizer(Segmenter(cache_dir=self._cache_dir), self._lock)
            return self._built
