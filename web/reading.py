"""The warehouse as the web app reads it: read-only, opened per request, never held between.

DuckDB lets one process write, and while it writes no other process may even read (DESIGN.md
5). An ingest holds the file only while a batch commits, so a request waits for it briefly
(`READ_WAIT_SECONDS`, retrying every quarter second, warehouse.db) and otherwise answers 503
with a Retry-After: a page left open in a browser never makes an ingest fail or stall, and the
next request sees what the ingest loaded, without a restart.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from parsers.query import QueryTokenizer
from warehouse.db import WarehouseError, WarehouseLocked, open_warehouse

# Long enough to wait out a batch commit (well under a second), short enough for a page.
READ_WAIT_SECONDS = 3.0
RETRY_AFTER_BUSY_SECONDS = 2  # an ingest commits a batch in well under a second
RETRY_AFTER_MISSING_SECONDS = 30  # no warehouse yet, or an old schema: an ingest must run


class Unavailable(RuntimeError):
    """The warehouse cannot be read now: answered with 503 and a Retry-After."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@contextmanager
def reading(db_path: Path, wait: float = READ_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one request, closed when the block ends."""
    with ExitStack() as stack:
        try:
            con = stack.enter_context(open_warehouse(db_path, read_only=True, wait=wait))
        except WarehouseLocked as error:
            raise Unavailable(str(error), RETRY_AFTER_BUSY_SECONDS) from error
        except WarehouseError as error:
            raise Unavailable(str(error), RETRY_AFTER_MISSING_SECONDS) from error
        yield con


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
