"""`yzdaily kwic`: every occurrence of a term in context, a concordance (answers/corpus.py).

yzdaily kwic 新质生产力 --width 15 --since 2024-01-01 --limit 50
"""

from __future__ import annotations

import argparse
import sys

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_article_source, add_limit, add_range, add_span, site_names
from cli.output import emit
from cli.read import check_range, one_term, read_warehouse
from flows.terminal import echo

MAX_WIDTH = 200


class Kwic(ReadCommand, name="kwic", order=60):
    """`yzdaily kwic`: a concordance of a term (answers/corpus.py)."""

    help = "every occurrence of a term in context (concordance, keyword in context)"
    description = """Every occurrence of TERM in titles and bodies, as text (also where the
        tokenizer splits it or it is part of a longer word), with --width characters on each
        side and its article (url, title, published_at), oldest first. On a terminal the lines
        are aligned on the match."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("term", metavar="TERM", help="the word to find, e.g. 新质生产力")
        add_span(parser, "--width", "characters", 20, MAX_WIDTH)
        add_range(parser)
        add_article_source(parser)
        parser.add_argument("--site", choices=site_names(), help="only articles of this site")
        add_limit(parser, 100, "how many lines")

    def run(self, args: argparse.Namespace) -> int:
        from answers.corpus import KwicRequest, kwic_answer
        from parsers.concordance import align
        from warehouse.filters import ArticleFilters

        term = one_term(args.term)
        check_range(args.since, args.until)
        filters = ArticleFilters(
            since=args.since, until=args.until, source=args.article_source, site=args.site
        )
        with read_warehouse(args) as con:
            answer = kwic_answer(con, KwicRequest(term, args.width, filters, args.limit))
        # The concordance's own layout: the match in one column, the contexts aligned on it.
        text = "\n".join(
            f"{published}  {align(left, match, right, args.width)}  《{title}》"
            for published, left, match, right, title in answer.table().rows
        )
        emit(answer, args, text=text)
        found = answer.found
        echo(
            f"{len(found.lines)} of {found.occurrences} occurrence(s) of {term} in"
            f" {found.articles} article(s)",
            file=sys.stderr,
        )
        return EXIT_OK
