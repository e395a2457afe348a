"""The stages every writing run shares: ingest, backfill, import, reprocess and the Dask path.

    start_run            the run's row, `running` from its start
    read_archive_state   what the warehouse knows of a source before a run
    discover_articles    walk a source's list pages, newest first (a task)
    plan_work            the work list, committed to the crawl frontier before any batch
    paced_order          a run's work lists as fetched: hosts and their columns round-robin
    fetch_batch          fetch and archive a batch of article pages: each host's in order,
                         the hosts side by side (the network)
    parse_page           decode, parse and enrich an archived page (add_parsed: into a batch)
    load_batch           commit one batch in one transaction (a task)
    count_into           what a committed batch read of a site, for source health
    finish_run           the list pages' fetch log, failures, the run's status, each site's
                         health and the run's row in one transaction; the postings kept in
                         term order
    publish_run          the run as a Prefect artifact
    guarded_run          a flow's body, whose machine errors end the run in one line

No flow has a batch loop of its own: the batch runner (flows/batches.py) drives every run's
batches (processed ahead, committed in order by one writer with load_batch, counted,
reported) and ends the run with finish_run. A flow hands it its batches and a function that
processes one: ingest (flows/ingest.py; backfill and the web-archive backfill through it)
batches of article links, each fetched, archived and parsed in one task here; the Dask path
(flows/scale.py) the same ingest, each batch fetched here and parsed on the cluster;
reprocess (flows/reprocess.py) chunks of archived pages, and import (flows/importer.py)
chunks of a file's pages, both parsed in the parse pool (flows/pool.py).

* Incremental: list pages are read newest first, conditionally (If-None-Match /
  If-Modified-Since); paging stops at a 304 for the first page or at the first page whose
  articles are all known (or all older than --since). Known articles are never fetched again,
  except recent ones (published in the last RECHECK_DAYS), which are re-checked conditionally
  so that corrections reach the warehouse (the replaced content goes to article_versions).
* Nothing lost: every body is archived before it is parsed; URLs that fail are recorded in
  `failures` and tried again on later runs (permanent failures with backoff).
* Crash-safe: the links a walk finds are committed to the crawl frontier, with where the walk
  ended, before any batch; each batch is committed with everything it learned in one
  transaction, its links leaving the frontier, the write connection open only while it
  commits. A run killed at any point leaves the frontier to the next run, which loads it
  before anything else; a walk that did not reach its end (--max-pages, a failing list page)
  is walked on past where it stopped by the next run, never answered by a 304. List-page
  validators are saved only when a run ends.
* The run's `runs` row is written as `running` when it starts; the next run marks a row left
  so `failed` (it was killed or crashed).

Import this module only after `hosting.env.configure_prefect` (Prefect reads its
settings at import time); the CLI does that.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from collections.abc import Callable, Container, Hashable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

import duckdb
from prefect import State, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed

from fetching.http import HOST_DOWN, FetchedPage, Fetcher, FetchError, politeness_key
from fetching.raw_archive import ArchiveError, RawArchive
from flows.parsing import add_parsed, parse_page, site_of
from flows.segmenter import build_segmenter
from flows.terminal import echo, plural
from parsers.bounded import bounded
from parsers.dates import url_date
from parsers.encoding import decode_html
from parsers.models import ArticleRef
from parsers.nlp import Segmenter
from parsers.site import Column, SiteAdapter
from parsers.sources import article_fetch_url, source_for_url
from warehouse.db import WarehouseError, open_warehouse, transaction
from warehouse.fetchlog import (
    BatchWrite,
    Failure,
    RawFetch,
    Validators,
    clear_failures,
    commit_batch,
    due_failures,
    failing_urls,
    insert_fetches,
    read_validators,
    record_failures,
    upsert_validators,
)
from warehouse.frontier import Walk, read_frontier, read_walk, upsert_frontier
from warehouse.health import SiteTally, judge_run
from warehouse.load import LoadCounts, known_ids
from warehouse.nlp_queries import current_idf
from warehouse.runs import RunRecord, begin_run, record_run, run_markdown
from warehouse.search import maintain_postings

Report = Callable[[str], None]
T = TypeVar("T")
# Articles published this recently are re-checked (conditionally) for corrections.
RECHECK_DAYS = 7
BEIJING = timedelta(hours=8)
# Links taken from one list page at most: a real one holds tens; a page listing thousands is
# broken or hostile, and would cost a run thousands of fetches.
MAX_LINKS_PER_LIST_PAGE = 500
# List pages in a row that list nothing new to the walk (a site answering every page number
# with the same page) after which the walk stops with a failure instead of reading on.
MAX_REPEATED_LIST_PAGES = 3
# A path segment that is a month (or day) folder: a column's path ends before it.
DATE_FOLDER = re.compile(r"^(?:19|20)\d{2}-?\d{2}(?:-?\d{2})?$")


def _stderr(message: str) -> None:
    echo(message, file=sys.stderr, flush=True)


def utcnow() -> datetime:
    """Naive UTC now: the warehouse stores UTC for every *_at it sets itself."""
    return datetime.now(UTC).replace(tzinfo=None)


@cache
def get_segmenter(cache_dir: Path) -> Segmenter:
    """One jieba tokenizer per process: loading the dictionary costs about a second."""
    return build_segmenter(cache_dir)


@dataclass(frozen=True)
class ArchiveState:
    """What a run needs to know of the warehouse before it starts."""

    known_ids: Container[str]  # KnownIds: a million ids held in 16 MB
    failing: frozenset[str]  # URLs failing now (their pages do not count as news)
    due: tuple[str, ...]  # failing URLs to try again in this run
    recent: tuple[str, ...]  # article ids published lately, to re-check
    validators: Mapping[str, Validators]
    idf: Mapping[str, float] | None  # the archive's own IDF once it is big enough
    frontier: tuple[ArticleRef, ...] = ()  # links earlier walks found, not settled yet
    walk: Walk | None = None  # how the last walk from this first list page ended


@dataclass
class Discovery:
    """Article links found on the list pages that are new to the warehouse."""

    refs: list[ArticleRef] = field(default_factory=list)
    pages: int = 0
    listed: int = 0
    not_modified: int = 0
    empty_pages: list[str] = field(default_factory=list)  # list pages with no article link
    # List pages' fetches and validators; their failures, and those that stopped failing.
    write: BatchWrite = field(default_factory=BatchWrite)
    fatal: str | None = None  # why the run cannot go on; tasks return it, never raise
    walk: Walk = field(default_factory=lambda: Walk(complete=True))
    warnings: list[str] = field(default_factory=list)


def count_into(tally: SiteTally, write: BatchWrite, counts: LoadCounts) -> None:
    """What a committed batch read of the tally's site (a batch may hold several sites'
    articles), for source health."""
    for record in write.records:
        if record.article.site == tally.site:
            tally.count_article(record.article)
    for failure in write.failures:
        if failure.stage == "parse" and failure.site == tally.site:
            tally.count_parse_failure()
    tally.new += counts.new_of(tally.site)


def archive_page(archive: RawArchive, page: FetchedPage) -> tuple[RawFetch, Validators]:
    """Store a body before anything parses it; its fetch-log row and validators."""
    sha256 = archive.save(page.body)
    fetch = RawFetch(
        url=page.url,
        final_url=page.final_url,
        status=page.status,
        content_type=page.content_type,
        headers=dict(page.headers),
        fetched_at=page.fetched_at,
        sha256=sha256,
        size=len(page.body),
    )
    validators = Validators(page.url, page.header("ETag"), page.header("Last-Modified"), sha256)
    return fetch, validators


def _fatal_reason(error: FetchError) -> str:
    return error.reason if isinstance(error, HOST_DOWN) else str(error)


def _listed_date(ref: ArticleRef) -> date | None:
    # The list's own date first; the URL carries the day too, so a missing span costs nothing.
    return ref.listed_at.date() if ref.listed_at else url_date(ref.url)


def _in_range(ref: ArticleRef, since: date | None, until: date | None) -> bool:
    day = _listed_date(ref)
    if day is None:
        return since is None and until is None
    return (since is None or day >= since) and (until is None or day <= until)


def _wholly_older(refs: Sequence[ArticleRef], since: date | None) -> bool:
    days = [_listed_date(ref) for ref in refs]
    return since is not None and all(day is not None and day < since for day in days)


def _list_body(
    fetcher: Fetcher, archive: RawArchive, url: str, known: Validators | None, found: Discovery
) -> bytes | None:
    """A list page's body, fetched conditionally; None when the first page is unchanged."""
    page = fetcher.get(url, known.etag, known.last_modified) if known else fetcher.get(url)
    if page.status == 304 and known is not None:
        found.not_modified += 1
        if found.pages == 0:
            return None  # the newest list page is unchanged: nothing was published
        try:
            return archive.load(known.sha256 or "")
        except ArchiveError:
            page = fetcher.get(url)  # the copy is gone: fetch it whole
    fetch, validators = archive_page(archive, page)
    found.write.fetches.append(fetch)
    found.write.validators.append(validators)
    return page.body


@task(name="discover-articles", cache_policy=NO_CACHE)
def discover_articles(
    fetcher: Fetcher,
    archive: RawArchive,
    root: str,
    state: ArchiveState,
    since: date | None,
    max_pages: int,
    report: Report = _stderr,
    until: date | None = None,
    backfill: bool = False,
    *,
    source: SiteAdapter,
    label: str | None = None,
) -> Discovery:
    """Walk list pages newest first until a page brings nothing new (or the list ends).

    `root` is the source's first list page; the source says which page comes next, and the
    list ends only where a page's pager says so or at a page without links: a page that
    fails ends the walk unfinished with a `list` failure. A walk reads at most `max_pages`
    pages (unfinished: the next reads on), and stops with a `list` failure once
    MAX_REPEATED_LIST_PAGES pages in a row list only links it has seen. When the
    last walk from `root` did not reach its end, this one reads on (unconditionally) past the
    link where it stopped before the "nothing new" rule applies again; so it does while the
    frontier holds unsettled links. A backfill does not stop at known articles: it pages on
    (unconditionally) until the first page wholly older than `since`, and keeps only links
    dated `since`..`until`. `Discovery.walk` says where this walk ended. `label` names the
    walk in what it reports (default: the source's name; `zgjssw 南通` for one of its columns).
    """
    who = label or source.name
    found = Discovery()
    seen = {source.article_id(ref.url) for ref in state.frontier}  # queued already
    pages_read: set[str] = set()
    page_number = 0
    url: str | None = root
    resume = None if backfill or state.walk is None else state.walk.resume_after
    passed = resume is None  # the link where an unfinished walk stopped, seen on this one
    # Validators of a walk that stopped early would answer "nothing new": not while it is
    # unfinished, nor while links found earlier wait in the frontier.
    conditional = not backfill and resume is None and not state.frontier
    last_link: str | None = None
    walked: set[str] = set()  # every link this walk listed
    repeated = 0  # list pages in a row that listed no link new to this walk
    ended = False  # the list's end, or a page with nothing new: the walk is complete
    while url is not None and url not in pages_read and page_number < max_pages:
        pages_read.add(url)  # a 下一页 link back to a page already read ends the walk
        known = state.validators.get(url) if conditional else None
        try:
            body = _list_body(fetcher, archive, url, known, found)
            if body is None:
                report(f"{who} list page {page_number}: not modified since the last run")
                ended = True
                break
            page_type = found.write.fetches[-1].content_type if found.write.fetches else None
            html, _ = decode_html(body, page_type)
            listing = source.parse_list(html, url)
        except HOST_DOWN as error:
            found.fatal = _fatal_reason(error)
            break
        except FetchError as error:
            # A failing page says nothing of where the list ends (a 404 once, a page over the
            # size cap, a redirect off the site): only the pager or an empty page does.
            if page_number == 0:
                found.fatal = _fatal_reason(error)
                break
            _list_page_failed(found, source, url, page_number, error.reason, report, who)
            break
        except OSError:
            raise  # a local disk error (the fetcher's are FetchError): the run's, not the page's
        except Exception as error:
            reason = f"unexpected error reading the list page: {type(error).__name__}: {error}"
            if page_number == 0:
                found.fatal = f"{url}: {reason}"
                break
            _list_page_failed(found, source, url, page_number, reason, report, who)
            break
        found.pages += 1
        found.listed += len(listing.refs)
        refs = _taken_links(listing.refs, found, source, url, page_number, report, who)
        repeated = repeated + 1 if refs and walked.issuperset(ref.url for ref in refs) else 0
        walked.update(ref.url for ref in refs)
        if repeated >= MAX_REPEATED_LIST_PAGES:
            reason = (
                f"{plural(repeated, 'list page')} in a row listed only links that earlier pages"
                " of this walk listed: the list repeats itself"
            )
            _list_page_failed(found, source, url, page_number, reason, report, who)
            break
        if not refs:
            # A list page without article links: the site's list layout changed, or the
            # column ended. SiteAdapter health judges it (warehouse/health.py); the walk ends here.
            found.empty_pages.append(url)
            if page_number == 0:
                found.warnings.append(
                    f"{who} list page 0 ({url}) has no article links: is the site down,"
                    " or has its layout changed?"
                )
                report(f"warning: {found.warnings[-1]}")
            else:
                report(f"{who} list page {page_number}: no article links on {url}")
            ended = True
            break
        fresh = [
            ref
            for ref in refs
            if _in_range(ref, since, until)
            and source.article_id(ref.url) not in state.known_ids
            and source.article_id(ref.url) not in seen
            and ref.url not in state.failing
        ]
        seen.update(source.article_id(ref.url) for ref in fresh)
        found.refs.extend(fresh)
        last_link = refs[-1].url
        report(f"{who} list page {page_number}: {plural(len(refs), 'link')}, {len(fresh)} new")
        if backfill:
            if _wholly_older(refs, since):
                ended = True
                break  # the list is newest first: every later page is older still
        elif resume is not None and not passed:
            # Read on past the page where the unfinished walk stopped, whatever it holds.
            passed = resume in {ref.url for ref in refs} or _wholly_older(refs, url_date(resume))
        elif not fresh:
            ended = True
            break  # everything here is known (or too old): older pages are too
        url = source.next_list_url(root, page_number, listing)
        page_number += 1
    else:
        ended = url is None or url in pages_read  # the list's end; else --max-pages stopped it
        if not ended:
            found.warnings.append(
                f"{who}: the walk of the list stopped after {plural(max_pages, 'page')}"
                " (--max-pages); the next run reads on from there"
            )
            report(f"warning: {found.warnings[-1]}")
    if not ended and found.fatal is None:
        # Where the next walk must read on to: this walk's last link, or, if it stopped before
        # reaching where the unfinished one stopped, that one's.
        found.walk = Walk(complete=False, resume_after=last_link if passed else resume)
        if found.walk.resume_after is None:
            found.walk = state.walk or Walk(complete=True)
    return found


def _taken_links(
    links: Sequence[ArticleRef],
    found: Discovery,
    source: SiteAdapter,
    url: str,
    page_number: int,
    report: Report,
    who: str,
) -> list[ArticleRef]:
    """A list page's links as fetched (no query or fragment, each article once), at most
    MAX_LINKS_PER_LIST_PAGE of them; the excess is recorded as a failure of the page."""
    if len(links) > MAX_LINKS_PER_LIST_PAGE:
        reason = (
            f"{len(links)} article links, more than the {MAX_LINKS_PER_LIST_PAGE} a list page"
            f" may hold: only the first {MAX_LINKS_PER_LIST_PAGE} were taken"
        )
        found.write.failures.append(Failure(url, source.name, "list", reason, True))
        report(f"{who} list page {page_number}: {reason}")
        links = links[:MAX_LINKS_PER_LIST_PAGE]
    else:
        found.write.succeeded.append(url)  # read whole: a failure it had is cleared
    taken: dict[str, ArticleRef] = {}
    for ref in links:
        link = article_fetch_url(ref.url)
        taken.setdefault(source.article_id(link), replace(ref, url=link))
    return list(taken.values())


def _list_page_failed(
    found: Discovery,
    source: SiteAdapter,
    url: str,
    page_number: int,
    reason: str,
    report: Report,
    who: str,
) -> None:
    """A list page past the first could not be read: recorded; the walk ends here, and the
    next run reads on from the last link this one listed."""
    found.write.failures.append(Failure(url, source.name, "list", reason, False))
    report(f"{who} list page {page_number}: failed: {reason}; the next run reads on")


@dataclass
class FetchedBatch:
    """A batch of article pages fetched and archived, and what fetching them wrote to the log.

    `pages` are the archived bodies with their fetch-log rows, in order, until they are
    parsed; `fatal` is set when the host went away (the rest of the run is pointless).
    """

    pages: list[tuple[RawFetch, bytes]] = field(default_factory=list)
    write: BatchWrite = field(default_factory=BatchWrite)
    fetched: int = 0
    not_modified: int = 0
    fatal: str | None = None


class HostsDown:
    """The hosts that went away in a run (HOST_DOWN) and why, shared by the threads fetching
    its batches: their links are not asked again this run and stay in the crawl frontier,
    while the other hosts go on."""

    def __init__(self) -> None:
        self._reasons: dict[str, str] = {}
        self._lock = threading.Lock()

    def add(self, url: str, reason: str) -> None:
        """The URL's host went away: the first reason given is kept."""
        with self._lock:
            self._reasons.setdefault(politeness_key(url), reason)

    def reason(self, url: str) -> str | None:
        """Why the URL's host went away, or None while it is up."""
        with self._lock:
            return self._reasons.get(politeness_key(url))


def column_of(url: str) -> str:
    """The column (list section) an article URL is in, as its host's work is shared out: its
    source's name for it (`column_for`), else its path up to the month folder."""
    source = source_for_url(url)
    named = source.column_for(url) if source is not None else None
    if source is not None and named:
        return f"{source.name}:{named}"
    segments = urlsplit(url).path.split("/")[1:-1]
    column: list[str] = []
    for segment in segments:
        if DATE_FOLDER.match(segment):
            break
        column.append(segment)
    return "/" + "".join(f"{segment}/" for segment in column)


def grouped(items: Iterable[T], key: Callable[[T], Hashable]) -> list[list[T]]:
    """`items` grouped by `key`, the groups in the order of their first item, each in order."""
    groups: dict[Hashable, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.values())


def round_robin(groups: Sequence[Sequence[T]]) -> list[T]:
    """One item of each group in turn, each group's in its own order, until all are spent."""
    longest = max((len(group) for group in groups), default=0)
    return [group[index] for index in range(longest) for group in groups if index < len(group)]


def paced_order(refs: Iterable[ArticleRef]) -> list[ArticleRef]:
    """A run's work as it is fetched: each host's links round-robin by column, so that no
    column of a host waits for another, and the hosts round-robin, so that every batch holds
    a share of each host (fetch_batch asks the hosts side by side). Each column's links keep
    their order (new first, then the frontier, due failures, re-checks)."""
    hosts = grouped(refs, lambda ref: politeness_key(ref.url))
    return round_robin(
        [round_robin(grouped(host, lambda ref: column_of(ref.url))) for host in hosts]
    )


def fetch_batch(
    fetcher: Fetcher,
    archive: RawArchive,
    refs: Sequence[ArticleRef],
    validators: Mapping[str, Validators],
    down: HostsDown | None = None,
) -> FetchedBatch:
    """Fetch (conditionally when re-checking) and archive article pages: each host's in order,
    the hosts side by side, each at its own pace (the Fetcher spaces requests per host).

    Failures are collected, not raised: one bad page never stops the batch. A host that goes
    away ends its part (recorded in `down`, which later batches share): its links stay in the
    frontier, the other hosts go on; `fatal` is set when every host of the batch is down.
    """
    down = down if down is not None else HostsDown()
    hosts = grouped(refs, lambda ref: politeness_key(ref.url))

    def fetch_host(host_refs: Sequence[ArticleRef]) -> FetchedBatch:
        return _fetch_host(fetcher, archive, host_refs, validators, down)

    if len(hosts) > 1:
        # One thread per host: each waits for its own host's turns only.
        with ThreadPoolExecutor(len(hosts), thread_name_prefix="yzdaily-fetch") as pool:
            parts = list(pool.map(fetch_host, hosts))
    else:
        parts = [fetch_host(host_refs) for host_refs in hosts]
    batch = FetchedBatch()
    for part in parts:
        batch.pages.extend(part.pages)
        batch.write.fetches.extend(part.write.fetches)
        batch.write.validators.extend(part.write.validators)
        batch.write.failures.extend(part.write.failures)
        batch.write.succeeded.extend(part.write.succeeded)
        batch.write.settled.extend(part.write.settled)
        batch.fetched += part.fetched
        batch.not_modified += part.not_modified
    reasons = [down.reason(host_refs[0].url) for host_refs in hosts]
    if reasons and all(reasons):
        batch.fatal = reasons[0]  # every host here is gone: so are those of later batches
    return batch


def _fetch_host(
    fetcher: Fetcher,
    archive: RawArchive,
    refs: Sequence[ArticleRef],
    validators: Mapping[str, Validators],
    down: HostsDown,
) -> FetchedBatch:
    """One host's part of a batch, in order, until the end or until the host goes away."""
    batch = FetchedBatch()
    write = batch.write
    for ref in refs:
        if down.reason(ref.url) is not None:
            break  # gone earlier in the run: this link and the rest stay in the frontier
        try:
            page = fetch_article(fetcher, ref, validators.get(ref.url), write)
        except HOST_DOWN as error:
            down.add(ref.url, error.reason)  # this link and the rest stay in the frontier
            break
        write.settled.append(ref.url)
        if page is None:
            continue
        if page.status == 304:
            batch.not_modified += 1
            write.succeeded.append(ref.url)
            continue
        batch.fetched += 1
        fetch, page_validators = archive_page(archive, page)
        write.fetches.append(fetch)
        write.validators.append(page_validators)
        batch.pages.append((fetch, page.body))
    return batch


def parse_pages(
    write: BatchWrite,
    pages: Sequence[tuple[RawFetch, bytes]],
    segmenter: Segmenter,
    idf: Mapping[str, float] | None,
    since: date | None = None,
) -> None:
    """Every archived page of a batch parsed and enriched into `write` (or its failure)."""
    for fetch, body in pages:
        add_parsed(write, fetch, parse_page(fetch, body, segmenter, idf, since))


def fetch_article(
    fetcher: Fetcher, ref: ArticleRef, known: Validators | None, write: BatchWrite
) -> FetchedPage | None:
    """An article page (conditionally when re-checking), or None with its failure recorded in
    `write`; HOST_DOWN errors are raised: nothing more of that host works in this run."""
    try:
        if known:
            return fetcher.get(ref.url, known.etag, known.last_modified)
        return fetcher.get(ref.url)
    except HOST_DOWN:
        raise
    except FetchError as error:
        write.failures.append(
            Failure(ref.url, site_of(ref.url), "fetch", error.reason, error.permanent)
        )
    except OSError:
        raise  # the fetcher turns network errors into FetchError: this one is local
    except Exception as error:
        # One URL's surprise costs that URL (recorded, tried again next run), never the run.
        reason = f"unexpected error while fetching: {type(error).__name__}: {error}"
        write.failures.append(Failure(ref.url, site_of(ref.url), "fetch", reason, False))
    return None


@task(name="commit-batch", cache_policy=NO_CACHE)
def load_batch(db_path: Path, write: BatchWrite) -> LoadCounts:
    """Commit one batch in one transaction; the write connection lives only for this call."""
    with open_warehouse(db_path) as con:
        return commit_batch(con, write, utcnow())


def read_archive_state(
    db_path: Path, site: str, now: datetime, root: str | None = None
) -> ArchiveState:
    """Known articles, failures, validators, (for a big archive) IDF, and the frontier and
    walk of the list starting at `root`, read in one go."""
    recent_since = now + BEIJING - timedelta(days=RECHECK_DAYS)
    root_host = urlsplit(root).netloc if root else None
    with open_warehouse(db_path) as con:
        known = known_ids(con, site)
        recent = con.execute(
            "select article_id from articles where site = ? and published_at >= ?"
            # Imported files have no URL to re-check.
            " and not starts_with(article_id, 'file:')"
            " order by published_at desc",
            [site, recent_since],
        ).fetchall()
        return ArchiveState(
            known_ids=known,
            failing=frozenset(failing_urls(con, site)),
            due=tuple(due_failures(con, site, now)),
            recent=tuple(str(row[0]) for row in recent),
            validators=read_validators(con),
            idf=current_idf(con),
            # Links found on another host (a mirror, the sample site) stay there.
            frontier=tuple(
                ref for ref in read_frontier(con, site) if urlsplit(ref.url).netloc == root_host
            ),
            walk=read_walk(con, root) if root else None,
        )


def column_state(db_path: Path, state: ArchiveState, root: str, column: Column) -> ArchiveState:
    """A source's state narrowed to one column's walk: the walk from its first list page
    `root`, and the frontier links, failures due and recent articles under its path (each
    column's work is its own: another column's links wait for that column's walk)."""
    with open_warehouse(db_path) as con:
        walk = read_walk(con, root)

    def held(article_id: str) -> bool:
        return column.holds(article_id.split(":", 1)[1])

    return replace(
        state,
        frontier=tuple(ref for ref in state.frontier if column.holds(ref.url)),
        due=tuple(url for url in state.due if column.holds(url)),
        recent=tuple(article_id for article_id in state.recent if held(article_id)),
        walk=walk,
    )


def work_list(root: str, state: ArchiveState, discovery: Discovery) -> list[ArticleRef]:
    """New articles first, then the frontier earlier runs left, then failures due for a
    retry, then recent articles to re-check."""
    refs = list(discovery.refs)
    queued = {ref.url for ref in refs}
    for ref in state.frontier:
        if ref.url not in queued:
            refs.append(ref)
            queued.add(ref.url)
    root_host = urlsplit(root).netloc
    for url in state.due:
        # A failure recorded against another host (a mirror, the sample site) stays there.
        if url not in queued and urlsplit(url).netloc == root_host:
            refs.append(ArticleRef(url=url, title=""))
            queued.add(url)
    for article_id in state.recent:
        url = urljoin(root, article_id.split(":", 1)[1])
        if url not in queued:
            refs.append(ArticleRef(url=url, title=""))
            queued.add(url)
    return refs


def plan_work(
    db_path: Path,
    source: SiteAdapter,
    root: str,
    state: ArchiveState,
    discovery: Discovery,
    run: RunRecord,
    backfill: bool = False,
) -> list[ArticleRef]:
    """The run's work list, its links committed to the frontier (with how the walk ended)
    before any batch, so that a run killed after any batch leaves the rest to the next."""
    # Links left by an earlier run whose article got in by other means (an import, a backfill).
    loaded = {ref.url for ref in state.frontier if source.article_id(ref.url) in state.known_ids}
    pending = tuple(ref for ref in state.frontier if ref.url not in loaded)
    # A backfill loads its date range and nothing else: no retries, no re-checks, and its
    # walk says nothing of the incremental walk's.
    if backfill:
        work = list(discovery.refs)
    else:
        work = work_list(root, replace(state, frontier=pending), discovery)
    with open_warehouse(db_path) as con:
        upsert_frontier(
            con,
            source.name,
            discovery.refs,
            loaded,
            root,
            None if backfill else discovery.walk,
            run.run_id,
            utcnow(),
        )
    return work


def failing_urls_message(failed: int) -> str:
    """What a run with failing URLs says (ingest, backfill)."""
    return f"{failed} URL(s) failing; see `yzdaily failures`"


def finish_run(
    db_path: Path,
    run: RunRecord,
    final: BatchWrite,
    sites: Sequence[str] | None = None,
    tallies: Iterable[SiteTally] = (),
    *,
    partial: Callable[[int], str] = failing_urls_message,
) -> None:
    """Save the run record, each site's health and the list pages' fetch log and failures in
    one transaction; then the search postings put back in term order if this run (or earlier
    ones) appended many.

    `run.failed` is what the run's batches counted; with `sites`, the URLs of those sites
    failing now, whichever run recorded them (they are tried again). `partial` words the
    message of a run with failures.
    """
    now = run.finished_at or utcnow()
    with open_warehouse(db_path) as con:
        with transaction(con):
            insert_fetches(con, final.fetches)
            upsert_validators(con, final.validators, now)
            clear_failures(con, final.succeeded)
            record_failures(con, final.failures, now)
            if sites is not None:
                row = con.execute(
                    "select count(*) from failures where list_contains(?, site)", [list(sites)]
                ).fetchone()
                run.failed = int(row[0]) if row else 0
            _set_status(run, partial)
            judge_run(con, run, tallies, utcnow())
            record_run(con, run)
        maintain_postings(con)


def _set_status(run: RunRecord, partial: Callable[[int], str]) -> None:
    if run.message is not None:
        run.status = "failed"  # a fatal error stopped the run
    elif run.failed:
        run.status = "partial"
        run.message = partial(run.failed)
    else:
        run.status = "completed"


def start_run(db_path: Path, run: RunRecord) -> None:
    """Record the run as running (runs left running by a killed one are marked failed)."""
    with open_warehouse(db_path) as con:
        begin_run(con, run)


def publish_run(run: RunRecord) -> None:
    """The run's counters as a Prefect artifact, beside the flow run in Prefect's UI."""
    create_markdown_artifact(
        key=f"{run.flow}-run",
        markdown=run_markdown(run),
        description=f"{run.flow} {run.status}: {run.new} new, {run.failed} failing",
    )


# What the machine, not one URL, does to a run: a full or read-only disk, a warehouse file
# that cannot be written or is damaged. The run stops with one line saying so.
MACHINE_ERRORS = (OSError, duckdb.Error, WarehouseError, ArchiveError)


def machine_error_message(error: BaseException) -> str:
    """One bounded line for a MACHINE_ERRORS error: what failed, on which file."""
    if isinstance(error, OSError) and error.filename is not None:
        return bounded(f"{error.strerror or error}: {error.filename}")
    lines = str(error).strip().splitlines()
    return bounded(lines[0] if lines else type(error).__name__)


def _record_failed_run(db_path: Path, run: RunRecord) -> None:
    """The run's row marked failed, if the warehouse still takes it (else the next run
    marks it)."""
    run.finished_at = utcnow()
    with contextlib.suppress(*MACHINE_ERRORS), open_warehouse(db_path) as con:
        record_run(con, run)


def guarded_run(db_path: Path, run: RunRecord, body: Callable[[], None]) -> State:
    """Run a flow's body; the run's state from its status. A MACHINE_ERRORS error ends the run
    `failed` with a one-line message (recorded if the warehouse still takes it; otherwise its
    `running` row is marked failed by the next run), not a traceback. Any other exception is
    raised on, its run recorded `failed` first."""
    try:
        body()
    except MACHINE_ERRORS as error:
        run.status = "failed"
        run.message = machine_error_message(error)
        _record_failed_run(db_path, run)
        return Failed(message=run.message, data=run)
    except Exception as error:
        # Anything else is a bug (or a Prefect API fault, which the CLI words): it is raised
        # on, as a crash, but the run's row does not stay `running` (issue 25: a link loop
        # once crashed an import and left it so); the CLI exits 1.
        run.status = "failed"
        run.message = bounded(f"crashed: {type(error).__name__}: {error}")
        _record_failed_run(db_path, run)
        raise
    publish_run(run)
    if run.status == "failed":
        return Failed(message=run.message, data=run)
    return Completed(message=run.message, data=run)
