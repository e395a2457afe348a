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
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.errors import EXIT_OK
from cli.options import (
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
    emit,
    positive_int,
    read_warehouse,
)
from config.settings import Settings
from flows.terminal import echo, format_table
from parsers.query import MAX_QUERY_CHARS, QueryError, QueryTokenizer, parse_query

if TYPE_CHECKING:
    from answers.base import Answer
    from answers.search import SearchAnswer

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
        " ranked by BM25 over the search terms, with how many there are in all; a story on"
        " several sites is one hit, its other copies listed with it (--copies: each its own"
        " hit). `A OR B`:"
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
        "--copies",
        action="store_true",
        help="list every copy of a story as a hit of its own (default: a story on several"
        " sites is one hit, its other copies listed with it)",
    )
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
        help="at least this log-likelihood (default 10.83, p < 0.001; 3.84, p < 0.05, when"
        " the window holds fewer than 100 stories)",
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
        description="Each name with a post (v_officeholders): the first and last article"
        " naming them so, and how many stories and articles did, over the articles of"
        " --since..--until. With --role and --timeline: the post's holders in turn, one at a"
        " time (docs/ANALYTICS.md).",
    )
    add_db(people)
    add_wait(people)
    people.add_argument("--name", help="only names starting with this (张宝娟, or 张)")
    people.add_argument(
        "--role",
        help="only this post and its variants (扬州市长: 市长, 时任市长, 原市长 ...)",
    )
    people.add_argument(
        "--timeline",
        action="store_true",
        help="with --role of a post with one holder at a time (市长, 市委书记, 市人大常委会主任,"
        " 市政协主席, a county's or district's head): its holders in turn, one at a time, the"
        " acting post (代市长) as its own row; overlapping tenures marked as conflicts",
    )
    add_range(people)
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


def run_search(args: argparse.Namespace) -> int:
    """`yzdaily search`: the total, and BM25 (or newest-first) hits with a marked snippet each
    (answers/search.py): a story on several sites is one hit unless --copies."""
    from answers.search import SearchRequest, search_answer
    from warehouse.filters import ArticleFilters

    query = parse_query(" ".join(args.query))
    check_range(args.since, args.until)
    settings = build_command_settings(args)
    filters = ArticleFilters(args.since, args.until, args.article_source, args.reporter)
    # --csv is the whole result, as the web page's CSV download; the others one page.
    request = SearchRequest(
        query, filters, args.sort, 0, None if args.csv else args.limit, args.copies
    )
    with read_warehouse(args, settings.db_path) as con:
        answer = search_answer(con, request, _tokenizer(settings))
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


def run_trend(args: argparse.Namespace) -> int:
    """`yzdaily trend`: mentions per period (answers/trend.py), optionally a chart."""
    from answers.trend import TrendRequest, trend_answer
    from warehouse.analytics import trend_scope

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
    request = TrendRequest(tuple(dict.fromkeys(terms)), args.by, args.since, args.until, args.unit)
    with read_warehouse(args, settings.db_path) as con:
        answer = trend_answer(con, request, datetime.now(BEIJING).date())
        scope = trend_scope(con, args.since, args.until, args.unit) if args.chart else None
    emit(answer, args)
    if not (args.json or args.csv) and answer.points:
        echo(f"{args.unit} mentioning each term / all {args.unit} of the period", file=sys.stderr)
    if args.chart is not None and scope is not None:
        from cli.chart import draw_trend_chart, use_cache_dir

        partial = {row.period: row.partial for row in answer.rows if row.partial}
        use_cache_dir(settings.data_dir / "cache" / "matplotlib")
        left_out = draw_trend_chart(
            list(answer.points), args.chart, args.by, scope, partial, args.min_total
        )
        if left_out:
            echo(
                f"{len(left_out)} period(s) of fewer than {args.min_total} {args.unit} left out"
                " of the chart (--min-total)",
                file=sys.stderr,
            )
        echo(f"chart written to {args.chart}", file=sys.stderr)
    return EXIT_OK


def run_top(args: argparse.Namespace) -> int:
    """`yzdaily top`: top keywords per period (answers/corpus.py)."""
    from answers.corpus import TopRequest, top_answer

    check_range(args.since, args.until)
    settings = build_command_settings(args)
    request = TopRequest(args.by, args.method, args.limit, args.since, args.until, args.unit)
    with read_warehouse(args, settings.db_path) as con:
        answer = top_answer(con, request)
    # A line per period: its keywords with their counts, from the answer's table.
    lines: dict[str, list[str]] = {}
    for period, _, keyword, count, _ in answer.table().rows:
        lines.setdefault(period, []).append(f"{keyword}({count})")
    emit(answer, args, text="\n".join(f"{p}  {'  '.join(k)}" for p, k in lines.items()))
    return EXIT_OK


def run_emerging(args: argparse.Namespace) -> int:
    """`yzdaily emerging`: terms whose share rose most, by G² (answers/emerging.py)."""
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
        answer = emerging_answer(con, request, _tokenizer(settings)())
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


def run_people(args: argparse.Namespace) -> int:
    """`yzdaily people`: officeholders, or a post's timeline (answers/people.py)."""
    from answers.people import (
        NotSingleHolder,
        PeopleRequest,
        TimelineRequest,
        people_answer,
        timeline_answer,
    )
    from parsers.people import role_variants

    if args.name is not None and not args.name.strip():
        raise QueryError("--name is empty: give a name or its first characters")
    if args.role is not None and not args.role.strip():
        raise QueryError("--role is empty: give a post, e.g. 市长")
    if args.timeline and args.role is None:
        raise QueryError("--timeline needs --role: the post whose holders to list, e.g. 市长")
    check_range(args.since, args.until)
    roles = None if args.role is None else tuple(role_variants(args.role))
    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
        if args.timeline:
            assert roles is not None
            try:
                answer: Answer = timeline_answer(
                    con, TimelineRequest(roles[0], args.since, args.until)
                )
            except NotSingleHolder as error:
                raise QueryError(str(error)) from None
        else:
            request = PeopleRequest(args.name, args.role, roles, args.since, args.until)
            answer = people_answer(con, request)
    emit(answer, args)
    return EXIT_OK
