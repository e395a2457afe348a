"""`yzdaily ingest`: the new articles of the sites, fetched and loaded by the ingest flow."""

from __future__ import annotations

import argparse

from cli.base import Command
from cli.errors import EXIT_FATAL
from cli.options import add_crawl_options, add_source, build_command_settings, iso_date
from cli.running import hosts_resolve, run_flow


class Ingest(Command, name="ingest", order=10):
    """`yzdaily ingest`: the Prefect ingest flow, then a one-line summary."""

    warehouse = "path"
    help = "fetch new articles from the web and load them"
    description = """Incremental ingest: read list pages newest first, fetch only articles not
        yet in the warehouse, parse, segment and load them. Stops paging at the first list page
        with nothing new."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        add_source(parser)
        parser.add_argument(
            "--since", type=iso_date, help="ignore articles listed before this date"
        )
        add_crawl_options(parser)

    def run(self, args: argparse.Namespace) -> int:
        settings = build_command_settings(args)
        if not hosts_resolve(settings):
            return EXIT_FATAL
        return run_flow(args, settings, "ingest")
