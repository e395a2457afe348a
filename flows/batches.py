"""The batch runner: the one loop that drives every writing run (Scrapy's engine is the model).

    runner = BatchRunner(db_path, run, Reporter(verbosity))
    runner.start()                                   # the run's row, `running`
    runner.load(Batches(items, process, total, size=len))   # once or more per run
    runner.finish(final, sites=..., tallies=...)     # status, site health, the run's row

A flow hands the runner what differs: its batches (article links, archived pages, a file's
pages), a function that processes one (here, returning `Processed`; or submitted to the
parse pool, `InPool`, or a cluster, returning a `Processing` to wait for), and, where it says
or counts things its own way, its words and counts (`Batches`). The runner owns the rest:

* Batch k+1 (up to `window` batches) is processed while batch k commits, in order.
* One writer: commits run one at a time, in order, in the runner's one writer thread, each
  in one transaction (`load_batch`, a Prefect task); the write connection is open only
  while a batch commits. A batch is settled before the next is handed to the writer.
* Counting: the run record's fetched, not_modified, new, changed, unchanged and failed;
  a flow's own counts (source health) through `Batches.committed`.
* Reporting: the progress bar, each article at --verbose, each failure and each batch.
* A fatal error (the host went away) stops the batches: no batch is started after it, those
  in flight are committed, and the run's message says why.
* The end: the run's status from its message and failures, each site's health and the run's
  row in one transaction (`finish`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import Context, copy_context
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.pool import ParsePool, Pending, merge_into
from flows.progress import Reporter
from flows.stages import (
    FetchedBatch,
    failing_urls_message,
    finish_run,
    load_batch,
    start_run,
    utcnow,
)
from warehouse.fetchlog import BatchWrite, Failure
from warehouse.health import SiteTally
from warehouse.load import LoadCounts
from warehouse.runs import RunRecord

B = TypeVar("B")
T = TypeVar("T")


class Processing(Protocol):
    """A batch being processed: here (done at once), in the parse pool or on a cluster."""

    @property
    def fatal(self) -> str | None:
        """Why nothing more can be done this run (the host went away), known at once."""

    def ready(self) -> bool:
        """Whether `result` would return without waiting."""

    def result(self) -> FetchedBatch:
        """The processed batch, waited for."""


@dataclass(frozen=True)
class Processed:
    """A batch processed in this process."""

    batch: FetchedBatch

    @property
    def fatal(self) -> str | None:
        return self.batch.fatal

    def ready(self) -> bool:
        return True

    def result(self) -> FetchedBatch:
        return self.batch


@task(name="parse-enrich", cache_policy=NO_CACHE)
def parse_in_pool(pool: ParsePool, pending: Pending) -> BatchWrite:
    """A batch's pages parsed and enriched: its pool job's result (one task per batch)."""
    return pool.result(pending)


@dataclass(frozen=True)
class InPool:
    """A batch whose pages the parse pool parses; `batch` holds what is known before (an
    import's fetch log and unreadable pages), the parse is merged into it."""

    pool: ParsePool
    pending: Pending
    batch: FetchedBatch = field(default_factory=FetchedBatch)

    @property
    def fatal(self) -> str | None:
        return None  # no network: nothing goes away

    def ready(self) -> bool:
        return self.pool.ready(self.pending)

    def result(self) -> FetchedBatch:
        if self.pending.items:
            # quote(): spare Prefect walking page lists on every task run.
            parsed = parse_in_pool(quote(self.pool), quote(self.pending))  # type: ignore[call-overload]
            merge_into(self.batch.write, parsed)
        return self.batch


@dataclass(frozen=True)
class Committed(Generic[B]):
    """A batch the runner committed: what a flow's words and counts are made of."""

    number: int  # 1, 2 ... within one `load`
    item: B
    batch: FetchedBatch
    counts: LoadCounts
    done: int  # the work done, in `Batches.unit`, this batch included
    total: int
    run: RunRecord

    @property
    def write(self) -> BatchWrite:
        return self.batch.write


def batch_line(done: Committed[Any]) -> str:
    """`batch 3: 48 loaded, 2 failed (140 new so far)`."""
    return (
        f"batch {done.number}: {len(done.write.records)} loaded,"
        f" {len(done.write.failures)} failed ({done.run.new} new so far)"
    )


def failure_line(item: object, failure: Failure) -> str:
    """`failed (fetch): URL: reason`."""
    return f"failed ({failure.stage}): {failure.url}: {failure.reason}"


@dataclass(frozen=True)
class Batches(Generic[B]):
    """What a flow hands the runner: its batches, how to process one, and what it says and
    counts its own way."""

    items: Iterable[B]
    process: Callable[[B], Processing]
    total: int  # the work, in `unit`, for the progress bar
    size: Callable[[B], int]  # a batch's share of `total`
    unit: str = "articles"
    # Batches in flight at most: more than one when workers process them (each worker one
    # parsing and one queued), so that a worker never waits for the writer.
    window: int = 1
    line: Callable[[Committed[B]], str | None] = batch_line
    failure_line: Callable[[B, Failure], str] = failure_line
    committed: Callable[[Committed[B]], None] | None = None  # the flow's own counts


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in batches of `size` (the last may be shorter)."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def in_order(
    items: Iterable[B], start: Callable[[B], Processing], window: int
) -> Iterator[tuple[B, Processing]]:
    """Each item with its started Processing, in the order given: up to `window` started
    ahead, the first handed on as soon as it is ready; none started after a fatal one."""
    flight: deque[tuple[B, Processing]] = deque()
    for item in items:
        started = start(item)
        flight.append((item, started))
        while flight and (len(flight) >= window or flight[0][1].ready()):
            yield flight.popleft()
        if started.fatal is not None:
            break
    while flight:
        yield flight.popleft()


def _commit(context: Context, db_path: Path, write: BatchWrite) -> LoadCounts:
    """A batch committed in one transaction, as a task run of the flow run in `context` (the
    writer thread's own context has none)."""

    def commit() -> LoadCounts:
        # quote(): spare Prefect walking the batch's rows on every task run.
        return load_batch(db_path, quote(write))  # type: ignore[call-overload, no-any-return]

    return context.run(commit)


@dataclass(frozen=True)
class _Commit(Generic[B]):
    """A batch handed to the writer, not settled yet."""

    number: int
    item: B
    batch: FetchedBatch
    done: int
    load: Future[LoadCounts]


class BatchRunner:
    """One run's batches: processed, committed in order by one writer, counted and told."""

    def __init__(self, db_path: Path, run: RunRecord, report: Reporter) -> None:
        self.db_path = db_path
        self.run = run
        self.report = report

    def start(self) -> None:
        """Record the run as running (`start_run`)."""
        start_run(self.db_path, self.run)

    def load(self, batches: Batches[B]) -> bool:
        """Process and commit every batch, in order; True when a fatal error stopped them
        (`run.message` says which)."""
        done = 0
        fatal: str | None = None
        committing: _Commit[B] | None = None
        # The one writer: DuckDB works without holding the GIL, so the second core commits
        # batch k while this thread processes batch k+1.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="yzdaily-writer") as writer:
            started = in_order(batches.items, batches.process, batches.window)
            for number, (item, processing) in enumerate(started, start=1):
                batch = processing.result()
                del processing  # its pages are parsed: not kept while the batch commits
                done += batches.size(item)
                self.report.advance(done, batches.total, batches.unit)
                for record in batch.write.records:
                    self.report.detail(
                        f"loaded ({record.fetched_via}) {record.article.url} {record.article.title}"
                    )
                if committing is not None:
                    self._settle(committing, batches)
                load = writer.submit(_commit, copy_context(), self.db_path, batch.write)
                committing = _Commit(number, item, batch, done, load)
                fatal = fatal or batch.fatal
            if committing is not None:
                self._settle(committing, batches)
        if fatal is not None:
            self.run.message = fatal
        return fatal is not None

    def _settle(self, commit: _Commit[B], batches: Batches[B]) -> None:
        """Wait for a commit (its error, if any, is raised here), then count and tell it."""
        counts = commit.load.result()
        run, batch = self.run, commit.batch
        run.fetched += batch.fetched
        run.not_modified += batch.not_modified
        run.new += counts.new
        run.changed += counts.changed
        run.unchanged += counts.unchanged
        run.failed += len(batch.write.failures)
        done = Committed(commit.number, commit.item, batch, counts, commit.done, batches.total, run)
        for failure in batch.write.failures:
            self.report(batches.failure_line(commit.item, failure))
        line = batches.line(done)
        if line is not None:
            self.report(line)
        if batches.committed is not None:
            batches.committed(done)

    def finish(
        self,
        final: BatchWrite | None = None,
        *,
        sites: Sequence[str] | None = None,
        tallies: Iterable[SiteTally] = (),
        partial: Callable[[int], str] = failing_urls_message,
    ) -> None:
        """End the run: its status, each site's health and its row (`finish_run`)."""
        self.run.finished_at = utcnow()
        final = final or BatchWrite()
        finish_run(self.db_path, self.run, final, sites, tallies, partial=partial)
