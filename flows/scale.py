"""The scale-out path: parsing and enrichment on a Dask cluster, one writer loading.

docs/SCALING.md says when this is worth it. In short: fetching from one host is paced by
politeness (1 request/s), parsing and enriching cost ~50 ms an article, so the single-process
`ingest` keeps up with any one site; a cluster pays off for CPU-bound work over many pages
(re-parsing a whole archive, many sites fetched at once). Needs `pip install '.[scale]'`.

* It is the ingest's stages (flows/stages.py) in the same order, for every source the
  registry selects (`--source`): the same walk, work list and crawl frontier, the same fetch
  and archive of each batch, the same commit, the same source health and run record.
* Fetching stays in the flow process: politeness is per host, and one fetcher keeps the pace.
* `parse_enrich_pages` is pure (archived pages in, records out) and runs on the Dask workers,
  in chunks; each worker process builds its jieba Segmenter once (`worker_segmenter`).
* The flow process is the one writer: it commits each chunk as it comes back, in order, with
  the same `load_batch` as `ingest`, so rows are the same as the single-process path's.
* The warehouse as year-partitioned Parquet for DuckLake, Spark, Polars or any engine that
  reads hive-partitioned Parquet: `yzdaily export --partition-all` (warehouse/export.py).

Import this module only after `hosting.env.configure_prefect` (as for flows.ingest).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import State, flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from config.settings import Settings
from fetching.http import Fetcher, build_site_fetcher
from fetching.raw_archive import RawArchive
from flows.progress import Reporter
from flows.stages import (
    FetchedBatch,
    count_into,
    discover_articles,
    fetch_batch,
    finish_run,
    guarded_run,
    load_batch,
    parse_pages,
    plan_work,
    read_archive_state,
    start_run,
    utcnow,
)
from hosting.env import effective_prefect_home
from hosting.server import prefect_api, wait_healthy
from parsers.models import EnrichedArticle
from parsers.nlp import Segmenter
from parsers.site import SiteAdapter
from parsers.sources import selected
from warehouse.fetchlog import BatchWrite, Failure, RawFetch
from warehouse.health import SiteTally
from warehouse.runs import RunRecord

# An archived page as a worker parses it: its fetch-log row and its body (both pickle cheaply).
Page = tuple[RawFetch, bytes]
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


def parse_enrich(
    pages: Sequence[Page],
    segmenter: Segmenter,
    idf: Mapping[str, float] | None = None,
) -> ParsedPages:
    """Decode, parse and enrich pages with the ingest's own stage; failures collected."""
    write = BatchWrite()
    parse_pages(write, pages, segmenter, idf)
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


def _done(future: PrefectFuture[Any]) -> bool:
    """Whether a submitted task has finished, without asking the Prefect API."""
    wrapped = getattr(future, "wrapped_future", None)  # a dask (or concurrent) future
    return bool(wrapped.done()) if wrapped is not None else future.state.is_final()


def _commit(
    db_path: Path,
    batch: FetchedBatch,
    parsed: ParsedPages,
    run: RunRecord,
    report: Reporter,
    tally: SiteTally,
) -> None:
    """The one writer: a batch's fetch log, records and failures in one transaction."""
    write = batch.write
    write.records.extend(parsed.records)
    write.failures.extend(parsed.failures)
    write.succeeded.extend(parsed.succeeded)
    counts = load_batch(db_path, write)
    count_into(tally, write, counts)
    run.fetched += batch.fetched
    run.not_modified += batch.not_modified
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
    archive = RawArchive(settings.raw_dir, settings.max_page_bytes)
    cache_dir = str(settings.jieba_cache_dir.resolve())
    start_run(settings.db_path, run)
    sources = selected(settings.source)
    tallies = [SiteTally(source.name) for source in sources]
    final = BatchWrite()
    with build_site_fetcher(settings, sources) as fetcher:
        for source, tally in zip(sources, tallies, strict=True):
            write = _source_on_cluster(
                settings, fetcher, archive, run, report, source, tally, workers, cache_dir
            )
            final.absorb_run_wide(write)
    run.finished_at = utcnow()
    finish_run(settings.db_path, run, final, [source.name for source in sources], tallies)


def _source_on_cluster(
    settings: Settings,
    fetcher: Fetcher,
    archive: RawArchive,
    run: RunRecord,
    report: Reporter,
    source: SiteAdapter,
    tally: SiteTally,
    workers: int,
    cache_dir: str,
) -> BatchWrite:
    """One source's walk, work list and batches, the parsing on the workers; returns what
    must be saved when the run ends (list pages' fetch log, validators and failures)."""
    root = source.first_list_url(settings.base_url)
    state = read_archive_state(settings.db_path, source.name, utcnow(), root)
    discovery = discover_articles(
        fetcher, archive, root, state, settings.since, settings.max_pages, report, source=source
    )
    run.pages += discovery.pages
    run.discovered += len(discovery.refs) + len(state.frontier)
    run.not_modified += discovery.not_modified
    run.warnings.extend(discovery.warnings)
    tally.list_pages += discovery.pages
    tally.empty_list_pages.extend(discovery.empty_pages)
    if discovery.fatal:
        run.message = run.message or f"{source.name}: {discovery.fatal}"
        return BatchWrite()
    work = plan_work(settings.db_path, source, root, state, discovery, run)
    # Pages failing now are fetched whole: a 304 would leave nothing new to parse.
    validators = {url: v for url, v in state.validators.items() if url not in state.failing}
    # Batches in flight: the workers parse while this process fetches the next batch.
    pending: deque[tuple[FetchedBatch, PrefectFuture[ParsedPages]]] = deque()
    fatal: str | None = None
    for start in range(0, len(work), settings.batch_size):
        batch = fetch_batch(fetcher, archive, work[start : start + settings.batch_size], validators)
        future = parse_enrich_pages.submit(batch.pages, cache_dir, state.idf)
        pending.append((batch, future))
        # Commit in order; wait only when more batches are in flight than workers can take.
        while pending and (_done(pending[0][1]) or len(pending) > 2 * workers):
            done, parsed = pending.popleft()
            _commit(settings.db_path, done, parsed.result(), run, report, tally)
        if batch.fatal:
            fatal = batch.fatal
            break
    while pending:
        done, parsed = pending.popleft()
        _commit(settings.db_path, done, parsed.result(), run, report, tally)
    if fatal:
        run.message = run.message or f"{source.name}: {fatal}"
        return BatchWrite()
    return discovery.write


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
