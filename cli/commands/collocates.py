"""`yzdaily collocates`: the words near a term, by log-likelihood G², PMI or count
(answers/corpus.py; the formulas: docs/ANALYTICS.md).

    yzdaily collocates 低空经济 --window 5 --measure llr --by year --csv
"""

from __future__ import annotations

import argparse

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_limit, add_range, add_span, positive_int
from cli.output import emit
from cli.read import check_range, one_term, read_warehouse
from flows.terminal import format_table

MAX_WINDOW = 50


class Collocates(ReadCommand, name="collocates", order=61):
    """`yzdaily collocates`: the words near a term, scored (answers/corpus.py)."""

    help = "the words that keep company with a term, by log-likelihood or PMI"
    description = """Words within --window word tokens of TERM (one copy per story; stopwords,
        numbers and punctuation out), with their observed count near it, the count expected by
        chance and the score: log-likelihood G² (llr, default), PMI or the plain count. For llr
        and pmi only words attracted to TERM (observed > expected) are listed. Formulas:
        docs/ANALYTICS.md."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("term", metavar="TERM", help="the node word, e.g. 低空经济")
        add_span(parser, "--window", "word tokens", 5, MAX_WINDOW)
        parser.add_argument(
            "--measure",
            choices=["llr", "pmi", "count"],
            default="llr",
            help="the score: log-likelihood G², PMI or the plain count (default llr)",
        )
        parser.add_argument(
            "--min-count", type=positive_int, default=3, help="seen near TERM at least (default 3)"
        )
        add_range(parser)
        parser.add_argument(
            "--by", choices=["year", "quarter", "month"], help="one list per period (default: one)"
        )
        add_limit(parser, 20, "per list")

    def run(self, args: argparse.Namespace) -> int:
        from answers.corpus import CollocatesRequest, collocates_answer

        term = one_term(args.term)
        check_range(args.since, args.until)
        request = CollocatesRequest(
            term,
            args.window,
            args.measure,
            args.min_count,
            args.since,
            args.until,
            args.by,
            args.limit,
        )
        with read_warehouse(args) as con:
            answer = collocates_answer(con, request)
        # A block per period: what was counted, then the period's rows of the answer's table.
        table = answer.table()
        blocks = []
        for found in answer.lists:
            rows = [list(row[1:]) for row in table.rows if row[0] == found.period]
            blocks.append(
                f"{found.term} ({found.period}): {found.node_occurrences} occurrence(s) in"
                f" {found.stories} stor(ies); {found.window_words} words within ±{args.window}"
                f" of {found.total_words}\n"
                + format_table(rows, headers=table.columns[1:], right={0, 2, 3, 4, 5}, gap=2)
            )
        emit(answer, args, text="\n".join(blocks))
        return EXIT_OK
