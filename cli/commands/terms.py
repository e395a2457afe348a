"""`yzdaily terms suggest|add`: new terms found in the archive, for review, and reviewed ones
put in the lexicon.

    yzdaily terms suggest --since 2025-01-01 --min-stories 5
    yzdaily terms add 融链强群 低空经济

`suggest` reads the token sequences made at load time (no jieba); `add` writes the lexicon
file, nothing else.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from cli.base import Action, Group
from cli.errors import EXIT_OK
from cli.options import add_limit, iso_date, positive_int
from cli.output import print_json
from cli.read import read_warehouse
from flows.terminal import echo
from parsers.query import QueryError


class Suggest(Action, name="suggest"):
    """`yzdaily terms suggest`: candidates for the lexicon, best first."""

    warehouse = "read"
    output = ("json",)
    help = "new terms found in the archive, best first, for review"
    description = """Sequences of 2 to 4 tokens (3 to 8 characters) that the tokenizer splits
        but the stories use as one unit: their parts seldom occur apart (normalised PMI of the
        weakest split) and their neighbours vary on both sides (branching entropy), ranked by
        the log-likelihood of the weakest split. With story counts and the first article using
        each. Review them, then `yzdaily terms add`."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--since", type=iso_date, help="only stories from this day (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--min-stories", type=positive_int, default=3, help="in at least this many (default 3)"
        )
        add_limit(parser, 30)

    def run(self, args: argparse.Namespace) -> int:
        from warehouse.collocation import term_suggestions

        with read_warehouse(args) as con:
            found = term_suggestions(con, args.since, args.min_stories, args.limit)
            note_missing_tokens(con, args.since, None)
        if args.json:
            print_json([asdict(term) for term in found])
            return EXIT_OK
        echo(
            f"{'rank':>4}  {'term':<16}{'stories':>8}  first seen  {'NPMI':>5}{'G²':>9}"
            "  entropy L/R"
        )
        for rank, term in enumerate(found, start=1):
            echo(
                f"{rank:>4}  {padded(term.text, 16)}{term.stories:>8}"
                f"  {term.first_published_date}  {term.npmi:>5.2f}{term.llr:>9.1f}"
                f"  {term.left_entropy:.2f}/{term.right_entropy:.2f}   {'/'.join(term.parts)}"
            )
        echo(
            f"{len(found)} suggestion(s) in at least {args.min_stories} stories"
            + (f" since {args.since}" if args.since else "")
            + ": review them, then `yzdaily terms add TERM...`",
            file=sys.stderr,
        )
        return EXIT_OK


class Add(Action, name="add"):
    """`yzdaily terms add`: reviewed terms into the lexicon file."""

    output = ("json",)
    help = "put reviewed terms in the lexicon (then reprocess)"
    description = """Add each TERM to parsers/data/lexicon.txt (the policy terms section, or
        --tag's), sorted, with frequency 50000, so that the tokenizer keeps it whole. Then
        `yzdaily reprocess` brings every article up to date (nlp_version changes)."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("terms", nargs="+", metavar="TERM", help="a reviewed term")
        parser.add_argument(
            "--tag", choices=["nz", "ns", "nt", "post"], default="nz", help="its tag (default nz)"
        )
        parser.add_argument(
            "--lexicon", type=Path, help="the lexicon file (default: the project's lexicon.txt)"
        )

    def run(self, args: argparse.Namespace) -> int:
        from parsers.lexicon import add_terms

        path: Path = args.lexicon or project_lexicon()
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


class Terms(Group, name="terms", order=63):
    """`yzdaily terms`: suggest, then add."""

    help = "the term lexicon: suggestions from the archive, reviewed additions"
    description = """`terms suggest` lists word sequences the tokenizer splits that the archive
        uses as one unit; `terms add` puts reviewed ones in the lexicon."""
    actions = (Suggest, Add)


def padded(text: str, columns: int) -> str:
    """Text padded to `columns` terminal columns (a CJK character takes two)."""
    from parsers.concordance import display_width

    return text + " " * max(columns - display_width(text), 1)


def note_missing_tokens(con: Any, since: date | None, until: date | None) -> None:
    from warehouse.collocation import stories_without_tokens

    missing = stories_without_tokens(con, since, until)
    if missing:
        echo(
            f"note: {missing} stor{'y has' if missing == 1 else 'ies have'} no token sequence"
            " yet (loaded by an older version): run `yzdaily reprocess` to count them",
            file=sys.stderr,
        )


def project_lexicon() -> Path:
    from importlib import resources

    from parsers.lexicon import LEXICON_FILE

    return Path(str(resources.files("parsers").joinpath("data", LEXICON_FILE)))
