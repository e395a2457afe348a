"""`yzdaily doctor`: a verdict per check of the set-up; `--live`, the canary, reads each
site's newest pages and prints every field read."""

from __future__ import annotations

import argparse
from dataclasses import asdict, replace

from cli.base import Command
from cli.errors import EXIT_FATAL, EXIT_OK
from cli.options import add_source, build_command_settings, seconds
from cli.output import print_json
from cli.running import hosts_resolve
from flows.terminal import echo, format_table


class Doctor(Command, name="doctor", order=21):
    """`yzdaily doctor`: a verdict per check; `--live` reads each site's newest pages."""

    warehouse = "path"
    output = ("json",)
    help = "check the set-up: versions, data dir, schema, Prefect, source hosts, health"
    description = """Each check gets a verdict (ok, warn, fail); exit 1 if any check fails. With
        --live: fetch each site's first list page and newest article, parse them and print every
        field with its checks (does the parser read the real pages?); nothing is written."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--live", action="store_true", help="read each site's newest pages now (the network)"
        )
        add_source(parser)
        parser.add_argument("--base-url", help="with --live: a mirror or the sample site to read")
        parser.add_argument(
            "--delay", type=seconds, help="with --live: seconds between requests (default 1)"
        )
        parser.add_argument("--timeout", type=seconds, help="with --live: seconds per request")

    def run(self, args: argparse.Namespace) -> int:
        from flows.doctor import run_checks

        if args.live:
            return self.run_live(args)
        checks = run_checks(build_command_settings(args))
        if args.json:
            print_json([asdict(check) for check in checks])
        else:
            rows = [[check.verdict, check.name, check.detail] for check in checks]
            echo(format_table(rows, min_widths={0: 5, 1: 22}))
        return EXIT_FATAL if any(check.verdict == "fail" for check in checks) else EXIT_OK

    def run_live(self, args: argparse.Namespace) -> int:
        """`yzdaily doctor --live`: the canary; exit 1 when a site's pages cannot be read."""
        from flows.canary import run_canary

        settings = build_command_settings(args)
        if args.source is None:
            settings = replace(settings, source="all")
        if not hosts_resolve(settings):
            return EXIT_FATAL
        reports = run_canary(settings)
        if args.json:
            print_json([asdict(report) | {"verdict": report.verdict} for report in reports])
        else:
            for report in reports:
                echo(f"{report.site}: {report.verdict}")
                rows = [["", check.verdict, check.name, check.detail] for check in report.checks]
                echo(format_table(rows, min_widths={0: 1, 1: 5, 2: 14}))
        return EXIT_FATAL if any(report.verdict == "fail" for report in reports) else EXIT_OK
