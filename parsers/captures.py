"""Web archive captures: the archives' index answers read into records, and which capture of
each article to fetch (docs/HISTORY.md). Pure: text in, frozen dataclasses out.

Wayback Machine CDX API, `output=json` (`parse_cdx_json`): an array of arrays of strings, the
first row naming the fields (default urlkey, timestamp, original, mimetype, statuscode, digest,
length; `fl=` chooses and orders them); with `showResumeKey=true` and more rows left, it ends
with `[]` and `["<resume key>"]`:

    [["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
     ["cn,gov,zgjssw)/shixianchuanzhen/yangzhou/201608/t2962195.shtml","20160815021530",
      "http://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/201608/t2962195.shtml",
      "text/html","200","3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ","10234"],
     [],
     ["cn%2Cgov%2Czgjssw%29%2Fshixianchuanzhen%2Fyangzhou%2F201608%2Ft2962200.shtml+2016..."]]

Common Crawl index (`parse_cc_index`): one JSON object a line (urlkey, timestamp, url, mime,
status, digest, length, offset, filename, ...; a redirect also has `redirect`). Its crawls
come from `collinfo.json` (`parse_collinfo`), and `showNumPages=true` answers how many pages
a query has (`parse_cc_pages`). Values are strings; `-` (or nothing) means unknown: None.

Selection (`select_articles`): only URLs a site adapter reads as its article pages, on that
site's own hosts, grouped by article identity (site + canonical path: two hosts, one
article), each article's captures best first (`capture_rank`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from parsers.jsonlimits import JsonLimitError, load_json
from parsers.site import SiteAdapter

Archive = Literal["wayback", "commoncrawl"]
WAYBACK: Final = "wayback"
COMMONCRAWL: Final = "commoncrawl"
ARCHIVES: Final[tuple[Archive, ...]] = (WAYBACK, COMMONCRAWL)

# ASCII digits only: `\d` takes any script's digits, which no archive writes.
TIMESTAMP = re.compile(r"[0-9]{14}")
ASCII_DIGITS = re.compile(r"[0-9]+")
# A value an index gives as a number (status, length, offset): at most this many digits
# (999 TB). A longer one is an absurd entry, refused alone.
MAX_FIELD_DIGITS: Final = 15
HTTP_STATUSES = range(100, 600)
# A captured URL longer than this is no page's address (browsers stop near 2,000; 4 KB is
# generous): the entry is refused.
MAX_URL_LENGTH: Final = 4096
MAX_CRAWL_ID_LENGTH: Final = 100
# Captures kept per article, best first: each is tried in turn until one reads, so an index
# listing one URL at thousands of times must not make thousands of requests.
MAX_CAPTURES_PER_ARTICLE: Final = 10
TIMESTAMP_FORMAT = "%Y%m%d%H%M%S"
# The Wayback CDX field names of the values a Capture keeps.
CDX_FIELDS = {
    "urlkey": "urlkey",
    "timestamp": "timestamp",
    "original": "original",
    "mimetype": "mimetype",
    "statuscode": "status",
    "digest": "digest",
    "length": "length",
    "redirect": "redirect",
}
# The same for a Common Crawl index line.
CC_FIELDS = {
    "urlkey": "urlkey",
    "timestamp": "timestamp",
    "url": "original",
    "mime": "mimetype",
    "status": "status",
    "digest": "digest",
    "length": "length",
    "offset": "offset",
    "filename": "filename",
    "redirect": "redirect",
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
REVISIT_TYPE = "warc/revisit"
# `/web/20160815021530id_/http://...`: a replay URL's timestamp, its flag and the original.
REPLAY_PATH = re.compile(r"^/web/(?P<timestamp>\d{1,14})(?P<flag>[a-z]{2}_)?/(?P<original>.+)$")
RejectReason = Literal["not_article", "foreign_host", "out_of_range", "known"]


class IndexFormatError(ValueError):
    """An archive's index answered something that is not in its format; the message says where."""


@dataclass(frozen=True)
class Capture:
    """One capture an archive's index lists: what URL was captured when, and where it is kept.

    `original` is the URL as captured; `timestamp` is UTC. Wayback captures are replayed by
    URL (`replay_url`); Common Crawl ones are a record at `offset`, `length` bytes long, in the
    WARC file `filename` of the crawl `crawl`.
    """

    archive: Archive
    original: str
    timestamp: datetime
    urlkey: str | None = None
    status: int | None = None
    mimetype: str | None = None
    digest: str | None = None
    length: int | None = None
    filename: str | None = None
    offset: int | None = None
    redirect: str | None = None  # a redirect record's target
    crawl: str | None = None  # Common Crawl's crawl id, CC-MAIN-2020-45

    @property
    def timestamp14(self) -> str:
        """The archives' form of the capture time: YYYYMMDDhhmmss."""
        return self.timestamp.strftime(TIMESTAMP_FORMAT)

    @property
    def is_redirect(self) -> bool:
        return self.status is not None and 300 <= self.status < 400

    @property
    def is_revisit(self) -> bool:
        """A record saying "same as an earlier capture": it holds no page of its own."""
        return self.mimetype == REVISIT_TYPE

    @property
    def is_html(self) -> bool:
        return self.mimetype is not None and self.mimetype.lower().startswith(HTML_TYPES)

    @property
    def fetchable(self) -> bool:
        """Whether fetching it can give a page: not a redirect, not a revisit, not an error."""
        ok_status = self.status is None or 200 <= self.status < 300
        return ok_status and not self.is_revisit


@dataclass(frozen=True)
class Crawl:
    """One Common Crawl crawl (collinfo.json): its id, name, index API and capture period."""

    id: str
    name: str
    cdx_api: str
    starts_at: datetime | None = None  # UTC; older entries have no period
    ends_at: datetime | None = None

    def overlaps(self, since: date | None, until: date | None) -> bool:
        """Whether the crawl may hold captures made since..until (a crawl without a period may)."""
        if self.starts_at is not None and until is not None and self.starts_at.date() > until:
            return False
        return not (self.ends_at is not None and since is not None and self.ends_at.date() < since)


@dataclass(frozen=True)
class ArticleCaptures:
    """One article (site + canonical path) and every capture of it, best first."""

    article_id: str
    site: str
    url: str  # the article's public URL (the adapter's canonical URL)
    captures: tuple[Capture, ...]

    @property
    def best(self) -> Capture:
        return self.captures[0]

    @property
    def fetchable(self) -> tuple[Capture, ...]:
        """The captures worth fetching, best first (redirect and revisit records left out)."""
        return tuple(capture for capture in self.captures if capture.fetchable)

    @property
    def archives(self) -> tuple[Archive, ...]:
        """The archives holding it, in ARCHIVES order."""
        held = {capture.archive for capture in self.captures}
        return tuple(name for name in ARCHIVES if name in held)


@dataclass(frozen=True)
class Selection:
    """What a discovery gave: the articles to fetch, and how many captures were left out, by
    reason (not_article, foreign_host, out_of_range, known): counted, not kept, so that an
    index listing millions of other URLs costs no memory."""

    articles: tuple[ArticleCaptures, ...]  # by article_id
    rejected: Mapping[RejectReason, int] = field(default_factory=dict)

    def count(self, reason: RejectReason) -> int:
        """How many captures were left out for that reason."""
        return self.rejected.get(reason, 0)


# --- reading index answers --------------------------------------------------------------------


@dataclass(frozen=True)
class BadEntry:
    """An entry of an index answer that could not be read: where, why, and the URL it names
    (when it names one that can be shown)."""

    where: str  # "CDX row 7", "index line 3", "collinfo.json entry 2"
    reason: str  # names `where`
    url: str | None = None

    @property
    def anchor(self) -> str:
        """`where` as a URL fragment (`cdx-row-7`): the entry's failure is its answer's URL
        with it."""
        return re.sub(r"[^a-z0-9.]+", "-", self.where.lower()).strip("-")


@dataclass(frozen=True)
class IndexPage:
    """One index answer read: its captures, the entries it could not read, and (Wayback) the
    resume key when rows remain."""

    captures: tuple[Capture, ...] = ()
    bad: tuple[BadEntry, ...] = ()
    resume_key: str | None = None


@dataclass(frozen=True)
class CrawlList:
    """collinfo.json read: the crawls, and the entries that are no usable crawl."""

    crawls: tuple[Crawl, ...] = ()
    bad: tuple[BadEntry, ...] = ()


def shown(value: Any, limit: int = 60, quoted: bool = True) -> str:
    """A value as an error message quotes it: its repr (or text), cut to `limit` characters.

    A local helper: error texts of outside data stay short (bounded texts in general are
    flows' concern)."""
    text = repr(value) if quoted else str(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def parse_timestamp(value: str, where: str) -> datetime:
    """`20160815021530` as a UTC datetime; IndexFormatError otherwise."""
    if not TIMESTAMP.fullmatch(value):
        raise IndexFormatError(f"{where}: timestamp {shown(value)} is not YYYYMMDDhhmmss")
    try:
        return datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise IndexFormatError(f"{where}: timestamp {value!r} is not a real time") from None


def _optional_int(value: str | None, name: str, where: str) -> int | None:
    if value is None or value in ("", "-"):
        return None
    if not ASCII_DIGITS.fullmatch(value):
        raise IndexFormatError(f"{where}: {name} {shown(value)} is not a number")
    if len(value) > MAX_FIELD_DIGITS:
        raise IndexFormatError(
            f"{where}: {name} has {len(value):,} digits (at most {MAX_FIELD_DIGITS}): no real value"
        )
    return int(value)


def _optional_text(value: str | None) -> str | None:
    return None if value is None or value in ("", "-") else value


def _capture(archive: Archive, values: dict[str, str], where: str) -> Capture:
    """A Capture from one index entry's values, named as Capture names them."""
    original = values.get("original")
    timestamp = values.get("timestamp")
    if not original or timestamp is None:
        missing = "timestamp" if timestamp is None else "URL"
        raise IndexFormatError(f"{where}: no {missing}")
    if len(original) > MAX_URL_LENGTH:
        raise IndexFormatError(f"{where}: a URL of {len(original):,} characters is no page's")
    status = _optional_int(values.get("status"), "status", where)
    if status is not None and status not in HTTP_STATUSES:
        raise IndexFormatError(f"{where}: status {status} is no HTTP status")
    return Capture(
        archive=archive,
        original=original,
        timestamp=parse_timestamp(timestamp, where),
        urlkey=_optional_text(values.get("urlkey")),
        status=status,
        mimetype=_optional_text(values.get("mimetype")),
        digest=_optional_text(values.get("digest")),
        length=_optional_int(values.get("length"), "length", where),
        filename=_optional_text(values.get("filename")),
        offset=_optional_int(values.get("offset"), "offset", where),
        redirect=_optional_text(values.get("redirect")),
    )


def _json(text: str, what: str) -> Any:
    """`text` as JSON within the limits of parsers.jsonlimits; IndexFormatError otherwise."""
    try:
        return load_json(text)
    except JsonLimitError as error:
        raise IndexFormatError(f"{what} is not JSON we read: {error}") from None


def _string_row(row: Any, where: str) -> list[str]:
    """A CDX row: a list of strings (numbers are taken as their text)."""
    if not isinstance(row, list):
        raise IndexFormatError(f"{where} is not an array")
    values: list[str] = []
    for value in row:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise IndexFormatError(f"{where} holds {shown(value)}, not a string")
        values.append(str(value))
    return values


def _url_of(values: Any, position: int | None) -> str | None:
    """The URL an unreadable entry names, if it names one worth showing."""
    if position is None or not isinstance(values, list) or len(values) <= position:
        return None
    url = values[position]
    return url if isinstance(url, str) and 0 < len(url) <= MAX_URL_LENGTH else None


def parse_cdx_json(text: str) -> IndexPage:
    """A Wayback CDX answer (`output=json`): its captures, the resume key if rows remain, and
    the rows it could not read (each one row's loss). IndexFormatError when the answer as a
    whole is none: not JSON, too deep, no header row, a broken resume key."""
    if not text.strip():
        return IndexPage()  # the CDX server answers nothing at all for no captures, at times
    rows = _json(text, "the CDX answer")
    if not isinstance(rows, list):
        raise IndexFormatError("the CDX answer is not an array of rows")
    if not rows:
        return IndexPage()
    header = _string_row(rows[0], "the CDX header row")
    if "timestamp" not in header or "original" not in header:
        raise IndexFormatError(
            f"the CDX header row {shown(header, 200)} lacks timestamp or original"
            " (ask with fl= for them)"
        )
    original_at = header.index("original")
    body = rows[1:]
    resume_key: str | None = None
    if len(body) >= 2 and body[-2] == []:
        key_row = _string_row(body[-1], "the CDX resume key row")
        if len(key_row) != 1 or not key_row[0]:
            raise IndexFormatError(f"the CDX resume key row {shown(key_row)} is not one key")
        resume_key = key_row[0]
        body = body[:-2]
    captures: list[Capture] = []
    bad: list[BadEntry] = []
    for number, row in enumerate(body, start=2):
        where = f"CDX row {number}"
        try:
            values = _string_row(row, where)
            if len(values) != len(header):
                raise IndexFormatError(
                    f"{where} has {len(values)} values for the header's {len(header)}"
                )
            named = {
                CDX_FIELDS[name]: value
                for name, value in zip(header, values, strict=True)
                if name in CDX_FIELDS
            }
            captures.append(_capture(WAYBACK, named, where))
        except IndexFormatError as error:
            bad.append(BadEntry(where, str(error), _url_of(row, original_at)))
    return IndexPage(tuple(captures), tuple(bad), resume_key)


def _cc_line(entry: Any, where: str, crawl: str | None) -> Capture:
    """One Common Crawl index line's object as a capture; IndexFormatError if it is none."""
    if not isinstance(entry, dict):
        raise IndexFormatError(f"{where} is not a JSON object")
    values: dict[str, str] = {}
    for name, field_name in CC_FIELDS.items():
        value = entry.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise IndexFormatError(f"{where}: {name} is {shown(value)}, not a string")
        values[field_name] = str(value)
    return replace(_capture(COMMONCRAWL, values, where), crawl=crawl)


def parse_cc_index(text: str, crawl: str | None = None) -> IndexPage:
    """A Common Crawl index answer (`output=json`, one JSON object a line): its captures and
    the lines it could not read (each one line's loss). IndexFormatError when the index
    answered an error instead of captures."""
    captures: list[Capture] = []
    bad: list[BadEntry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"index line {number}"
        try:
            entry = _json(line, where)
        except IndexFormatError as error:
            bad.append(BadEntry(where, str(error)))
            continue
        is_error = isinstance(entry, dict) and ("message" in entry or "error" in entry)
        if is_error and "url" not in entry:
            message = entry.get("message") or entry.get("error")
            raise IndexFormatError(
                f"{where}: the index answered an error: {shown(message, 200, False)}"
            )
        try:
            captures.append(_cc_line(entry, where, crawl))
        except IndexFormatError as error:
            url = entry.get("url") if isinstance(entry, dict) else None
            bad.append(BadEntry(where, str(error), _url_of([url], 0)))
    return IndexPage(tuple(captures), tuple(bad))


def parse_cc_pages(text: str) -> int:
    """The page count a Common Crawl index answers to `showNumPages=true`."""
    answer = _json(text, "the page count")
    pages = answer.get("pages") if isinstance(answer, dict) else None
    if isinstance(pages, bool) or not isinstance(pages, int) or pages < 0:
        raise IndexFormatError(f"the page count answer {shown(text, 200)} has no page count")
    return pages


def parse_crawl_time(value: Any, where: str) -> datetime | None:
    """A collinfo `from`/`to` (`2024-02-20T21:10:55`, UTC) as a UTC datetime; None if absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise IndexFormatError(f"{where} is {shown(value)}, not a time")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise IndexFormatError(f"{where} is {shown(value)}, not a time") from None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _crawl(entry: Any, where: str) -> Crawl:
    """One collinfo.json entry as a crawl; IndexFormatError if it is none."""
    if not isinstance(entry, dict):
        raise IndexFormatError(f"{where} is not an object")
    crawl_id, cdx_api = entry.get("id"), entry.get("cdx-api")
    if not isinstance(crawl_id, str) or not crawl_id or len(crawl_id) > MAX_CRAWL_ID_LENGTH:
        raise IndexFormatError(f"{where} has no id")
    if not isinstance(cdx_api, str) or not cdx_api or len(cdx_api) > MAX_URL_LENGTH:
        raise IndexFormatError(f"{where} ({crawl_id}) has no cdx-api")
    name = entry.get("name")
    return Crawl(
        id=crawl_id,
        name=name if isinstance(name, str) else crawl_id,
        cdx_api=cdx_api,
        starts_at=parse_crawl_time(entry.get("from"), f"{where} ({crawl_id}) from"),
        ends_at=parse_crawl_time(entry.get("to"), f"{where} ({crawl_id}) to"),
    )


def parse_collinfo(text: str) -> CrawlList:
    """Common Crawl's crawl list (collinfo.json), in the order it gives them (newest first),
    and the entries that are no crawl (each that crawl's loss). IndexFormatError when the
    answer as a whole is no list of crawls."""
    entries = _json(text, "collinfo.json")
    if not isinstance(entries, list):
        raise IndexFormatError("collinfo.json is not a list of crawls")
    crawls: list[Crawl] = []
    bad: list[BadEntry] = []
    for number, entry in enumerate(entries, start=1):
        where = f"collinfo.json entry {number}"
        try:
            crawls.append(_crawl(entry, where))
        except IndexFormatError as error:
            bad.append(BadEntry(where, str(error)))
    return CrawlList(tuple(crawls), tuple(bad))


# --- URLs of the archives ---------------------------------------------------------------------


def replay_url(wayback_url: str, capture: Capture) -> str:
    """The Wayback URL that returns a capture's bytes as served (`id_`: no toolbar, no rewrite)."""
    return f"{wayback_url.rstrip('/')}/web/{capture.timestamp14}id_/{capture.original}"


@dataclass(frozen=True)
class ReplayTarget:
    """What a Wayback replay URL names: a capture time, a replay flag and the original URL."""

    timestamp: str
    flag: str | None
    original: str


def parse_replay_url(url: str) -> ReplayTarget | None:
    """The capture a Wayback replay URL (absolute, or its path) names; None if it names none."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    match = REPLAY_PATH.match(path)
    if match is None:
        return None
    return ReplayTarget(match["timestamp"], match["flag"], match["original"])


def record_range(capture: Capture) -> str:
    """The `Range` header value for a Common Crawl capture's record; ValueError without one."""
    if capture.offset is None or not capture.length:
        raise ValueError(f"{capture.original}: the index gave no offset and length")
    return f"bytes={capture.offset}-{capture.offset + capture.length - 1}"


def same_resource(first: str, second: str) -> bool:
    """Whether two URLs name one resource as the archives key it: scheme and `www.` aside."""
    a, b = urlsplit(first), urlsplit(second)
    return (_bare_host(a.hostname), a.path or "/", a.query) == (
        _bare_host(b.hostname),
        b.path or "/",
        b.query,
    )


def _bare_host(host: str | None) -> str:
    name = (host or "").lower().rstrip(".")
    return name[4:] if name.startswith("www.") else name


# --- selection --------------------------------------------------------------------------------


def capture_rank(capture: Capture) -> tuple[int, int, float, int, str]:
    """Sort key, best first: a 200 before others, HTML before other types (revisit records
    last), the newest (nearest the live page's current version), Wayback before Common Crawl
    (a replay needs no WARC reading), then the URL, so the order is total."""
    status = 0 if capture.status == 200 else 1 if capture.status is None else 2
    if capture.is_html:
        kind = 0
    elif capture.is_revisit:
        kind = 2
    else:
        kind = 1
    return (
        status,
        kind,
        -capture.timestamp.timestamp(),
        ARCHIVES.index(capture.archive),
        capture.original,
    )


def _source_of(url: str, sources: Sequence[SiteAdapter]) -> SiteAdapter | None:
    return next((source for source in sources if source.is_article_url(url)), None)


def _in_range(period: tuple[date, date] | None, since: date | None, until: date | None) -> bool:
    """Whether the URL's publication period meets since..until (no period: decided later)."""
    if period is None:
        return True
    first, last = period
    return (since is None or last >= since) and (until is None or first <= until)


class ArticleSelector:
    """The articles among captures, fed page by page (`add`), so that what an index lists is
    never all held: captures that are no article of `sources` on their own hosts, lie out of
    since..until by their URL, or are in `known` (article ids already loaded) are counted
    and dropped at once, and each article keeps its best MAX_CAPTURES_PER_ARTICLE captures.
    """

    def __init__(
        self,
        sources: Sequence[SiteAdapter],
        since: date | None = None,
        until: date | None = None,
        known: Container[str] = (),
    ) -> None:
        self.sources = sources
        self.since = since
        self.until = until
        self.known = known
        self.rejected: Counter[RejectReason] = Counter()
        self._grouped: dict[str, tuple[SiteAdapter, dict[tuple[str, str, str], Capture]]] = {}

    def _reason(self, capture: Capture, source: SiteAdapter | None) -> RejectReason | None:
        if source is None:
            return "not_article"
        host = (urlsplit(capture.original).hostname or "").lower().rstrip(".")
        if host not in source.allowed_hosts:
            return "foreign_host"
        if not _in_range(source.url_period(capture.original), self.since, self.until):
            return "out_of_range"
        if source.article_id(capture.original) in self.known:
            return "known"
        return None

    def add(self, captures: Iterable[Capture]) -> None:
        """Take in captures: each an article's, or counted as left out."""
        for capture in captures:
            try:
                source = _source_of(capture.original, self.sources)
                reason = self._reason(capture, source)
            except ValueError:
                source, reason = None, "not_article"  # `http://[x/`: urllib cannot read it
            if source is None or reason is not None:
                self.rejected[reason or "not_article"] += 1
                continue
            article_id = source.article_id(capture.original)
            _, seen = self._grouped.setdefault(article_id, (source, {}))
            # One capture listed twice (two queries, two index pages) counts once.
            seen.setdefault((capture.archive, capture.original, capture.timestamp14), capture)
            if len(seen) > 2 * MAX_CAPTURES_PER_ARTICLE:
                best = sorted(seen.items(), key=lambda item: capture_rank(item[1]))
                seen.clear()
                seen.update(best[:MAX_CAPTURES_PER_ARTICLE])

    def selection(self) -> Selection:
        """The articles selected so far, by article id, each with its captures best first."""
        articles = tuple(
            ArticleCaptures(
                article_id=article_id,
                site=source.name,
                url=source.canonical_url(next(iter(seen.values())).original),
                captures=tuple(sorted(seen.values(), key=capture_rank)[:MAX_CAPTURES_PER_ARTICLE]),
            )
            for article_id, (source, seen) in sorted(self._grouped.items())
        )
        return Selection(articles=articles, rejected=dict(self.rejected))


def select_articles(
    captures: Iterable[Capture],
    sources: Sequence[SiteAdapter],
    since: date | None = None,
    until: date | None = None,
    known: Container[str] = (),
) -> Selection:
    """The articles among captures: article URLs of `sources` on their own hosts, published
    since..until by their URL (an older form's month counts), not in `known` (article ids
    already loaded), one entry per article with its distinct captures best first."""
    selector = ArticleSelector(sources, since, until, known)
    selector.add(captures)
    return selector.selection()
