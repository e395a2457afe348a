"""`yzdaily trend`: how many stories mention each term, period by period (answers/trend.py),
and with --chart a PNG or SVG of it (cli/chart.py: matplotlib, imported only then).

    yzdaily trend 新质生产力 二次创业 --by year --chart trend.png
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_period, add_range, add_unit, build_command_settings, positive_int
from cli.output import emit
from cli.read import check_range, read_warehouse
from flows.terminal import echo
from parsers.query import QueryError, parse_query

BEIJING = timezone(timedelta(hours=8))  # the time zone of every published_at


class Trend(ReadCommand, name="trend", order=41):
    """`yzdaily trend`: mentions per period (answers/trend.py), optionally a chart."""

    help = "how many stories mention a term, period by period"
    description = """For each TERM and period: the stories whose title or body (any copy's)
        contains it, their copies (articles), all stories of the period, and the share. Periods
        with no mention count as 0. A story is dated by its first publication; with --unit
        articles every copy counts, under its own date."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("terms", nargs="+", metavar="TERM", help="a word to count")
        add_period(parser, "month")
        add_range(parser)
        add_unit(parser)
        parser.add_argument(
            "--chart",
            type=Path,
            metavar="FILE.png",
            help="also draw a chart, PNG or SVG by the file's suffix: shares, the totals under"
            " them, partial periods hatched",
        )
        parser.add_argument(
            "--min-total",
            type=positive_int,
            default=5,
            metavar="N",
            help="leave periods of fewer than N stories (articles) out of the chart's lines"
            " (default 5: a handful makes 100%% spikes)",
        )

    def run(self, args: argparse.Namespace) -> int:
        from answers.trend import TrendRequest, trend_answer
        from warehouse.analytics import trend_scope

        terms = []
        for raw in args.terms:
            parts = parse_query(raw).parts
            if len(parts) != 1:
                raise QueryError(f"a trend term is one word; {' '.join(parts)} is {len(parts)}")
            terms.append(parts[0])
        check_range(args.since, args.until)
        if args.chart is not None and args.chart.suffix.lower() not in (".png", ".svg"):
            raise QueryError(
                f"--chart writes a PNG or an SVG: name a file ending in .png or .svg: {args.chart}"
            )
        settings = build_command_settings(args)
        request = TrendRequest(
            tuple(dict.fromkeys(terms)), args.by, args.since, args.until, args.unit
        )
        with read_warehouse(args, settings.db_path) as con:
            answer = trend_answer(con, request, datetime.now(BEIJING).date())
            scope = trend_scope(con, args.since, args.until, args.unit) if args.chart else None
        emit(answer, args)
        if not (args.json or args.csv) and answer.points:
            echo(
                f"{args.unit} mentioning each term / all {args.unit} of the period", file=sys.stderr
            )
        if args.chart is not None and scope is not None:
            from cli.chart import draw_trend_chart, use_cache_dir

            partial = {row.period: row.partial for row in answer.rows if row.partial}
            use_cache_dir(settings.data_dir / "cache" / "matplotlib")
            left_out = draw_trend_chart(
                list(answer.points), args.chart, args.by, scope, partial, args.min_total
            )
            if left_out:
                echo(
                    f"{len(left_out)} period(s) of fewer than {args.min_total} {args.unit} left out"
                    " of the chart (--min-total)",
                    file=sys.stderr,
                )
            echo(f"chart written to {args.chart}", file=sys.stderr)
        return EXIT_OK
