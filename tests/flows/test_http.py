"""The fetcher against a real HTTP server on 127.0.0.1 that misbehaves on purpose."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from fetching.http import (
    MAX_RETRY_AFTER,
    Disallowed,
    Fetcher,
    FetchError,
    HostBackingOff,
    HostRefused,
    HostUnreachable,
)

UA = "yzdaily-test/1.0 (+https://example.invalid)"
DRIP_INTERVAL = 0.1  # seconds between two bytes of /drip
# Location headers that requests, urllib3 or urllib.parse cannot parse.
BAD_LOCATIONS = ("http://[x/", "http://[::1/x", "//[/", "http://]x[/")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: ClassVar[dict[str, int]] = {}
    agents: ClassVar[list[str]] = []
    robots_status = 200
    hung_up = threading.Event()  # set when a test is done with a dripping response

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes = b"ok", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        hits = Handler.hits
        hits[self.path] = hits.get(self.path, 0) + 1
        Handler.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/robots.txt":
            self.send(Handler.robots_status, b"User-agent: *\nDisallow: /private/\n")
        elif self.path == "/flaky":
            # Fails twice with 503, then answers: retries must get through.
            if hits[self.path] <= 2:
                self.send(503, b"busy")
            else:
                self.send(200, "扬州".encode())
        elif self.path == "/slow-down":
            if hits[self.path] == 1:
                self.send(429, b"", {"Retry-After": "0"})
            else:
                self.send(200, b"ok")
        elif self.path == "/always-500":
            self.send(500, b"broken")
        elif self.path == "/ok":
            self.send(200, "扬州".encode())
        elif self.path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, b"", {"ETag": '"v1"'})
            else:
                self.send(200, b"page", {"ETag": '"v1"'})
        elif self.path == "/short":
            # Announces more than it sends, then hangs up.
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"only part")
            self.close_connection = True
        elif self.path == "/huge":
            self.send(200, b"x" * 3000)
        elif self.path == "/loop":
            self.send(302, b"", {"Location": "/loop"})
        elif self.path == "/hop":
            self.send(301, b"", {"Location": "/ok"})
        elif self.path == "/away":
            self.send(302, b"", {"Location": "http://elsewhere.invalid/page"})
        elif self.path == "/drip":
            # A full Content-Length, then one byte at a time: each read is quick, the whole is not.
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(100000):
                if Handler.hung_up.wait(DRIP_INTERVAL):
                    break
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    break  # the client gave up: what the test wants
            self.close_connection = True
        elif self.path.startswith("/wait-long/"):
            self.send(429, b"slow down", {"Retry-After": "100000"})
        elif self.path.startswith("/bad-location/"):
            # requests parses Location even when it follows no redirect.
            self.send(302, b"", {"Location": BAD_LOCATIONS[int(self.path.rsplit("/", 1)[1])]})
        else:
            self.send(404, b"no")


@pytest.fixture
def server() -> Iterator[str]:
    Handler.hits = {}
    Handler.agents = []
    Handler.robots_status = 200
    Handler.hung_up = threading.Event()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    Handler.hung_up.set()
    httpd.shutdown()
    httpd.server_close()


def fetcher(delay: float = 0.0, retries: int = 3) -> Fetcher:
    return Fetcher(UA, delay=delay, timeout=5, retries=retries)


def test_get_sends_our_user_agent_and_returns_bytes(server: str) -> None:
    with fetcher() as f:
        page = f.get(f"{server}/ok")
    assert page.status == 200
    assert page.body == "扬州".encode()
    assert page.content_type == "text/html; charset=utf-8"
    assert Handler.agents and set(Handler.agents) == {UA}


def test_robots_is_fetched_once_and_honoured(server: str) -> None:
    with fetcher() as f:
        f.get(f"{server}/ok")
        f.get(f"{server}/ok")
        with pytest.raises(Disallowed):
            f.get(f"{server}/private/secret.shtml")
    assert Handler.hits["/robots.txt"] == 1
    assert "/private/secret.shtml" not in Handler.hits


def test_robots_403_is_reported_as_refusal(server: str) -> None:
    Handler.robots_status = 403
    with fetcher() as f, pytest.raises(HostRefused, match="refuses this client"):
        f.get(f"{server}/ok")


def test_missing_robots_allows_everything(server: str) -> None:
    Handler.robots_status = 404
    with fetcher() as f:
        assert f.get(f"{server}/ok").status == 200


def test_5xx_and_429_are_retried(server: str) -> None:
    with fetcher() as f:
        assert f.get(f"{server}/flaky").body == "扬州".encode()
        assert f.get(f"{server}/slow-down").status == 200
    assert Handler.hits["/flaky"] == 3
    assert Handler.hits["/slow-down"] == 2


def test_persistent_5xx_gives_up_with_the_status(server: str) -> None:
    with fetcher(retries=1) as f, pytest.raises(FetchError, match="HTTP 500") as caught:
        f.get(f"{server}/always-500")
    assert caught.value.status == 500 and not caught.value.permanent
    assert Handler.hits["/always-500"] == 2


def test_404_is_permanent(server: str) -> None:
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get(f"{server}/gone")
    assert caught.value.status == 404 and caught.value.permanent


def test_unreachable_host_names_the_host() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port now: the connection is refused.
    with (
        fetcher(retries=0) as f,
        pytest.raises(HostUnreachable, match=r"cannot reach 127\.0\.0\.1"),
    ):
        f.get(f"http://127.0.0.1:{port}/index.shtml")


def test_delay_spaces_requests_to_one_host(server: str) -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    f = Fetcher(UA, delay=1.5, timeout=5, retries=0, sleep=sleep, clock=lambda: now[0])
    with f:
        f.get(f"{server}/ok")  # robots.txt, then the page: one wait between them
        f.get(f"{server}/ok")
    assert waits == [1.5, 1.5]


def test_conditional_get_gets_304_with_no_body(server: str) -> None:
    with fetcher() as f:
        first = f.get(f"{server}/etag")
        second = f.get(f"{server}/etag", etag=first.header("ETag"))
    assert (first.status, first.body) == (200, b"page")
    assert (second.status, second.body) == (304, b"")


def test_truncated_body_is_an_error(server: str) -> None:
    with fetcher(retries=0) as f, pytest.raises(FetchError, match="truncated"):
        f.get(f"{server}/short")


def test_size_cap(server: str) -> None:
    f = Fetcher(UA, delay=0, timeout=5, retries=0, max_bytes=1000)
    with f, pytest.raises(FetchError, match="cap") as caught:
        f.get(f"{server}/huge")
    assert caught.value.permanent


def test_redirects_stay_on_the_source_hosts(server: str) -> None:
    with fetcher() as f:
        assert f.get(f"{server}/hop").final_url == f"{server}/ok"
        with pytest.raises(FetchError, match="redirects") as loop:
            f.get(f"{server}/loop")
        with pytest.raises(FetchError, match=r"elsewhere\.invalid not followed") as away:
            f.get(f"{server}/away")
    assert loop.value.permanent and away.value.permanent


@pytest.mark.parametrize("number", range(len(BAD_LOCATIONS)))
def test_an_unparsable_location_is_that_urls_failure(server: str, number: int) -> None:
    with fetcher() as f:
        with pytest.raises(FetchError, match="Location") as caught:
            f.get(f"{server}/bad-location/{number}")
        assert not caught.value.permanent  # a server bug may be fixed: tried again next run
        assert f.get(f"{server}/ok").status == 200  # the fetcher goes on


def test_a_dripping_body_is_cut_off_at_the_response_deadline(server: str) -> None:
    # Every byte comes well within the read timeout; only a total deadline ends it.
    f = Fetcher(UA, delay=0, timeout=1, retries=0, deadline=1.0)
    started = time.monotonic()
    with f, pytest.raises(FetchError, match=r"not complete after 1 s") as caught:
        f.get(f"{server}/drip")
    assert time.monotonic() - started < 1.0 + 3 * DRIP_INTERVAL + 1.0  # one read past it, at most
    assert not caught.value.permanent


def test_the_default_deadline_is_at_least_the_timeout() -> None:
    assert Fetcher(UA, timeout=5).deadline >= 5
    assert Fetcher(UA, timeout=120).deadline >= 120


@pytest.mark.timeout(60)  # the old fetcher slept 3 x 60 s for each such URL
def test_a_long_retry_after_fails_the_url_now_and_twice_the_host_for_this_run(server: str) -> None:
    started = time.monotonic()
    with fetcher(retries=3) as f:
        with pytest.raises(FetchError, match="Retry-After") as first:
            f.get(f"{server}/wait-long/1")
        assert type(first.value) is FetchError and not first.value.permanent
        with pytest.raises(HostBackingOff, match="down for this run"):
            f.get(f"{server}/wait-long/2")
        with pytest.raises(HostBackingOff):
            f.get(f"{server}/ok")  # not even asked
    assert time.monotonic() - started < MAX_RETRY_AFTER
    assert (Handler.hits["/wait-long/1"], Handler.hits["/wait-long/2"]) == (1, 1)
    assert "/ok" not in Handler.hits
