"""`yzdaily golden add`: a real page kept as a golden test page (for developers)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.base import Action, Group
from cli.errors import EXIT_OK
from cli.options import build_command_settings, site_names
from flows.terminal import echo

DESCRIPTION = """`golden add URL|FILE --site S` saves the page's raw bytes and its parse (a
    draft to review and correct) under tests/fixtures/<site>/; the eval gate of the tests then
    pins the parser's per-field accuracy over every golden."""


class Add(Action, name="add"):
    """`yzdaily golden add`: save a page and its draft expectation for review."""

    help = "save a page and its draft expectation"
    description = DESCRIPTION

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("target", metavar="URL|FILE", help="a page's URL, or a saved page")
        parser.add_argument("--site", required=True, choices=site_names(), help="whose page it is")
        parser.add_argument("--name", help="file name without extension (default: from the URL)")
        parser.add_argument("--url", help="for a FILE: the URL the page was served at")
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=Path("tests/fixtures"),
            help="the goldens' folder (default: tests/fixtures)",
        )
        parser.add_argument("--force", action="store_true", help="replace an existing golden")

    def run(self, args: argparse.Namespace) -> int:
        from flows.golden import add_golden

        saved = add_golden(  # GoldenError: exit 2 (errors.py)
            args.target,
            args.site,
            args.fixtures,
            build_command_settings(args),
            args.name,
            args.url,
            args.force,
        )
        echo(f"saved {saved.page}\n  and {saved.expected}")
        if saved.refused:
            echo(f"the parser refused the page ({saved.refused}): the draft says so")
        echo(
            "review the draft: correct every field to what the page says, delete its `_review`"
            " key, then `make test` (the eval gate counts it)"
        )
        return EXIT_OK


class Golden(Group, name="golden", order=22):
    """`yzdaily golden`: its one action, add."""

    help = "keep a real page as a golden test page (for developers)"
    description = DESCRIPTION
    actions = (Add,)
