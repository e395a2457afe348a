"""`yzdaily reprocess`: every article rebuilt from the raw archive, without the network."""

from __future__ import annotations

import argparse

from cli.base import Command
from cli.options import add_parse_options, build_command_settings, iso_date
from cli.running import run_flow


class Reprocess(Command, name="reprocess", order=12):
    """`yzdaily reprocess`: rebuild rows from the raw archive."""

    warehouse = "path"
    help = "re-parse and re-enrich every archived page, without the network"
    description = """Rebuild article rows and their keywords, terms and entities from the raw
        archive (data/raw) with today's parser and lexicon. This is how a parser or lexicon
        change reaches old articles."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--since", type=iso_date, help="only articles published on or after this date"
        )
        add_parse_options(parser)

    def run(self, args: argparse.Namespace) -> int:
        return run_flow(args, build_command_settings(args), "reprocess")
