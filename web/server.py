"""Serving the app with uvicorn: bind, print the URL, stop cleanly on Ctrl-C or SIGTERM."""

from __future__ import annotations

import ipaddress
import signal
import socket
import sys
import threading
import time
from types import FrameType, TracebackType
from typing import Self

import uvicorn

from web.app import build_app
from web.pages import WebConfig

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
START_DEADLINE_SECONDS = 20.0


class WebServerError(RuntimeError):
    """The server could not start (the address is taken, say); the message says why."""


class _Server(uvicorn.Server):
    """uvicorn's server, but a stop that was asked for is a clean exit.

    uvicorn shuts down gracefully on SIGINT/SIGTERM and then raises the signal again, so the
    process dies of it (exit 130 or -15); here Ctrl-C and SIGTERM end `serve` normally.
    """

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True  # a second Ctrl-C: do not wait for open connections
        else:
            self.should_exit = True


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise WebServerError(f"cannot serve on {host!r}: {error.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise WebServerError(f"cannot serve on {host}:{port}: {error.strerror}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    """The http:// URL a bound socket answers at."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(config: WebConfig, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the app until Ctrl-C or SIGTERM; prints the URL once it listens."""
    sock = bind(host, port)
    app = build_app(config)
    server = _Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="none",
            # A tab left open keeps its connection: do not let idle ones pile up.
            timeout_keep_alive=5,
        )
    )
    print(f"yzdaily web: {url_of(sock)}  (reading {config.db_path}; Ctrl-C stops)", flush=True)
    if not is_loopback(host):
        print(
            f"warning: serving on {host}: anyone who can reach this machine can read the archive",
            file=sys.stderr,
            flush=True,
        )
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    print("yzdaily web: stopped", flush=True)


class ServerThread:
    """The app on a real uvicorn in a background thread, on a free port of 127.0.0.1 (tests
    and benchmarks talk to it over HTTP).

        with ServerThread(config) as server:
            requests.get(server.base_url + "/api/stats")
    """

    def __init__(self, config: WebConfig, host: str = DEFAULT_HOST) -> None:
        self._socket = bind(host, 0)
        self.base_url = url_of(self._socket).rstrip("/")
        self._server = uvicorn.Server(
            uvicorn.Config(build_app(config), log_level="warning", lifespan="off", ws="none")
        )
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def __enter__(self) -> Self:
        self._thread.start()
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise WebServerError("the web server did not start")
            time.sleep(0.02)  # uvicorn sets `started` from its own thread: nothing to wait on
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
