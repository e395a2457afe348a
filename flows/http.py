"""All network access: one polite `requests.Session` per run.

Politeness and robustness live here, not in the flows: an identifying User-Agent, real
connect/read timeouts, at least `delay` seconds between two requests to one host, robots.txt
fetched once per host and honoured, and retries with backoff on connection errors, 429 and 5xx
(Retry-After respected, capped). Bodies are returned as bytes: decoding is the parsers' job.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http.client import HTTPException
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.retry import Retry

RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
MAX_BYTES = 5 * 1024 * 1024  # a response over this is not an article page
MAX_RETRY_AFTER = 60.0  # seconds: a server asking for longer is treated as down for this run
PERMANENT_STATUSES = (404, 410)
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


class CappedRetry(Retry):
    """urllib3 Retry that never sleeps longer than MAX_RETRY_AFTER for a Retry-After header."""

    def get_retry_after(self, response: Any) -> float | None:
        value = super().get_retry_after(response)
        return None if value is None else min(value, MAX_RETRY_AFTER)


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


def build_session(user_agent: str, retries: int) -> requests.Session:
    """A session with our User-Agent and retry policy mounted for http and https."""
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
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class Fetcher:
    """Polite HTTP GETs with per-host spacing and robots.txt; safe to share between threads."""

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
    ) -> None:
        self.user_agent = user_agent
        self.delay = delay
        self.timeout = timeout
        self.allowed_hosts = frozenset(allowed_hosts)
        self.max_bytes = max_bytes
        self._session = build_session(user_agent, retries)
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
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

    def _wait_turn(self, host: str) -> None:
        # Hold the lock while waiting so two threads cannot both take the same slot.
        with self._lock:
            last = self._last_request.get(host)
            if last is not None:
                wait = last + self.delay - self._clock()
                if wait > 0:
                    self._sleep(wait)
            self._last_request[host] = self._clock()

    def _request(self, url: str, headers: Mapping[str, str] | None = None) -> requests.Response:
        """One GET, no redirects followed, body not yet read (stream)."""
        host = host_of(url)
        self._wait_turn(host)
        self.requests_made += 1
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

    def _read_body(self, url: str, response: requests.Response) -> bytes:
        """The whole body, or FetchError: over the size cap, or shorter than announced."""
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(
                        url, f"response larger than the {self.max_bytes:,} byte cap", permanent=True
                    )
                chunks.append(chunk)
        except (requests.exceptions.RequestException, OSError) as error:
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
        """The host's robots.txt rules, fetched once per Fetcher."""
        host = host_of(url)
        rules = self._robots.get(host)
        if rules is not None:
            return rules
        robots_url = f"{host}/robots.txt"
        rules = urllib.robotparser.RobotFileParser(robots_url)
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
            body = self._read_body(robots_url, response)
            rules.parse(body.decode("utf-8", errors="replace").splitlines())
        self._robots[host] = rules
        return rules

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our User-Agent fetch the URL."""
        return self.robots_for(url).can_fetch(self.user_agent, url)

    def _host_allowed(self, start: str, target: str) -> bool:
        target_host = urlsplit(target).netloc
        return target_host == urlsplit(start).netloc or target_host in self.allowed_hosts

    def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> FetchedPage:
        """GET a URL; FetchError (with a reason) for anything but a 2xx or a 304.

        Redirects are followed by hand, only between the starting host and `allowed_hosts`
        (a source's own hosts), at most MAX_REDIRECTS times. `etag` and `last_modified` make
        the request conditional: an unchanged page answers 304 with an empty body.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(current):
                raise Disallowed(current, "disallowed by robots.txt", permanent=True)
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
        elif not 200 <= status < 300:
            response.close()
            raise FetchError(url, f"HTTP {status}", status)
        else:
            body = self._read_body(url, response)
        return FetchedPage(
            url=url,
            final_url=current,
            status=status,
            content_type=response.headers.get("Content-Type"),
            body=body,
            fetched_at=datetime.now(UTC).replace(tzinfo=None),
            headers=tuple(response.headers.items()),
        )


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
