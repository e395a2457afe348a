"""Common Crawl on loopback: its index server and its data server (two hosts), over real
gzipped WARC files written here with warcio from the sample sites' own pages.

    with CommonCrawlServers(build_history()) as cc:
        cc.index_url, cc.data_url         # what --cc-index-url and --cc-data-url name
        cc.index.requests, cc.data.requests

Index server (`index_url`):
    GET /collinfo.json                    the crawls, newest first: id, name, timegate, cdx-api
                                          (its own URLs), and from/to for the newer ones
    GET /{crawl}-index?url=host/path/*&output=json&showNumPages=true
                                          {"pages": N, "pageSize": page_size, "blocks": N}
    GET /{crawl}-index?url=host/path/*&output=json&page=K[&from=YYYYMMDD&to=YYYYMMDD]
                                          NDJSON lines (urlkey, timestamp, url, mime, status,
                                          digest, length, offset, filename, ...; `redirect` for
                                          a 3xx), `page_size` a page; nothing: 404 with
                                          {"message": "No Captures found for: ..."}
Data server (`data_url`):
    GET /crawl-data/{crawl}/segments/.../warc/{file}.warc.gz  Range: bytes=A-B
                                          206 with those bytes of the WARC file (each record
                                          one gzip member: request, response or revisit,
                                          metadata), 416 outside it, 200 without a Range
    GET /robots.txt                       404 (none), unless `data_robots` says otherwise

The index's `offset`/`length` point at each capture's response (or revisit) record, as Common
Crawl's do. A coarse crawl answers a page count of 1 for a prefix it holds nothing under, so
its page 0 answers the 404 (the other empty crawl answers 0 pages). The first request of each
kind in `throttle` (`index`, `data`) answers 429 with `Retry-After: retry_after`.
`extra_collinfo` and `line_hook` make the index hostile (entries of a test's, lines altered).
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from io import BytesIO
from types import TracebackType
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.sample_site.apiserver import Answer, ApiServer, Request
from tests.sample_site.history import CRAWLS, CrawlSpec, History, Snapshot
from tests.sample_site.wayback import digest_of, surt

DEFAULT_INDEX_ROBOTS = "User-agent: *\nDisallow: /private/\n"
RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")
NDJSON_TYPE = "text/x-ndjson"
JSON_TYPE = "application/json"
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found"}


@dataclass(frozen=True)
class IndexedRecord:
    """One capture as the emulated index lists it: where its record is, and what it is."""

    crawl: str
    snapshot: Snapshot
    filename: str
    offset: int
    length: int
    digest: str

    @property
    def urlkey(self) -> str:
        return surt(self.snapshot.url)

    def line(self) -> dict[str, str]:
        """The index line, with Common Crawl's field names and order."""
        snapshot = self.snapshot
        revisit = snapshot.kind == "revisit"
        values = {
            "urlkey": self.urlkey,
            "timestamp": snapshot.timestamp,
            "url": snapshot.url,
            "mime": "warc/revisit" if revisit else snapshot.mimetype,
            "mime-detected": "warc/revisit" if revisit else snapshot.mimetype,
            "status": str(snapshot.status),
            "digest": self.digest,
            "length": str(self.length),
            "offset": str(self.offset),
            "filename": self.filename,
        }
        if snapshot.location:
            values["redirect"] = snapshot.location
        if snapshot.mimetype == "text/html" and not revisit:
            values["languages"] = "zho"
        return values


def _warc_date(snapshot: Snapshot) -> str:
    return snapshot.at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _http_headers(snapshot: Snapshot, body: bytes) -> StatusAndHeaders:
    headers = [("Content-Type", snapshot.content_type), ("Content-Length", str(len(body)))]
    if snapshot.location:
        headers.append(("Location", snapshot.location))
    reason = REASONS.get(snapshot.status, "OK")
    return StatusAndHeaders(f"{snapshot.status} {reason}", headers, protocol="HTTP/1.1")


def build_warc(
    crawl: str, filename: str, snapshots: list[Snapshot]
) -> tuple[bytes, list[IndexedRecord]]:
    """A gzipped WARC file of the crawl's captures (a request, the response or revisit, a
    metadata record each) and where each capture's record is in it."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(
        writer.create_warcinfo_record(filename.rsplit("/", 1)[-1], {"software": "yzdaily-test"})
    )
    indexed: list[IndexedRecord] = []
    for snapshot in snapshots:
        date = {"WARC-Date": _warc_date(snapshot)}
        parts = snapshot.url.split("/", 3)
        request_line = f"GET /{parts[3] if len(parts) > 3 else ''} HTTP/1.1"
        request = writer.create_warc_record(
            snapshot.url,
            "request",
            http_headers=StatusAndHeaders(
                request_line,
                [("Host", parts[2]), ("User-Agent", "CCBot/2.0")],
                is_http_request=True,
            ),
            warc_headers_dict=dict(date),
        )
        writer.write_record(request)
        if snapshot.kind == "revisit":
            earlier = snapshot.refers_to
            if earlier is None:
                raise ValueError(f"a revisit of nothing: {snapshot.url}")
            record = writer.create_revisit_record(
                snapshot.url,
                digest=f"sha1:{digest_of(earlier.body)}",
                refers_to_uri=earlier.url,
                refers_to_date=_warc_date(earlier),
                http_headers=_http_headers(snapshot, b""),
                warc_headers_dict=dict(date),
            )
        else:
            record = writer.create_warc_record(
                snapshot.url,
                "response",
                payload=BytesIO(snapshot.body),
                http_headers=_http_headers(snapshot, snapshot.body),
                warc_headers_dict=dict(date),
            )
        offset = out.tell()
        writer.write_record(record)
        length = out.tell() - offset
        digest = str(record.rec_headers.get_header("WARC-Payload-Digest")).removeprefix("sha1:")
        indexed.append(IndexedRecord(crawl, snapshot, filename, offset, length, digest))
        metadata = writer.create_warc_record(
            snapshot.url,
            "metadata",
            payload=BytesIO(b"fetchTimeMs: 120\r\n"),
            warc_content_type="application/warc-fields",
            warc_headers_dict=dict(date),
        )
        writer.write_record(metadata)
    return out.getvalue(), indexed


def warc_filename(crawl: CrawlSpec, part: int) -> str:
    """Where a crawl's WARC file lives on the data server, in Common Crawl's layout."""
    stamp = crawl.starts_at.strftime("%Y%m%d%H%M%S")
    segment = f"{int(crawl.starts_at.timestamp())}{part:03d}.{part}"
    return f"crawl-data/{crawl.id}/segments/{segment}/warc/{crawl.id}-{stamp}-{part:05d}.warc.gz"


class CommonCrawlServers:
    """Common Crawl's index and data servers over the History's crawls (two loopback hosts)."""

    def __init__(
        self,
        history: History,
        page_size: int = 3,
        retry_after: int | None = 1,
        throttle: Collection[str] = ("index", "data"),
        index_robots: str = DEFAULT_INDEX_ROBOTS,
        data_robots: str | None = None,
    ) -> None:
        self.page_size = page_size
        self.retry_after = retry_after
        self.throttle = set(throttle)
        self.index_robots = index_robots
        self.data_robots = data_robots
        self.crawls = CRAWLS
        self.warcs: dict[str, bytes] = {}
        self.records: dict[str, list[IndexedRecord]] = {}
        for crawl in CRAWLS:
            snapshots = sorted(history.commoncrawl.get(crawl.id, []), key=lambda s: s.at)
            indexed: list[IndexedRecord] = []
            # Two WARC files a crawl: captures alternate between them.
            for part in (0, 1):
                chosen = snapshots[part::2]
                if not chosen:
                    continue
                filename = warc_filename(crawl, part)
                data, records = build_warc(crawl.id, filename, chosen)
                self.warcs[filename] = data
                indexed.extend(records)
            self.records[crawl.id] = sorted(indexed, key=lambda r: (r.urlkey, r.snapshot.timestamp))
        # Fault injection: entries added to collinfo.json, and each index line's JSON text
        # passed through `line_hook` (a hostile index: 5,000-digit offsets, other hosts).
        self.extra_collinfo: list[dict[str, Any]] = []
        self.line_hook: Callable[[IndexedRecord, str], str] | None = None
        self._throttled: set[str] = set()
        self._lock = threading.Lock()
        self.index = ApiServer(self.respond_index)
        self.data = ApiServer(self.respond_data)

    @property
    def index_url(self) -> str:
        return self.index.base_url

    @property
    def data_url(self) -> str:
        return self.data.base_url

    def all_records(self) -> list[IndexedRecord]:
        """Every capture of every crawl."""
        return [record for crawl in self.crawls for record in self.records[crawl.id]]

    def __enter__(self) -> CommonCrawlServers:
        self.index.start()
        self.data.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.index.stop()
        self.data.stop()

    def _throttled_answer(self, kind: str) -> Answer | None:
        with self._lock:
            if self.retry_after is None or kind not in self.throttle or kind in self._throttled:
                return None
            self._throttled.add(kind)
        return Answer(429, b"Too Many Requests", headers=(("Retry-After", str(self.retry_after)),))

    # --- the index server ---------------------------------------------------------------

    def collinfo(self) -> list[dict[str, Any]]:
        """collinfo.json's entries, newest first; the older crawls without from/to."""
        entries = []
        for crawl in reversed(self.crawls):
            entry: dict[str, Any] = {
                "id": crawl.id,
                "name": crawl.name,
                "timegate": f"{self.index_url}/{crawl.id}/",
                "cdx-api": f"{self.index_url}/{crawl.id}-index",
            }
            if crawl.listed_period:
                entry["from"] = crawl.starts_at.strftime("%Y-%m-%dT%H:%M:%S")
                entry["to"] = crawl.ends_at.strftime("%Y-%m-%dT%H:%M:%S")
            entries.append(entry)
        return entries + self.extra_collinfo

    def respond_index(self, request: Request) -> Answer:
        """Answer one request of the index server."""
        if request.path == "/robots.txt":
            return Answer(200, self.index_robots.encode())
        if request.path == "/collinfo.json":
            return Answer(200, json.dumps(self.collinfo(), indent=1).encode(), JSON_TYPE)
        crawl = next((c for c in self.crawls if request.path == f"/{c.id}-index"), None)
        if crawl is None:
            return Answer(404, b"<html><body>Not Found</body></html>", "text/html")
        return self._throttled_answer("index") or self.query(crawl, request)

    def query(self, crawl: CrawlSpec, request: Request) -> Answer:
        """One index query of a crawl: its page count, or one page of its lines."""
        url = request.param("url")
        if not url:
            return Answer(
                400, json.dumps({"message": "A url= param must be specified"}).encode(), JSON_TYPE
            )
        if request.param("output") != "json":
            return Answer(400, b"this emulator answers output=json only")
        key = surt(url.rstrip("*"))
        records = [
            r
            for r in self.records[crawl.id]
            if (r.urlkey.startswith(key) if url.endswith("*") else r.urlkey == key)
        ]
        pages = math.ceil(len(records) / self.page_size)
        if crawl.coarse and not records:
            pages = 1  # a coarse secondary index cannot tell that nothing is there
        if request.param("showNumPages") == "true":
            count = {"pages": pages, "pageSize": self.page_size, "blocks": pages}
            return Answer(200, json.dumps(count).encode(), JSON_TYPE)
        page = int(request.param("page") or 0)
        none = json.dumps({"message": f"No Captures found for: {url}"}).encode()
        if not records:
            return Answer(404, none, JSON_TYPE)
        if not 0 <= page < pages:
            message = f"Page {page} invalid: First Page is 0, Last Page is {pages - 1}"
            return Answer(400, json.dumps({"message": message}).encode(), JSON_TYPE)
        chosen = records[page * self.page_size : (page + 1) * self.page_size]
        since, until = request.param("from"), request.param("to")
        if since:
            chosen = [r for r in chosen if r.snapshot.timestamp >= since.ljust(14, "0")]
        if until:
            chosen = [r for r in chosen if r.snapshot.timestamp <= until.ljust(14, "9")]
        if not chosen:
            return Answer(404, none, JSON_TYPE)
        hook = self.line_hook or (lambda _, text: text)
        lines = "".join(hook(r, json.dumps(r.line())) + "\n" for r in chosen)
        return Answer(200, lines.encode(), NDJSON_TYPE)

    # --- the data server ----------------------------------------------------------------

    def respond_data(self, request: Request) -> Answer:
        """Answer one request of the data server: byte ranges of the WARC files."""
        if request.path == "/robots.txt":
            if self.data_robots is None:
                return Answer(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
            return Answer(200, self.data_robots.encode())
        data = self.warcs.get(request.path.lstrip("/"))
        if data is None:
            return Answer(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
        throttled = self._throttled_answer("data")
        if throttled is not None:
            return throttled
        wanted = request.headers.get("Range")
        if wanted is None:
            return Answer(200, data, "application/octet-stream")
        match = RANGE.match(wanted.strip())
        if match is None:
            return Answer(400, b"a Range of bytes=A-B only")
        start = int(match[1])
        end = min(int(match[2]) if match[2] else len(data) - 1, len(data) - 1)
        if start >= len(data) or end < start:
            return Answer(416, b"", "application/xml", (("Content-Range", f"bytes */{len(data)}"),))
        headers = (
            ("Content-Range", f"bytes {start}-{end}/{len(data)}"),
            ("Accept-Ranges", "bytes"),
        )
        return Answer(206, data[start : end + 1], "application/octet-stream", headers)
