"""`yzdaily web`: the web app (the `web` package) over the warehouse, until Ctrl-C or SIGTERM.

    yzdaily web                          # http://127.0.0.1:8000/
    yzdaily web --db data/demo/yzdaily.duckdb --port 8080

Only the command lives here (its options, the settings, the exit codes): the app itself is
the `web` package, which never imports `flows`.
"""

from __future__ import annotations

import argparse
import sys

from cli.base import Command
from cli.errors import EXIT_OK
from cli.options import build_command_settings, converted
from flows.terminal import echo

MAX_PORT = 65_535


def _port(text: str) -> int:
    value = converted(int, text, "a port number")
    if not 0 <= value <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"a port is 0 to {MAX_PORT} (0: any free one): {value}")
    return value


class Web(Command, name="web", order=50):
    """`yzdaily web`: serve until stopped; exit 0 when stopped, 1 when it cannot start."""

    warehouse = "path"
    help = "the archive in a browser: search, articles, trends, people, health (read-only)"
    description = """Serve a local, read-only web app over the warehouse: search with filters
        and facets, article pages, trend charts, officeholders, emerging terms and source
        health, each with a JSON API under /api/ that gives the same answers as the commands'
        --json. Bound to 127.0.0.1 unless --host says otherwise. It opens the warehouse for each
        request only, so an ingest can run meanwhile. Stop with Ctrl-C or SIGTERM."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)"
        )
        parser.add_argument(
            "--port", type=_port, default=8000, help="port (default 8000; 0 picks a free one)"
        )

    def run(self, args: argparse.Namespace) -> int:
        from web.pages import WebConfig
        from web.server import serve

        settings = build_command_settings(args)
        if not settings.db_path.exists():
            # Served anyway (pages answer 503 until it exists): an ingest may be about to make it.
            echo(
                f"note: no warehouse at {settings.db_path} yet: run `yzdaily ingest` (or"
                " `make demo`); the pages answer 503 until it exists",
                file=sys.stderr,
            )
        config = WebConfig(db_path=settings.db_path, jieba_cache_dir=settings.jieba_cache_dir)
        serve(config, args.host, args.port)  # WebServerError: exit 1 (errors.py)
        return EXIT_OK
