"""`yzdaily stats`: what the warehouse holds."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import build_command_settings
from cli.output import emit
from cli.read import read_warehouse
from parsers.bounded import bounded


class Stats(ReadCommand, name="stats", order=25):
    """`yzdaily stats`: counts from the warehouse, opened read-only (answers/archive.py)."""

    help = "what the warehouse holds"
    description = "Article counts, date range, counts by source and year, and the last run."

    def run(self, args: argparse.Namespace) -> int:
        from answers.archive import stats_answer

        settings = build_command_settings(args)
        with read_warehouse(args, settings.db_path) as con:
            answer = stats_answer(con, settings.db_path)
        emit(answer, args, text=format_stats(answer.stats, settings.db_path))
        return EXIT_OK


def format_stats(stats: Any, db_path: Path) -> str:
    def day(value: datetime | None) -> str:
        return value.strftime("%Y-%m-%d") if value else "-"

    lines = [
        f"warehouse     {db_path}",
        f"articles      {stats.articles}"
        f"  ({day(stats.first_published_at)} .. {day(stats.last_published_at)})",
        f"stories       {stats.stories}  (a story on several sites counts once)",
        f"keywords      {stats.keywords}",
        "by site       " + (", ".join(f"{k} {v}" for k, v in stats.by_site.items()) or "-"),
        "by source     " + (", ".join(f"{k} {v}" for k, v in stats.by_source.items()) or "-"),
        "fetched via   " + (", ".join(f"{k} {v}" for k, v in stats.by_fetched_via.items()) or "-"),
        "by year       " + (", ".join(f"{k}: {v}" for k, v in stats.by_year.items()) or "-"),
    ]
    run = stats.last_run
    if run:
        lines.append(
            f"last run      {run['started_at']:%Y-%m-%d %H:%M} UTC {run['status']}:"
            f" {run['new']} new, {run['changed']} changed, {run['failed']} failed"
            + (f" ({bounded(run['message'], 1000)})" if run.get("message") else "")
        )
    else:
        lines.append("last run      -")
    return "\n".join(lines)
