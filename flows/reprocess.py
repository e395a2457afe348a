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

from prefect import State, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.archive import ArchiveError, RawArchive
from flows.progress import Reporter
from flows.settings import Settings
from flows.stages import (
    get_segmenter,
    guarded_run,
    is_imported_file,
    load_batch,
    parse_into,
    site_of,
    start_run,
    utcnow,
)
from parsers.nlp import Segmenter
from parsers.sources import source_for_url
from warehouse.db import open_warehouse, transaction
from warehouse.fetchlog import BatchWrite, Failure, RawFetch, latest_fetches
from warehouse.nlp_queries import current_idf
from warehouse.runs import RunRecord, record_run
from warehouse.search import maintain_postings, rebuild_document_frequencies


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


@task(name="reparse-enrich", cache_policy=NO_CACHE)
def reparse_batch(
    archive: RawArchive,
    fetches: Sequence[RawFetch],
    segmenter: Segmenter,
    since: date | None,
    idf: Mapping[str, float] | None,
) -> BatchWrite:
    """Parse and enrich archived pages; failures are collected, not raised."""
    write = BatchWrite()
    for fetch in fetches:
        try:
            body = archive.load(fetch.sha256)
        except (ArchiveError, OSError) as error:
            # Unreadable (damaged, missing, no permission): that page fails, the others go on.
            # The next ingest retries it, fetching it whole into a fresh copy.
            write.failures.append(
                Failure(fetch.url, site_of(fetch.url), "archive", str(error), False)
            )
            write.forgotten.append(fetch.url)
            archive.set_aside(fetch.sha256)
            continue
        parse_into(write, fetch, body, segmenter, idf, since)
    return write


@flow(name="reprocess", validate_parameters=False)
def reprocess(settings: Settings) -> State:
    """Rebuild article rows and their derived rows from the raw archive."""
    run = RunRecord(run_id=str(uuid.uuid4()), flow="reprocess", started_at=utcnow())
    return guarded_run(settings.db_path, run, lambda: _reprocess(settings, run))


def _reprocess(settings: Settings, run: RunRecord) -> None:
    start_run(settings.db_path, run)
    archive = RawArchive(settings.raw_dir)
    plan = read_plan(settings.db_path)
    run.discovered = len(plan.fetches)
    if not plan.fetches:
        run.status = "failed"
        run.message = f"no archived article pages under {settings.raw_dir}: nothing to reprocess"
        run.finished_at = utcnow()
        with open_warehouse(settings.db_path) as con:
            record_run(con, run)
        return
    segmenter = get_segmenter(settings.jieba_cache_dir)
    report = Reporter(settings.verbosity)
    size = settings.batch_size * 2  # no network: bigger batches, fewer commits
    for start in range(0, len(plan.fetches), size):
        chunk = plan.fetches[start : start + size]
        # quote(): spare Prefect walking page lists and the IDF table on every task run.
        write = reparse_batch(archive, quote(chunk), segmenter, settings.since, quote(plan.idf))  # type: ignore[call-overload]
        counts = load_batch(settings.db_path, quote(write))  # type: ignore[call-overload]
        run.new += counts.new
        run.changed += counts.changed
        run.unchanged += counts.unchanged
        run.failed += len(write.failures)
        report.advance(min(start + size, len(plan.fetches)), len(plan.fetches), "pages")
        report(f"reprocessed {min(start + size, len(plan.fetches))}/{len(plan.fetches)} pages")
        for failure in write.failures:
            report(f"failed ({failure.stage}): {failure.url}: {failure.reason}")
    run.finished_at = utcnow()
    run.status = "partial" if run.failed else "completed"
    if run.failed:
        run.message = f"{run.failed} archived page(s) failed; see `yzdaily failures`"
    with open_warehouse(settings.db_path) as con:
        record_run(con, run)
        with transaction(con):
            rebuild_document_frequencies(con)
        maintain_postings(con)
