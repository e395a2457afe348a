"""A real HTTP server on loopback that serves a `SampleSite` (tests, `make demo`, benchmarks).

    with SampleServer(build_site()) as server:
        requests.get(server.base_url + "/shixianchuanzhen/yangzhou/index.shtml")
        server.set_site(newer_site)        # newly published articles, swapped atomically
        server.requests                    # every request: method, path, headers, time

HTTP/1.1 with keep-alive (Content-Length always set) and TCP_NODELAY on accepted sockets:
without it every keep-alive request waits ~40 ms on delayed ACKs (DESIGN.md 5).
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.sample_site.site import COLUMN_PATH, NOT_FOUND_BODY, NOT_FOUND_TYPE, SampleSite

# Idle keep-alive connections are closed after this many seconds, so handler threads end.
IDLE_TIMEOUT = 30.0


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it.

    `path` is the URL path without the query; `target` the raw request target. `time` is
    `time.monotonic()`: compare requests with each other, not with the wall clock. Requests
    with the same `client_port` came over the same TCP connection.
    """

    method: str
    path: str
    target: str
    headers: dict[str, str]
    time: float
    client_port: int
    status: int


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: SampleServer

    def __init__(self, address: tuple[str, int], owner: SampleServer) -> None:
        self.owner = owner
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that hang up (and the injected resets) are normal here, not errors to print.
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """Close idle keep-alive connections so their handler threads end now."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            # OSError: the client closed it already.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SampleSite/1.0"
    # Sets TCP_NODELAY on the accepted socket (socketserver.StreamRequestHandler.setup).
    disable_nagle_algorithm = True
    timeout = IDLE_TIMEOUT
    server: _HTTPServer

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, with_body: bool) -> None:
        owner = self.server.owner
        path = unquote(urlsplit(self.path).path)
        page = owner.site.pages.get(path)
        status = 200 if page is not None else 404
        body = page.body if page is not None else NOT_FOUND_BODY
        content_type = page.content_type if page is not None else NOT_FOUND_TYPE
        fault = owner._take_fault(path)
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        if page is not None and fault is None and self.headers.get("If-None-Match") == etag:
            status = 304
        owner._record(
            RecordedRequest(
                method=self.command,
                path=path,
                target=self.path,
                headers=dict(self.headers.items()),
                time=time.monotonic(),
                client_port=int(self.client_address[1]),
                status=status if fault is None else 0,
            )
        )
        if fault is not None:
            self._inject(fault, body, content_type)
            return
        self.send_response(status)
        if status == 304:
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if page is not None:
            self.send_header("ETag", etag)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _plain(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _inject(self, fault: Fault, body: bytes, content_type: str) -> None:
        """Misbehave as the fault says (see `Fault`)."""
        kind = fault.kind
        if kind == "status":
            self._plain(fault.status, b"<html><body>server error</body></html>")
        elif kind == "retry_after":
            self._plain(429, b"slow down", Retry_After=str(fault.seconds))
        elif kind == "reset":
            # RST instead of FIN: the client sees "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
        elif kind == "stall":
            time.sleep(fault.seconds)  # longer than the client's timeout
            self.close_connection = True
        elif kind == "truncate":
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
        elif kind == "oversize":
            self._plain(200, b"<html><body>" + b"x" * fault.size + b"</body></html>")
        elif kind == "redirect":
            self._plain(302, b"", Location=fault.location)
        elif kind == "replace":
            self._plain(200, fault.body)
        else:
            raise ValueError(f"unknown fault {kind}")

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests and the demo read their own output, not an access log."""


@dataclass
class Fault:
    """A misbehaviour injected for one path, for the first `times` requests (-1: always).

    kinds: status (answer `status`), retry_after (429 with Retry-After: `seconds`), reset
    (connection reset), stall (sleep `seconds`, answer nothing), truncate (half the body under
    a full Content-Length), oversize (`size` bytes), redirect (302 to `location`), replace
    (answer 200 with `body` instead of the page).
    """

    kind: str
    times: int = 1
    status: int = 503
    seconds: float = 0.0
    size: int = 0
    location: str = ""
    body: bytes = b""


class SampleServer:
    """The sample site on a ThreadingHTTPServer at 127.0.0.1 and an ephemeral port."""

    def __init__(self, site: SampleSite, host: str = "127.0.0.1", port: int = 0) -> None:
        self._site = site
        self._site_lock = threading.Lock()
        self._requests_lock = threading.Lock()
        self._host = host
        self._port = port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.requests: list[RecordedRequest] = []
        self.faults: dict[str, Fault] = {}
        self.base_url = ""

    def _take_fault(self, path: str) -> Fault | None:
        """The fault to inject for this request, counting it down."""
        with self._requests_lock:
            fault = self.faults.get(path)
            if fault is None or fault.times == 0:
                return None
            if fault.times > 0:
                fault.times -= 1
            return fault

    @property
    def site(self) -> SampleSite:
        """The site being served now."""
        with self._site_lock:
            return self._site

    def set_site(self, site: SampleSite) -> None:
        """Serve another site from the next request on (e.g. with newly published articles)."""
        with self._site_lock:
            self._site = site

    def _record(self, request: RecordedRequest) -> None:
        with self._requests_lock:
            self.requests.append(request)

    def start(self) -> None:
        """Bind and serve in a daemon thread; `base_url` is set when this returns."""
        if self._httpd is not None:
            raise RuntimeError("the server is already running")
        httpd = _HTTPServer((self._host, self._port), self)
        host, port = httpd.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, close the socket and any open keep-alive connections."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> SampleServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(site: SampleSite, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve a site until Ctrl-C, printing its base URL first (manual use)."""
    server = SampleServer(site, host=host, port=port)
    server.start()
    column = f"{server.base_url}{COLUMN_PATH}"
    print(f"Serving the sample site at {server.base_url} ({column}); Ctrl-C stops", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
