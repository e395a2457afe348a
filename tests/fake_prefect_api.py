"""A Prefect API that misbehaves, on loopback, for the tests of how runs meet API faults (#31).

    python -m tests.fake_prefect_api MODE PORT [--healthy]

MODE: `503` (every answer a 503), `html` (a 200 HTML page, as a captive portal gives), `truncated`
(JSON cut short). With `--healthy` the health check answers as Prefect's does (`true`) and only
the other endpoints misbehave: a fault that shows once a run has begun.
"""

from __future__ import annotations

import argparse
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ANSWERS = {
    "503": (503, "application/json", b'{"detail": "Service Unavailable"}'),
    "html": (200, "text/html; charset=utf-8", b"<html><body>login to continue</body></html>"),
    "truncated": (200, "application/json", b'{"id": "7c1f", "name": "ing'),
}


class FakePrefectApi(ThreadingHTTPServer):
    """The misbehaving API on 127.0.0.1:`port` (0: a free port; `url` says which)."""

    daemon_threads = True

    def __init__(self, mode: str, port: int = 0, healthy: bool = False) -> None:
        self.answer = ANSWERS[mode]
        self.healthy = healthy
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api"

    def __enter__(self) -> FakePrefectApi:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FakePrefectApi

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.server.healthy and self.path.rstrip("/").endswith("/health"):
            status, content_type, body = 200, "application/json", b"true"
        else:
            status, content_type, body = self.server.answer
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=sorted(ANSWERS))
    parser.add_argument("port", type=int)
    parser.add_argument("--healthy", action="store_true")
    args = parser.parse_args()
    FakePrefectApi(args.mode, args.port, args.healthy).serve_forever()


if __name__ == "__main__":
    main()
