"""The ingest flow (and backfill): each source's list pages walked (one walk per column of the
corpora the run keeps current, settings.cities), its articles fetched, archived, parsed,
enriched and loaded in batches; the stages are flows/stages.py's, the
batches are driven by the batch runner (flows/batches.py).

Hosts are asked side by side, each at its own pace (the Fetcher spaces requests per host):
the list walks of sources on different hosts run at once, and the run's work lists become
one, hosts and their columns round-robin (`paced_order`), whose batches fetch_batch fetches
a thread per host. A run over several sites takes about as long as its slowest host.

Import this module only after `hosting.env.configure_prefect` (Prefect reads its
settings at import time); the CLI does that.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Container, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urljoin

from prefect import State, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from config.settings import Settings
from fetching.http import HOST_DOWN, Fetcher, FetchError, build_site_fetcher, politeness_key
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
from flows.batches import Batches, BatchRunner, Committed, Processed, Processing, chunked
from flows.parsing import parse_page
from flows.progress import Reporter
from flows.stages import (
    ArchiveState,
    Discovery,
    FetchedBatch,
    HostsDown,
    archive_page,
    column_state,
    count_into,
    discover_articles,
    fetch_batch,
    get_segmenter,
    grouped,
    guarded_run,
    paced_order,
    parse_pages,
    plan_work,
    read_archive_state,
    round_robin,
    utcnow,
)
from parsers.captures import Archive, ArticleCaptures
from parsers.models import ArticleRef
from parsers.nlp import Segmenter
from parsers.site import Column, SiteAdapter
from parsers.sources import selected
from warehouse.db import open_warehouse
from warehouse.fetchlog import BatchWrite, Failure, RawFetch, Validators
from warehouse.frontier import Walk, read_walks, record_walks
from warehouse.health import SiteTally
from warehouse.runs import RunRecord


@dataclass(frozen=True)
class SourceWork:
    """What processing a run's batches of article links needs."""

    settings: Settings
    fetcher: Fetcher
    archive: RawArchive
    validators: Mapping[str, Validators]
    idf: Mapping[str, float] | None
    down: HostsDown = field(default_factory=HostsDown)  # hosts gone this run, for every batch


@dataclass(frozen=True)
class Processor:
    """How an ingest processes a batch of article links: all in this process (`HERE`), or
    fetched here and parsed on a cluster (flows/scale.py); and how many batches it may have
    in flight."""

    process: Callable[[SourceWork, Sequence[ArticleRef]], Processing]
    window: int = 1


@task(name="fetch-archive-parse-enrich", cache_policy=NO_CACHE)
def process_batch(
    fetcher: Fetcher,
    archive: RawArchive,
    refs: Sequence[ArticleRef],
    segmenter: Segmenter,
    validators: Mapping[str, Validators],
    idf: Mapping[str, float] | None = None,
    down: HostsDown | None = None,
) -> FetchedBatch:
    """Fetch (conditionally when re-checking), archive, parse and enrich a batch of articles,
    its hosts side by side (fetch_batch; `down` says which hosts went away this run).

    One task for the whole batch (Prefect's cost is per task run); failures are collected,
    not raised: one bad page never stops the batch.
    """
    batch = fetch_batch(fetcher, archive, refs, validators, down)
    parse_pages(batch.write, batch.pages, segmenter, idf)
    batch.pages.clear()  # parsed and archived: the bodies need not wait for the commit
    return batch


def process_here(work: SourceWork, refs: Sequence[ArticleRef]) -> Processing:
    """A batch fetched, archived, parsed and enriched in this process, in one task."""
    segmenter = get_segmenter(work.settings.jieba_cache_dir)
    # quote(): Prefect would otherwise walk these big arguments element by element on every
    # task run (measured 4.5 s per batch with 100k validators).
    batch = process_batch(  # type: ignore[call-overload]  # no quote() typing
        work.fetcher,
        work.archive,
        refs,
        segmenter,
        quote(work.validators),
        quote(work.idf),
        quote(work.down),
    )
    return Processed(batch)


HERE = Processor(process_here)


@dataclass
@dataclass
class SourcePlan:
    """One column of a source in a run (a source of one column: the whole source): what the
    warehouse knew of it, its walk, its work list."""

    source: SiteAdapter
    column: Column
    root: str  # the column's first list page
    state: ArchiveState  # the source's, narrowed to the column (`column_state`)
    tally: SiteTally  # the source's, shared by its columns
    label: str  # how the reports name it: the source, or the source and column
    discovery: Discovery = field(default_factory=Discovery)
    work: list[ArticleRef] = field(default_factory=list)
    fatal: str | None = None  # why this part ended early (its list failed, its host went away)


def _plans(settings: Settings, report: Reporter) -> list[SourcePlan]:
    """One plan per column of the corpora asked for (settings.cities), per selected source;
    a source that covers none of them is said and skipped."""
    plans: list[SourcePlan] = []
    for source in selected(settings.source):
        columns = source.columns(settings.cities)
        if not columns:
            asked = ", ".join(settings.cities)
            report(f"{source.name}: covers Yangzhou alone: skipped for {asked}")
            continue
        # What every column shares (known articles, validators, failures, IDF), read once.
        state = read_archive_state(
            settings.db_path, source.name, utcnow(), source.first_list_url(settings.base_url)
        )
        tally = SiteTally(source.name)
        for column in columns:
            root = source.first_list_url(settings.base_url, column)
            label = source.name if len(columns) == 1 else f"{source.name} {column.name}"
            narrowed = column_state(settings.db_path, state, root, column)
            plans.append(SourcePlan(source, column, root, narrowed, tally, label))
    return plans


def _walk_sources(
    settings: Settings,
    fetcher: Fetcher,
    archive: RawArchive,
    plans: Sequence[SourcePlan],
    report: Callable[[str], None],
) -> None:
    """Each column's list pages walked: the columns of one host one after another (in the
    order given, at the host's pace), the hosts side by side."""
    said = threading.Lock()  # one line at a time from the walks' threads

    def say(message: str) -> None:
        with said:
            report(message)

    def walk(host_plans: Sequence[SourcePlan]) -> None:
        for plan in host_plans:
            plan.discovery = discover_articles(
                fetcher,
                archive,
                plan.root,
                plan.state,
                settings.since,
                settings.max_pages,
                say,
                until=settings.until,
                backfill=settings.backfill,
                source=plan.source,
                label=plan.label,
            )

    hosts = grouped(plans, lambda plan: politeness_key(plan.root))
    if len(hosts) <= 1:
        for host_plans in hosts:
            walk(host_plans)
        return
    # Each thread runs its task runs in a copy of this flow run's context (the threads' own
    # contexts have none).
    with ThreadPoolExecutor(len(hosts), thread_name_prefix="yzdaily-walk") as pool:
        walks = [pool.submit(copy_context().run, walk, host_plans) for host_plans in hosts]
        for done in walks:
            done.result()


def _plan_source(settings: Settings, run: RunRecord, report: Reporter, plan: SourcePlan) -> None:
    """A walked column counted on the run, its work list committed to the crawl frontier; a
    column whose list failed ends its own walk unfinished (`fatal`), the others go on."""
    discovery, tally, state = plan.discovery, plan.tally, plan.state
    run.pages += discovery.pages
    run.discovered += len(discovery.refs) + len(state.frontier)
    run.not_modified += discovery.not_modified
    tally.list_pages += discovery.pages
    tally.empty_list_pages.extend(discovery.empty_pages)
    run.warnings.extend(discovery.warnings)
    if discovery.fatal:
        plan.fatal = discovery.fatal
        return
    if state.frontier:
        report(f"{plan.label}: {len(state.frontier)} link(s) an unfinished run left, to load")
    plan.work = plan_work(
        settings.db_path, plan.source, plan.root, state, discovery, run, backfill=settings.backfill
    )


def _load_articles(
    settings: Settings,
    fetcher: Fetcher,
    archive: RawArchive,
    runner: BatchRunner,
    plans: Sequence[SourcePlan],
    processor: Processor,
) -> None:
    """Every walked column's work, as one list (`paced_order`: hosts and their columns
    round-robin), in batches; a column whose host went away is told by its `fatal`, its
    links left in the frontier."""
    walked = [plan for plan in plans if plan.fatal is None]
    if not walked:
        return
    work = paced_order(ref for plan in walked for ref in plan.work)
    # Pages failing now are fetched whole: a 304 would leave nothing new to parse. Every
    # state holds the same validators and IDF (the warehouse's); failures are per site.
    failing = frozenset().union(*(plan.state.failing for plan in walked))
    state = walked[0].state
    validators = {url: v for url, v in state.validators.items() if url not in failing}
    down = HostsDown()
    tallies = {plan.source.name: plan.tally for plan in walked}

    def committed(done: Committed[Sequence[ArticleRef]]) -> None:
        for tally in tallies.values():
            count_into(tally, done.write, done.counts)

    source_work = SourceWork(settings, fetcher, archive, validators, state.idf, down)
    batches = Batches(
        chunked(work, settings.batch_size),
        partial(processor.process, source_work),
        total=len(work),
        size=len,
        window=processor.window,
        committed=committed,
    )
    runner.load(batches)
    runner.run.message = None  # said per column, by the ingest
    for plan in walked:
        plan.fatal = next(filter(None, (down.reason(ref.url) for ref in plan.work)), None)


def _fatal_message(plans: Sequence[SourcePlan]) -> str | None:
    """Why the run failed: the first failed column's reason (in --source and column order),
    named by its source when the run read several, and by its column when its source has
    several."""
    failed = [plan for plan in plans if plan.fatal]
    if not failed:
        return None
    first = failed[0]
    names: list[str] = []
    if len({plan.source.name for plan in plans}) > 1:
        names.append(first.source.name)
    if sum(plan.source is first.source for plan in plans) > 1:
        names.append(first.column.name or first.column.city)
    return ": ".join([*names, str(first.fatal)])


def ingest_run(settings: Settings) -> RunRecord:
    """A new run record of an ingest, or of a backfill."""
    flow_name = "backfill" if settings.backfill else "ingest"
    return RunRecord(run_id=str(uuid.uuid4()), flow=flow_name, started_at=utcnow())


@flow(name="ingest", validate_parameters=False)
def ingest(settings: Settings) -> State:
    """Ingest new (and recently changed) articles of the selected source(s), their hosts
    side by side.

    A source whose host cannot be reached fails the run, but the other sources still run.
    """
    run = ingest_run(settings)
    return guarded_run(settings.db_path, run, lambda: ingest_sources(settings, run, HERE))


def ingest_sources(settings: Settings, run: RunRecord, processor: Processor) -> None:
    """The body of an ingest (and of the Dask path's): every column of every selected source
    walked, their work lists' batches processed by `processor` (the hosts side by side), then
    each source's web-archive backfill, if asked, and the run's end."""
    runner = BatchRunner(settings.db_path, run, Reporter(settings.verbosity))
    runner.start()
    archive = RawArchive(settings.raw_dir, settings.max_page_bytes)
    sources = selected(settings.source)
    plans = _plans(settings, runner.report)
    final = BatchWrite()
    # What the run may ask of each archive's index host, shared by every source.
    reading = IndexReading(settings.max_index_pages, settings.max_index_rows)
    # The archives' own Fetcher: no allowed_hosts, so a replay redirect stays on the archive.
    with (
        build_site_fetcher(settings, sources) as fetcher,
        build_archive_fetcher(settings) as archive_fetcher,
    ):
        _walk_sources(settings, fetcher, archive, plans, runner.report)
        for plan in plans:
            _plan_source(settings, run, runner.report, plan)
        _load_articles(settings, fetcher, archive, runner, plans, processor)
        for plan in plans:
            # A column whose walk failed or whose host went away keeps its list pages' log
            # for a rerun: their validators would answer "nothing new" while its links wait.
            write = BatchWrite() if plan.fatal else plan.discovery.write
            # Not after a backfill: it skipped articles out of its range that a 304 would hide.
            if settings.backfill:
                write.validators.clear()
            final.absorb_run_wide(write)
        if settings.backfill and settings.archives:
            for source in {plan.source.name: plan.source for plan in plans}.values():
                mine = [plan for plan in plans if plan.source is source]
                if any(plan.fatal for plan in mine):
                    continue
                # The source's chosen columns, each asked of the archives by its own prefixes.
                found = _run_archive_backfill(
                    settings, fetcher, archive_fetcher, archive, runner, source, reading
                )
                mine[0].fatal, run.message = run.message, None
                final.failures.extend(found.failures)
                final.succeeded.extend(found.succeeded)
    run.message = _fatal_message(plans) or run.message
    # Every selected source's tally, a skipped one's empty (as it was before the columns).
    tallies = {plan.source.name: plan.tally for plan in plans}
    runner.finish(
        final,
        sites=[source.name for source in sources],
        tallies=[tallies.get(source.name) or SiteTally(source.name) for source in sources],
    )


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
    known: Container[str],
    failing: frozenset[str],
    reading: IndexReading,
    walks: Mapping[str, Walk],
    column: Column | None = None,
) -> CaptureDiscovery:
    """The article captures of the source's column (default: Yangzhou's) in the archives
    (fetching.web_archives.CaptureDiscovery)."""
    return discover_source_captures(
        archive_fetcher, settings, source, known, failing, reading, walks, column
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
    runner: BatchRunner,
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
    run, report = runner.run, runner.report
    # Read after the walk: what it loaded is known now.
    state = read_archive_state(
        settings.db_path, source.name, utcnow(), source.first_list_url(settings.base_url)
    )
    columns = source.columns(settings.cities)
    keys = [
        index_walk_key(settings, archive, prefix)
        for archive in settings.archives
        for column in columns
        for prefix in source.archive_prefixes(column)
    ]
    with open_warehouse(settings.db_path) as con:
        walks = read_walks(con, keys)
    found = CaptureDiscovery()
    works: list[list[ArchivedArticle]] = []
    for column in columns:
        label = source.name if len(columns) == 1 else f"{source.name} {column.name}"
        root = source.first_list_url(settings.base_url, column)
        column_found: CaptureDiscovery = discover_captures(  # type: ignore[call-overload]
            archive_fetcher,
            settings,
            source,
            quote(state.known_ids),
            quote(state.failing),
            quote(reading),
            quote(walks),
            column,
        )
        found.captures += column_found.captures
        found.walks.update(column_found.walks)
        found.warnings.extend(column_found.warnings)
        found.write.absorb_run_wide(column_found.write)
        selection = column_found.selection
        due = set(state.due)
        work = [
            ArchivedArticle(urljoin(root, item.article_id.split(":", 1)[1]), item)
            for item in selection.articles
        ]
        # A failure not due yet (a capture that was no article, a 404 in backoff) waits.
        waiting = {item.live_url for item in work if item.live_url in state.failing} - due
        work = [item for item in work if item.live_url not in waiting]
        report(
            f"{label} archives: {column_found.captures} capture(s), {len(selection.articles)}"
            f" article(s) not in the warehouse, {len(work)} to fetch"
            + (f", {len(waiting)} failing and not due yet" if waiting else "")
        )
        works.append(work)
    run.warnings.extend(found.warnings)
    work = round_robin(works)
    run.discovered += len(work)

    def process(items: Sequence[ArchivedArticle]) -> Processing:
        segmenter = get_segmenter(settings.jieba_cache_dir)
        return Processed(
            process_archived_batch(  # type: ignore[call-overload]
                fetcher, archive_fetcher, settings, raw, items, segmenter, quote(state.idf)
            )
        )

    fatal = runner.load(Batches(chunked(work, settings.batch_size), process, len(work), len))
    if not fatal and found.walks:
        # Not after a fatal stop: what the walk found is not all loaded; read it again.
        with open_warehouse(settings.db_path) as con:
            record_walks(con, source.name, found.walks, run.run_id, utcnow())
    return found.write
