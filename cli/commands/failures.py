"""`yzdaily failures`: the URLs failing now, why, and when they are tried again."""

from __future__ import annotations

import argparse

from cli.base import Command
from cli.errors import EXIT_OK
from cli.output import print_json
from cli.read import read_warehouse
from flows.terminal import echo, plural
from parsers.bounded import bounded


class Failures(Command, name="failures", order=23):
    """`yzdaily failures`: the URLs failing now."""

    warehouse = "read"
    output = ("json",)
    help = "URLs failing now (tried again on later runs)"
    description = """The failures table: URLs whose fetch or parse failed, with the reason, the
        number of attempts and when the next attempt is due."""

    def run(self, args: argparse.Namespace) -> int:
        from warehouse.fetchlog import list_failures

        with read_warehouse(args) as con:
            failures = list_failures(con)
        if args.json:
            print_json(failures)
            return EXIT_OK
        if not failures:
            echo("no failures")
        for f in failures:
            kind = "permanent" if f["permanent"] else "transient"
            if f["url"].startswith("file:"):
                # An imported file is not fetched again: no next attempt, its owner mends it.
                echo(
                    f"{f['url']}\n    {f['stage']} ({plural(f['attempts'], 'attempt')}):"
                    f" {bounded(f['reason'])}; fix the file and import it again"
                )
                continue
            echo(
                f"{f['url']}\n    {f['stage']} ({kind}, {f['attempts']} attempt(s), next"
                f" {f['next_attempt_at']:%Y-%m-%d %H:%M} UTC): {bounded(f['reason'])}"
            )
        return EXIT_OK
