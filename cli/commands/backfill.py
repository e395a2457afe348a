"""`yzdaily backfill`: the articles of a date range, however far back, and with --archives
those the web archives hold that the lists no longer reach (docs/HISTORY.md)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from cli.base import Command
from cli.errors import EXIT_FATAL, EXIT_USAGE
from cli.options import (
    add_archive_options,
    add_crawl_options,
    add_source,
    build_command_settings,
    iso_date,
)
from cli.running import hosts_resolve, run_flow
from flows.terminal import echo


class Backfill(Command, name="backfill", order=11):
    """`yzdaily backfill`: a date range, paging past known articles."""

    warehouse = "path"
    help = "load the articles of a date range, however far back"
    description = """Read list pages newest first past known articles, stop at the first list
        page wholly older than --since, and fetch and load only the articles dated
        --since..--until (inclusive). Articles already loaded are not fetched again."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--since", type=iso_date, required=True, help="first day (YYYY-MM-DD)")
        parser.add_argument("--until", type=iso_date, help="last day (default: today)")
        add_source(parser)
        add_crawl_options(parser)
        add_archive_options(parser)

    def run(self, args: argparse.Namespace) -> int:
        settings = replace(build_command_settings(args), backfill=True)
        if (
            settings.until is not None
            and settings.since is not None
            and settings.until < settings.since
        ):
            echo(
                f"error: --until {settings.until} is before --since {settings.since}",
                file=sys.stderr,
            )
            return EXIT_USAGE
        if not hosts_resolve(settings):
            return EXIT_FATAL
        return run_flow(args, settings, "backfill")
