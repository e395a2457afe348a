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
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from flows.cli.errors import EXIT_OK
from flows.cli.options import (
    add_article_source,
    add_db,
    add_limit,
    add_output,
    add_period,
    add_range,
    add_unit,
    add_wait,
    build_command_settings,
    check_range,
    positive_int,
    print_csv,
    print_json,
    read_warehouse,
)
from flows.settings import Settings
from flows.terminal import echo, format_table
from parsers.query import MAX_QUERY_CHARS, QueryError, QueryTokenizer, parse_query

Handler = Callable[[argparse.Namespace], int]
BEIJING = timezone(timedelta(hours=8))  # the time zone of every published_at


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0 or value == float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be a number, 0 or more: {value}")
    return value


class _QueryArgumentParser(argparse.ArgumentParser):
    """The search command's parser: a `-word` that is no option of it is an exclusion of the
    query (`yzdaily search 新质生产力 -无人机`), not an unrecognised argument."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        excluded = [arg for arg in extras if arg.startswith("-") and not arg.startswith("--")]
        if excluded and getattr(parsed, "query", None) is not None:
            parsed.query = [*parsed.query, *excluded]
            extras = [arg for arg in extras if arg not in excluded]
        return parsed, extras


def register(subparsers: Any) -> dict[str, Handler]:
    """Add the read commands to `yzdaily`'s subparsers; returns name -> handler."""
    search = subparsers.add_parser(
        "search",
        help="full-text search of the archive, best matches first",
        description="Articles containing every word of QUERY (words separated by spaces),"
        " ranked by BM25 over the search terms, with how many there are in all. `A OR B`:"
        ' either; `-word`: none containing it; "exact phrase" (in quotes, spaces kept'
        " except beside Chinese characters): as one word. A word is matched as written, also"
        " where the tokenizer splits it or where it is part of a longer word (those rank after"
        f" the others). At most {MAX_QUERY_CHARS} characters. --csv writes the whole result"
        " (every hit, not --limit).",
    )
    search.__class__ = _QueryArgumentParser  # subparsers make every parser of one class
    search.add_argument(
        "query",
        nargs="*",  # none given: the handler says what to give (a parser error says less)
        metavar="QUERY",
        help='word(s) to search for: 新质生产力 OR 低空经济 -无人机 "开发园区"',
    )
    add_db(search)
    add_wait(search)
    add_range(search)
    add_article_source(search)
    search.add_argument("--reporter", help="only articles credited to this reporter (记者)")
    add_limit(search, 20, "how many hits")
    search.add_argument(
        "--sort",
        choices=["relevance", "date"],
        default="relevance",
        help="relevance (default: BM25, best first) or date (newest first)",
    )
    add_output(search)

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
    trend.add_argument(
        "--chart",
        type=Path,
        metavar="FILE.png",
        help="also draw a chart, PNG or SVG by the file's suffix: shares, the totals under"
        " them, partial periods hatched",
    )
    trend.add_argument(
        "--min-total",
        type=positive_int,
        default=5,
        metavar="N",
        help="leave periods of fewer than N stories (articles) out of the chart's lines"
        " (default 5: a handful makes 100%% spikes)",
    )
    add_output(trend)

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
    add_output(top)

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
    add_output(emerging)

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
    add_output(people)

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


SEARCH_CSV_HEADER = (
    "rank", "article_id", "url", "title", "published_at", "source", "site", "reporters",
    "score", "match", "snippet",
)  # fmt: skip


def _print_rows_csv(kind: type, rows: Sequence[Any]) -> None:
    """Dataclass rows as CSV on stdout: a header of the field names, then one line a row."""
    header = [column.name for column in fields(kind)]
    print_csv(header, [[getattr(row, name) for name in header] for row in rows])


def run_search(args: argparse.Namespace) -> int:
    """`yzdaily search`: the total, and BM25 (or newest-first) hits with a marked snippet each."""
    from warehouse.results import search_result
    from warehouse.search import SearchFilters

    query = parse_query(" ".join(args.query))
    check_range(args.since, args.until)
    settings = build_command_settings(args)
    filters = SearchFilters(args.since, args.until, args.article_source, args.reporter)
    with read_warehouse(args, settings.db_path) as con:
        # --csv is the whole result, as the web page's CSV download; the others one page.
        limit = None if args.csv else args.limit
        result = search_result(con, query, _tokenizer(settings), filters, args.sort, 0, limit)
    hits = [row.hit for row in result.rows]
    if args.json:
        print_json(
            {
                "query": query.text,
                "total": result.total,
                "sort": args.sort,
                "limit": args.limit,
                "hits": [
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
                ],
            }
        )
    elif args.csv:
        print_csv(
            SEARCH_CSV_HEADER,
            [
                [
                    number,
                    row.hit.article_id,
                    row.hit.url,
                    row.hit.title,
                    row.hit.published_at,
                    row.hit.source or "",
                    row.site,
                    " ".join(row.reporters),
                    row.hit.score,
                    row.hit.match,
                    row.hit.snippet,
                ]
                for number, row in enumerate(result.rows, start=1)
            ],
        )
    else:
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
    order = "newest first" if args.sort == "date" else "best first"
    shown = (
        f"; showing {len(hits)} (--limit), {order}"
        if len(hits) < result.total
        else f", {order}"
        if hits
        else ""
    )
    echo(f"{result.total} article(s) contain {query.text}{shown}", file=sys.stderr)
    return EXIT_OK


def run_trend(args: argparse.Namespace) -> int:
    """`yzdaily trend`: mentions per period, optionally a chart."""
    from warehouse.analytics import TrendPoint, partial_reason, trend, trend_scope

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
    with read_warehouse(args, settings.db_path) as con:
        points = trend(con, terms, args.by, args.since, args.until, args.unit)
        scope = trend_scope(con, args.since, args.until, args.unit) if args.chart else None
    if args.json:
        print_json([asdict(point) for point in points])
    elif args.csv:
        _print_rows_csv(TrendPoint, points)
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
    span = f"{args.since or 'the first'}..{args.until or 'the newest'} ({args.unit})"
    if not points:
        echo(f"warning: no {args.unit} in {span}", file=sys.stderr)
    for term in dict.fromkeys(terms):
        if points and not any(p.articles for p in points if p.term == term):
            echo(f"warning: {term} has no match in {span}", file=sys.stderr)
    if args.chart is not None and scope is not None:
        from flows.chart import draw_trend_chart, use_cache_dir

        today = datetime.now(BEIJING).date()
        partial = {
            p.period: reason
            for p in points
            if (reason := partial_reason(p.period, args.by, args.since, args.until, today))
        }
        use_cache_dir(settings.data_dir / "cache" / "matplotlib")
        left_out = draw_trend_chart(points, args.chart, args.by, scope, partial, args.min_total)
        if left_out:
            echo(
                f"{len(left_out)} period(s) of fewer than {args.min_total} {args.unit} left out"
                " of the chart (--min-total)",
                file=sys.stderr,
            )
        echo(f"chart written to {args.chart}", file=sys.stderr)
    return EXIT_OK


def run_top(args: argparse.Namespace) -> int:
    """`yzdaily top`: top keywords per period."""
    from warehouse.analytics import TopKeyword, top_keywords

    check_range(args.since, args.until)
    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
        rows = top_keywords(
            con, args.by, args.method, args.limit, args.since, args.until, args.unit
        )
    if args.json:
        print_json([asdict(row) for row in rows])
        return EXIT_OK
    if args.csv:
        _print_rows_csv(TopKeyword, rows)
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
    from warehouse.analytics import NEW, EmergingTerm, default_emerging_since, emerging_terms

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
    if args.csv:
        _print_rows_csv(EmergingTerm, rows)
        return EXIT_OK
    unit = args.unit
    for row in rows:
        count = row.stories if unit == "stories" else row.articles
        if row.kind == NEW:
            rise = f"new: {count} {unit}, {row.share:.1%}"
        else:
            rise = f"x{row.growth:.1f}: {count} {unit}, {row.share_before:.1%} -> {row.share:.1%}"
        echo(f"{row.term}  G² {row.g2:.1f}  {rise}")
        echo(f"    first: {row.first_published_date} {row.first_title}  {row.first_url}")
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
    from warehouse.analytics import Officeholder, officeholders

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
    if args.csv:
        _print_rows_csv(Officeholder, rows)
        return EXIT_OK
    if rows:
        echo(
            format_table(
                [
                    [
                        row.name,
                        row.role,
                        f"{row.first_published_date} .. {row.last_published_date}",
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
