"""The ingest flow (and backfill): each source's list pages walked, its articles fetched,
archived, parsed, enriched and loaded in batches; the stages are flows/stages.py's.

Import this module only after `flows.prefect_env.configure_prefect` (Prefect reads its
settings at import time); the CLI does that.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from prefect import State, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote

from flows.archive import RawArchive
from flows.http import Fetcher, build_site_fetcher
from flows.progress import Reporter
from flows.settings import Settings
from flows.stages import (
    FetchedBatch,
    Report,
    count_into,
    discover_articles,
    fetch_batch,
    finish_run,
    get_segmenter,
    guarded_run,
    load_batch,
    parse_pages,
    plan_work,
    read_archive_state,
    start_run,
    utcnow,
)
from parsers.models import ArticleRef
from parsers.nlp import Segmenter
from parsers.sources import ZGJSSW, Source, selected
from warehouse.fetchlog import BatchWrite, Validators
from warehouse.health import SiteTally
from warehouse.load import LoadCounts
from warehouse.runs import RunRecord


@dataclass(frozen=True)
class Committing:
    """A processed batch whose commit runs in a worker thread."""

    number: int
    result: FetchedBatch
    load: PrefectFuture[LoadCounts]

    def settle(self, run: RunRecord, report: Report, tally: SiteTally | None = None) -> None:
        """Wait for the commit (its error, if any, is raised here) and count the batch."""
        counts = self.load.result()
        if tally is not None:
            count_into(tally, self.result.write, counts)
        run.fetched += self.result.fetched
        run.not_modified += self.result.not_modified
        run.new += counts.new
        run.changed += counts.changed
        run.unchanged += counts.unchanged
        write = self.result.write
        for failure in write.failures:
            report(f"failed ({failure.stage}): {failure.url}: {failure.reason}")
        report(
            f"batch {self.number}: {len(write.records)} loaded,"
            f" {len(write.failures)} failed ({run.new} new so far)"
        )


@task(name="fetch-archive-parse-enrich", cache_policy=NO_CACHE)
def process_batch(
    fetcher: Fetcher,
    archive: RawArchive,
    refs: Sequence[ArticleRef],
    segmenter: Segmenter,
    validators: Mapping[str, Validators],
    idf: Mapping[str, float] | None = None,
) -> FetchedBatch:
    """Fetch (conditionally when re-checking), archive, parse and enrich a batch of articles.

    One task for the whole batch (Prefect's cost is per task run); failures are collected,
    not raised: one bad page never stops the batch.
    """
    batch = fetch_batch(fetcher, archive, refs, validators)
    parse_pages(batch.write, batch.pages, segmenter, idf)
    batch.pages.clear()  # parsed and archived: the bodies need not wait for the commit
    return batch


def _batches(refs: Sequence[ArticleRef], size: int) -> list[Sequence[ArticleRef]]:
    return [refs[start : start + size] for start in range(0, len(refs), size)]


def _run_ingest(
    settings: Settings,
    fetcher: Fetcher,
    archive: RawArchive,
    run: RunRecord,
    report: Report,
    source: Source = ZGJSSW,
    tally: SiteTally | None = None,
) -> BatchWrite:
    """One source's work; returns what must be saved when the run ends (list pages' fetch
    log, validators and failures).

    `tally` counts what was read of the site, for its health verdict when the run ends.
    """
    tally = tally if tally is not None else SiteTally(source.name)
    root = source.first_list_url(settings.base_url)
    state = read_archive_state(settings.db_path, source.name, utcnow(), root)
    discovery = discover_articles(
        fetcher,
        archive,
        root,
        state,
        settings.since,
        settings.max_pages,
        report,
        until=settings.until,
        backfill=settings.backfill,
        source=source,
    )
    run.pages += discovery.pages
    run.discovered += len(discovery.refs) + len(state.frontier)
    run.not_modified += discovery.not_modified
    tally.list_pages += discovery.pages
    tally.empty_list_pages.extend(discovery.empty_pages)
    run.warnings.extend(discovery.warnings)
    if discovery.fatal:
        run.message = discovery.fatal
        return BatchWrite()
    if state.frontier:
        report(f"{source.name}: {len(state.frontier)} link(s) an unfinished run left, to load")
    work = plan_work(
        settings.db_path, source, root, state, discovery, run, backfill=settings.backfill
    )
    if work:
        segmenter = get_segmenter(settings.jieba_cache_dir)
    # Pages failing now are fetched whole: a 304 would leave nothing new to parse.
    validators = {url: v for url, v in state.validators.items() if url not in state.failing}
    done = 0
    # Batch k commits in a worker thread while batch k+1 is fetched, parsed and analysed:
    # DuckDB works without holding the GIL, so the second core takes the commit. Commits stay
    # in order, one at a time: a batch is settled before the next is submitted.
    committing: Committing | None = None
    for number, batch in enumerate(_batches(work, settings.batch_size), start=1):
        # quote(): Prefect would otherwise walk these big arguments element by element on
        # every task run (measured 4.5 s per batch with 100k validators).
        result = process_batch(  # type: ignore[call-overload]  # Task typing knows no quote()
            fetcher, archive, batch, segmenter, quote(validators), quote(state.idf)
        )
        done += len(batch)
        if isinstance(report, Reporter):
            report.advance(done, len(work))
            for record in result.write.records:
                report.detail(f"loaded {record.article.url} {record.article.title}")
        if committing is not None:
            committing.settle(run, report, tally)
        committing = Committing(
            number,
            result,
            load_batch.submit(settings.db_path, quote(result.write)),  # type: ignore[call-overload]
        )
        if result.fatal:
            break
    if committing is not None:
        committing.settle(run, report, tally)
        if committing.result.fatal:
            run.message = committing.result.fatal
            return BatchWrite()
    # List pages' fetches are logged now; their validators too, now that their articles are in.
    # Not after a backfill: it skipped articles out of its range that a 304 would then hide.
    if settings.backfill:
        discovery.write.validators.clear()
    return discovery.write


@flow(name="ingest", validate_parameters=False)
def ingest(settings: Settings) -> State:
    """Ingest new (and recently changed) articles of the selected source(s), one after another.

    A source whose host cannot be reached fails the run, but the other sources still run.
    """
    flow_name = "backfill" if settings.backfill else "ingest"
    run = RunRecord(run_id=str(uuid.uuid4()), flow=flow_name, started_at=utcnow())
    return guarded_run(settings.db_path, run, lambda: _ingest_sources(settings, run))


def _ingest_sources(settings: Settings, run: RunRecord) -> None:
    start_run(settings.db_path, run)
    archive = RawArchive(settings.raw_dir)
    sources = selected(settings.source)
    final = BatchWrite()
    tallies = [SiteTally(source.name) for source in sources]
    report = Reporter(settings.verbosity)
    with build_site_fetcher(settings, sources) as fetcher:
        for source, tally in zip(sources, tallies, strict=True):
            fatal_before = run.message
            write = _run_ingest(settings, fetcher, archive, run, report, source, tally)
            final.absorb_run_wide(write)
            if run.message and len(sources) > 1:
                # Say which source failed; keep the first fatal message of the run.
                if fatal_before is None:
                    run.message = f"{source.name}: {run.message}"
                else:
                    run.message = fatal_before
    run.finished_at = utcnow()
    finish_run(settings.db_path, run, final, [source.name for source in sources], tallies)
