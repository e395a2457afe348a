"""`yzdaily emerging`: the terms whose share of stories rose most in a window, by the
log-likelihood G² of the rise (answers/emerging.py; docs/ANALYTICS.md)."""

from __future__ import annotations

import argparse
import sys

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import (
    add_limit,
    add_range,
    add_unit,
    build_command_settings,
    converted,
    positive_int,
)
from cli.output import emit
from cli.read import check_range, query_tokenizer, read_warehouse
from flows.terminal import echo


def _score(text: str) -> float:
    value = converted(float, text, "a number")
    if not value >= 0 or value == float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be a number, 0 or more: {value}")
    return value


class Emerging(ReadCommand, name="emerging", order=43):
    """`yzdaily emerging`: terms whose share rose most, by G² (answers/emerging.py)."""

    help = "terms whose share of stories rose most, by a significance test"
    description = """Terms whose share of the stories in the window --since..--until (default:
        the year up to the newest article) rose against the years before --since, ranked by the
        log-likelihood G² of that rise (docs/ANALYTICS.md), highest first. Kept: terms of at
        least --min-stories stories of the window with G² of at least --min-g2; people's names
        out unless --include-names. `new` terms are first seen inside the window (--new: only
        those). Each with the article that first used it."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        add_range(parser)
        parser.add_argument(
            "--min-stories",
            "--min-articles",
            dest="min_count",
            type=positive_int,
            default=3,
            help="held by at least this many stories of the window (articles with --unit"
            " articles; default 3)",
        )
        parser.add_argument(
            "--min-g2",
            type=_score,
            help="at least this log-likelihood (default 10.83, p < 0.001; 3.84, p < 0.05, when"
            " the window holds fewer than 100 stories)",
        )
        parser.add_argument(
            "--include-names", action="store_true", help="keep people's names (left out by default)"
        )
        parser.add_argument(
            "--new", action="store_true", help="only terms first seen in the window"
        )
        add_limit(parser, 20)
        add_unit(parser)

    def run(self, args: argparse.Namespace) -> int:
        from answers.emerging import EmergingRequest, emerging_answer

        check_range(args.since, args.until)
        settings = build_command_settings(args)
        request = EmergingRequest(
            args.since,
            args.until,
            args.min_count,
            args.min_g2,
            args.unit,
            args.limit,
            args.include_names,
            args.new,
        )
        with read_warehouse(args, settings.db_path) as con:
            # The dictionary tells content words from function words and fragments.
            answer = emerging_answer(con, request, query_tokenizer(settings)())
        emit(answer, args)
        if not (args.json or args.csv):
            window = f"{answer.since or '-'}..{args.until or 'the newest'}"
            echo(
                f"{len(answer.terms)} term(s) rising in {window} against the time before, in at"
                f" least {args.min_count} {args.unit}, G² >= {answer.min_g2:g}"
                + ("" if args.include_names else ", names left out"),
                file=sys.stderr,
            )
        return EXIT_OK
