"""`yzdaily compare`: Yangzhou among its peers, the share of each city's stories holding a term,
period by period, with the peers' median (answers/compare.py), and with --chart small
multiples of it (cli/chart.py).

    yzdaily compare 新质生产力 --by year
    yzdaily compare 新质生产力 低空经济 --city nantong,taizhou,zhenjiang --chart peers.png
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_city, build_command_settings, chosen_cities
from cli.output import emit
from cli.read import read_warehouse
from flows.terminal import echo
from parsers.query import QueryError

BEIJING = timezone(timedelta(hours=8))  # the time zone of every published_at


class Compare(ReadCommand, name="compare", order=47):
    """`yzdaily compare`: each city's share of stories holding each term, per period."""

    help = "Yangzhou among its peers: each city's share of stories mentioning a term"
    description = """For each TERM and period: each city's stories whose title or body holds
        TERM as text, of all its stories (dated and matched as `trend` dates and matches, so
        Yangzhou's column is `yzdaily trend TERM`), the median share of Yangzhou's peers (the
        other cities asked for that published in the period; the province's 要闻 is shown when
        asked but is no peer) and Yangzhou's gap to it in percentage points. Yangzhou is always
        compared; the peers are the other twelve cities unless --city names fewer. Periods
        not over yet are marked partial."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("terms", nargs="+", metavar="TERM", help="the text to count")
        parser.add_argument(
            "--by",
            choices=["year", "quarter", "month"],
            default="year",
            help="period length (default year)",
        )
        add_city(
            parser,
            "which corpora beside Yangzhou: cities by name (nantong, 南通, ...), province"
            " (要闻, never a peer), peers or all (default: peers, the thirteen cities)",
        )
        parser.add_argument(
            "--chart",
            type=Path,
            metavar="FILE.png",
            help="also draw small multiples, PNG or SVG by the file's suffix: a panel per city,"
            " the peers' median dashed, Yangzhou's panel first",
        )

    def run(self, args: argparse.Namespace) -> int:
        from answers.compare import CompareRequest, compare_answer, compare_cities
        from answers.diffusion import literal_term

        terms = tuple(dict.fromkeys(literal_term(term) for term in args.terms))
        if args.chart is not None and args.chart.suffix.lower() not in (".png", ".svg"):
            raise QueryError(
                f"--chart writes a PNG or an SVG: name a file ending in .png or .svg: {args.chart}"
            )
        settings = build_command_settings(args)
        request = CompareRequest(terms, args.by, compare_cities(chosen_cities(args, "peers")))
        with read_warehouse(args, settings.db_path) as con:
            answer = compare_answer(con, request, datetime.now(BEIJING).date())
        emit(answer, args)
        if not (args.json or args.csv) and answer.rows:
            echo(
                "stories mentioning the term / all stories of the city and period; peer_median:"
                " of the other cities' shares; yangzhou_gap: Yangzhou's share minus it",
                file=sys.stderr,
            )
        if args.chart is not None:
            from cli.chart import draw_compare_chart, use_cache_dir

            use_cache_dir(settings.data_dir / "cache" / "matplotlib")
            draw_compare_chart(answer, args.chart)
            echo(f"chart written to {args.chart}", file=sys.stderr)
        return EXIT_OK
