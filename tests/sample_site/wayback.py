"""The Wayback Machine on loopback: its CDX API and its replay, over the sample sites' past.

    with WaybackServer(build_history()) as wayback:
        wayback.base_url                  # what --wayback-url names
        wayback.requests                  # every request, with its monotonic time

    GET /cdx/search/cdx?url=www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/*&output=json
        &from=20150101&to=20261231&filter=statuscode:200&collapse=urlkey&showResumeKey=true
                                          JSON rows under a header row, `page_size` a page; when
                                          more remain: `[]` then `["<resume key>"]`, asked again
                                          with &resumeKey=<key>; fl= chooses and orders fields
    GET /web/{timestamp}id_/{original}    the capture's bytes as served; another time of the
                                          same URL: a 302 to the nearest capture's time (a
                                          drifted capture is listed at one time, kept at
                                          another); without id_: the page with a toolbar
    GET /robots.txt                       `robots` (tests add Disallow lines)

`cdx_hook` answers CDX queries in a test's place when it returns an Answer (a hostile index).

Captures are keyed as the real CDX keys them (SURT: host reversed, `www.` dropped, so
www.zgjssw.gov.cn and zgjssw.gov.cn are one key, zgjssw.jschina.com.cn another). The first
request of each kind (`cdx`, `replay`) answers 429 with `Retry-After: retry_after` (None:
never), as the real one does when asked too fast.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Callable, Sequence
from email.utils import format_datetime
from types import TracebackType
from urllib.parse import quote_plus, unquote_plus, urlsplit

from tests.sample_site.apiserver import Answer, ApiServer, Request
from tests.sample_site.history import History, Snapshot
from tests.sample_site.server import RecordedRequest

DEFAULT_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
DEFAULT_ROBOTS = "User-agent: *\nDisallow: /save/\n"
REPLAY = re.compile(r"^/web/(?P<timestamp>\d{1,14})(?P<flag>[a-z]{2}_)?/(?P<original>.+)$")
TOOLBAR = b'<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id="wm-ipp">Wayback</div><!-- END -->'
JSON_TYPE = "application/json"


def surt(url: str) -> str:
    """The CDX key of a URL, as much of SURT as the emulator needs: the host reversed without
    `www.`, the path lowercased, the query sorted (`https://www.zgjssw.gov.cn/A` ->
    `cn,gov,zgjssw)/a`)."""
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    key = ",".join(reversed(host.split("."))) + ")" + (parts.path or "/").lower()
    if parts.query:
        key += "?" + "&".join(sorted(parts.query.lower().split("&")))
    return key


def digest_of(body: bytes) -> str:
    """The CDX digest of a body: its SHA-1 in base 32."""
    return base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def cdx_values(snapshot: Snapshot) -> dict[str, str]:
    """A capture's CDX fields, all strings."""
    return {
        "urlkey": surt(snapshot.url),
        "timestamp": snapshot.listed_timestamp,
        "original": snapshot.url,
        "mimetype": snapshot.mimetype,
        "statuscode": str(snapshot.status),
        "digest": digest_of(snapshot.body),
        "length": str(len(snapshot.body) + 400),  # a record's size, not the body's
    }


class WaybackServer:
    """The CDX API and replay of the Wayback Machine over the History's Wayback captures."""

    def __init__(
        self,
        history: History | Sequence[Snapshot],
        page_size: int = 5,
        retry_after: int | None = 1,
        robots: str = DEFAULT_ROBOTS,
    ) -> None:
        snapshots = history.wayback if isinstance(history, History) else list(history)
        self.snapshots = sorted(snapshots, key=lambda s: (surt(s.url), s.listed_timestamp))
        self.page_size = page_size
        self.retry_after = retry_after
        self.robots = robots
        # A replay path (`/web/{timestamp}id_/{original}`) -> where it redirects instead (tests:
        # another host, another page).
        self.replay_redirects: dict[str, str] = {}
        # Fault injection: a CDX query answered by this instead, when it gives an answer (a
        # hostile index: rows no archive writes, answers nested 200,000 deep, endless pages).
        self.cdx_hook: Callable[[Request], Answer | None] | None = None
        self._throttled: set[str] = set()
        self._lock = threading.Lock()
        self.server = ApiServer(self.respond)

    # --- the server ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.server.requests

    def requests_of(self, kind: str) -> list[RecordedRequest]:
        """The requests of one kind: `cdx`, `replay` or `robots`."""
        prefix = {"cdx": "/cdx/", "replay": "/web/", "robots": "/robots.txt"}[kind]
        return [r for r in self.requests if r.path.startswith(prefix)]

    def __enter__(self) -> WaybackServer:
        self.server.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.server.stop()

    def respond(self, request: Request) -> Answer:
        """Answer one request as the Wayback Machine would."""
        if request.path == "/robots.txt":
            return Answer(200, self.robots.encode())
        if request.path == "/cdx/search/cdx":
            throttled = self._throttle("cdx")
            if throttled is not None:
                return throttled
            hooked = self.cdx_hook(request) if self.cdx_hook is not None else None
            return hooked or self.cdx(request)
        if request.path.startswith("/web/"):
            return self._throttle("replay") or self.replay(request)
        return Answer(404, b"<html><body>Not Found</body></html>", "text/html")

    def _throttle(self, kind: str) -> Answer | None:
        with self._lock:
            if self.retry_after is None or kind in self._throttled:
                return None
            self._throttled.add(kind)
        return Answer(429, b"Too Many Requests", headers=(("Retry-After", str(self.retry_after)),))

    # --- CDX ----------------------------------------------------------------------------

    def cdx(self, request: Request) -> Answer:
        """A CDX query: filtered, collapsed, one page of rows, a resume key if more remain."""
        url = request.param("url")
        if not url:
            return Answer(400, b"url= is required")
        if request.param("output") != "json":
            return Answer(400, b"this emulator answers output=json only")
        fields = tuple((request.param("fl") or ",".join(DEFAULT_FIELDS)).split(","))
        if any(name not in DEFAULT_FIELDS for name in fields):
            return Answer(400, f"unknown field in fl={','.join(fields)}".encode())
        prefix = url.endswith("*")
        key = surt(url.rstrip("*"))
        rows = [cdx_values(s) for s in self.snapshots]
        rows = [r for r in rows if r["urlkey"].startswith(key) if prefix or r["urlkey"] == key]
        since = request.param("from")
        until = request.param("to")
        if since:
            rows = [r for r in rows if r["timestamp"] >= since.ljust(14, "0")]
        if until:
            rows = [r for r in rows if r["timestamp"] <= until.ljust(14, "9")]
        for rule in request.query.get("filter", []):
            negate = rule.startswith("!")
            name, _, pattern = rule.lstrip("!").partition(":")
            if name not in DEFAULT_FIELDS:
                return Answer(400, f"unknown filter field {name}".encode())
            rows = [r for r in rows if bool(re.fullmatch(pattern, r[name])) != negate]
        collapse = request.param("collapse")
        if collapse is not None:
            if collapse != "urlkey":
                return Answer(400, b"this emulator collapses on urlkey only")
            first: dict[str, dict[str, str]] = {}
            for row in rows:
                first.setdefault(row["urlkey"], row)
            rows = list(first.values())
        resume = request.param("resumeKey")
        if resume is not None:
            after_key, _, after_time = unquote_plus(resume).partition(" ")
            rows = [
                r
                for r in rows
                if (r["urlkey"], r["timestamp"]) > (after_key, after_time)
                and not (collapse and r["urlkey"] == after_key)
            ]
        limit = request.param("limit")
        size = min(self.page_size, int(limit)) if limit else self.page_size
        page, rest = rows[:size], rows[size:]
        answer: list[list[str]] = [list(fields), *([row[f] for f in fields] for row in page)]
        if rest and request.param("showResumeKey") == "true" and page:
            last = page[-1]
            answer += [[], [quote_plus(f"{last['urlkey']} {last['timestamp']}")]]
        return Answer(200, json.dumps(answer).encode(), JSON_TYPE)

    # --- replay -------------------------------------------------------------------------

    def replay(self, request: Request) -> Answer:
        """A capture as served, or a 302 to the nearest time of the same URL."""
        match = REPLAY.match(request.target)
        if match is None:
            return Answer(404, b"<html><body>Not a replay URL</body></html>", "text/html")
        timestamp, flag, original = match["timestamp"], match["flag"] or "", match["original"]
        elsewhere = self.replay_redirects.get(request.target)
        if elsewhere is not None:
            return Answer(302, b"", "text/html", (("Location", elsewhere),))
        key = surt(original)
        held = [s for s in self.snapshots if surt(s.url) == key]
        if not held:
            body = (
                b"<html><body><p>Wayback Machine doesn't have that page archived.</p></body></html>"
            )
            return Answer(404, body, "text/html; charset=utf-8")
        exact = next((s for s in held if s.timestamp == timestamp), None)
        if exact is None:
            wanted = int(timestamp.ljust(14, "0"))
            nearest = min(held, key=lambda s: abs(int(s.timestamp) - wanted))
            location = f"{self.base_url}/web/{nearest.timestamp}{flag}/{nearest.url}"
            return Answer(302, b"", "text/html", (("Location", location),))
        body = exact.body if flag == "id_" else TOOLBAR + exact.body
        headers = (
            ("Memento-Datetime", format_datetime(exact.at, usegmt=True)),
            ("X-Archive-Src", f"emulator/{exact.timestamp}.warc.gz"),
        )
        return Answer(exact.status, body, exact.content_type, headers)
