"""`yzdaily search`: the stories containing every word of a query, best first (BM25), with
how many there are in all (answers/search.py).

    yzdaily search 新质生产力 --since 2024-01-01 --limit 5
    yzdaily search 新质生产力 OR 低空经济 -无人机 '"开发园区"'

It opens the warehouse read-only, and imports jieba only for a word the index does not hold
as a term.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_article_source, add_limit, add_range, build_command_settings
from cli.output import emit
from cli.read import check_range, query_tokenizer, read_warehouse
from flows.terminal import echo, format_table
from parsers.query import MAX_QUERY_CHARS, parse_query

if TYPE_CHECKING:
    from answers.search import SearchAnswer


class Search(ReadCommand, name="search", order=40):
    """`yzdaily search`: the total, and BM25 (or newest-first) hits with a marked snippet each
    (answers/search.py): a story on several sites is one hit unless --copies."""

    help = "full-text search of the archive, best matches first"
    description = f"""Articles containing every word of QUERY (words separated by spaces),
        ranked by BM25 over the search terms, with how many there are in all; a story on several
        sites is one hit, its other copies listed with it (--copies: each its own hit). `A OR
        B`: either; `-word`: none containing it; "exact phrase" (in quotes, spaces kept except
        beside Chinese characters): as one word. A word is matched as written, also where the
        tokenizer splits it or where it is part of a longer word (those rank after the others).
        At most {MAX_QUERY_CHARS} characters. --csv writes the whole result (every hit, not
        --limit)."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "query",
            nargs="*",  # none given: run says what to give (a parser error says less)
            metavar="QUERY",
            help='word(s) to search for: 新质生产力 OR 低空经济 -无人机 "开发园区"',
        )
        add_range(parser)
        add_article_source(parser)
        parser.add_argument("--reporter", help="only articles credited to this reporter (记者)")
        add_limit(parser, 20, "how many hits")
        parser.add_argument(
            "--copies",
            action="store_true",
            help="list every copy of a story as a hit of its own (default: a story on several"
            " sites is one hit, its other copies listed with it)",
        )
        parser.add_argument(
            "--sort",
            choices=["relevance", "date"],
            default="relevance",
            help="relevance (default: BM25, best first) or date (newest first)",
        )

    def claim(self, args: argparse.Namespace, unknown: list[str]) -> list[str]:
        """A `-word` that is no option of search's is an exclusion of the query
        (`yzdaily search 新质生产力 -无人机`), not an unrecognised argument."""
        excluded = [arg for arg in unknown if arg.startswith("-") and not arg.startswith("--")]
        args.query = [*args.query, *excluded]
        return [arg for arg in unknown if arg not in excluded]

    def run(self, args: argparse.Namespace) -> int:
        from answers.search import SearchRequest, search_answer
        from warehouse.filters import ArticleFilters

        query = parse_query(" ".join(args.query))
        check_range(args.since, args.until)
        settings = build_command_settings(args)
        filters = ArticleFilters(
            since=args.since, until=args.until, source=args.article_source, reporter=args.reporter
        )
        # --csv is the whole result, as the web page's CSV download; the others one page.
        request = SearchRequest(
            query, filters, args.sort, 0, None if args.csv else args.limit, args.copies
        )
        with read_warehouse(args, settings.db_path) as con:
            answer = search_answer(con, request, query_tokenizer(settings))
        emit(answer, args, text=search_text(answer))
        result = answer.result
        unit = "article(s)" if args.copies else "stor(ies)"
        order = "newest first" if args.sort == "date" else "best first"
        shown = len(result.rows)
        listed = (
            f"; showing {shown} (--limit), {order}"
            if shown < result.total
            else f", {order}"
            if shown
            else ""
        )
        echo(f"{result.total} {unit} contain {query.text}{listed}", file=sys.stderr)
        return EXIT_OK


def search_text(answer: SearchAnswer) -> str:
    """The terminal's result list: per hit its title, date, 来源 and score, the snippet, the
    URL and the story's other copies, from the answer's table and rows."""
    from answers.search import also_on

    rows = answer.result.rows
    # The date, source and score of every hit in columns, by display width (sources are CJK).
    facts = format_table(
        [
            [
                "   ",
                cells[1],
                cells[2],
                f"score {cells[4]}"
                + ("  (text match: not an indexed word)" if row.hit.match == "text" else ""),
            ]
            for cells, row in zip(answer.table().rows, rows, strict=True)
        ],
        gap=2,
    ).splitlines()
    lines = []
    for number, (row, fact) in enumerate(zip(rows, facts, strict=True), start=1):
        lines += [f"{number:>3}. {row.hit.title}", fact, f"     {row.hit.snippet}"]
        lines.append(f"     {row.hit.url}")
        if row.copies:
            lines.append(f"     also on {also_on(row)}: " + " ".join(c.url for c in row.copies))
    return "\n".join(lines)
