"""All network access: one polite `requests.Session` per run.

Politeness and robustness live here, not in the flows: an identifying User-Agent, real
connect/read timeouts, a total deadline per response (a body dripping in a byte at a time is
cut off), at least `delay` seconds between two requests to one host (or its robots.txt's
Crawl-delay, when longer), robots.txt fetched once per host and honoured, and retries with
backoff on connection errors, 429 and 5xx. A Retry-After up to MAX_RETRY_AFTER is waited
out; a longer one fails the URL for now (tried again next run), and a host that asks for one
twice is down for the rest of the run. Bodies are returned as bytes: decoding is the
parsers' job.

One Fetcher serves every thread of a run: each host has a lock of its own, held while a
request to it waits for its turn, so hosts are asked side by side, each at its own pace,
and no two requests to one host (retries and robots.txt included) come closer than its delay.
"""

from __future__ import annotations

import email.utils
import logging
import re
import socket
import threading
import time
import urllib.parse
import urllib.robotparser
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http.client import HTTPException
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
)
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

if TYPE_CHECKING:
    from config.settings import Settings
    from parsers.site import SiteAdapter

RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
MAX_BYTES = 5 * 1024 * 1024  # a response over this is not an article page
# Seconds of Retry-After waited out (per retry); a server asking for longer fails the URL for
# now, and a host that does so LONG_WAITS_PER_HOST times is down for the rest of the run.
MAX_RETRY_AFTER = 30.0
LONG_WAITS_PER_HOST = 2
# A robots.txt Crawl-delay longer than --delay is kept to, up to this many seconds: a site
# asking for an hour between pages would hold a run for days.
MAX_CRAWL_DELAY = 30.0
# Seconds a whole response (headers and body) may take at least; the Fetcher's `deadline` is
# this or its timeout, whichever is longer. Every read has `timeout` too, but a body dripping
# in a byte at a time meets that forever.
MIN_RESPONSE_DEADLINE = 30.0
READ_CHUNK = 65536
DELAY_SECONDS = re.compile(r"^\s*[0-9]+\s*$")
PERMANENT_STATUSES = (404, 410)
# What of a robots.txt is read (Google reads 500 KiB), and the numbers in it that are.
MAX_ROBOTS_CHARS = 500 * 1024
ROBOTS_NUMBER = re.compile(r"[0-9]{1,9}")
# What requests, urllib3 and urllib.parse raise, past their own exception types, for a response
# or URL they cannot use: an unparsable Location (parsed even when no redirect is followed), a
# port out of range (urllib3's LocationParseError is a ValueError), a header in no known codec.
# That URL's failure, never the run's.
UNUSABLE_RESPONSE = (ValueError, UnicodeError, LookupError, HTTPException)


class FetchError(Exception):
    """A URL could not be fetched; `reason` is a sentence a user can act on."""

    def __init__(
        self, url: str, reason: str, status: int | None = None, permanent: bool = False
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.permanent = permanent


class HostUnreachable(FetchError):
    """No connection to the host at all (offline, DNS, refused): nothing else will work."""


class HostRefused(FetchError):
    """The host answers but refuses this client (403 on robots.txt, say)."""


class HostBackingOff(FetchError):
    """The host keeps asking for long waits (Retry-After): down for the rest of this run."""


# After one of these nothing else on that host will work in this run.
HOST_DOWN = (HostUnreachable, HostRefused, HostBackingOff)


class Disallowed(FetchError):
    """robots.txt disallows the URL for our User-Agent; it is never requested."""


@dataclass(frozen=True)
class FetchedPage:
    """One HTTP response as received (a 304 has an empty body)."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes
    fetched_at: datetime
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        """A response header, case-insensitively."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) in seconds from now; None if unreadable."""
    if not value:
        return None
    if DELAY_SECONDS.match(value):
        return float(value)
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(email.utils.mktime_tz(parsed) - time.time(), 0.0)


def asks_long_wait(response: BaseHTTPResponse | requests.Response) -> bool:
    """True when a response's Retry-After asks for more than MAX_RETRY_AFTER seconds."""
    wait = retry_after_seconds(response.headers.get("Retry-After"))
    return wait is not None and wait > MAX_RETRY_AFTER


class CappedRetry(Retry):
    """urllib3 Retry that waits out a Retry-After of at most MAX_RETRY_AFTER seconds and does
    not retry at all after a longer one: that response goes back to the Fetcher, which fails
    the URL for now instead of sleeping for hours.

    A retry is a request to the host like any other: after urllib3's own wait (Retry-After or
    backoff; none at all before the first retry), `before_retry` waits for the host's turn
    (the Fetcher's delay), so that no retry reaches a host sooner than the delay allows."""

    def __init__(self, *args: Any, before_retry: Callable[[], None] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.before_retry = before_retry

    def new(self, **kw: Any) -> CappedRetry:
        # urllib3 makes a new Retry for each attempt from its known fields: carry ours over.
        retry = super().new(**kw)
        retry.before_retry = self.before_retry
        return retry

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        super().sleep(response)
        if self.before_retry is not None:
            self.before_retry()

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: Any = None,
    ) -> CappedRetry:
        if response is not None and asks_long_wait(response):
            # With raise_on_status=False urllib3 hands this response back instead of raising.
            raise MaxRetryError(_pool, url, None)  # type: ignore[arg-type]  # as urllib3 does
        return super().increment(method, url, response, error, _pool, _stacktrace)


def _readable_rule(field: str, value: str) -> bool:
    """Whether urllib.robotparser can take a robots.txt line's value without raising."""
    value = value.split("#", 1)[0].strip()
    if field in ("crawl-delay", "request-rate"):
        # It calls int() on what str.isdigit() takes (`²`, 5,000 digits: ValueError) and
        # passes over the rest.
        parts = [part.strip() for part in value.split("/")]
        counted = len(parts) == (1 if field == "crawl-delay" else 2)
        taken = counted and all(part.isdigit() for part in parts)
        return not taken or all(ROBOTS_NUMBER.fullmatch(part) for part in parts)
    if field in ("allow", "disallow"):
        try:
            urllib.parse.urlparse(urllib.parse.unquote(value))  # `Disallow: http://[x/`
        except ValueError:
            return False
    return True


def robots_lines(text: str) -> list[str]:
    """A robots.txt's lines as urllib.robotparser may read them: the first MAX_ROBOTS_CHARS
    characters (as Google reads 500 KiB), without the lines it would raise on. Each such
    line is lost alone, as an unknown line would be; the other rules stand."""
    kept: list[str] = []
    for line in text[:MAX_ROBOTS_CHARS].splitlines():
        field, colon, value = line.partition(":")
        if colon and not _readable_rule(field.strip().lower(), value):
            continue
        kept.append(line)
    return kept


def host_of(url: str) -> str:
    """scheme://host[:port] of a URL, the unit of politeness and robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def check_resolvable(url: str) -> None:
    """Fail at once, with the host's name, when DNS cannot resolve it (offline machines)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as error:
        raise HostUnreachable(
            url, f"cannot reach {host}: name resolution failed ({error})"
        ) from error


def politeness_key(url: str) -> str:
    """The host a request goes to, as politeness counts hosts: the name in lower case and a
    port only when it is not the scheme's own, so that http:// and https:// of one host (a
    redirect between them) share one delay."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None  # `http://x:99999/`: the request itself fails, in its own words
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return host if port is None or port == default else f"{host}:{port}"


def build_session(
    user_agent: str, retries: int, before_retry: Callable[[], None] | None = None
) -> requests.Session:
    """A session with our User-Agent and retry policy mounted for http and https;
    `before_retry` is called before each retry is sent (the Fetcher's per-host delay)."""
    session = requests.Session()
    session.headers.update(
        {"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}
    )
    retry = CappedRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=0.5,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        before_retry=before_retry,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class Fetcher:
    """Polite HTTP GETs with per-host spacing and robots.txt; safe to share between threads.

    The session is shared too: urllib3's connection pools are thread-safe, and nothing else
    of the session changes after it is built (no cookies are kept by these sites' pages)."""

    def __init__(
        self,
        user_agent: str,
        delay: float = 1.0,
        timeout: float = 20.0,
        retries: int = 3,
        allowed_hosts: Iterable[str] = (),
        max_bytes: int = MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        deadline: float | None = None,
    ) -> None:
        self.user_agent = user_agent
        self.delay = delay
        self.timeout = timeout
        # Seconds one response may take from the request to its last byte.
        self.deadline = max(timeout, MIN_RESPONSE_DEADLINE) if deadline is None else deadline
        self.allowed_hosts = frozenset(allowed_hosts)
        self.max_bytes = max_bytes
        # The host a thread is requesting from now: its retries wait for that host's turn.
        self._current = threading.local()
        self._session = build_session(user_agent, retries, self._retry_turn)
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}  # politeness key -> its last request
        self._crawl_delays: dict[str, float] = {}  # politeness key -> its robots Crawl-delay
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._long_waits: dict[str, int] = {}  # host -> long Retry-Afters it answered
        # One lock per host, held while a request waits for that host's turn; `_lock` only
        # guards the tables and counters, never a wait, so no host holds up another.
        self._host_locks: dict[str, threading.Lock] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self.requests_made = 0
        # Each retry is logged by urllib3 at WARNING; the outcome is reported by us instead.
        logging.getLogger("urllib3").setLevel(logging.ERROR)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _lock_of(self, locks: dict[str, threading.Lock], key: str) -> threading.Lock:
        with self._lock:
            return locks.setdefault(key, threading.Lock())

    def pace(self, url: str) -> float:
        """Seconds between two requests to the URL's host: `delay`, or the host's robots.txt
        Crawl-delay when that is longer (at most MAX_CRAWL_DELAY)."""
        return self._pace_of(politeness_key(url))

    def _pace_of(self, key: str) -> float:
        return max(self.delay, self._crawl_delays.get(key, 0.0))

    def _wait_turn(self, key: str) -> None:
        # The host's lock is held while waiting so that two threads cannot both take its
        # next slot; threads asking other hosts do not wait for it.
        with self._lock_of(self._host_locks, key):
            last = self._last_request.get(key)
            if last is not None:
                wait = last + self._pace_of(key) - self._clock()
                if wait > 0:
                    self._sleep(wait)
            self._last_request[key] = self._clock()
        with self._lock:
            self.requests_made += 1

    def _retry_turn(self) -> None:
        host = getattr(self._current, "host", None)
        if host is not None:
            self._wait_turn(host)

    def _request(self, url: str, headers: Mapping[str, str] | None = None) -> requests.Response:
        """One GET (and its retries), each after the host's delay; no redirects followed,
        body not yet read (stream)."""
        host = host_of(url)
        self._current.host = politeness_key(url)
        self._wait_turn(self._current.host)
        try:
            return self._session.get(
                url, timeout=self.timeout, headers=headers, allow_redirects=False, stream=True
            )
        except requests.exceptions.ConnectionError as error:
            name = urlsplit(url).hostname or host
            if _is_connect_failure(error):
                raise HostUnreachable(url, f"cannot reach {name}: {_root_cause(error)}") from error
            raise FetchError(url, f"connection broken: {_root_cause(error)}") from error
        except requests.exceptions.Timeout as error:
            raise FetchError(url, f"timed out after {self.timeout:g} s") from error
        except requests.exceptions.RequestException as error:
            raise FetchError(url, f"request failed: {_root_cause(error)}") from error
        except UNUSABLE_RESPONSE as error:
            reason = f"unusable response (a bad Location header?): {_describe(error)}"
            raise FetchError(url, reason) from error

    def _read_body(self, url: str, response: requests.Response, started: float) -> bytes:
        """The whole body, or FetchError: over the size cap, shorter than announced, or not
        complete `deadline` seconds after the request `started` (a monotonic time)."""
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                # read1 returns what one read brings: a dripping body cannot hold the loop
                # (iter_content waits for whole 64 KB chunks, each read under the timeout).
                chunk = response.raw.read1(READ_CHUNK, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(
                        url, f"response larger than the {self.max_bytes:,} byte cap", permanent=True
                    )
                if self._clock() - started > self.deadline:
                    raise FetchError(
                        url,
                        f"response not complete after {self.deadline:g} s ({size:,} bytes"
                        " so far): the server sends too slowly",
                    )
                chunks.append(chunk)
        except (requests.exceptions.RequestException, HTTPError, OSError) as error:
            raise FetchError(url, f"truncated body: {_root_cause(error)}") from error
        except UNUSABLE_RESPONSE as error:
            raise FetchError(url, f"unreadable body: {_describe(error)}") from error
        finally:
            response.close()
        body = b"".join(chunks)
        declared = response.headers.get("Content-Length")
        # urllib3 checks this too; a body shorter than announced is never taken as a page.
        encoded = response.headers.get("Content-Encoding") is not None
        if declared and declared.isdigit() and not encoded and int(declared) != len(body):
            raise FetchError(url, f"truncated body: {len(body)} of {declared} bytes")
        return body

    def robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The host's robots.txt rules, fetched once per Fetcher (by one thread: the others
        asking the host meanwhile wait for its rules)."""
        host = host_of(url)
        rules = self._robots.get(host)
        if rules is not None:
            return rules
        with self._lock_of(self._robots_locks, host):
            rules = self._robots.get(host)
            return rules if rules is not None else self._fetch_robots(url)

    def _fetch_robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        host = host_of(url)
        robots_url = f"{host}/robots.txt"
        rules = urllib.robotparser.RobotFileParser(robots_url)
        started = self._clock()
        response = self._request(robots_url)
        if response.status_code in (401, 403):
            raise HostRefused(
                robots_url,
                f"{urlsplit(url).hostname} refuses this client (HTTP {response.status_code} for "
                "robots.txt); some sites block networks outside China",
                status=response.status_code,
            )
        if response.status_code >= 500:
            raise FetchError(
                robots_url, f"robots.txt unavailable (HTTP {response.status_code})", status=500
            )
        if response.status_code >= 300:
            rules.parse([])  # no robots.txt (or one elsewhere): everything is allowed
        else:
            body = self._read_body(robots_url, response, started)
            try:
                rules.parse(robots_lines(body.decode("utf-8", errors="replace")))
            except UNUSABLE_RESPONSE as error:
                # Not met with the lines robots_lines keeps; a robots.txt is still no crash.
                reason = f"robots.txt cannot be read: {_describe(error)}"
                raise FetchError(robots_url, reason[:300]) from error
        crawl_delay = rules.crawl_delay(self.user_agent)
        if crawl_delay is not None:
            key = politeness_key(url)
            self._crawl_delays[key] = min(float(crawl_delay), MAX_CRAWL_DELAY)
        self._robots[host] = rules
        return rules

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our User-Agent fetch the URL."""
        return self.robots_for(url).can_fetch(self.user_agent, url)

    def _host_allowed(self, start: str, target: str) -> bool:
        target_host = urlsplit(target).netloc
        return target_host == urlsplit(start).netloc or target_host in self.allowed_hosts

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FetchedPage:
        """GET a URL; FetchError (with a reason) for anything but a 2xx or a 304.

        Redirects are followed by hand, only between the starting host and `allowed_hosts`
        (a source's own hosts), at most MAX_REDIRECTS times. `etag` and `last_modified` make
        the request conditional: an unchanged page answers 304 with an empty body. `headers`
        are sent as well (a `Range` for one record of a WARC file: the answer is a 206).
        """
        headers = dict(headers or {})
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self._check_not_backing_off(url)
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(current):
                raise Disallowed(current, "disallowed by robots.txt", permanent=True)
            started = self._clock()
            response = self._request(current, headers)
            status = response.status_code
            if status not in REDIRECT_STATUSES:
                break
            response.close()
            location = response.headers.get("Location")
            if not location:
                raise FetchError(url, f"HTTP {status} redirect without a Location", status)
            try:
                target = urljoin(current, location)
                allowed = self._host_allowed(url, target)
            except ValueError as error:
                reason = f"HTTP {status} redirect to an unusable Location: {_describe(error)}"
                raise FetchError(url, reason, status) from error
            if not allowed:
                raise FetchError(
                    url,
                    f"redirect to {urlsplit(target).netloc} not followed (not a host of this"
                    " source)",
                    status,
                    permanent=True,
                )
            current = target
        else:
            raise FetchError(url, f"more than {MAX_REDIRECTS} redirects (a loop?)", permanent=True)
        if status == 304:
            response.close()
            body = b""
        elif status == 403:
            response.close()
            raise FetchError(url, "HTTP 403 forbidden: the site refuses this client", status)
        elif status in PERMANENT_STATUSES:
            response.close()
            raise FetchError(url, f"HTTP {status} not found", status, permanent=True)
        elif status in RETRY_STATUSES and asks_long_wait(response):
            response.close()
            self._long_wait(url, status, response.headers.get("Retry-After") or "")
        elif not 200 <= status < 300:
            response.close()
            raise FetchError(url, f"HTTP {status}", status)
        else:
            body = self._read_body(url, response, started)
        return FetchedPage(
            url=url,
            final_url=current,
            status=status,
            content_type=response.headers.get("Content-Type"),
            body=body,
            fetched_at=datetime.now(UTC).replace(tzinfo=None),
            headers=tuple(response.headers.items()),
        )

    def _long_wait(self, url: str, status: int, retry_after: str) -> None:
        """Fail a URL whose host asks for a long wait; the host too when it keeps asking."""
        host = host_of(url)
        with self._lock:
            self._long_waits[host] = self._long_waits.get(host, 0) + 1
        reason = (
            f"HTTP {status} with Retry-After: {retry_after[:40]} (more than"
            f" {MAX_RETRY_AFTER:g} s): tried again next run"
        )
        if self._long_waits[host] >= LONG_WAITS_PER_HOST:
            raise HostBackingOff(url, self._backing_off_reason(host), status)
        raise FetchError(url, reason, status)

    def _backing_off_reason(self, host: str) -> str:
        return (
            f"{urlsplit(host).hostname} asked {self._long_waits[host]} times to wait more than"
            f" {MAX_RETRY_AFTER:g} s (Retry-After): down for this run; the rest is tried next run"
        )

    def _check_not_backing_off(self, url: str) -> None:
        host = host_of(url)
        if self._long_waits.get(host, 0) >= LONG_WAITS_PER_HOST:
            raise HostBackingOff(url, self._backing_off_reason(host))


def _is_connect_failure(error: BaseException) -> bool:
    """True when no connection was made at all (DNS, refused, connect timeout)."""
    connect_errors = (NewConnectionError, NameResolutionError, ConnectTimeoutError)
    seen: BaseException | None = error
    while seen is not None:
        # urllib3 wraps the cause in MaxRetryError.reason rather than chaining it.
        if isinstance(seen, connect_errors) or isinstance(
            getattr(seen, "reason", None), connect_errors
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _describe(error: BaseException) -> str:
    """`Type: message` of an exception that has no better wording of ours."""
    return f"{type(error).__name__}: {error}"


def _root_cause(error: BaseException) -> str:
    """The innermost exception's message, which names what actually went wrong."""
    seen = error
    while True:
        inner = seen.__cause__ or seen.__context__
        if inner is None or inner is seen:
            break
        seen = inner
    reason = getattr(seen, "reason", None)
    text = str(reason or seen)
    return text.split(": ", 1)[-1] if "object at 0x" in text else text


def build_site_fetcher(
    settings: Settings, sources: Iterable[SiteAdapter], retries: int | None = None
) -> Fetcher:
    """The one fetcher of a run over `sources`: polite per host, limited to their hosts."""
    return Fetcher(
        settings.user_agent,
        delay=settings.delay,
        timeout=settings.timeout,
        retries=settings.retries if retries is None else retries,
        allowed_hosts=tuple(host for source in sources for host in source.allowed_hosts),
        max_bytes=settings.max_page_bytes,  # one page cap for fetched pages, files, the archive
    )
