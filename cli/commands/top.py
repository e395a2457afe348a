"""`yzdaily top`: the top keywords of each period."""

from __future__ import annotations

import argparse

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_limit, add_period, add_range, add_unit
from cli.output import emit
from cli.read import check_range, read_warehouse


class Top(ReadCommand, name="top", order=42):
    """`yzdaily top`: top keywords per period (answers/corpus.py)."""

    help = "top keywords per period"
    description = """Per period, the keywords ranked by the number of stories whose top keywords
        (article_keywords, any copy's) hold them, then by their mean weight."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        add_period(parser, "year")
        parser.add_argument(
            "--method",
            choices=["tfidf", "textrank"],
            default="tfidf",
            help="the keywords ranked: TF-IDF or TextRank's (default tfidf)",
        )
        add_limit(parser, 10, "keywords per period")
        add_range(parser)
        add_unit(parser)

    def run(self, args: argparse.Namespace) -> int:
        from answers.corpus import TopRequest, top_answer

        check_range(args.since, args.until)
        request = TopRequest(args.by, args.method, args.limit, args.since, args.until, args.unit)
        with read_warehouse(args) as con:
            answer = top_answer(con, request)
        # A line per period: its keywords with their counts, from the answer's table.
        lines: dict[str, list[str]] = {}
        for period, _, keyword, count, _ in answer.table().rows:
            lines.setdefault(period, []).append(f"{keyword}({count})")
        emit(answer, args, text="\n".join(f"{p}  {'  '.join(k)}" for p, k in lines.items()))
        return EXIT_OK
