"""The scale-out path: parsing and enrichment on a Dask cluster, one writer loading.

docs/SCALING.md says when this is worth it. In short: fetching from one host is paced by
politeness (1 request/s), parsing and enriching cost ~50 ms an article, so the single-process
`ingest` keeps up with any one site; a cluster pays off for CPU-bound work over many pages
(re-parsing a whole archive, many sites fetched at once). Needs `pip install '.[scale]'`.

* It is the ingest itself (`flows.ingest.ingest_sources`) with another `Processor`: the same
  walk, work list and crawl frontier for every source the registry selects (`--source`), the
  same batch runner (flows/batches.py) committing, counting and reporting each batch, the
  same source health and run record. What differs is `parse_on_cluster`: a batch is fetched
  and archived here, its pages parsed on the cluster while the next batches are fetched.
* Fetching stays in the flow process: politeness is per host, and one fetcher keeps the pace.
* `parse_enrich_pages` is pure (archived pages in, records out) and runs on the Dask workers,
  a batch at a time; each worker process builds its jieba Segmenter once (`worker_segmenter`).
* The flow process is the one writer: the runner commits each batch as it comes back, in
  order, with the same `load_batch` as `ingest` (in its own writer thread, not on the
  cluster), so rows are the same as the single-process path's.
* The warehouse as year-partitioned Parquet for DuckLake, Spark, Polars or any engine that
  reads hive-partitioned Parquet: `yzdaily export --partition-all` (warehouse/export.py).

Import this module only after `hosting.env.configure_prefect` (as for flows.ingest).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from prefect import State, flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from config.settings import Settings
from flows.batches import chunked
from flows.ingest import Processor, SourceWork, ingest_run, ingest_sources
from flows.stages import FetchedBatch, fetch_batch, guarded_run, parse_pages
from hosting.env import effective_prefect_home
from hosting.server import prefect_api, wait_healthy
from parsers.models import ArticleRef, EnrichedArticle
from parsers.nlp import Segmenter
from warehouse.fetchlog import BatchWrite, Failure, RawFetch

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


def fan_out(
    pages: Sequence[Page],
    chunk_size: int = 25,
    cache_dir: str | None = None,
    idf: Mapping[str, float] | None = None,
) -> ParsedPages:
    """Inside a flow: chunks of pages mapped over its task runner, merged in the pages' order."""
    # unmapped: a string and a dict are iterables that map() would otherwise spread over.
    batches = [list(batch) for batch in chunked(pages, chunk_size)]
    futures = parse_enrich_pages.map(batches, unmapped(cache_dir), unmapped(idf))
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


@dataclass(frozen=True)
class OnCluster:
    """A batch fetched and archived here, its pages parsed on the cluster."""

    batch: FetchedBatch
    parsing: PrefectFuture[ParsedPages]

    @property
    def fatal(self) -> str | None:
        return self.batch.fatal

    def ready(self) -> bool:
        return _done(self.parsing)

    def result(self) -> FetchedBatch:
        parsed = self.parsing.result()
        write = self.batch.write
        write.records.extend(parsed.records)
        write.failures.extend(parsed.failures)
        write.succeeded.extend(parsed.succeeded)
        self.batch.pages.clear()  # parsed: the bodies need not wait for the commit
        return self.batch


def parse_on_cluster(cache_dir: str, work: SourceWork, refs: Sequence[ArticleRef]) -> OnCluster:
    """Fetch and archive a batch here, its hosts side by side (politeness is per host: one
    fetcher keeps each host's pace), then submit its pages to the cluster and return while
    the workers parse them."""
    batch = fetch_batch(work.fetcher, work.archive, refs, work.validators, work.down)
    return OnCluster(batch, parse_enrich_pages.submit(batch.pages, cache_dir, work.idf))


@flow(name="ingest-distributed", validate_parameters=False)
def ingest_on_cluster(settings: Settings, workers: int = DEFAULT_WORKERS) -> State:
    """`ingest` with parsing and enrichment on the flow's (Dask) task runner."""
    run = ingest_run(settings)
    cache_dir = str(settings.jieba_cache_dir.resolve())
    # The workers parse while this process fetches the next batches: about two batches in
    # flight per worker; the runner commits each, in order, as soon as it is back.
    cluster = Processor(partial(parse_on_cluster, cache_dir), window=2 * workers + 1)
    return guarded_run(settings.db_path, run, lambda: ingest_sources(settings, run, cluster))


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
