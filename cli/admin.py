"""The commands that look after the archive: runs, doctor, golden, failures, health, stats,
export. Each reads (export writes files, golden a test page), none runs a flow."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cli.errors import EXIT_CHANGED, EXIT_FATAL, EXIT_OK
from cli.options import (
    add_db,
    add_json,
    add_limit,
    add_output,
    add_range,
    add_source,
    add_wait,
    build_command_settings,
    check_range,
    emit,
    print_json,
    read_warehouse,
    seconds,
    site_names,
)
from cli.run import hosts_resolve, took
from flows.terminal import echo, format_table, plural
from parsers.bounded import bounded

Handler = Callable[[argparse.Namespace], int]


def register(commands: Any) -> dict[str, Handler]:
    """Add runs, doctor, golden, failures, health, stats and export to the subparsers."""
    runs = commands.add_parser(
        "runs",
        help="the run log: every ingest, backfill and reprocess",
        description="One line per run, newest first: status and what each stage counted.",
    )
    add_db(runs)
    add_wait(runs)
    add_limit(runs, 20)
    add_output(runs)

    doctor = commands.add_parser(
        "doctor",
        help="check the set-up: versions, data dir, schema, Prefect, source hosts, health",
        description="Each check gets a verdict (ok, warn, fail); exit 1 if any check fails."
        " With --live: fetch each site's first list page and newest article, parse them and"
        " print every field with its checks (does the parser read the real pages?); nothing"
        " is written.",
    )
    add_db(doctor)
    doctor.add_argument(
        "--live", action="store_true", help="read each site's newest pages now (the network)"
    )
    add_source(doctor)
    doctor.add_argument("--base-url", help="with --live: a mirror or the sample site to read")
    doctor.add_argument(
        "--delay", type=seconds, help="with --live: seconds between requests (default 1)"
    )
    doctor.add_argument("--timeout", type=seconds, help="with --live: seconds per request")
    add_json(doctor)

    golden = commands.add_parser(
        "golden",
        help="keep a real page as a golden test page (for developers)",
        description="`golden add URL|FILE --site S` saves the page's raw bytes and its parse"
        " (a draft to review and correct) under tests/fixtures/<site>/; the eval gate of the"
        " tests then pins the parser's per-field accuracy over every golden.",
    )
    golden_commands = golden.add_subparsers(dest="golden_command", metavar="ACTION", required=True)
    golden_add = golden_commands.add_parser(
        "add", help="save a page and its draft expectation", description=golden.description
    )
    golden_add.add_argument("target", metavar="URL|FILE", help="a page's URL, or a saved page")
    golden_add.add_argument("--site", required=True, choices=site_names(), help="whose page it is")
    golden_add.add_argument("--name", help="file name without extension (default: from the URL)")
    golden_add.add_argument("--url", help="for a FILE: the URL the page was served at")
    golden_add.add_argument(
        "--fixtures",
        type=Path,
        default=Path("tests/fixtures"),
        help="the goldens' folder (default: tests/fixtures)",
    )
    golden_add.add_argument("--force", action="store_true", help="replace an existing golden")

    failures = commands.add_parser(
        "failures",
        help="URLs failing now (tried again on later runs)",
        description="The failures table: URLs whose fetch or parse failed, with the reason,"
        " the number of attempts and when the next attempt is due.",
    )
    add_db(failures)
    add_wait(failures)
    add_json(failures)

    health = commands.add_parser(
        "health",
        help="source health: does each site still look as it used to?",
        description="Per site, the verdict (ok, warn, fail) of the latest run that read it:"
        " each field's fill rate in that run beside the site's history (the trailing 90"
        " days or its last 20 runs), parse failures, empty list pages, and the last good"
        " run. Exit 4 when a site's verdict is fail.",
    )
    add_db(health)
    add_output(health)

    stats = commands.add_parser(
        "stats",
        help="what the warehouse holds",
        description="Article counts, date range, counts by source and year, and the last run.",
    )
    add_db(stats)
    add_wait(stats)
    add_output(stats)

    export = commands.add_parser(
        "export",
        help="write every table and view as Parquet or CSV files",
        description="One file per table and view in DIR: DIR/<name>.parquet, with"
        " DIR/articles/year=YYYY/ for articles; or DIR/<name>.csv, spreadsheet-ready (UTF-8"
        " with a byte-order mark, lists as JSON arrays). Tables that run the pipeline (fetch"
        " log, validators, migrations) only with --all. With --since/--until, the articles of"
        " that range and only their rows of the tables and views keyed by article (aggregates"
        " whole). DIR is replaced whole: it must be new, empty or an earlier export.",
    )
    add_db(export)
    add_wait(export)
    export.add_argument(
        "--format",
        choices=["parquet", "csv"],
        default="parquet",
        help="parquet or csv (default parquet)",
    )
    export.add_argument(
        "--all", action="store_true", help="also the pipeline's own tables (fetch log, ...)"
    )
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    export.add_argument(
        "--partition-all",
        action="store_true",
        help="partition every table keyed by article_id by its article's year, like articles"
        " (DIR/<table>/year=YYYY/): the layout for DuckLake or Spark (docs/SCALING.md)",
    )
    add_range(export)
    return {
        "runs": run_runs,
        "doctor": run_doctor,
        "golden": run_golden,
        "failures": run_failures,
        "health": run_health,
        "stats": run_stats,
        "export": run_export,
    }


def run_runs(args: argparse.Namespace) -> int:
    """`yzdaily runs`: the run log, newest first (answers/archive.py)."""
    from answers.archive import runs_answer

    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
        answer = runs_answer(con, args.limit)
    rows = [
        [
            f"{run['started_at']:%Y-%m-%d %H:%M} UTC",
            run["flow"],
            run["status"],
            took(run["started_at"], run["finished_at"]),
            f"pages {run['pages']}, fetched {run['fetched']},"
            f" not modified {run['not_modified']}, new {run['new']}, changed {run['changed']},"
            f" failing {run['failed']}"
            + (f", health {run['health']}" if run.get("health") else "")
            + (f"  ({bounded(run['message'], 1000)})" if run["message"] else ""),
        ]
        for run in answer.runs
    ]
    text = format_table(rows, right={3}, min_widths={1: 9, 2: 9, 3: 10}) if rows else ""
    emit(answer, args, text=text)
    return EXIT_OK


def run_doctor(args: argparse.Namespace) -> int:
    """`yzdaily doctor`: a verdict per check; `--live` reads each site's newest pages."""
    from flows.doctor import run_checks

    if args.live:
        return run_live_doctor(args)
    checks = run_checks(build_command_settings(args))
    if args.json:
        print_json([asdict(check) for check in checks])
    else:
        rows = [[check.verdict, check.name, check.detail] for check in checks]
        echo(format_table(rows, min_widths={0: 5, 1: 22}))
    return EXIT_FATAL if any(check.verdict == "fail" for check in checks) else EXIT_OK


def run_live_doctor(args: argparse.Namespace) -> int:
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


def run_golden(args: argparse.Namespace) -> int:
    """`yzdaily golden add`: save a page and its draft expectation for review."""
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


def run_failures(args: argparse.Namespace) -> int:
    """`yzdaily failures`: the URLs failing now."""
    from warehouse.fetchlog import list_failures

    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
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


def run_health(args: argparse.Namespace) -> int:
    """`yzdaily health`: each site's latest verdict; exit 4 when one is fail."""
    from answers.archive import health_answer
    from warehouse.db import open_warehouse

    settings = build_command_settings(args)
    with open_warehouse(settings.db_path, read_only=True) as con:
        answer = health_answer(con)
    emit(answer, args, text=format_health(answer.sites))
    return EXIT_CHANGED if answer.failed else EXIT_OK


def _format_stats(stats: Any, db_path: Path) -> str:
    def day(value: datetime | None) -> str:
        return value.strftime("%Y-%m-%d") if value else "-"

    lines = [
        f"warehouse     {db_path}",
        f"articles      {stats.articles}"
        f"  ({day(stats.first_published_at)} .. {day(stats.last_published_at)})",
        f"stories       {stats.stories}  (a story on several sites counts once)",
        f"keywords      {stats.keywords}",
        "by site       " + (", ".join(f"{k} {v}" for k, v in stats.by_site.items()) or "-"),
        "by source     " + (", ".join(f"{k} {v}" for k, v in stats.by_source.items()) or "-"),
        "fetched via   " + (", ".join(f"{k} {v}" for k, v in stats.by_fetched_via.items()) or "-"),
        "by year       " + (", ".join(f"{k}: {v}" for k, v in stats.by_year.items()) or "-"),
    ]
    run = stats.last_run
    if run:
        lines.append(
            f"last run      {run['started_at']:%Y-%m-%d %H:%M} UTC {run['status']}:"
            f" {run['new']} new, {run['changed']} changed, {run['failed']} failed"
            + (f" ({bounded(run['message'], 1000)})" if run.get("message") else "")
        )
    else:
        lines.append("last run      -")
    return "\n".join(lines)


def run_stats(args: argparse.Namespace) -> int:
    """`yzdaily stats`: counts from the warehouse, opened read-only (answers/archive.py)."""
    from answers.archive import stats_answer

    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:
        answer = stats_answer(con, settings.db_path)
    emit(answer, args, text=_format_stats(answer.stats, settings.db_path))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    """`yzdaily export`: every table to Parquet or CSV."""
    from warehouse.export import export_warehouse

    check_range(args.since, args.until)
    settings = build_command_settings(args)
    with read_warehouse(args, settings.db_path) as con:  # ExportError: exit 2 (errors.py)
        exported = export_warehouse(
            con, args.out, args.format, args.since, args.until, args.partition_all, args.all
        )
    for table in exported:
        echo(f"{table.table:<20} {table.rows:>9} rows  {table.path}")
    return EXIT_OK
