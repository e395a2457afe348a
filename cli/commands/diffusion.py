"""`yzdaily diffusion`: where and when a term first appeared in the province's news and in each
city's (answers/diffusion.py).

    yzdaily diffusion 新质生产力
    yzdaily diffusion 低空经济 --city province,yangzhou,nantong --json
"""

from __future__ import annotations

import argparse
import sys

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_city, chosen_cities
from cli.output import emit
from cli.read import read_warehouse
from flows.terminal import echo


class Diffusion(ReadCommand, name="diffusion", order=46):
    """`yzdaily diffusion`: each corpus's first use of a term, its lags, its stories per year."""

    help = "when a term first appeared in the province's news and in each city's"
    description = """For the province's 要闻 and each city of Jiangsu: the first article whose
        title or body holds TERM as text (a phrase or a lexicon entry as written, whatever the
        tokenizer makes of it), its day, title and URL; its lag in days after the province's
        first and after the first city's; the corpus's stories holding TERM per year (a story
        dated by its first publication). Corpora that never used it are listed as such. Every
        corpus by default (--city all), unlike the other read commands: the question is about
        all of them. "First" is the first the archive holds: a column's list pages reach back
        only so far (docs/ANALYTICS.md)."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("term", metavar="TERM", help="the text to follow, e.g. 新质生产力")
        add_city(
            parser,
            "which corpora: cities by name (nantong, 南通, ...), province (要闻), peers (the"
            " thirteen cities) or all (default: all, the province and every city)",
        )

    def run(self, args: argparse.Namespace) -> int:
        from answers.diffusion import DiffusionRequest, diffusion_answer, literal_term

        request = DiffusionRequest(literal_term(args.term), chosen_cities(args, "all"))
        with read_warehouse(args) as con:
            answer = diffusion_answer(con, request)
        emit(answer, args)
        if not (args.json or args.csv):
            used = len(answer.rows) - len(answer.never)
            echo(
                f"{used} of {len(answer.rows)} corpora used {request.term}; lags in days after"
                " the province's first and the first city's",
                file=sys.stderr,
            )
        return EXIT_OK
