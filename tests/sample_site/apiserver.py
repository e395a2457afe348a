"""A real HTTP server on loopback that answers each request with a function: the base of the
web archive emulators (wayback.py, commoncrawl.py).

    with ApiServer(lambda request: Answer(200, b"ok")) as server:
        requests.get(server.base_url + "/anything?x=1")
        server.requests                 # every request: method, path, headers, time, status

Like SampleServer (server.py): HTTP/1.1 keep-alive, Content-Length always set, TCP_NODELAY on
accepted sockets, every request recorded with its `time.monotonic()` (politeness is measured
on these, never with sleeps in tests). Each server is its own host (its own port).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.sample_site.server import IDLE_TIMEOUT, RecordedRequest


@dataclass(frozen=True)
class Request:
    """One request as the answering function sees it."""

    method: str
    target: str  # the raw request target, path and query as sent
    path: str  # the path, percent-decoded, without the query
    query: Mapping[str, list[str]]  # the query string's values, decoded
    headers: Mapping[str, str]

    def param(self, name: str) -> str | None:
        """The first value of a query parameter, if it was sent."""
        values = self.query.get(name)
        return values[0] if values else None


@dataclass(frozen=True)
class Answer:
    """What to send back: a status, a body, its type and more headers."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = field(default=())


Respond = Callable[[Request], Answer]


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], owner: ApiServer) -> None:
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
        # Clients that hang up are normal here, not errors to print.
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # the client closed it already
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ArchiveEmulator/1.0"
    disable_nagle_algorithm = True  # TCP_NODELAY: no 40 ms delayed-ACK waits (DESIGN.md 5)
    timeout = IDLE_TIMEOUT
    server: _HTTPServer

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, with_body: bool) -> None:
        owner = self.server.owner
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            target=self.path,
            path=unquote(parts.path),
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=dict(self.headers.items()),
        )
        answer = owner.respond(request)
        owner.record(
            RecordedRequest(
                method=self.command,
                path=request.path,
                target=self.path,
                headers=dict(self.headers.items()),
                time=time.monotonic(),
                client_port=int(self.client_address[1]),
                status=answer.status,
            )
        )
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read their own output, not an access log."""


class ApiServer:
    """Answers every request with `respond(request)`, at 127.0.0.1 and an ephemeral port."""

    def __init__(self, respond: Respond, host: str = "127.0.0.1", port: int = 0) -> None:
        self.respond = respond
        self._host = host
        self._port = port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.requests: list[RecordedRequest] = []
        self.base_url = ""

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
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
        """Stop serving and close open keep-alive connections."""
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

    def __enter__(self) -> ApiServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
