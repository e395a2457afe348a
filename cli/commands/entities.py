"""`yzdaily entities`: the people, places and organisations named most, per period."""

from __future__ import annotations

import argparse

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_limit, add_period, add_range, add_unit
from cli.output import emit
from cli.read import check_range, read_warehouse


class Entities(ReadCommand, name="entities", order=62):
    """`yzdaily entities`: top people, places and organisations per period."""

    help = "the people, places and organisations named most, per period"
    description = """Per period and kind, the people, places (from the gazetteer, 扬州市 as 扬州)
        and organisations named in most stories (article_entities), with the articles and mentions
        behind them."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--kind",
            choices=["person", "place", "org"],
            action="append",
            help="only this kind (repeat for more; default: all three)",
        )
        add_period(parser, "year")
        add_range(parser)
        add_limit(parser, 10, "per period and kind")
        add_unit(parser)

    def run(self, args: argparse.Namespace) -> int:
        from answers.corpus import EntitiesRequest, entities_answer
        from warehouse.analytics import ENTITY_KINDS

        check_range(args.since, args.until)
        kinds = tuple(dict.fromkeys(args.kind or ENTITY_KINDS))
        request = EntitiesRequest(kinds, args.by, args.since, args.until, args.limit, args.unit)
        with read_warehouse(args) as con:
            answer = entities_answer(con, request)
        emit(answer, args)
        return EXIT_OK
