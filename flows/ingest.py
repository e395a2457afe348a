"""The ingest flow (and backfill): each source's list pages walked, its articles fetched,
archived, parsed, enriched and loaded in batches; the stages are flows/stages.py's.

Import this module only after `hosting.env.configure_prefect` (Prefect reads its
settings at import time); the CLI does that.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urljoin

from prefect import State, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote

from config.settings import Settings
from fetching.http import HOST_DOWN, Fetcher, FetchError, build_site_fetcher
from fetching.raw_archive import RawArchive
from fetching.web_archives import (
    CaptureDiscovery,
    CaptureError,
    IndexReading,
    archive_capture,
    build_archive_fetcher,
    discover_source_captures,
    fetch_capture,
    index_walk_key,
)
from flows.parsing import parse_page
from flows.progress import Reporter
from flows.stages import (
    FetchedBatch,
    Report,
    archive_page,
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
from parsers.captures import Archive, ArticleCaptures
from parsers.models import ArticleRef
from parsers.nlp import Segmenter
from parsers.site import SiteAdapter
from parsers.sources import selected
from warehouse.db import open_warehouse
from warehouse.fetchlog import BatchWrite, Failure, RawFetch, Validators
from warehouse.frontier import Walk, read_walks, record_walks
from warehouse.health import SiteTally
from warehouse.load import LoadCounts
from warehouse.runs import RunRecord

Item = TypeVar("Item")


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


def _load_pipelined(
    settings: Settings,
    run: RunRecord,
    report: Report,
    tally: SiteTally | None,
    work: Sequence[Item],
    process: Callable[[Sequence[Item]], FetchedBatch],
) -> bool:
    """Process `work` batch by batch and commit each; True when a fatal error ended it
    (`run.message` says which).

    Batch k commits in a worker thread while batch k+1 is fetched, parsed and analysed:
    DuckDB works without holding the GIL, so the second core takes the commit. Commits stay
    in order, one at a time: a batch is settled before the next is submitted.
    """
    done = 0
    committing: Committing | None = None
    for number, batch in enumerate(_batches(work, settings.batch_size), start=1):
        result = process(batch)
        done += len(batch)
        if isinstance(report, Reporter):
            report.advance(done, len(work))
            for record in result.write.records:
                report.detail(
                    f"loaded ({record.fetched_via}) {record.article.url} {record.article.title}"
                )
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
            return True
    return False


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


def _batches(items: Sequence[Item], size: int) -> list[Sequence[Item]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _run_ingest(
    settings: Settings,
    fetcher: Fetcher,
    archive: RawArchive,
    run: RunRecord,
    report: Report,
    source: SiteAdapter,
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

    def process(batch: Sequence[ArticleRef]) -> FetchedBatch:
        # quote(): Prefect would otherwise walk these big arguments element by element on
        # every task run (measured 4.5 s per batch with 100k validators).
        return process_batch(  # type: ignore[call-overload, no-any-return]  # no quote() typing
            fetcher, archive, batch, segmenter, quote(validators), quote(state.idf)
        )

    if _load_pipelined(settings, run, report, tally, work, process):
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
    archive = RawArchive(settings.raw_dir, settings.max_page_bytes)
    sources = selected(settings.source)
    final = BatchWrite()
    tallies = [SiteTally(source.name) for source in sources]
    report = Reporter(settings.verbosity)
    # What the run may ask of each archive's index host, shared by every source.
    reading = IndexReading(settings.max_index_pages, settings.max_index_rows)
    # The archives' own Fetcher: no allowed_hosts, so a replay redirect stays on the archive.
    with (
        build_site_fetcher(settings, sources) as fetcher,
        build_archive_fetcher(settings) as archive_fetcher,
    ):
        for source, tally in zip(sources, tallies, strict=True):
            fatal_before = run.message
            write = _run_ingest(settings, fetcher, archive, run, report, source, tally)
            if settings.backfill and settings.archives and run.message is None:
                found = _run_archive_backfill(
                    settings, fetcher, archive_fetcher, archive, run, report, source, reading
                )
                write.failures.extend(found.failures)
                write.succeeded.extend(found.succeeded)
            final.absorb_run_wide(write)
            if run.message and len(sources) > 1:
                # Say which source failed; keep the first fatal message of the run.
                if fatal_before is None:
                    run.message = f"{source.name}: {run.message}"
                else:
                    run.message = fatal_before
    run.finished_at = utcnow()
    finish_run(settings.db_path, run, final, [source.name for source in sources], tallies)


# --- backfill from the web archives ------------------------------------------------------------

# Live answers after which the archives are asked: the page is gone.
GONE = (404, 410)


@dataclass(frozen=True)
class ArchivedArticle:
    """An article the archives hold: where the live site serves it, and its captures."""

    live_url: str
    captures: ArticleCaptures


@dataclass
class CaptureAttempts:
    """Why an article could not be had yet, capture by capture, and whether any of it may
    change by trying again (a timeout may; a capture that is no article will not)."""

    reasons: list[str] = field(default_factory=list)
    transient: bool = False


@task(name="discover-captures", cache_policy=NO_CACHE)
def discover_captures(
    archive_fetcher: Fetcher,
    settings: Settings,
    source: SiteAdapter,
    known: frozenset[str],
    failing: frozenset[str],
    reading: IndexReading,
    walks: Mapping[str, Walk],
) -> CaptureDiscovery:
    """The source's article captures in the archives (fetching.web_archives.CaptureDiscovery)."""
    return discover_source_captures(
        archive_fetcher, settings, source, known, failing, reading, walks
    )


def _parsed(
    batch: FetchedBatch,
    fetch: RawFetch,
    body: bytes,
    segmenter: Segmenter,
    idf: Mapping[str, float] | None,
    settings: Settings,
) -> str | None:
    """Parse an archived body into the batch; None when it read as an article (or lay out of
    the range), else why it did not (nothing recorded: the caller decides what is next)."""
    parsed = parse_page(fetch, body, segmenter, idf, settings.since)
    if parsed.record is not None:
        batch.write.records.append(parsed.record)
    return parsed.failure


def fetch_live_or_captured(
    fetcher: Fetcher,
    archive_fetcher: Fetcher,
    settings: Settings,
    raw: RawArchive,
    item: ArchivedArticle,
    segmenter: Segmenter,
    idf: Mapping[str, float] | None,
    batch: FetchedBatch,
    unreachable: set[Archive],
) -> None:
    """One archived article into the batch: from the live site (the current version) if it
    serves it, else from its captures, best first; or one failure saying why none would do.

    Every body is archived before it is parsed. HOST_DOWN errors of the live site are raised.
    """
    write = batch.write
    site = item.captures.site
    attempts = CaptureAttempts()
    try:
        page = fetcher.get(item.live_url)
    except HOST_DOWN:
        raise
    except FetchError as error:
        if error.status not in GONE:
            # Not known to be gone (a timeout, a 5xx, a 403): tried live again next run.
            write.failures.append(
                Failure(item.live_url, site, "fetch", error.reason, error.permanent)
            )
            return
        attempts.reasons.append(f"live: {error.reason}")
    else:
        batch.fetched += 1
        fetch, validators = archive_page(raw, page)
        write.fetches.append(fetch)
        write.validators.append(validators)
        refused = _parsed(batch, fetch, page.body, segmenter, idf, settings)
        if refused is None:
            write.succeeded.append(item.live_url)
            return
        attempts.reasons.append(f"live: not an article: {refused}")
    for capture in item.captures.fetchable:
        where = f"{capture.archive} {capture.timestamp14}"
        if capture.archive in unreachable:
            attempts.reasons.append(f"{where}: {capture.archive} cannot be reached")
            attempts.transient = True
            continue
        try:
            archived = fetch_capture(archive_fetcher, settings, capture)
        except CaptureError as error:
            if error.unreachable:
                unreachable.add(capture.archive)
            attempts.reasons.append(f"{where}: {error.reason}")
            attempts.transient = attempts.transient or not error.permanent
            continue
        except Exception as error:
            # Not foreseen (a WARC record warcio chokes on in a new way): that capture's loss.
            attempts.reasons.append(f"{where}: unexpected: {type(error).__name__}: {error}"[:300])
            attempts.transient = True
            continue
        if archived.kind != "response" or archived.status != 200:
            attempts.reasons.append(f"{where}: a {archived.kind} record, no page")
            continue
        batch.fetched += 1
        fetch = archive_capture(raw, archived)
        write.fetches.append(fetch)
        refused = _parsed(batch, fetch, archived.body, segmenter, idf, settings)
        if refused is None:
            write.succeeded.append(item.live_url)
            return
        attempts.reasons.append(f"{where}: not an article: {refused}")
    if not item.captures.fetchable:
        attempts.reasons.append("no capture that holds a page")
    # Recorded at the article's live URL: the next backfill skips it until it is due.
    write.failures.append(
        Failure(item.live_url, site, "capture", "; ".join(attempts.reasons), not attempts.transient)
    )


@task(name="fetch-archived-articles", cache_policy=NO_CACHE)
def process_archived_batch(
    fetcher: Fetcher,
    archive_fetcher: Fetcher,
    settings: Settings,
    raw: RawArchive,
    items: Sequence[ArchivedArticle],
    segmenter: Segmenter,
    idf: Mapping[str, float] | None = None,
) -> FetchedBatch:
    """Fetch (live first, then the captures), archive, parse and enrich a batch of articles
    the archives hold; failures are collected, not raised."""
    batch = FetchedBatch()
    unreachable: set[Archive] = set()
    for item in items:
        try:
            fetch_live_or_captured(
                fetcher, archive_fetcher, settings, raw, item, segmenter, idf, batch, unreachable
            )
        except HOST_DOWN as error:
            batch.fatal = error.reason  # the live site went away: the rest waits for a rerun
            break
    return batch


def _run_archive_backfill(
    settings: Settings,
    fetcher: Fetcher,
    archive_fetcher: Fetcher,
    raw: RawArchive,
    run: RunRecord,
    report: Report,
    source: SiteAdapter,
    reading: IndexReading,
) -> BatchWrite:
    """After the list pages' walk: the source's articles the archives hold and the warehouse
    lacks, fetched and loaded in batches. Returns the discovery's failures (and those it
    cleared), saved when the run ends.

    Nothing is put in the crawl frontier: a run killed half way leaves the rest to the next
    backfill, whose discovery finds them again (the loaded ones are known, so skipped). Where
    each index walk ended is saved once what it found is loaded, so that a walk the run's
    bound stopped is read on by the next backfill, and a killed run's is read again.
    """
    root = source.first_list_url(settings.base_url)
    # Read after the walk: what it loaded is known now.
    state = read_archive_state(settings.db_path, source.name, utcnow(), root)
    keys = [
        index_walk_key(settings, archive, prefix)
        for archive in settings.archives
        for prefix in source.archive_prefixes()
    ]
    with open_warehouse(settings.db_path) as con:
        walks = read_walks(con, keys)
    found: CaptureDiscovery = discover_captures(  # type: ignore[call-overload]
        archive_fetcher,
        settings,
        source,
        quote(state.known_ids),
        quote(state.failing),
        quote(reading),
        quote(walks),
    )
    run.warnings.extend(found.warnings)
    selection = found.selection
    due = set(state.due)
    work = [
        ArchivedArticle(urljoin(root, item.article_id.split(":", 1)[1]), item)
        for item in selection.articles
    ]
    # A failure not due yet (a capture that was no article, a 404 in backoff) waits.
    waiting = {item.live_url for item in work if item.live_url in state.failing} - due
    work = [item for item in work if item.live_url not in waiting]
    report(
        f"{source.name} archives: {found.captures} capture(s), {len(selection.articles)}"
        f" article(s) not in the warehouse, {len(work)} to fetch"
        + (f", {len(waiting)} failing and not due yet" if waiting else "")
    )
    run.discovered += len(work)
    fatal = False
    if work:
        segmenter = get_segmenter(settings.jieba_cache_dir)

        def process(batch: Sequence[ArchivedArticle]) -> FetchedBatch:
            return process_archived_batch(  # type: ignore[call-overload, no-any-return]
                fetcher, archive_fetcher, settings, raw, batch, segmenter, quote(state.idf)
            )

        fatal = _load_pipelined(settings, run, report, None, work, process)
    if not fatal and found.walks:
        # Not after a fatal stop: what the walk found is not all loaded; read it again.
        with open_warehouse(settings.db_path) as con:
            record_walks(con, source.name, found.walks, run.run_id, utcnow())
    return found.write
