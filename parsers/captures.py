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

import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from parsers.site import SiteAdapter

Archive = Literal["wayback", "commoncrawl"]
WAYBACK: Final = "wayback"
COMMONCRAWL: Final = "commoncrawl"
ARCHIVES: Final[tuple[Archive, ...]] = (WAYBACK, COMMONCRAWL)

TIMESTAMP = re.compile(r"\d{14}")
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
class Rejected:
    """A capture not selected, and why (not_article, foreign_host, out_of_range, known)."""

    capture: Capture
    reason: RejectReason


@dataclass(frozen=True)
class Selection:
    """What a discovery gave: the articles to fetch, and the captures left out."""

    articles: tuple[ArticleCaptures, ...]  # by article_id
    rejected: tuple[Rejected, ...]

    def count(self, reason: RejectReason) -> int:
        """How many captures were left out for that reason."""
        return sum(1 for item in self.rejected if item.reason == reason)


# --- reading index answers --------------------------------------------------------------------


def parse_timestamp(value: str, where: str) -> datetime:
    """`20160815021530` as a UTC datetime; IndexFormatError otherwise."""
    if not TIMESTAMP.fullmatch(value):
        raise IndexFormatError(f"{where}: timestamp {value!r} is not YYYYMMDDhhmmss")
    try:
        return datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise IndexFormatError(f"{where}: timestamp {value!r} is not a real time") from None


def _optional_int(value: str | None, name: str, where: str) -> int | None:
    if value is None or value in ("", "-"):
        return None
    if not value.isdigit():
        raise IndexFormatError(f"{where}: {name} {value!r} is not a number")
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
    return Capture(
        archive=archive,
        original=original,
        timestamp=parse_timestamp(timestamp, where),
        urlkey=_optional_text(values.get("urlkey")),
        status=_optional_int(values.get("status"), "status", where),
        mimetype=_optional_text(values.get("mimetype")),
        digest=_optional_text(values.get("digest")),
        length=_optional_int(values.get("length"), "length", where),
        filename=_optional_text(values.get("filename")),
        offset=_optional_int(values.get("offset"), "offset", where),
        redirect=_optional_text(values.get("redirect")),
    )


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise IndexFormatError(f"{what} is not JSON: {error}") from None


def _string_row(row: Any, where: str) -> list[str]:
    """A CDX row: a list of strings (numbers are taken as their text)."""
    if not isinstance(row, list):
        raise IndexFormatError(f"{where} is not an array")
    values: list[str] = []
    for value in row:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise IndexFormatError(f"{where} holds {value!r}, not a string")
        values.append(str(value))
    return values


def parse_cdx_json(text: str) -> tuple[list[Capture], str | None]:
    """A Wayback CDX answer (`output=json`): its captures and the resume key, if rows remain."""
    if not text.strip():
        return [], None  # the CDX server answers nothing at all for no captures, at times
    rows = _json(text, "the CDX answer")
    if not isinstance(rows, list):
        raise IndexFormatError("the CDX answer is not an array of rows")
    if not rows:
        return [], None
    header = _string_row(rows[0], "the CDX header row")
    if "timestamp" not in header or "original" not in header:
        raise IndexFormatError(
            f"the CDX header row {header} lacks timestamp or original (ask with fl= for them)"
        )
    body = rows[1:]
    resume_key: str | None = None
    if len(body) >= 2 and body[-2] == []:
        key_row = _string_row(body[-1], "the CDX resume key row")
        if len(key_row) != 1 or not key_row[0]:
            raise IndexFormatError(f"the CDX resume key row {key_row} is not one key")
        resume_key = key_row[0]
        body = body[:-2]
    captures: list[Capture] = []
    for number, row in enumerate(body, start=2):
        values = _string_row(row, f"CDX row {number}")
        if len(values) != len(header):
            raise IndexFormatError(
                f"CDX row {number} has {len(values)} values for the header's {len(header)}"
            )
        named = {
            CDX_FIELDS[name]: value
            for name, value in zip(header, values, strict=True)
            if name in CDX_FIELDS
        }
        captures.append(_capture(WAYBACK, named, f"CDX row {number}"))
    return captures, resume_key


def parse_cc_index(text: str, crawl: str | None = None) -> list[Capture]:
    """A Common Crawl index answer (`output=json`, one JSON object a line) as captures."""
    captures: list[Capture] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"index line {number}"
        entry = _json(line, where)
        if not isinstance(entry, dict):
            raise IndexFormatError(f"{where} is not a JSON object")
        if "url" not in entry and ("message" in entry or "error" in entry):
            message = entry.get("message") or entry.get("error")
            raise IndexFormatError(f"{where}: the index answered an error: {message}")
        values: dict[str, str] = {}
        for name, field in CC_FIELDS.items():
            value = entry.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise IndexFormatError(f"{where}: {name} is {value!r}, not a string")
            values[field] = str(value)
        captures.append(replace(_capture(COMMONCRAWL, values, where), crawl=crawl))
    return captures


def parse_cc_pages(text: str) -> int:
    """The page count a Common Crawl index answers to `showNumPages=true`."""
    answer = _json(text, "the page count")
    pages = answer.get("pages") if isinstance(answer, dict) else None
    if isinstance(pages, bool) or not isinstance(pages, int) or pages < 0:
        raise IndexFormatError(f"the page count answer {text[:200]!r} has no page count")
    return pages


def parse_crawl_time(value: Any, where: str) -> datetime | None:
    """A collinfo `from`/`to` (`2024-02-20T21:10:55`, UTC) as a UTC datetime; None if absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise IndexFormatError(f"{where} is {value!r}, not a time")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise IndexFormatError(f"{where} is {value!r}, not a time") from None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_collinfo(text: str) -> tuple[Crawl, ...]:
    """Common Crawl's crawl list (collinfo.json), in the order it gives them (newest first)."""
    entries = _json(text, "collinfo.json")
    if not isinstance(entries, list):
        raise IndexFormatError("collinfo.json is not a list of crawls")
    crawls: list[Crawl] = []
    for number, entry in enumerate(entries, start=1):
        where = f"collinfo.json entry {number}"
        if not isinstance(entry, dict):
            raise IndexFormatError(f"{where} is not an object")
        crawl_id, cdx_api = entry.get("id"), entry.get("cdx-api")
        if not isinstance(crawl_id, str) or not crawl_id:
            raise IndexFormatError(f"{where} has no id")
        if not isinstance(cdx_api, str) or not cdx_api:
            raise IndexFormatError(f"{where} ({crawl_id}) has no cdx-api")
        name = entry.get("name")
        crawls.append(
            Crawl(
                id=crawl_id,
                name=name if isinstance(name, str) else crawl_id,
                cdx_api=cdx_api,
                starts_at=parse_crawl_time(entry.get("from"), f"{where} ({crawl_id}) from"),
                ends_at=parse_crawl_time(entry.get("to"), f"{where} ({crawl_id}) to"),
            )
        )
    return tuple(crawls)


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


def select_articles(
    captures: Iterable[Capture],
    sources: Sequence[SiteAdapter],
    since: date | None = None,
    until: date | None = None,
    known: Collection[str] = (),
) -> Selection:
    """The articles among captures: article URLs of `sources` on their own hosts, published
    since..until by their URL (an older form's month counts), not in `known` (article ids
    already loaded), one entry per article with its distinct captures best first."""
    grouped: dict[str, tuple[SiteAdapter, dict[tuple[str, str, str], Capture]]] = {}
    rejected: list[Rejected] = []
    for capture in captures:
        source = _source_of(capture.original, sources)
        if source is None:
            rejected.append(Rejected(capture, "not_article"))
            continue
        host = (urlsplit(capture.original).hostname or "").lower().rstrip(".")
        if host not in source.allowed_hosts:
            rejected.append(Rejected(capture, "foreign_host"))
            continue
        if not _in_range(source.url_period(capture.original), since, until):
            rejected.append(Rejected(capture, "out_of_range"))
            continue
        article_id = source.article_id(capture.original)
        if article_id in known:
            rejected.append(Rejected(capture, "known"))
            continue
        _, seen = grouped.setdefault(article_id, (source, {}))
        # One capture listed twice (two queries, two index pages) counts once.
        seen.setdefault((capture.archive, capture.original, capture.timestamp14), capture)
    articles = tuple(
        ArticleCaptures(
            article_id=article_id,
            site=source.name,
            url=source.canonical_url(next(iter(seen.values())).original),
            captures=tuple(sorted(seen.values(), key=capture_rank)),
        )
        for article_id, (source, seen) in sorted(grouped.items())
    )
    return Selection(articles=articles, rejected=tuple(rejected))
