"""`yzdaily health`: each site's latest source-health verdict, its field rates beside the
site's history; exit 4 when a site's pages look different from what it used to serve."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from cli.base import Command
from cli.errors import EXIT_CHANGED, EXIT_OK
from cli.options import build_command_settings
from cli.output import emit


class Health(Command, name="health", order=24):
    """`yzdaily health`: each site's latest verdict; exit 4 when one is fail."""

    warehouse = "path"
    output = ("json", "csv")
    help = "source health: does each site still look as it used to?"
    description = """Per site, the verdict (ok, warn, fail) of the latest run that read it: each
        field's fill rate in that run beside the site's history (the trailing 90 days or its
        last 20 runs), parse failures, empty list pages, and the last good run. Exit 4 when a
        site's verdict is fail."""

    def run(self, args: argparse.Namespace) -> int:
        from answers.archive import health_answer
        from warehouse.db import open_warehouse

        settings = build_command_settings(args)
        with open_warehouse(settings.db_path, read_only=True) as con:
            answer = health_answer(con)
        emit(answer, args, text=format_health(answer.sites))
        return EXIT_CHANGED if answer.failed else EXIT_OK


def format_health(sites: Sequence[dict[str, Any]]) -> str:
    """`yzdaily health` as text: a block per site, fields as recent vs history."""
    from answers.archive import rate

    blocks: list[str] = []
    for site in sites:
        lines = [
            f"{site['site']:<8} {site['verdict']:<5} (latest: {site['flow']} of"
            f" {site['checked_at']:%Y-%m-%d %H:%M} UTC: {site['articles']} article(s) read,"
            f" {site['parse_failures']} refused, {site['list_pages']} list page(s))"
        ]
        lines.extend(f"    {site['verdict']}: {reason}" for reason in site["reasons"])
        lines.extend(f"    note: {note}" for note in site["notes"])
        lines.append(f"    {'field':<20} {'recent':>7} {'history':>8}")
        for name, rates in site["fields"].items():
            lines.append(
                f"    {name:<20} {rate(name, rates['recent']):>7} {rate(name, rates['history']):>8}"
            )
        good = site["last_good_at"]
        lines.append(
            f"    last good run       {good:%Y-%m-%d %H:%M} UTC ({site['last_good_run']})"
            if good
            else "    last good run       none yet"
        )
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
