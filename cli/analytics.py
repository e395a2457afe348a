"""Corpus commands over the warehouse: kwic, collocates, entities, terms suggest, terms add.

    yzdaily kwic 新质生产力 --width 15 --since 2024-01-01 --limit 50
    yzdaily collocates 低空经济 --window 5 --measure llr --by year --csv
    yzdaily entities --kind place --by year --limit 5
    yzdaily terms suggest --since 2025-01-01 --min-stories 5
    yzdaily terms add 融链强群 低空经济

Each read command opens the warehouse read-only and imports neither Prefect nor jieba (the
token sequences were made at load time). `terms add` writes the lexicon file, nothing else.
`register` adds them to the `yzdaily` parser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from cli.errors import EXIT_OK
from cli.options import (
    add_article_source,
    add_db,
    add_json,
    add_limit,
    add_output,
    add_period,
    add_range,
    add_unit,
    add_wait,
    build_command_settings,
    check_range,
    emit,
    iso_date,
    positive_int,
    print_json,
    read_warehouse,
    site_names,
)
from flows.terminal import echo, format_table
from parsers.query import QueryError, parse_query

Handler = Callable[[argparse.Namespace], int]
MAX_WIDTH = 200
MAX_WINDOW = 50


def _bounded(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = positive_int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low} to {high}: {value}")
        return value

    return parse


def register(subparsers: Any) -> dict[str, Handler]:
    """Add the corpus commands to `yzdaily`'s subparsers; returns name -> handler."""
    kwic = subparsers.add_parser(
        "kwic",
        help="every occurrence of a term in context (concordance, keyword in context)",
        description="Every occurrence of TERM in titles and bodies, as text (also where the"
        " tokenizer splits it or it is part of a longer word), with --width characters on each"
        " side and its article (url, title, published_at), oldest first. On a terminal the"
        " lines are aligned on the match.",
    )
    kwic.add_argument("term", metavar="TERM", help="the word to find, e.g. 新质生产力")
    add_db(kwic)
    add_wait(kwic)
    kwic.add_argument(
        "--width",
        type=_bounded(1, MAX_WIDTH),
        default=20,
        help="characters on each side (default 20)",
    )
    add_range(kwic)
    add_article_source(kwic)
    kwic.add_argument("--site", choices=site_names(), help="only articles of this site")
    add_limit(kwic, 100, "how many lines")
    add_output(kwic)

    collocates = subparsers.add_parser(
        "collocates",
        help="the words that keep company with a term, by log-likelihood or PMI",
        description="Words within --window word tokens of TERM (one copy per story; stopwords,"
        " numbers and punctuation out), with their observed count near it, the count"
        " expected by chance and the score: log-likelihood G² (llr, default), PMI or the plain"
        " count. For llr and pmi only words attracted to TERM (observed > expected) are"
        " listed. Formulas: docs/ANALYTICS.md.",
    )
    collocates.add_argument("term", metavar="TERM", help="the node word, e.g. 低空经济")
    add_db(collocates)
    add_wait(collocates)
    collocates.add_argument(
        "--window",
        type=_bounded(1, MAX_WINDOW),
        default=5,
        help="word tokens on each side (default 5)",
    )
    collocates.add_argument(
        "--measure",
        choices=["llr", "pmi", "count"],
        default="llr",
        help="the score: log-likelihood G², PMI or the plain count (default llr)",
    )
    collocates.add_argument(
        "--min-count", type=positive_int, default=3, help="seen near TERM at least (default 3)"
    )
    add_range(collocates)
    collocates.add_argument(
        "--by", choices=["year", "quarter", "month"], help="one list per period (default: one)"
    )
    add_limit(collocates, 20, "per list")
    add_output(collocates)

    entities = subparsers.add_parser(
        "entities",
        help="the people, places and organisations named most, per period",
        description="Per period and kind, the people, places (from the gazetteer, 扬州市 as"
        " 扬州) and organisations named in most stories (article_entities), with the"
        " articles and mentions behind them.",
    )
    add_db(entities)
    add_wait(entities)
    entities.add_argument(
        "--kind",
        choices=["person", "place", "org"],
        action="append",
        help="only this kind (repeat for more; default: all three)",
    )
    add_period(entities, "year")
    add_range(entities)
    add_limit(entities, 10, "per period and kind")
    add_unit(entities)
    add_output(entities)

    terms = subparsers.add_parser(
        "terms",
        help="the term lexicon: suggestions from the archive, reviewed additions",
        description="`terms suggest` lists word sequences the tokenizer splits that the"
        " archive uses as one unit; `terms add` puts reviewed ones in the lexicon.",
    )
    actions = terms.add_subparsers(dest="terms_command", metavar="ACTION", required=True)
    suggest = actions.add_parser(
        "suggest",
        help="new terms found in the archive, best first, for review",
        description="Sequences of 2 to 4 tokens (3 to 8 characters) that the tokenizer splits"
        " but the stories use as one unit: their parts seldom occur apart (normalised PMI of"
        " the weakest split) and their neighbours vary on both sides (branching entropy),"
        " ranked by the log-likelihood of the weakest split. With story counts and the first"
        " article using each. Review them, then `yzdaily terms add`.",
    )
    add_db(suggest)
    add_wait(suggest)
    suggest.add_argument("--since", type=iso_date, help="only stories from this day (YYYY-MM-DD)")
    suggest.add_argument(
        "--min-stories", type=positive_int, default=3, help="in at least this many (default 3)"
    )
    add_limit(suggest, 30)
    add_json(suggest)
    add = actions.add_parser(
        "add",
        help="put reviewed terms in the lexicon (then reprocess)",
        description="Add each TERM to parsers/data/lexicon.txt (the policy terms section, or"
        " --tag's), sorted, with frequency 50000, so that the tokenizer keeps it whole. Then"
        " `yzdaily reprocess` brings every article up to date (nlp_version changes).",
    )
    add.add_argument("terms", nargs="+", metavar="TERM", help="a reviewed term")
    add.add_argument(
        "--tag", choices=["nz", "ns", "nt", "post"], default="nz", help="its tag (default nz)"
    )
    add.add_argument(
        "--lexicon", type=Path, help="the lexicon file (default: the project's lexicon.txt)"
    )
    add_json(add)

    return {
        "kwic": run_kwic,
        "collocates": run_collocates,
        "entities": run_entities,
        "terms": run_terms,
    }


def _one_term(raw: str) -> str:
    parts = parse_query(raw).parts
    if len(parts) != 1:
        raise QueryError(f"give one word; {' '.join(parts)} is {len(parts)}")
    return parts[0]


def _padded(text: str, columns: int) -> str:
    """Text padded to `columns` terminal columns (a CJK character takes two)."""
    from parsers.concordance import display_width

    return text + " " * max(columns - display_width(text), 1)


def _note_missing_tokens(con: Any, since: date | None, until: date | None) -> None:
    from warehouse.collocation import stories_without_tokens

    missing = stories_without_tokens(con, since, until)
    if missing:
        echo(
            f"note: {missing} stor{'y has' if missing == 1 else 'ies have'} no token sequence"
            " yet (loaded by an older version): run `yzdaily reprocess` to count them",
            file=sys.stderr,
        )


def run_kwic(args: argparse.Namespace) -> int:
    """`yzdaily kwic`: a concordance of a term (answers/corpus.py)."""
    from answers.corpus import KwicRequest, kwic_answer
    from parsers.concordance import align
    from warehouse.filters import ArticleFilters

    term = _one_term(args.term)
    check_range(args.since, args.until)
    filters = ArticleFilters(args.since, args.until, args.article_source, args.site)
    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
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


def run_collocates(args: argparse.Namespace) -> int:
    """`yzdaily collocates`: the words near a term, scored (answers/corpus.py)."""
    from answers.corpus import CollocatesRequest, collocates_answer

    term = _one_term(args.term)
    check_range(args.since, args.until)
    settings = build_command_settings(args)
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
    with read_warehouse(args, settings.db_path) as con:
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


def run_entities(args: argparse.Namespace) -> int:
    """`yzdaily entities`: top people, places and organisations per period."""
    from answers.corpus import EntitiesRequest, entities_answer
    from warehouse.analytics import ENTITY_KINDS

    check_range(args.since, args.until)
    kinds = tuple(dict.fromkeys(args.kind or ENTITY_KINDS))
    settings = build_command_settings(args)
    request = EntitiesRequest(kinds, args.by, args.since, args.until, args.limit, args.unit)
    with read_warehouse(args, settings.db_path) as con:
        answer = entities_answer(con, request)
    emit(answer, args)
    return EXIT_OK


def run_terms(args: argparse.Namespace) -> int:
    """`yzdaily terms suggest|add`."""
    return run_suggest(args) if args.terms_command == "suggest" else run_add(args)


def run_suggest(args: argparse.Namespace) -> int:
    """`yzdaily terms suggest`: candidates for the lexicon, best first."""
    from warehouse.collocation import term_suggestions

    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
        found = term_suggestions(con, args.since, args.min_stories, args.limit)
        _note_missing_tokens(con, args.since, None)
    if args.json:
        print_json([asdict(term) for term in found])
        return EXIT_OK
    echo(f"{'rank':>4}  {'term':<16}{'stories':>8}  first seen  {'NPMI':>5}{'G²':>9}  entropy L/R")
    for rank, term in enumerate(found, start=1):
        echo(
            f"{rank:>4}  {_padded(term.text, 16)}{term.stories:>8}  {term.first_published_date}"
            f"  {term.npmi:>5.2f}{term.llr:>9.1f}  {term.left_entropy:.2f}/{term.right_entropy:.2f}"
            f"   {'/'.join(term.parts)}"
        )
    echo(
        f"{len(found)} suggestion(s) in at least {args.min_stories} stories"
        + (f" since {args.since}" if args.since else "")
        + ": review them, then `yzdaily terms add TERM...`",
        file=sys.stderr,
    )
    return EXIT_OK


def _project_lexicon() -> Path:
    from importlib import resources

    from parsers.lexicon import LEXICON_FILE

    return Path(str(resources.files("parsers").joinpath("data", LEXICON_FILE)))


def run_add(args: argparse.Namespace) -> int:
    """`yzdaily terms add`: reviewed terms into the lexicon file."""
    from parsers.lexicon import add_terms

    path: Path = args.lexicon or _project_lexicon()
    if not path.is_file():
        raise QueryError(f"no lexicon file at {path}")
    text = path.read_text(encoding="utf-8")
    updated, added, present = add_terms(text, args.terms, args.tag)  # LexiconEditError: exit 2
    if added:
        path.write_text(updated, encoding="utf-8")
    if args.json:
        print_json({"lexicon": str(path), "added": added, "present": present})
    else:
        for word in added:
            echo(f"added {word} ({args.tag})")
        for word in present:
            echo(f"{word} is in the lexicon already")
    if added:
        echo(
            f"{len(added)} term(s) added to {path}: run the tests, then `yzdaily reprocess` so"
            " that every article is segmented with them (nlp_version changes)",
            file=sys.stderr,
        )
    return EXIT_OK
