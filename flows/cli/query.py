"""Read commands over the warehouse: search, trend, top, emerging, people.

    yzdaily search 新质生产力 --since 2024-01-01 --limit 5
    yzdaily trend 新质生产力 二次创业 --by year --chart trend.png
    yzdaily people --role 扬州市长

Each opens the warehouse read-only (analysts can query while nothing is writing) and imports
only what it uses: never Prefect; jieba only for a search word the index does not hold as a
term; matplotlib only for --chart. `register` adds them to the `yzdaily` parser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from flows.cli.errors import EXIT_OK
from flows.cli.options import (
    add_article_source,
    add_db,
    add_json,
    add_limit,
    add_period,
    add_range,
    add_unit,
    add_wait,
    build_command_settings,
    check_range,
    positive_int,
    print_json,
    read_warehouse,
)
from flows.settings import Settings
from flows.terminal import echo, format_table
from parsers.query import MAX_QUERY_CHARS, QueryError, QueryTokenizer, parse_query

Handler = Callable[[argparse.Namespace], int]


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0 or value == float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be a number, 0 or more: {value}")
    return value


def register(subparsers: Any) -> dict[str, Handler]:
    """Add the read commands to `yzdaily`'s subparsers; returns name -> handler."""
    search = subparsers.add_parser(
        "search",
        help="full-text search of the archive, best matches first",
        description="Articles containing every word of QUERY (words separated by spaces),"
        " ranked by BM25 over the search terms. A word is matched as written, also where the"
        " tokenizer splits it or where it is part of a longer word (those rank after the"
        f" others). At most {MAX_QUERY_CHARS} characters.",
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help="word(s) to search for")
    add_db(search)
    add_wait(search)
    add_range(search)
    add_article_source(search)
    search.add_argument("--reporter", help="only articles credited to this reporter (记者)")
    add_limit(search, 20, "how many hits")
    add_json(search)

    trend = subparsers.add_parser(
        "trend",
        help="how many stories mention a term, period by period",
        description="For each TERM and period: the stories whose title or body (any copy's)"
        " contains it, their copies (articles), all stories of the period, and the share."
        " Periods with no mention count as 0. A story is dated by its first publication;"
        " with --unit articles every copy counts, under its own date.",
    )
    trend.add_argument("terms", nargs="+", metavar="TERM", help="a word to count")
    add_db(trend)
    add_wait(trend)
    add_period(trend, "month")
    add_range(trend)
    add_unit(trend)
    trend.add_argument("--chart", type=Path, metavar="FILE.png", help="also draw a PNG chart")
    add_json(trend)

    top = subparsers.add_parser(
        "top",
        help="top keywords per period",
        description="Per period, the keywords ranked by the number of stories whose top"
        " keywords (article_keywords, any copy's) hold them, then by their mean weight.",
    )
    add_db(top)
    add_wait(top)
    add_period(top, "year")
    top.add_argument(
        "--method",
        choices=["tfidf", "textrank"],
        default="tfidf",
        help="the keywords ranked: TF-IDF or TextRank's (default tfidf)",
    )
    add_limit(top, 10, "keywords per period")
    add_range(top)
    add_unit(top)
    add_json(top)

    emerging = subparsers.add_parser(
        "emerging",
        help="terms whose share of stories rose most, by a significance test",
        description="Terms whose share of the stories in the window --since..--until (default:"
        " the year up to the newest article) rose against the years before --since, ranked by"
        " the log-likelihood G² of that rise (docs/ANALYTICS.md), highest first. Kept: terms"
        " of at least --min-stories stories of the window with G² of at least --min-g2;"
        " people's names out unless --include-names. `new` terms are first seen inside the"
        " window (--new: only those). Each with the article that first used it.",
    )
    add_db(emerging)
    add_wait(emerging)
    add_range(emerging)
    emerging.add_argument(
        "--min-stories",
        "--min-articles",
        dest="min_count",
        type=positive_int,
        default=3,
        help="held by at least this many stories of the window (articles with --unit"
        " articles; default 3)",
    )
    emerging.add_argument(
        "--min-g2",
        type=_score,
        default=10.83,
        help="at least this log-likelihood (default 10.83: p < 0.001)",
    )
    emerging.add_argument(
        "--include-names", action="store_true", help="keep people's names (left out by default)"
    )
    emerging.add_argument("--new", action="store_true", help="only terms first seen in the window")
    add_limit(emerging, 20)
    add_unit(emerging)
    add_json(emerging)

    people = subparsers.add_parser(
        "people",
        help="officeholders: who held which post, as the press named them",
        description="The officeholder timeline (v_officeholders): each name with a post, the"
        " first and last article naming them so, and how many stories and articles did.",
    )
    add_db(people)
    add_wait(people)
    people.add_argument("--name", help="only names starting with this (张宝娟, or 张)")
    people.add_argument(
        "--role",
        help="only this post and its variants (扬州市长: 市长, 时任市长, 原市长 ...;"
        " 经开区党工委书记: 开发区党工委书记)",
    )
    add_json(people)

    return {
        "search": run_search,
        "trend": run_trend,
        "top": run_top,
        "emerging": run_emerging,
        "people": run_people,
    }


def _tokenizer(settings: Settings) -> Callable[[], QueryTokenizer]:
    """Builds the project's Segmenter on first call only (jieba loads in about a second)."""
    built: list[QueryTokenizer] = []

    def build() -> QueryTokenizer:
        if not built:
            from flows.segmenter import build_segmenter

            built.append(build_segmenter(settings.jieba_cache_dir))
        return built[0]

    return build


def run_search(args: argparse.Namespace) -> int:
    """`yzdaily search`: BM25 hits with a marked snippet each."""
    from warehouse.search import SearchFilters, search

    query = parse_query(" ".join(args.query))
    check_range(args.since, args.until)
    settings = build_command_settings(args)
    filters = SearchFilters(args.since, args.until, args.article_source, args.reporter)
    with read_warehouse(args, settings.db_path) as con:
        hits = search(con, query, _tokenizer(settings), filters, args.limit)
    if args.json:
        print_json(
            [
                {
                    "url": h.url,
                    "title": h.title,
                    "published_at": h.published_at,
                    "source": h.source,
                    "score": h.score,
                    "snippet": h.snippet,
                    "match": h.match,
                    "article_id": h.article_id,
                }
                for h in hits
            ]
        )
        return EXIT_OK
    # The date, source and score of every hit in columns, by display width (sources are CJK).
    rows = [
        [
            "   ",
            f"{hit.published_at:%Y-%m-%d}",
            hit.source or "-",
            f"score {hit.score:.2f}"
            + ("  (text match: not an indexed word)" if hit.match == "text" else ""),
        ]
        for hit in hits
    ]
    facts = format_table(rows, gap=2).splitlines() if hits else []
    for number, (hit, fact) in enumerate(zip(hits, facts, strict=True), start=1):
        echo(f"{number:>3}. {hit.title}")
        echo(fact)
        echo(f"     {hit.snippet}")
        echo(f"     {hit.url}")
    more = " (the limit: --limit N for more)" if len(hits) == args.limit else ""
    echo(f"{len(hits)} article(s) contain {query.text}{more}", file=sys.stderr)
    return EXIT_OK


def run_trend(args: argparse.Namespace) -> int:
    """`yzdaily trend`: mentions per period, optionally a chart."""
    from warehouse.analytics import trend

    terms = []
    for raw in args.terms:
        parts = parse_query(raw).parts
        if len(parts) != 1:
            raise QueryError(f"a trend term is one word; {' '.join(parts)} is {len(parts)}")
        terms.append(parts[0])
    check_range(args.since, args.until)
    if args.chart is not None and args.chart.suffix.lower() != ".png":
        raise QueryError(f"--chart writes a PNG: give a file name ending in .png ({args.chart})")
    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
        points = trend(con, terms, args.by, args.since, args.until, args.unit)
    if args.json:
        print_json([asdict(point) for point in points])
    else:
        periods = list(dict.fromkeys(p.period for p in points))
        cells = {(p.term, p.period): p for p in points}
        table = []
        for period in periods:
            row = [period]
            for term in terms:
                p = cells[(term, period)]
                count = p.stories if args.unit == "stories" else p.articles
                row.append(f"{count}/{p.total} ({p.share:.1%})")
            table.append(row)
        echo(format_table(table, headers=["period", *terms], gap=2))
        echo(f"{args.unit} mentioning each term / all {args.unit} of the period", file=sys.stderr)
    if args.chart is not None:
        from flows.chart import draw_trend_chart, use_cache_dir

        use_cache_dir(settings.data_dir / "cache" / "matplotlib")
        draw_trend_chart(points, args.chart, args.by)
        echo(f"chart written to {args.chart}", file=sys.stderr)
    return EXIT_OK


def run_top(args: argparse.Namespace) -> int:
    """`yzdaily top`: top keywords per period."""
    from warehouse.analytics import top_keywords

    check_range(args.since, args.until)
    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
        rows = top_keywords(
            con, args.by, args.method, args.limit, args.since, args.until, args.unit
        )
    if args.json:
        print_json([asdict(row) for row in rows])
        return EXIT_OK
    for period in dict.fromkeys(row.period for row in rows):
        ranked = [row for row in rows if row.period == period]
        counts = [r.stories if args.unit == "stories" else r.articles for r in ranked]
        echo(
            f"{period}  "
            + "  ".join(f"{r.keyword}({n})" for r, n in zip(ranked, counts, strict=True))
        )
    if not rows:
        echo("no keywords in range", file=sys.stderr)
    return EXIT_OK


def run_emerging(args: argparse.Namespace) -> int:
    """`yzdaily emerging`: terms whose share rose most, by G²."""
    from warehouse.analytics import NEW, default_emerging_since, emerging_terms

    check_range(args.since, args.until)
    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
        since = args.since or default_emerging_since(con, args.until)
        rows = (
            []
            if since is None
            else emerging_terms(
                con,
                since,
                args.until,
                min_count=args.min_count,
                limit=args.limit,
                unit=args.unit,
                include_names=args.include_names,
                new_only=args.new,
                min_g2=args.min_g2,
            )
        )
    if args.json:
        print_json([asdict(row) for row in rows])
        return EXIT_OK
    unit = args.unit
    for row in rows:
        count = row.stories if unit == "stories" else row.articles
        if row.kind == NEW:
            rise = f"new: {count} {unit}, {row.share:.1%}"
        else:
            rise = f"x{row.growth:.1f}: {count} {unit}, {row.share_before:.1%} -> {row.share:.1%}"
        echo(f"{row.term}  G² {row.g2:.1f}  {rise}")
        echo(f"    first: {row.first_seen} {row.first_title}  {row.first_url}")
    window = f"{since or '-'}..{args.until or 'the newest'}"
    echo(
        f"{len(rows)} term(s) rising in {window} against the years before, in at least"
        f" {args.min_count} {unit}, G² >= {args.min_g2:g}"
        + ("" if args.include_names else ", names left out"),
        file=sys.stderr,
    )
    return EXIT_OK


def run_people(args: argparse.Namespace) -> int:
    """`yzdaily people`: the officeholder timeline."""
    from parsers.people import role_variants
    from warehouse.analytics import officeholders

    if args.name is not None and not args.name.strip():
        raise QueryError("--name is empty: give a name or its first characters")
    if args.role is not None and not args.role.strip():
        raise QueryError("--role is empty: give a post, e.g. 市长")
    roles = None if args.role is None else role_variants(args.role)
    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
        rows = officeholders(con, args.name, roles)
    if args.json:
        print_json([asdict(row) for row in rows])
        return EXIT_OK
    if rows:
        echo(
            format_table(
                [
                    [
                        row.name,
                        row.role,
                        f"{row.first_seen} .. {row.last_seen}",
                        f"{row.stories} story(ies), {row.articles} article(s)",
                    ]
                    for row in rows
                ],
                gap=2,
            )
        )
    if not rows:
        asked = [f"named {args.name}…" if args.name else "", f"as {roles[0]}" if roles else ""]
        echo(" ".join(["no officeholder", *filter(None, asked)]), file=sys.stderr)
    return EXIT_OK
