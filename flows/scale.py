"""The scale-out path: parsing and enrichment on a Dask cluster, one writer loading.

docs/SCALING.md says when this is worth it. In short: fetching from one host is paced by
politeness (1 request/s), parsing and enriching cost ~50 ms an article, so the single-process
`ingest` keeps up with any one site; a cluster pays off for CPU-bound work over many pages
(re-parsing a whole archive, many sites fetched at once). Needs `pip install '.[scale]'`.

* Fetching stays in the flow process: politeness is per host, and one fetcher keeps the pace.
* `parse_enrich_pages` is pure (bytes in, records out) and runs on the Dask workers, in chunks;
  each worker process builds its jieba Segmenter once (`worker_segmenter`).
* The flow process is the one writer: it commits each chunk as it comes back, in order, with
  the same `commit_batch` as `ingest`, so rows are the same as the single-process path's.
* The warehouse as year-partitioned Parquet for DuckLake, Spark, Polars or any engine that
  reads hive-partitioned Parquet: `yzdaily export --partition-all` (warehouse/export.py).

The cluster path crawls zgjssw (the primary source); moving it onto the source registry
(parsers/sources.py) as `ingest` did is the step before using it for 扬州网.

Import this module only after `flows.prefect_env.configure_prefect` (as for flows.ingest).
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import State, flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from flows.archive import RawArchive
from flows.http import HOST_DOWN, Fetcher
from flows.ingest import (
    _archived,
    _finish,
    discover_articles,
    fetch_article,
    guarded_run,
    load_batch,
    parse_into,
    plan_work,
    read_archive_state,
    start_run,
    utcnow,
)
from flows.prefect_env import effective_prefect_home
from flows.prefect_server import prefect_api, wait_healthy
from flows.progress import Reporter
from flows.settings import Settings
from parsers.models import ArticleRef, EnrichedArticle
from parsers.nlp import Segmenter
from parsers.sources import ZGJSSW
from warehouse.fetchlog import BatchWrite, Failure, RawFetch, Validators
from warehouse.runs import RunRecord

# (url, content type, body): what a worker needs of a fetched page. Plain values pickle cheaply.
Page = tuple[str, str | None, bytes]
DEFAULT_WORKERS = 2
# One Segmenter per worker process (loading jieba's dictionary costs about a second).
_SEGMENTERS: dict[str | None, Segmenter] = {}


def worker_segmenter(cache_dir: str | None = None) -> Segmenter:
    """This process's Segmenter, built on first use."""
    segmenter = _SEGMENTERS.get(cache_dir)
    if segmenter is None:
        segmenter = Segmenter(cache_dir=Path(cache_dir) if cache_dir else None)
        _SEGMENTERS[cache_dir] = segmenter
    return segmenter


@dataclass(frozen=True)
class ParsedPages:
    """What a chunk of pages gave: records to load, pages that are not articles, pages done."""

    records: tuple[EnrichedArticle, ...] = ()
    failures: tuple[Failure, ...] = ()
    succeeded: tuple[str, ...] = ()  # URLs that parsed (they leave `failures` if there)


def _as_fetch(url: str, content_type: str | None, body: bytes) -> RawFetch:
    # parse_into reads a fetch's URL, content type and sha256 (the raw archive's address of
    # the body, which the record keeps); the rest of the fetch log row stays in the flow.
    sha256 = hashlib.sha256(body).hexdigest()
    return RawFetch(url, url, 200, content_type, {}, datetime.min, sha256, len(body))


def parse_enrich(
    pages: Sequence[Page],
    segmenter: Segmenter,
    idf: Mapping[str, float] | None = None,
) -> ParsedPages:
    """Decode, parse and enrich pages with ingest's own `parse_into`; failures collected."""
    write = BatchWrite()
    for url, content_type, body in pages:
        parse_into(write, _as_fetch(url, content_type, body), body, segmenter, idf)
    return ParsedPages(tuple(write.records), tuple(write.failures), tuple(write.succeeded))


@task(name="parse-enrich-pages", cache_policy=NO_CACHE)
def parse_enrich_pages(
    pages: list[Page],
    cache_dir: str | None = None,
    idf: Mapping[str, float] | None = None,
) -> ParsedPages:
    """A chunk of pages parsed and enriched on a worker (pure: no network, no database)."""
    return parse_enrich(pages, worker_segmenter(cache_dir), idf)


@contextmanager
def shared_api(prefect_home: Path) -> Iterator[str]:
    """A Prefect API the flow and its Dask workers share: the current one, or a server of ours.

    Without one, every worker process would start a temporary server of its own (~15 s each)
    and record its task runs there. With PREFECT_API_URL set, that API is used as it is.
    """
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    current = get_current_settings().api.url
    if current:
        yield str(current)
        return
    with prefect_api(prefect_home, full=True) as server:
        url = server.api_url if server else os.environ["PREFECT_API_URL"]
        if server is not None:
            wait_healthy(server)
        # Prefect read its settings when imported; the workers inherit the environment.
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url


def build_task_runner(workers: int = DEFAULT_WORKERS, address: str | None = None) -> Any:
    """A DaskTaskRunner: a LocalCluster of `workers` single-threaded processes, or `address`.

    Processes, not threads: jieba holds the GIL. One thread per worker: one Segmenter each.
    """
    from prefect_dask.task_runners import DaskTaskRunner

    # Dask logs every worker's start and stop at INFO: keep batch output to what matters.
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # the worker processes
    logging.getLogger("distributed").setLevel(logging.WARNING)  # this process
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers,
            "processes": True,
            "threads_per_worker": 1,
            "dashboard_address": None,  # no web dashboard for a batch job
        }
    )


def chunks(pages: Sequence[Page], size: int) -> list[list[Page]]:
    """Pages in chunks of `size` (the last may be shorter)."""
    return [list(pages[start : start + size]) for start in range(0, len(pages), size)]


def fan_out(
    pages: Sequence[Page],
    chunk_size: int = 25,
    cache_dir: str | None = None,
    idf: Mapping[str, float] | None = None,
) -> ParsedPages:
    """Inside a flow: chunks of pages mapped over its task runner, merged in the pages' order."""
    # unmapped: a string and a dict are iterables that map() would otherwise spread over.
    futures = parse_enrich_pages.map(chunks(pages, chunk_size), unmapped(cache_dir), unmapped(idf))
    parts = [future.result() for future in futures]
    return ParsedPages(
        tuple(record for part in parts for record in part.records),
        tuple(failure for part in parts for failure in part.failures),
        tuple(url for part in parts for url in part.succeeded),
    )


def run_parse_enrich_distributed(
    pages: Sequence[Page],
    prefect_home: Path,
    workers: int = DEFAULT_WORKERS,
    chunk_size: int = 25,
    cache_dir: Path | None = None,
    idf: Mapping[str, float] | None = None,
) -> ParsedPages:
    """Pages parsed and enriched on a LocalCluster of `workers` processes, in a flow run."""

    # The pages reach the flow by closure: as parameters they would be sent to the Prefect API
    # (which records every flow run's parameters), megabytes of page bodies with them.
    @flow(name="parse-enrich-distributed", task_runner=build_task_runner(workers))
    def parse_enrich_distributed() -> ParsedPages:
        return fan_out(pages, chunk_size, str(cache_dir) if cache_dir else None, idf)

    with shared_api(prefect_home):
        return parse_enrich_distributed()


@dataclass
class FetchedChunk:
    """Article pages fetched for one chunk, and what their fetching wrote to the log."""

    pages: list[Page] = field(default_factory=list)
    write: BatchWrite = field(default_factory=BatchWrite)
    fetched: int = 0
    not_modified: int = 0
    fatal: str | None = None


@task(name="fetch-archive", cache_policy=NO_CACHE)
def fetch_pages(
    fetcher: Fetcher,
    archive: RawArchive,
    refs: Sequence[ArticleRef],
    validators: Mapping[str, Validators],
) -> FetchedChunk:
    """Fetch (conditionally when re-checking) and archive article pages, politely, in order."""
    chunk = FetchedChunk()
    for ref in refs:
        try:
            page = fetch_article(fetcher, ref, validators.get(ref.url), chunk.write)
        except HOST_DOWN as error:
            chunk.fatal = error.reason  # this link and the rest stay in the frontier
            break
        chunk.write.settled.append(ref.url)
        if page is None:
            continue
        if page.status == 304:
            chunk.not_modified += 1
            chunk.write.succeeded.append(ref.url)
            continue
        chunk.fetched += 1
        fetch, page_validators = _archived(archive, page)
        chunk.write.fetches.append(fetch)
        chunk.write.validators.append(page_validators)
        chunk.pages.append((ref.url, page.content_type, page.body))
    return chunk


def _done(future: PrefectFuture[Any]) -> bool:
    """Whether a submitted task has finished, without asking the Prefect API."""
    wrapped = getattr(future, "wrapped_future", None)  # a dask (or concurrent) future
    return bool(wrapped.done()) if wrapped is not None else future.state.is_final()


def _commit(
    db_path: Path, chunk: FetchedChunk, parsed: ParsedPages, run: RunRecord, report: Reporter
) -> None:
    """The one writer: a chunk's fetch log, records and failures in one transaction."""
    write = chunk.write
    write.records.extend(parsed.records)
    write.failures.extend(parsed.failures)
    write.succeeded.extend(parsed.succeeded)
    counts = load_batch(db_path, write)
    run.fetched += chunk.fetched
    run.not_modified += chunk.not_modified
    run.new += counts.new
    run.changed += counts.changed
    run.unchanged += counts.unchanged
    for failure in write.failures:
        report(f"failed ({failure.stage}): {failure.url}: {failure.reason}")
    report(
        f"chunk: {len(parsed.records)} loaded, {len(write.failures)} failed ({run.new} new so far)"
    )


@flow(name="ingest-distributed", validate_parameters=False)
def ingest_on_cluster(settings: Settings, workers: int = DEFAULT_WORKERS) -> State:
    """`ingest` with parsing and enrichment on the flow's (Dask) task runner."""
    run = RunRecord(run_id=str(uuid.uuid4()), flow="ingest", started_at=utcnow())
    return guarded_run(settings.db_path, run, lambda: _ingest_on_cluster(settings, workers, run))


def _ingest_on_cluster(settings: Settings, workers: int, run: RunRecord) -> None:
    report = Reporter(settings.verbosity)
    archive = RawArchive(settings.raw_dir)
    cache_dir = str(settings.jieba_cache_dir.resolve())
    start_run(settings.db_path, run)
    root = ZGJSSW.first_list_url(settings.base_url)
    state = read_archive_state(settings.db_path, ZGJSSW.name, utcnow(), root)
    final = BatchWrite()
    with Fetcher(
        settings.user_agent,
        delay=settings.delay,
        timeout=settings.timeout,
        retries=settings.retries,
        allowed_hosts=ZGJSSW.allowed_hosts,
    ) as fetcher:
        discovery = discover_articles(
            fetcher, archive, root, state, settings.since, settings.max_pages, report
        )
        run.pages, run.discovered = discovery.pages, len(discovery.refs) + len(state.frontier)
        run.not_modified += discovery.not_modified
        run.warnings.extend(discovery.warnings)
        run.message = discovery.fatal
        work = (
            []
            if discovery.fatal
            else plan_work(settings.db_path, ZGJSSW, root, state, discovery, run)
        )
        # Chunks in flight: the workers parse while this process fetches the next chunk.
        pending: deque[tuple[FetchedChunk, PrefectFuture[ParsedPages]]] = deque()
        for start in range(0, len(work), settings.batch_size):
            chunk = fetch_pages(
                fetcher, archive, work[start : start + settings.batch_size], state.validators
            )
            future = parse_enrich_pages.submit(chunk.pages, cache_dir, state.idf)
            pending.append((chunk, future))
            # Commit in order; wait only when more chunks are in flight than workers can take.
            while pending and (_done(pending[0][1]) or len(pending) > 2 * workers):
                done, parsed = pending.popleft()
                _commit(settings.db_path, done, parsed.result(), run, report)
            if chunk.fatal:
                run.message = chunk.fatal
                break
        while pending:
            done, parsed = pending.popleft()
            _commit(settings.db_path, done, parsed.result(), run, report)
        if run.message is None:
            final = discovery.write
    run.finished_at = utcnow()
    _finish(settings.db_path, run, final, [ZGJSSW.name])


def ingest_distributed(
    settings: Settings,
    workers: int = DEFAULT_WORKERS,
    address: str | None = None,
    prefect_home: Path | None = None,
) -> State:
    """`ingest_on_cluster` on a LocalCluster of `workers` processes (or the cluster at `address`).

    Holds the warehouse's writer lock, like the CLI's ingest: one writer at a time.
    """
    from flows.lock import writer_lock

    distributed = ingest_on_cluster.with_options(task_runner=build_task_runner(workers, address))
    home = prefect_home or effective_prefect_home(settings.prefect_home)
    with shared_api(home), writer_lock(settings.db_path):
        state: State = distributed(settings, workers, return_state=True)
    return state
