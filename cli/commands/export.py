"""`yzdaily export`: every table and view as Parquet or CSV files."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.base import Command
from cli.errors import EXIT_OK
from cli.options import add_range
from cli.read import check_range, read_warehouse
from flows.terminal import echo


class Export(Command, name="export", order=26):
    """`yzdaily export`: every table to Parquet or CSV."""

    warehouse = "read"
    help = "write every table and view as Parquet or CSV files"
    description = """One file per table and view in DIR: DIR/<name>.parquet, with
        DIR/articles/year=YYYY/ for articles; or DIR/<name>.csv, spreadsheet-ready (UTF-8 with a
        byte-order mark, lists as JSON arrays). Tables that run the pipeline (fetch log,
        validators, migrations) only with --all. With --since/--until, the articles of that
        range and only their rows of the tables and views keyed by article (aggregates whole).
        DIR is replaced whole: it must be new, empty or an earlier export."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--format",
            choices=["parquet", "csv"],
            default="parquet",
            help="parquet or csv (default parquet)",
        )
        parser.add_argument(
            "--all", action="store_true", help="also the pipeline's own tables (fetch log, ...)"
        )
        parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
        parser.add_argument(
            "--partition-all",
            action="store_true",
            help="partition every table keyed by article_id by its article's year, like"
            " articles (DIR/<table>/year=YYYY/): the layout for DuckLake or Spark"
            " (docs/SCALING.md)",
        )
        add_range(parser)

    def run(self, args: argparse.Namespace) -> int:
        from warehouse.export import export_warehouse

        check_range(args.since, args.until)
        with read_warehouse(args) as con:  # ExportError: exit 2 (errors.py)
            exported = export_warehouse(
                con, args.out, args.format, args.since, args.until, args.partition_all, args.all
            )
        for table in exported:
            echo(f"{table.table:<20} {table.rows:>9} rows  {table.path}")
        return EXIT_OK
