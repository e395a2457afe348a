"""The reprocess flow: re-parse and re-enrich every archived article page, with no network.

This is how a parser or lexicon change reaches old articles: the newest archived 200 response
of every article URL is decoded, parsed and enriched by today's code and committed exactly as
an ingest would commit it, so the rows equal those of a fresh ingest. Pages that now parse
leave `failures`; pages that no longer parse are recorded there.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from prefect import State, flow

from config.settings import DEFAULT_MAX_PAGE_BYTES, Settings
from fetching.raw_archive import ArchiveError, RawArchive
from flows.batches import Batches, BatchRunner, InPool, Processing, chunked
from flows.parsing import add_parsed, is_imported_file, parse_page, site_of
from flows.pool import ParsePool, job_size, pool_size
from flows.progress import Reporter
from flows.stages import guarded_run, utcnow
from parsers.nlp import Segmenter
from parsers.sources import source_for_url
from warehouse.db import open_warehouse
from warehouse.fetchlog import BatchWrite, Failure, RawFetch, latest_fetches
from warehouse.nlp_queries import current_idf
from warehouse.runs import RunRecord


@dataclass(frozen=True)
class ReprocessPlan:
    """The archived article pages to parse again, and the IDF to rank keywords with."""

    fetches: tuple[RawFetch, ...]
    idf: Mapping[str, float] | None


def read_plan(db_path: Path) -> ReprocessPlan:
    """The newest archived article page per URL, of every source, and every imported file."""
    with open_warehouse(db_path) as con:
        fetches = tuple(
            f
            for f in latest_fetches(con)
            if source_for_url(f.page_url) is not None or is_imported_file(f)
        )
        return ReprocessPlan(fetches, current_idf(con))


def reparse_pages(
    segmenter: Segmenter,
    idf: Mapping[str, float] | None,
    fetches: Sequence[RawFetch],
    raw_dir: Path,
    since: date | None,
    max_bytes: int = DEFAULT_MAX_PAGE_BYTES,
) -> BatchWrite:
    """Parse and enrich archived pages (a pool job: flows/pool.py); failures are collected,
    not raised. A copy over `max_bytes` (gzipped or not) is a damaged one."""
    archive = RawArchive(raw_dir, max_bytes)
    write = BatchWrite()
    for fetch in fetches:
        try:
            body = archive.load(fetch.sha256)
        except (ArchiveError, OSError) as error:
            # Unreadable (damaged, missing, no permission, a gzip bomb, a FIFO): that page
            # fails, the others go on.
            # The next ingest retries it, fetching it whole into a fresh copy.
            write.failures.append(
                Failure(fetch.url, site_of(fetch.url), "archive", str(error), False)
            )
            write.forgotten.append(fetch.url)
            archive.set_aside(fetch.sha256)
            continue
        add_parsed(write, fetch, parse_page(fetch, body, segmenter, idf, since))
    return write


@flow(name="reprocess", validate_parameters=False)
def reprocess(settings: Settings, workers: int | None = None) -> State:
    """Rebuild article rows and their derived rows from the raw archive; `workers` processes
    parse and enrich (1: this one; None: every core if the archive is big, see pool_size)."""
    run = RunRecord(run_id=str(uuid.uuid4()), flow="reprocess", started_at=utcnow())
    return guarded_run(settings.db_path, run, lambda: _reprocess(settings, run, workers))


def _reprocess(settings: Settings, run: RunRecord, workers: int | None = None) -> None:
    runner = BatchRunner(settings.db_path, run, Reporter(settings.verbosity))
    runner.start()
    plan = read_plan(settings.db_path)
    run.discovered = total = len(plan.fetches)
    if not plan.fetches:
        run.message = f"no archived article pages under {settings.raw_dir}: nothing to reprocess"
        runner.finish()
        return
    workers = pool_size(workers, total)
    # No network: bigger batches than an ingest's, fewer commits (smaller in a pool, see job_size).
    chunks = chunked(plan.fetches, job_size(total, workers, settings.batch_size * 2))
    with ParsePool(min(workers, len(chunks)), settings.jieba_cache_dir, plan.idf) as pool:

        def process(chunk: Sequence[RawFetch]) -> Processing:
            return InPool(
                pool,
                pool.submit(
                    reparse_pages, chunk, settings.raw_dir, settings.since, settings.max_page_bytes
                ),
            )

        # Batch k commits while the workers parse batches k+1.. (in order, one writer).
        runner.load(
            Batches(
                chunks,
                process,
                total,
                size=len,
                unit="pages",
                window=pool.window,
                line=lambda done: f"reprocessed {done.done}/{done.total} pages",
            )
        )
    # No recount of document frequencies at the end: each batch's load already moved those
    # of its articles' old and new terms (warehouse.load), and a recount of every posting
    # (a group-by over 266 million at a million articles) is what held a run's memory up.
    runner.finish(
        partial=lambda failed: f"{failed} archived page(s) failed; see `yzdaily failures`"
    )
