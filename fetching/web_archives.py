"""The web archives as a source of article pages: their indexes asked, their captures fetched.

    fetcher = build_archive_fetcher(settings)       # every archive host, and no other host
    for prefix in source.archive_prefixes():        # www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/
        captures += discover(fetcher, settings, "wayback", prefix, since, until)
        captures += discover(fetcher, settings, "commoncrawl", prefix, since, until)
    selection = select_articles(captures, [source], since, until, known_ids)   # parsers
    page = fetch_capture(fetcher, settings, selection.articles[0].fetchable[0])

Wayback Machine (`settings.wayback_url`):
    GET {wayback}/cdx/search/cdx?url={prefix}*&output=json&from=YYYYMMDD&to=YYYYMMDD
        &filter=statuscode:200&collapse=urlkey&showResumeKey=true[&resumeKey=K]
    GET {wayback}/web/{timestamp}id_/{original}     the page as served (no toolbar, no rewriting);
                                                    a 302 to a nearby timestamp is followed on
                                                    the archive's host only
Common Crawl (`settings.cc_index_url`, `settings.cc_data_url`):
    GET {cc-index}/collinfo.json                    the crawls; those whose from/to meet the
                                                    range are asked, and those without from/to
    GET {cdx-api}?url={prefix}*&output=json&showNumPages=true     then &page=0, 1, ...:
                                                    NDJSON, or 404 "No Captures found": none
    GET {cc-data}/{filename}  Range: bytes={offset}-{offset+length-1}
                                                    one gzipped WARC record, read with warcio

Every request goes through the project's Fetcher, so an archive host is treated as a site is:
robots.txt, at least `delay` seconds between two requests to it, retries with backoff on
connection errors, 429 and 5xx (Retry-After waited out, capped), timeouts and the size cap.
The Fetcher must have no `allowed_hosts` (`build_archive_fetcher`): a redirect then stays on
the archive's own host, and a replay redirect to the live site or elsewhere is refused.

One capture's fault is that capture's `CaptureError` (with a reason a user can act on); an
index query's is a `DiscoveryError`. `unreachable` on either says the archive cannot be
reached at all (offline, refused): asking it for more is pointless this run.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Collection, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Literal
from urllib.parse import quote, urljoin, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from config.settings import DEFAULT_MAX_INDEX_PAGES, DEFAULT_MAX_INDEX_ROWS, Settings
from fetching.http import Disallowed, FetchedPage, Fetcher, FetchError, HostRefused, HostUnreachable
from fetching.raw_archive import RawArchive
from parsers.captures import (
    COMMONCRAWL,
    WAYBACK,
    Archive,
    ArticleSelector,
    BadEntry,
    Capture,
    Crawl,
    CrawlList,
    IndexFormatError,
    IndexPage,
    Selection,
    parse_cc_index,
    parse_cc_pages,
    parse_cdx_json,
    parse_collinfo,
    parse_replay_url,
    parse_timestamp,
    record_range,
    replay_url,
    same_resource,
    shown,
)
from parsers.site import Column, SiteAdapter
from warehouse.fetchlog import BatchWrite, Failure, RawFetch
from warehouse.frontier import Walk

# Entries of one index answer recorded as failures one by one; the rest as one more.
MAX_BAD_ENTRIES_PER_ANSWER = 10
CONTENT_RANGE_UNIT = "bytes "
# A Common Crawl WARC file's path (`crawl-data/CC-MAIN-2021-04/segments/.../x.warc.gz`):
# letters, digits, `._-` and slashes between them, nothing that could name another host.
WARC_FILENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9._-]+){0,20}")
PageKind = Literal["response", "revisit", "redirect"]


class ArchiveError(Exception):
    """An archive did not give what was asked; `reason` is a sentence a user can act on."""

    def __init__(
        self,
        url: str,
        reason: str,
        status: int | None = None,
        permanent: bool = False,
        unreachable: bool = False,
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.permanent = permanent  # asking again soon will not help
        self.unreachable = unreachable  # the archive's host cannot be reached at all


class DiscoveryError(ArchiveError):
    """An index query failed: the captures it would have listed are not known."""


class IndexStopped(DiscoveryError):
    """Discovery stopped at the run's bound for an index host, with more to read: no fault of
    the archive (a warning). The next backfill reads on from `resume_after` (None: from the
    start); `earlier` are the queries that failed before it stopped."""

    def __init__(
        self,
        url: str,
        reason: str,
        resume_after: str | None,
        earlier: Sequence[DiscoveryError] = (),
    ) -> None:
        super().__init__(url, reason)
        self.resume_after = resume_after
        self.earlier = list(earlier)


class CrawlsFailed(DiscoveryError):
    """Some Common Crawl crawls could not be asked (the others were); `failures` says which."""

    def __init__(self, url: str, failures: list[DiscoveryError]) -> None:
        names = "; ".join(failure.reason for failure in failures)
        super().__init__(url, f"{len(failures)} crawl(s) not asked: {names}")
        self.failures = failures


class CaptureError(ArchiveError):
    """One capture could not be fetched or read; the capture's failure, never the run's."""

    def __init__(
        self,
        capture: Capture,
        url: str,
        reason: str,
        status: int | None = None,
        permanent: bool = False,
        unreachable: bool = False,
    ) -> None:
        super().__init__(url, reason, status, permanent, unreachable)
        self.capture = capture


@dataclass(frozen=True)
class ArchivedPage:
    """One capture as an archive gave it back: the archived response and where it came from.

    `kind` is `response` (a page: `status`, `headers`, `body` as the site served them),
    `redirect` (the site answered a 3xx to `location`: no page) or `revisit` (a record saying
    "same as an earlier capture", of `refers_to`: no page of its own).
    """

    capture: Capture
    kind: PageKind
    requested_url: str  # what was asked of the archive: the replay URL, or the WARC file's URL
    archive_url: str  # what answered (the replay URL of a nearby time after a redirect)
    original_url: str  # the page's own URL, as captured
    captured_at: datetime  # UTC: when the capture served was made
    status: int | None  # the archived response's HTTP status
    content_type: str | None
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime  # naive UTC, as FetchedPage.fetched_at
    location: str | None = None
    refers_to: str | None = None

    @property
    def archive(self) -> Archive:
        return self.capture.archive

    def header(self, name: str) -> str | None:
        """An archived response header, case-insensitively."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


def build_archive_fetcher(settings: Settings) -> Fetcher:
    """The Fetcher for the archives: the run's politeness settings and no other host."""
    return Fetcher(
        settings.user_agent,
        delay=settings.delay,
        timeout=settings.timeout,
        retries=settings.retries,
    )


def _require_archive_fetcher(fetcher: Fetcher) -> None:
    # A site's Fetcher follows redirects to the site's hosts: a replay redirect could then
    # leave the archive for the live site, which is no capture.
    if fetcher.allowed_hosts:
        raise ValueError(
            "archive requests need a Fetcher without allowed_hosts (build_archive_fetcher),"
            " so that redirects stay on the archive's host"
        )


def _query(params: list[tuple[str, str]]) -> str:
    # `/`, `:`, `*` and `,` stay readable: the queries look as the archives document them.
    return "&".join(f"{name}={quote(value, safe='/:*,')}" for name, value in params)


def _range_params(since: date | None, until: date | None) -> list[tuple[str, str]]:
    params = []
    if since is not None:
        params.append(("from", since.strftime("%Y%m%d")))
    if until is not None:
        params.append(("to", until.strftime("%Y%m%d")))
    return params


def build_cdx_query(
    wayback_url: str,
    prefix: str,
    since: date | None = None,
    until: date | None = None,
    resume_key: str | None = None,
    limit: int | None = None,
) -> str:
    """The Wayback CDX query for the 200 captures under `prefix`, one per URL, since..until."""
    params = [("url", f"{prefix}*"), ("output", "json"), *_range_params(since, until)]
    params += [("filter", "statuscode:200"), ("collapse", "urlkey"), ("showResumeKey", "true")]
    if limit is not None:
        params.append(("limit", str(limit)))
    query = _query(params)
    if resume_key is not None:
        # The key comes URL-encoded already (`+` for its space): sent as it came.
        query += f"&resumeKey={quote(resume_key, safe='%+')}"
    return f"{wayback_url.rstrip('/')}/cdx/search/cdx?{query}"


def build_cc_query(
    cdx_api: str,
    prefix: str,
    since: date | None = None,
    until: date | None = None,
    page: int | None = None,
    count_pages: bool = False,
) -> str:
    """A Common Crawl index query for the captures under `prefix` since..until."""
    params = [("url", f"{prefix}*"), ("output", "json"), *_range_params(since, until)]
    if count_pages:
        params.append(("showNumPages", "true"))
    elif page is not None:
        params.append(("page", str(page)))
    return f"{cdx_api}?{_query(params)}"


def _index_text(fetcher: Fetcher, url: str, none_on_404: bool = False) -> str | None:
    """An index answer's text; DiscoveryError when it cannot be had (None: a 404, if asked)."""
    try:
        page = fetcher.get(url)
    except FetchError as error:
        if none_on_404 and error.status == 404:
            return None
        raise DiscoveryError(
            url,
            error.reason,
            error.status,
            error.permanent,
            unreachable=isinstance(error, HostUnreachable | HostRefused),
        ) from error
    return page.body.decode("utf-8", errors="replace")


def index_host(url: str) -> str:
    """The host an index query goes to (`host:port`): the unit of the run's bounds."""
    return urlsplit(url).netloc.lower()


@dataclass
class IndexReading:
    """One run's reading of the archives' indexes: its bounds per index host (requests asked,
    rows read), what it has asked of each so far, and the entries it could not read (each
    with the query whose answer held it; at most MAX_BAD_ENTRIES_PER_ANSWER an answer)."""

    max_pages: int = DEFAULT_MAX_INDEX_PAGES
    max_rows: int = DEFAULT_MAX_INDEX_ROWS
    pages: Counter[str] = field(default_factory=Counter)
    rows: Counter[str] = field(default_factory=Counter)
    asked: set[str] = field(default_factory=set)  # every query URL asked
    bad: list[tuple[str, BadEntry]] = field(default_factory=list)

    def spent(self, url: str) -> str | None:
        """Why the run may ask `url`'s index host nothing more, or None while it may."""
        host = index_host(url)
        if self.pages[host] >= self.max_pages:
            return (
                f"{self.pages[host]:,} index requests to {host} this run"
                f" (YZDAILY_MAX_INDEX_PAGES={self.max_pages})"
            )
        if self.rows[host] >= self.max_rows:
            return (
                f"{self.rows[host]:,} index rows from {host} this run"
                f" (YZDAILY_MAX_INDEX_ROWS={self.max_rows})"
            )
        return None

    def ask(self, url: str) -> None:
        """Count a query asked of its host."""
        self.pages[index_host(url)] += 1
        self.asked.add(url)

    def read(self, url: str, answer: IndexPage) -> None:
        """Count an answer's rows against its host, and keep the entries it could not read."""
        self.rows[index_host(url)] += len(answer.captures) + len(answer.bad)
        self.bad.extend((url, entry) for entry in answer.bad[:MAX_BAD_ENTRIES_PER_ANSWER])
        more = len(answer.bad) - MAX_BAD_ENTRIES_PER_ANSWER
        if more > 0:
            reason = f"{more:,} more entries of this answer could not be read"
            self.bad.append((url, BadEntry("more entries", reason)))


def _ask_index(
    fetcher: Fetcher,
    reading: IndexReading,
    url: str,
    resume_after: str | None,
    none_on_404: bool = False,
) -> str | None:
    """An index answer, if the run's bound for its host lets it be asked; IndexStopped (with
    where to read on next time: `resume_after`) when it does not."""
    spent = reading.spent(url)
    if spent is not None:
        raise IndexStopped(url, f"stopped after {spent}: the next backfill reads on", resume_after)
    reading.ask(url)
    return _index_text(fetcher, url, none_on_404)


def discover_wayback(
    fetcher: Fetcher,
    wayback_url: str,
    prefix: str,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
    reading: IndexReading | None = None,
    resume_key: str | None = None,
) -> Iterator[Capture]:
    """Every 200 capture under `prefix` (`host/column/`) made since..until, one per URL,
    following the resume keys (from `resume_key`, where an earlier run stopped); rows that
    cannot be read go to `reading.bad`. DiscoveryError when a page of the answer cannot be
    had, IndexStopped when the run's bound for the host is reached."""
    _require_archive_fetcher(fetcher)
    reading = reading if reading is not None else IndexReading()
    keys: set[str] = {resume_key} if resume_key is not None else set()
    while True:
        url = build_cdx_query(wayback_url, prefix, since, until, resume_key, limit)
        text = _ask_index(fetcher, reading, url, resume_key) or ""
        try:
            answer = parse_cdx_json(text)
        except IndexFormatError as error:
            raise DiscoveryError(url, str(error), permanent=True) from error
        reading.read(url, answer)
        yield from answer.captures
        if answer.resume_key is None:
            return
        if answer.resume_key in keys:
            raise DiscoveryError(url, "the resume key repeats: the index pages in a loop")
        keys.add(answer.resume_key)
        resume_key = answer.resume_key


def _on_index_host(cdx_api: str, collinfo_url: str) -> bool:
    """Whether a crawl's index API is on the index server asked for collinfo.json (http or
    https): Common Crawl documents no other host for it, and a list that names another host
    must not send the run there."""
    api = urlsplit(cdx_api)
    return api.scheme in ("http", "https") and index_host(cdx_api) == index_host(collinfo_url)


def fetch_collinfo(
    fetcher: Fetcher, cc_index_url: str, reading: IndexReading | None = None
) -> CrawlList:
    """Common Crawl's crawls, each with its index API as an absolute URL on the index host;
    the entries that are no crawl, or name an index on another host, in `bad`."""
    _require_archive_fetcher(fetcher)
    reading = reading if reading is not None else IndexReading()
    url = f"{cc_index_url.rstrip('/')}/collinfo.json"
    text = _ask_index(fetcher, reading, url, None) or ""
    try:
        listed = parse_collinfo(text)
    except IndexFormatError as error:
        raise DiscoveryError(url, str(error), permanent=True) from error
    crawls: list[Crawl] = []
    bad = list(listed.bad)
    for crawl in listed.crawls:
        try:
            absolute = urljoin(url, crawl.cdx_api)
            on_host = _on_index_host(absolute, url)
        except ValueError:
            on_host = False  # `http://[x/`: urllib cannot read it, so it names no host of ours
        if on_host:
            crawls.append(replace(crawl, cdx_api=absolute))
            continue
        where = f"collinfo.json crawl {crawl.id}"
        reason = f"{where} names an index elsewhere: {shown(crawl.cdx_api, 120)}"
        bad.append(BadEntry(where, reason))
    return CrawlList(tuple(crawls), tuple(bad))


def discover_crawl(
    fetcher: Fetcher,
    crawl: Crawl,
    prefix: str,
    since: date | None = None,
    until: date | None = None,
    reading: IndexReading | None = None,
    first_page: int = 0,
) -> Iterator[Capture]:
    """Every capture one crawl holds under `prefix` since..until, page by page (from
    `first_page`, where an earlier run stopped); lines that cannot be read go to
    `reading.bad`.

    A page answering 404 ("No Captures found for: ...") holds none: the index answered the
    page count just before, so the 404 is of the captures, not of the index.
    """
    _require_archive_fetcher(fetcher)
    reading = reading if reading is not None else IndexReading()
    count_url = build_cc_query(crawl.cdx_api, prefix, since, until, count_pages=True)
    count_text = _ask_index(fetcher, reading, count_url, f"{crawl.id} {first_page}")
    try:
        pages = parse_cc_pages(count_text or "")
    except IndexFormatError as error:
        raise DiscoveryError(count_url, f"{crawl.id}: {error}", permanent=True) from error
    for page in range(first_page, pages):
        url = build_cc_query(crawl.cdx_api, prefix, since, until, page=page)
        text = _ask_index(fetcher, reading, url, f"{crawl.id} {page}", none_on_404=True)
        if text is None:
            continue
        try:
            answer = parse_cc_index(text, crawl.id)
        except IndexFormatError as error:
            raise DiscoveryError(url, f"{crawl.id}: {error}", permanent=True) from error
        reading.read(url, answer)
        yield from answer.captures


def _resume_point(resume_after: str | None) -> tuple[str | None, int]:
    """`CC-MAIN-2019-35 12` (the crawl and page to read on from) as its parts."""
    crawl, _, page = (resume_after or "").rpartition(" ")
    if not crawl or not page.isascii() or not page.isdigit() or len(page) > 9:
        return None, 0
    return crawl, int(page)


def discover_commoncrawl(
    fetcher: Fetcher,
    cc_index_url: str,
    prefix: str,
    since: date | None = None,
    until: date | None = None,
    reading: IndexReading | None = None,
    resume_after: str | None = None,
) -> Iterator[Capture]:
    """Every capture under `prefix` in the crawls that may hold captures since..until, from
    `resume_after` (`<crawl id> <page>`, where an earlier run stopped) if it is given.

    A crawl that fails (or that collinfo.json lists unreadably) does not stop the others:
    they are all asked, then CrawlsFailed names the failed ones (the captures yielded stand).
    An unreachable index stops at once; the run's bound for the host stops with IndexStopped.
    """
    reading = reading if reading is not None else IndexReading()
    collinfo_url = f"{cc_index_url.rstrip('/')}/collinfo.json"
    listed = fetch_collinfo(fetcher, cc_index_url, reading)
    failures: list[DiscoveryError] = [
        DiscoveryError(f"{collinfo_url}#{entry.anchor}", entry.reason, permanent=True)
        for entry in listed.bad
    ]
    start_crawl, start_page = _resume_point(resume_after)
    if start_crawl not in {crawl.id for crawl in listed.crawls}:
        start_crawl, start_page = None, 0  # no longer listed: read it all again
    started = start_crawl is None
    for crawl in listed.crawls:
        started = started or crawl.id == start_crawl
        if not started or not crawl.overlaps(since, until):
            continue
        first_page = start_page if crawl.id == start_crawl else 0
        try:
            yield from discover_crawl(fetcher, crawl, prefix, since, until, reading, first_page)
        except IndexStopped as stop:
            raise IndexStopped(stop.url, stop.reason, stop.resume_after, failures) from None
        except DiscoveryError as error:
            if error.unreachable:
                raise
            failures.append(error)
    if failures:
        raise CrawlsFailed(collinfo_url, failures)


def discover(
    fetcher: Fetcher,
    settings: Settings,
    archive: Archive,
    prefix: str,
    since: date | None = None,
    until: date | None = None,
    reading: IndexReading | None = None,
    resume_after: str | None = None,
) -> Iterator[Capture]:
    """The captures under `prefix` in one archive, at the endpoints the settings name (from
    `resume_after`, where an earlier run stopped, if given)."""
    if archive == WAYBACK:
        return discover_wayback(
            fetcher, settings.wayback_url, prefix, since, until, None, reading, resume_after
        )
    if archive == COMMONCRAWL:
        return discover_commoncrawl(
            fetcher, settings.cc_index_url, prefix, since, until, reading, resume_after
        )
    raise ValueError(f"unknown archive {archive!r}")


# --- fetching captures ------------------------------------------------------------------------


def _capture_page(
    fetcher: Fetcher, url: str, capture: Capture, headers: Mapping[str, str] | None = None
) -> FetchedPage:
    """The archive's answer for a capture; CaptureError (with the reason) when there is none."""
    try:
        return fetcher.get(url, headers=headers)
    except Disallowed as error:
        host = urlsplit(url).netloc
        raise CaptureError(
            capture, url, f"disallowed by {host}'s robots.txt", permanent=True
        ) from error
    except FetchError as error:
        raise CaptureError(
            capture,
            url,
            error.reason,
            status=error.status,
            permanent=error.permanent,
            unreachable=isinstance(error, HostUnreachable | HostRefused),
        ) from error


def fetch_wayback(fetcher: Fetcher, wayback_url: str, capture: Capture) -> ArchivedPage:
    """A Wayback capture's bytes as served (`id_`), after a redirect to a nearby time if the
    archive makes one (on its own host only); CaptureError when it cannot be had."""
    _require_archive_fetcher(fetcher)
    if capture.archive != WAYBACK:
        raise ValueError(f"not a Wayback capture: {capture}")
    url = replay_url(wayback_url, capture)
    page = _capture_page(fetcher, url, capture)
    target = parse_replay_url(page.final_url)
    if target is None or target.flag != "id_":
        raise CaptureError(
            capture,
            url,
            f"the replay went to {page.final_url}, not to a capture as served (id_)",
            permanent=True,
        )
    if not same_resource(target.original, capture.original):
        raise CaptureError(
            capture, url, f"the replay went to another page: {target.original}", permanent=True
        )
    try:
        captured_at = parse_timestamp(target.timestamp, page.final_url)
    except IndexFormatError:
        captured_at = capture.timestamp  # a shortened timestamp names no exact time
    served = WarcResponse(
        "response", target.original, captured_at, page.status, page.headers, page.body
    )
    return _archived_page(capture, url, page.final_url, served, page.fetched_at)


def _record_bytes(page: FetchedPage, capture: Capture, url: str) -> bytes:
    """The record's bytes from a ranged answer (206), or cut from a whole file (200)."""
    offset, length = capture.offset or 0, capture.length or 0
    if page.status == 206:
        answered = page.header("Content-Range") or ""
        if not answered.startswith(f"{CONTENT_RANGE_UNIT}{offset}-"):
            raise CaptureError(
                capture, url, f"asked for bytes from {offset}, got the range {answered!r}"
            )
        data = page.body
    else:
        # The server ignored the Range (a 200 with the whole file, within the size cap).
        data = page.body[offset : offset + length]
    if len(data) != length:
        raise CaptureError(capture, url, f"the record is {len(data)} of {length} bytes")
    return data


@dataclass(frozen=True)
class WarcResponse:
    """An archived response with its type, URL and date: one WARC record, or what a Wayback
    replay served as captured."""

    kind: PageKind
    target_uri: str
    warc_date: datetime | None
    status: int | None
    headers: tuple[tuple[str, str], ...]
    body: bytes
    location: str | None = None
    refers_to: str | None = None

    @property
    def content_type(self) -> str | None:
        return next((v for k, v in self.headers if k.lower() == "content-type"), None)


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_warc_record(data: bytes) -> WarcResponse:
    """The first WARC record in `data` (gzipped or not), digests checked; ValueError when it
    is not a whole response or revisit record."""
    try:
        record = next(iter(ArchiveIterator(BytesIO(data), check_digests="raise")), None)
        if record is None:
            raise ValueError("no WARC record in it")
        kind = record.rec_type
        target = str(record.rec_headers.get_header("WARC-Target-URI") or "")
        when = _warc_date(record.rec_headers.get_header("WARC-Date"))
        http = record.http_headers
        status = int(http.get_statuscode()) if http is not None and kind != "revisit" else None
        headers = tuple((str(k), str(v)) for k, v in http.headers) if http is not None else ()
        if kind == "revisit":
            refers = record.rec_headers.get_header("WARC-Refers-To-Target-URI")
            return WarcResponse("revisit", target, when, status, headers, b"", refers_to=refers)
        if kind != "response" or http is None:
            raise ValueError(f"a {kind} record, not a response")
        body = record.content_stream().read()
        missing = getattr(record.raw_stream, "limit", 0)
        if missing:
            # The range ends inside the record: warcio returns the part it has, silently.
            raise ValueError(f"a truncated record: its last {missing} bytes are missing")
    except (ArchiveLoadFailed, zlib.error, EOFError, OSError) as error:
        raise ValueError(f"not a readable WARC record: {error}") from error
    except ValueError:
        raise
    except Exception as error:
        # warcio on headers it never expected: `Content-Length: 99999999999999999999`
        # raises OverflowError, a header line without a value AttributeError. The record's
        # bytes are outside data: whatever they make warcio raise is that capture's loss.
        reason = f"not a readable WARC record: {type(error).__name__}: {error}"
        raise ValueError(reason[:300]) from error
    if status is not None and 300 <= status < 400:
        location = http.get_header("Location")
        target_url = urljoin(target, location) if location else None
        return WarcResponse("redirect", target, when, status, headers, body, location=target_url)
    return WarcResponse("response", target, when, status, headers, body)


def fetch_commoncrawl(fetcher: Fetcher, cc_data_url: str, capture: Capture) -> ArchivedPage:
    """A Common Crawl capture: its WARC record, by a ranged GET of its file, read with warcio;
    a redirect or revisit record comes back as such; CaptureError when it cannot be had."""
    _require_archive_fetcher(fetcher)
    if capture.archive != COMMONCRAWL:
        raise ValueError(f"not a Common Crawl capture: {capture}")
    if not capture.filename or capture.offset is None or not capture.length:
        raise CaptureError(
            capture,
            capture.original,
            "the index gave no WARC file, offset and length for it",
            permanent=True,
        )
    if not WARC_FILENAME.fullmatch(capture.filename) or ".." in capture.filename.split("/"):
        # The index names the file; only a path on the configured data host is asked for.
        raise CaptureError(
            capture,
            capture.original,
            f"the index names a WARC file {shown(capture.filename)}, no path on the data host",
            permanent=True,
        )
    url = f"{cc_data_url.rstrip('/')}/{capture.filename}"
    page = _capture_page(fetcher, url, capture, {"Range": record_range(capture)})
    data = _record_bytes(page, capture, url)
    try:
        record = parse_warc_record(data)
    except ValueError as error:
        raise CaptureError(capture, url, str(error), permanent=True) from error
    if record.target_uri != capture.original:
        raise CaptureError(
            capture,
            url,
            f"the record there is of {record.target_uri}, not of {capture.original}: the index"
            " and the file disagree",
            permanent=True,
        )
    return _archived_page(capture, url, url, record, page.fetched_at)


def _archived_page(
    capture: Capture,
    requested_url: str,
    archive_url: str,
    record: WarcResponse,
    fetched_at: datetime,
) -> ArchivedPage:
    """The capture as the archive gave it back: the response it holds, asked at
    `requested_url`, answered from `archive_url` (a record without a date: the index's)."""
    return ArchivedPage(
        capture=capture,
        kind=record.kind,
        requested_url=requested_url,
        archive_url=archive_url,
        original_url=record.target_uri,
        captured_at=record.warc_date or capture.timestamp,
        status=record.status,
        content_type=record.content_type,
        headers=record.headers,
        body=record.body,
        fetched_at=fetched_at,
        location=record.location,
        refers_to=record.refers_to,
    )


def fetch_capture(fetcher: Fetcher, settings: Settings, capture: Capture) -> ArchivedPage:
    """A capture from its archive, at the endpoints the settings name."""
    if capture.archive == WAYBACK:
        return fetch_wayback(fetcher, settings.wayback_url, capture)
    return fetch_commoncrawl(fetcher, settings.cc_data_url, capture)


def archive_capture(raw: RawArchive, page: ArchivedPage) -> RawFetch:
    """Store a capture's bytes before anything parses them; its fetch-log row, which keeps
    the URL asked of the archive, the page's own URL, the archive and the capture's time."""
    sha256 = raw.save(page.body)
    return RawFetch(
        url=page.requested_url,
        final_url=page.archive_url,
        status=page.status or 200,
        content_type=page.content_type,
        headers=dict(page.headers),
        fetched_at=page.fetched_at,
        sha256=sha256,
        size=len(page.body),
        original_url=page.original_url,
        fetched_via=page.archive,
        captured_at=page.captured_at.astimezone(UTC).replace(tzinfo=None),
    )


# --- discovery for a backfill -----------------------------------------------------------------


@dataclass
class CaptureDiscovery:
    """What the archives' indexes gave for one source: the articles to fetch, the queries
    and entries that failed (`write.failures`, tried again by the next backfill's
    discovery), and where each index walk ended (`walks`, saved once the run has loaded what
    it found: a walk stopped at the run's bound is read on from there by the next run)."""

    selection: Selection = field(default_factory=lambda: Selection(()))
    captures: int = 0
    write: BatchWrite = field(default_factory=BatchWrite)
    warnings: list[str] = field(default_factory=list)
    walks: dict[str, Walk] = field(default_factory=dict)


def _endpoint(settings: Settings, archive: Archive) -> str:
    return settings.wayback_url if archive == WAYBACK else settings.cc_index_url


def index_walk_key(settings: Settings, archive: Archive, prefix: str) -> str:
    """The identity of one index walk (an archive, a prefix, the run's range): the URL of its
    first query, under which `crawl_walks` keeps where it ended."""
    if archive == WAYBACK:
        return build_cdx_query(settings.wayback_url, prefix, settings.since, settings.until)
    collinfo = f"{settings.cc_index_url.rstrip('/')}/collinfo.json"
    return build_cc_query(collinfo, prefix, settings.since, settings.until)


def _query_failures(error: DiscoveryError) -> list[DiscoveryError]:
    if isinstance(error, IndexStopped):
        return list(error.earlier)
    return list(error.failures) if isinstance(error, CrawlsFailed) else [error]


def _least_recently_walked(
    prefixes: Sequence[str], keys: Mapping[str, str], walks: Mapping[str, Walk]
) -> list[str]:
    """Prefixes in the order to ask them: never walked first, then the least recently
    walked, so that a prefix whose index never ends cannot starve the others of the run's
    bound."""

    def walked_at(prefix: str) -> tuple[bool, datetime]:
        walk = walks.get(keys[prefix])
        if walk is None:
            return False, datetime.min
        return True, walk.walked_at or datetime.min

    return sorted(prefixes, key=walked_at)


def _bad_entry_failures(bad: Sequence[tuple[str, BadEntry]], site: str) -> list[Failure]:
    """An index entry that could not be read: a failure under its answer's URL and place."""
    failures = []
    for query, entry in bad:
        named = f" (of {entry.url})" if entry.url else ""
        failures.append(Failure(f"{query}#{entry.anchor}", site, "discover", entry.reason + named))
    return failures


def discover_source_captures(
    fetcher: Fetcher,
    settings: Settings,
    source: SiteAdapter,
    known: Container[str] = (),
    failing: Collection[str] = (),
    reading: IndexReading | None = None,
    walks: Mapping[str, Walk] | None = None,
    column: Column | None = None,
) -> CaptureDiscovery:
    """Every capture of `source`'s article pages (of `column`, default its Yangzhou column)
    in the archives the settings name, from every host the column lived on, selected as
    they come (article URLs only, since..until, one entry per article identity, the `known`
    article ids left out): what is not selected is counted, never held.

    A failed index query costs what it would have listed, not the run, and an entry that
    cannot be read costs that entry: each is a `discover` failure of the source, and a later
    discovery that reads it clears it (`failing`: the source's failing URLs now). An archive
    that cannot be reached is not asked further. `reading` bounds what the run asks of each
    index host; a walk it stops (a warning) is read on by the next run from where `walks`
    (the walks earlier runs left, by `index_walk_key`) says it stopped.
    """
    if reading is None:
        reading = IndexReading(settings.max_index_pages, settings.max_index_rows)
    walks = walks or {}
    found = CaptureDiscovery()
    # A list or tuple as a set (lookups); a set, or the warehouse's KnownIds, as it is.
    known = frozenset(known) if isinstance(known, Sequence) else known
    selector = ArticleSelector([source], settings.since, settings.until, known)

    def counted(captures: Iterator[Capture]) -> Iterator[Capture]:
        for capture in captures:
            found.captures += 1
            yield capture

    for archive in settings.archives:
        endpoint = _endpoint(settings, archive).rstrip("/")
        keys = {
            prefix: index_walk_key(settings, archive, prefix)
            for prefix in source.archive_prefixes(column)
        }
        for prefix in _least_recently_walked(list(keys), keys, walks):
            key = keys[prefix]
            earlier = walks.get(key)
            resume = earlier.resume_after if earlier is not None and not earlier.complete else None
            failed: list[DiscoveryError] = []
            stopped: IndexStopped | None = None
            asked_before, bad_before = set(reading.asked), len(reading.bad)
            try:
                # Selected as they come: the captures listed before a failure stand.
                selector.add(
                    counted(
                        discover(
                            fetcher,
                            settings,
                            archive,
                            prefix,
                            settings.since,
                            settings.until,
                            reading,
                            resume,
                        )
                    )
                )
            except IndexStopped as stop:
                stopped, failed = stop, _query_failures(stop)
                found.warnings.append(f"{source.name}: {archive} {prefix}: {stop.reason}")
            except DiscoveryError as error:
                failed = _query_failures(error)
                found.warnings.append(f"{source.name}: {archive} {prefix}: {error.reason}")
            except Exception as error:
                # Not foreseen, yet what one index answer holds must never end the run:
                # the query's failure, under the walk's first query, tried again next run.
                reason = shown(f"unexpected: {type(error).__name__}: {error}", 300, False)
                failed = [DiscoveryError(key, reason)]
                found.warnings.append(f"{source.name}: {archive} {prefix}: {reason}")
            for failure in failed:
                found.write.failures.append(
                    Failure(failure.url, source.name, "discover", failure.reason, False)
                )
            bad = reading.bad[bad_before:]
            found.write.failures.extend(_bad_entry_failures(bad, source.name))
            if bad:
                found.warnings.append(
                    f"{source.name}: {archive} {prefix}: {len(bad)} index entr"
                    f"{'y' if len(bad) == 1 else 'ies'} could not be read (`yzdaily failures`)"
                )
            asked = reading.asked - asked_before
            if stopped is None or stopped.resume_after is not None:
                # Asked this run: its walk ends here, whole or to be read on.
                found.walks[key] = Walk(
                    complete=stopped is None,
                    resume_after=stopped.resume_after if stopped is not None else None,
                )
            failed_urls = {failure.url for failure in failed} | {
                failure.url for failure in _bad_entry_failures(bad, source.name)
            }
            # A walk read whole from its start answers for every failure under its prefix;
            # one resumed or stopped, only for the queries it asked again.
            whole = resume is None and stopped is None
            found.write.succeeded.extend(
                url
                for url in failing
                if url.startswith(endpoint)
                and (f"url={prefix}" in url or "/collinfo.json" in url)
                and url not in failed_urls
                and (whole or url.split("#", 1)[0] in asked)
            )
            if any(failure.unreachable for failure in failed):
                break  # the archive cannot be reached: its other prefixes would fail alike
    found.selection = selector.selection()
    return found
