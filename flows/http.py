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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 60.0  # seconds: a server asking for longer is treated as down for this run
PERMANENT_STATUSES = (404, 410)


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
    """One HTTP response as received."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes
    fetched_at: datetime


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
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.user_agent = user_agent
        self.delay = delay
        self.timeout = timeout
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

    def _request(self, url: str) -> requests.Response:
        host = host_of(url)
        self._wait_turn(host)
        self.requests_made += 1
        try:
            return self._session.get(url, timeout=self.timeout)
        except requests.exceptions.ConnectionError as error:
            name = urlsplit(url).hostname or host
            raise HostUnreachable(url, f"cannot reach {name}: {_root_cause(error)}") from error
        except requests.exceptions.Timeout as error:
            raise FetchError(url, f"timed out after {self.timeout:g} s") from error
        except requests.exceptions.RequestException as error:
            raise FetchError(url, f"request failed: {_root_cause(error)}") from error

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
        if response.status_code >= 400:
            rules.parse([])  # no robots.txt: everything is allowed
        else:
            rules.parse(response.content.decode("utf-8", errors="replace").splitlines())
        self._robots[host] = rules
        return rules

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our User-Agent fetch the URL."""
        return self.robots_for(url).can_fetch(self.user_agent, url)

    def get(self, url: str) -> FetchedPage:
        """GET a URL; raises FetchError (with a reason) for anything but a 2xx answer."""
        if not self.allowed(url):
            raise Disallowed(url, "disallowed by robots.txt", permanent=True)
        response = self._request(url)
        status = response.status_code
        if status == 403:
            raise FetchError(url, "HTTP 403 forbidden: the site refuses this client", status)
        if status in PERMANENT_STATUSES:
            raise FetchError(url, f"HTTP {status} not found", status, permanent=True)
        if not 200 <= status < 300:
            raise FetchError(url, f"HTTP {status}", status)
        return FetchedPage(
            url=url,
            final_url=response.url,
            status=status,
            content_type=response.headers.get("Content-Type"),
            body=response.content,
            fetched_at=datetime.now(UTC).replace(tzinfo=None),
        )


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
