"""`yzdaily runs`: the run log, newest first."""

from __future__ import annotations

import argparse

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_limit
from cli.output import emit
from cli.read import read_warehouse
from cli.running import took
from flows.terminal import format_table
from parsers.bounded import bounded


class Runs(ReadCommand, name="runs", order=20):
    """`yzdaily runs`: the run log, newest first (answers/archive.py)."""

    help = "the run log: every ingest, backfill and reprocess"
    description = "One line per run, newest first: status and what each stage counted."

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        add_limit(parser, 20)

    def run(self, args: argparse.Namespace) -> int:
        from answers.archive import runs_answer

        with read_warehouse(args) as con:
            answer = runs_answer(con, args.limit)
        rows = [
            [
                f"{run['started_at']:%Y-%m-%d %H:%M} UTC",
                run["flow"],
                run["status"],
                took(run["started_at"], run["finished_at"]),
                f"pages {run['pages']}, fetched {run['fetched']},"
                f" not modified {run['not_modified']}, new {run['new']},"
                f" changed {run['changed']}, failing {run['failed']}"
                + (f", health {run['health']}" if run.get("health") else "")
                + (f"  ({bounded(run['message'], 1000)})" if run["message"] else ""),
            ]
            for run in answer.runs
        ]
        text = format_table(rows, right={3}, min_widths={1: 9, 2: 9, 3: 10}) if rows else ""
        emit(answer, args, text=text)
        return EXIT_OK
