"""Parse and enrich in a pool of worker processes, the run's process the one writer (#19).

    with ParsePool(workers, cache_dir, idf) as pool:
        pending = pool.submit(job, items, *args)   # returns at once
        write = pool.result(pending)               # the job's BatchWrite, in any case

The batch runner (flows/batches.py `InPool`) keeps `pool.window` jobs in flight and commits
each result in order while the workers parse the next.

* jieba holds the GIL: only processes use more than one core for the NLP pass. Each worker
  loads jieba once (its initializer builds the Segmenter from the data dir's cache) and
  receives the run's IDF table once; a job then sends only its pages.
* Workers start by forkserver, never by fork: the run's process has Prefect's threads
  running, and a fork of a threaded process can deadlock. The forkserver imports the parse
  code first (`PRELOAD`), so each worker is forked with it already loaded.
* Workers never touch the warehouse: jobs return `BatchWrite`s that the caller commits, in
  the order it submitted them (the batch runner keeps a bounded window of jobs in flight).
* A page that makes the parser raise is a failure of that page (flows.parsing.parse_into). A
  page that kills its worker (a segfault in lxml, the OOM killer) breaks the whole executor:
  the pool starts a fresh one and parses that job's pages one at a time, so the page that
  kills its worker again is recorded as a parse failure and the others are loaded.
* `workers=1` is the in-process path, the same job functions run in this process.
* No worker outlives its run: each watches the run's process and exits when it ends (a kill -9
  included), and the forkserver and resource tracker follow once the workers are gone.

A job is a module-level function `job(segmenter, idf, items, *args) -> BatchWrite`, where
`items` is a sequence of `RawFetch` or `(RawFetch, body)`; it must record failures, never
raise (as `parse_into` does).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warehouse.fetchlog import BatchWrite, Failure, RawFetch

if TYPE_CHECKING:
    from parsers.nlp import Segmenter  # jieba: imported by the workers, not to start them

Job = Callable[..., BatchWrite]
# Imported by the forkserver before it forks any worker: the parse code, jieba, posseg's tag
# table and jieba's IDF table (read once there, shared by every worker it forks; parsers.nlp
# imports jieba only when a Segmenter is built, so they are named here).
PRELOAD = (
    "flows.pool",
    "flows.parsing",
    "parsers.nlp",
    "parsers.enrich",
    "parsers.sources",
    "jieba.posseg",
    "jieba.analyse",
)
# Jobs in flight per worker: one parsing, one queued, so a worker never waits for the writer.
WINDOW_PER_WORKER = 2
WORKER_DIED = "the worker process parsing this page died"
ORPHANED_EXIT = 70  # a worker whose run ended under it (EX_SOFTWARE)
WATCH_POLL_SECONDS = 1.0  # without pidfd_open: how often a worker looks for its run

# This worker process's Segmenter and the run's IDF table (set by _init_worker).
_WORKER: dict[str, Any] = {}


# A run with fewer pages than this parses in its own process unless --workers says otherwise:
# starting workers costs seconds (much more on a loaded machine: 30 s measured here).
POOL_MIN_PAGES = 500


def pool_size(workers: int | None, pages: int) -> int:
    """Workers for a run of `pages`: `workers` when given; else every core for a big run, one
    (this process) for a small one."""
    if workers:
        return workers
    return default_workers() if pages >= POOL_MIN_PAGES else 1


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def start_forkserver() -> multiprocessing.context.ForkServerContext:
    """The forkserver the workers are forked from, started now if it is not running: it
    imports PRELOAD (jieba and its tag table: seconds), so a run calls this early, while
    Prefect's server starts, and its pool starts in a second later."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    from multiprocessing import forkserver

    forkserver.ensure_running()
    return context


def job_size(pages: int, workers: int, largest: int, smallest: int = 10) -> int:
    """Pages per job: `largest` in-process (fewer commits); in a pool, small enough that every
    worker gets several jobs (a short run is not left to one worker's last big job)."""
    if workers <= 1:
        return largest
    return min(largest, max(smallest, math.ceil(pages / (workers * 4))))


def _init_worker(cache_dir: str, idf: Mapping[str, float] | None, run_pid: int) -> None:
    from flows.segmenter import build_segmenter

    # Ctrl-C reaches the whole process group: the run's process stops the pool, and a worker
    # must not print a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_run(run_pid)

    _WORKER["segmenter"] = build_segmenter(Path(cache_dir))
    _WORKER["idf"] = idf


def watch_run(run_pid: int) -> threading.Thread:
    """End this worker as soon as the run's process `run_pid` ends, however it ends.

    A worker's parent is the forkserver, not the run, so a parent-death signal cannot reach it;
    and the pool's queues (each worker holds both ends) and the forkserver's "alive" pipe (each
    worker holds its write end) keep the workers, the forkserver and the resource tracker
    waiting on each other for ever after a kill -9 of the run (640 MB found, #31). Once the
    workers are gone, the forkserver and the tracker see their pipes close and exit too.
    """
    watcher = threading.Thread(
        target=_exit_when_gone, args=(run_pid,), name="yzdaily-run-watch", daemon=True
    )
    watcher.start()
    return watcher


def _exit_when_gone(pid: int) -> None:
    try:
        handle = os.pidfd_open(pid)  # readable once the process has ended (Linux 5.3+)
    except ProcessLookupError:
        os._exit(ORPHANED_EXIT)
    except (AttributeError, OSError):
        handle = None  # no pidfd here: poll
    if handle is not None:
        select.select([handle], [], [])
        os._exit(ORPHANED_EXIT)
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(ORPHANED_EXIT)
        except PermissionError:
            pass  # alive, as another user: cannot happen for our own run, but do not exit
        time.sleep(WATCH_POLL_SECONDS)


def _run_in_worker(job: Job, items: Sequence[Any], args: tuple[Any, ...]) -> BatchWrite:
    return job(_WORKER["segmenter"], _WORKER["idf"], items, *args)


def _ready() -> int:
    return os.getpid()


def _fetch_of(item: Any) -> RawFetch:
    return item if isinstance(item, RawFetch) else item[0]


@dataclass
class Pending:
    """A submitted job: what it was, and its future (None once its result was taken)."""

    job: Job
    items: Sequence[Any]
    args: tuple[Any, ...]
    future: Future[BatchWrite] | None = None
    done: BatchWrite | None = None  # the in-process path's result


@dataclass
class ParsePool:
    """`workers` processes parsing and enriching (1: this process, no pool)."""

    workers: int
    cache_dir: Path
    idf: Mapping[str, float] | None = None
    restarts: int = 0  # executors replaced after a worker died
    _executor: ProcessPoolExecutor | None = field(default=None, repr=False)
    _segmenter: Segmenter | None = field(default=None, repr=False)

    def __enter__(self) -> ParsePool:
        if self.workers > 1:
            self._executor = self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=start_forkserver(),
            initializer=_init_worker,
            initargs=(str(self.cache_dir), self.idf, os.getpid()),
        )
        # Start every worker now (they load jieba side by side), not on the first jobs.
        for future in [executor.submit(_ready) for _ in range(self.workers)]:
            future.result()
        return executor

    def _restart(self) -> ProcessPoolExecutor:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self.restarts += 1
        self._executor = self._start()
        return self._executor

    @property
    def segmenter(self) -> Segmenter:
        """This process's Segmenter (the in-process path's), built on first use."""
        if self._segmenter is None:
            from flows.stages import get_segmenter

            self._segmenter = get_segmenter(self.cache_dir)
        return self._segmenter

    def submit(self, job: Job, items: Sequence[Any], *args: Any) -> Pending:
        """Start a job on the pool; in-process, run it now."""
        pending = Pending(job, items, args)
        if not items:
            pending.done = BatchWrite()
        elif self._executor is None:
            pending.done = job(self.segmenter, self.idf, items, *args)
        else:
            if getattr(self._executor, "_broken", False):
                self._restart()  # a worker died: new jobs go to a fresh pool
            assert self._executor is not None
            try:
                pending.future = self._executor.submit(_run_in_worker, job, items, args)
            except BrokenProcessPool as error:  # it died since: `result` retries page by page
                pending.future = Future()
                pending.future.set_exception(error)
        return pending

    def result(self, pending: Pending) -> BatchWrite:
        """The job's batch; if its worker died, its pages again one at a time in a fresh pool,
        the page that kills a worker again recorded as its failure."""
        if pending.done is not None:
            return pending.done
        assert pending.future is not None
        try:
            return pending.future.result()
        except BrokenProcessPool:
            pass
        write = BatchWrite()
        for item in pending.items:
            executor = self._executor
            if executor is None or getattr(executor, "_broken", False):
                executor = self._restart()
            try:
                part = executor.submit(_run_in_worker, pending.job, [item], pending.args).result()
            except BrokenProcessPool:
                from flows.parsing import page_site

                fetch = _fetch_of(item)
                write.failures.append(
                    Failure(fetch.url, page_site(fetch), "parse", WORKER_DIED, True)
                )
                continue
            merge_into(write, part)
        return write

    @property
    def window(self) -> int:
        """Jobs to keep in flight: WINDOW_PER_WORKER per worker; in-process, one."""
        return self.workers * WINDOW_PER_WORKER if self._executor else 1

    def ready(self, pending: Pending) -> bool:
        """Whether the job's `result` would return without waiting."""
        return pending.future is None or pending.future.done()


def merge_into(write: BatchWrite, part: BatchWrite) -> None:
    """Add what a job's batch holds to `write` (the fetch log and validators excepted: the
    caller has those)."""
    write.records.extend(part.records)
    write.failures.extend(part.failures)
    write.succeeded.extend(part.succeeded)
    write.forgotten.extend(part.forgotten)
    write.fetches.extend(part.fetches)
    write.validators.extend(part.validators)
    write.settled.extend(part.settled)
