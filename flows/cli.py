"""The `yzdaily` command line.

Exit codes (DESIGN.md 4.2): 0 all done; 1 fatal (the message says why); 2 bad usage or bad
input; 3 finished with some items failed (they are listed, and retried next run); 4 finished,
but a site's pages look different from what it used to serve (source health `fail`; wins
over 3).
Read commands import neither Prefect nor jieba: they start fast.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows import __version__
from flows.settings import MAX_SECONDS, Settings, SettingsError, build_settings
from flows.terminal import echo, json_safe

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection  # read commands import duckdb only when they run

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_PARTIAL, EXIT_CHANGED = 0, 1, 2, 3, 4
READER_WAIT_DEFAULT = 30.0  # warehouse.db.READER_WAIT_SECONDS (not imported: duckdb is slow to)
MAX_LIMIT = 10_000
OFFLINE_HINT = (
    "offline? `make demo` runs the whole pipeline against the bundled sample site on 127.0.0.1"
)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value}")
    return value


def _limit(text: str) -> int:
    """A count of rows to show: 1 to MAX_LIMIT (DuckDB's LIMIT takes no more than an int64)."""
    value = _positive_int(text)
    if value > MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"at most {MAX_LIMIT}: {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number of seconds: {text!r}")
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value}")
    if value > MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"at most {MAX_SECONDS:g} seconds: {value:g}")
    return value


def _add_db(parser: argparse.ArgumentParser, reader: bool = False) -> None:
    parser.add_argument(
        "--db", type=Path, help="DuckDB file (default: $YZDAILY_DB or data/yzdaily.duckdb)"
    )
    parser.add_argument(
        "--data-dir", type=Path, help="data directory (default: $YZDAILY_DATA_DIR or ./data)"
    )
    if reader:
        parser.add_argument(
            "--wait",
            type=_seconds,
            metavar="SECONDS",
            help="how long to wait while an ingest holds the warehouse to commit (default"
            f" {READER_WAIT_DEFAULT:g})",
        )


def read_warehouse(
    args: argparse.Namespace, db_path: Path
) -> AbstractContextManager[DuckDBPyConnection]:
    """The warehouse opened read-only for a read command: it waits (`--wait`) while a writer
    commits, and says so on stderr if that takes long."""
    from warehouse.db import open_warehouse

    def say(message: str) -> None:
        echo(message, file=sys.stderr, flush=True)

    return open_warehouse(db_path, read_only=True, wait=getattr(args, "wait", None), on_wait=say)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="yzdaily",
        description="Archive Yangzhou Daily (扬州日报) policy articles into DuckDB and query them.",
        epilog="Settings: defaults < environment (YZDAILY_DB, YZDAILY_DATA_DIR, YZDAILY_DELAY,"
        " ...) < flags. Exit codes: 0 done, 1 fatal, 2 bad usage, 3 some items failed, 4 a site's"
        " pages look different from what it used to serve (see `yzdaily health`).",
    )
    parser.add_argument("--version", action="version", version=f"yzdaily {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ingest = commands.add_parser(
        "ingest",
        help="fetch new articles from the web and load them",
        description="Incremental ingest: read list pages newest first, fetch only articles not"
        " yet in the warehouse, parse, segment and load them. Stops paging at the first list"
        " page with nothing new.",
    )
    _add_db(ingest)
    _add_source(ingest)
    ingest.add_argument("--since", type=_date, help="ignore articles listed before this date")
    _add_crawl_options(ingest)

    backfill = commands.add_parser(
        "backfill",
        help="load the articles of a date range, however far back",
        description="Read list pages newest first past known articles, stop at the first"
        " list page wholly older than --since, and fetch and load only the articles dated"
        " --since..--until (inclusive). Articles already loaded are not fetched again.",
    )
    _add_db(backfill)
    backfill.add_argument("--since", type=_date, required=True, help="first day (YYYY-MM-DD)")
    backfill.add_argument("--until", type=_date, help="last day (default: today)")
    _add_source(backfill)
    _add_crawl_options(backfill)

    reprocess = commands.add_parser(
        "reprocess",
        help="re-parse and re-enrich every archived page, without the network",
        description="Rebuild article rows and their keywords, terms and entities from the raw"
        " archive (data/raw) with today's parser and lexicon. This is how a parser or lexicon"
        " change reaches old articles.",
    )
    _add_db(reprocess)
    reprocess.add_argument(
        "--since", type=_date, help="only articles published on or after this date"
    )
    reprocess.add_argument("--json", action="store_true", help="print the run record as JSON")
    _add_workers(reprocess)
    _add_verbosity(reprocess)

    importer = commands.add_parser(
        "import",
        help="load pages saved elsewhere: HTML files, text copies, WARC archives",
        description="Import saved HTML pages of either site, plain-text copies in the seed's"
        " layout and WARC archives (.warc, .warc.gz) through the same archive, parse, enrich"
        " and load path as an ingest. A page with an article URL (the WARC record's, or the"
        " one a saved page names) is that article; a file without one is identified by its"
        " content (file:<sha256>). Directories are read recursively. Bad files are reported"
        " and recorded in `yzdaily failures`; the others are imported (exit 3).",
    )
    importer.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _add_db(importer)
    importer.add_argument(
        "--source",
        choices=_source_names(),
        help="the site files without a URL come from (default: told by their layout)",
    )
    importer.add_argument("--json", action="store_true", help="print the run record as JSON")
    _add_workers(importer)
    _add_verbosity(importer)

    runs = commands.add_parser(
        "runs",
        help="the run log: every ingest, backfill and reprocess",
        description="One line per run, newest first: status and what each stage counted.",
    )
    _add_db(runs, reader=True)
    runs.add_argument("--limit", type=_limit, default=20, help="how many (default 20)")
    runs.add_argument("--json", action="store_true", help="machine-readable output")

    doctor = commands.add_parser(
        "doctor",
        help="check the set-up: versions, data dir, schema, Prefect, source hosts, health",
        description="Each check gets a verdict (ok, warn, fail); exit 1 if any check fails."
        " With --live: fetch each site's first list page and newest article, parse them and"
        " print every field with its checks (does the parser read the real pages?); nothing"
        " is written.",
    )
    _add_db(doctor)
    doctor.add_argument(
        "--live", action="store_true", help="read each site's newest pages now (the network)"
    )
    _add_source(doctor)
    doctor.add_argument("--base-url", help="with --live: a mirror or the sample site to read")
    doctor.add_argument(
        "--delay", type=_seconds, help="with --live: seconds between requests (default 1)"
    )
    doctor.add_argument("--timeout", type=_seconds, help="with --live: seconds per request")
    doctor.add_argument("--json", action="store_true", help="machine-readable output")

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
    golden_add.add_argument("--site", required=True, choices=_site_names(), help="whose page it is")
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
    _add_db(failures, reader=True)
    failures.add_argument("--json", action="store_true", help="machine-readable output")

    health = commands.add_parser(
        "health",
        help="source health: does each site still look as it used to?",
        description="Per site, the verdict (ok, warn, fail) of the latest run that read it:"
        " each field's fill rate in that run beside the site's history (the trailing 90"
        " days or its last 20 runs), parse failures, empty list pages, and the last good"
        " run. Exit 4 when a site's verdict is fail.",
    )
    _add_db(health)
    health.add_argument("--json", action="store_true", help="machine-readable output")

    stats = commands.add_parser(
        "stats",
        help="what the warehouse holds",
        description="Article counts, date range, counts by source and year, and the last run.",
    )
    _add_db(stats, reader=True)
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    from flows.serve import register as register_serve

    COMMANDS.update(register_serve(commands))
    from flows.cli_query import register as register_query_commands

    COMMANDS.update(register_query_commands(commands))
    from flows.web_command import register as register_web

    COMMANDS.update(register_web(commands))
    from flows.cli_analytics import register as register_analytics_commands

    COMMANDS.update(register_analytics_commands(commands))
    return parser


def _source_names() -> tuple[str, ...]:
    from parsers.sources import NAMES

    return NAMES


def _site_names() -> tuple[str, ...]:
    from parsers.sources import SOURCES

    return tuple(SOURCES)


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        choices=_source_names(),
        help="which site: zgjssw (default), yznews (扬州网), or all of them in turn",
    )


def _add_crawl_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the commands that crawl: where, how politely, how loudly."""
    parser.add_argument(
        "--base-url",
        help="where to crawl instead of the public site (a mirror, or the sample site of"
        " `make demo`): zgjssw takes a site root or column URL, yznews its first list page;"
        " --source all takes a bare http://host:port",
    )
    parser.add_argument("--max-pages", type=_positive_int, help="read at most N list pages")
    parser.add_argument(
        "--delay", type=_seconds, help="seconds between two requests to one host (default 1)"
    )
    parser.add_argument("--timeout", type=_seconds, help="seconds per connect/read (default 20)")
    parser.add_argument("--json", action="store_true", help="print the run record as JSON")
    _add_verbosity(parser)


def _add_workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="processes that parse and enrich (default: every core for 500+ pages or a big"
        " import, else 1; 1: in this process)",
    )


def _add_verbosity(parser: argparse.ArgumentParser) -> None:
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "--quiet", "-q", action="store_true", help="only errors and the final summary"
    )
    loudness.add_argument(
        "--verbose", "-v", action="store_true", help="also each article and Prefect's logs"
    )


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {
        "db_path": getattr(args, "db", None),
        "data_dir": getattr(args, "data_dir", None),
    }
    for name in ("base_url", "since", "until", "max_pages", "delay", "timeout"):  # when given
        overrides[name] = getattr(args, name, None)
    if getattr(args, "quiet", False):
        overrides["verbosity"] = 0
    elif getattr(args, "verbose", False):
        overrides["verbosity"] = 2
    overrides["source"] = getattr(args, "source", None)
    return build_settings(**overrides)


def _json_default(value: object) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _print_json(value: object) -> None:
    echo(json_safe(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)))


@contextmanager
def _writing_run(settings: Settings, load_jieba: bool = True) -> Iterator[Callable[[], None]]:
    """The writer lock, and Prefect's API server starting in the background for the run.

    Yields `ready()`, to call before the first flow call: it waits for the server. Between the
    two, the run imports Prefect and loads jieba while the server starts (7-10 s here).
    """
    from flows.lock import writer_lock
    from flows.prefect_env import configure_prefect, effective_prefect_home
    from flows.prefect_server import prefect_api, wait_healthy
    from warehouse.db import open_warehouse

    configure_prefect(settings.prefect_home, verbose=settings.verbosity > 1)
    prefect_home = effective_prefect_home(settings.prefect_home)
    with writer_lock(settings.db_path):
        # Before Prefect starts: a file that is no DuckDB warehouse, or a disk that cannot
        # take one, is one line now rather than a flow's traceback later.
        with open_warehouse(settings.db_path):
            pass
        with prefect_api(prefect_home) as server:

            def ready() -> None:
                from flows.stages import get_segmenter

                # Loads jieba while the server starts; or, when worker processes do all the
                # parsing, starts the process they are forked from (it loads jieba).
                if load_jieba:
                    get_segmenter(settings.jieba_cache_dir)
                else:
                    from flows.pool import start_forkserver

                    start_forkserver()
                if server is not None:
                    wait_healthy(server)

            yield ready


def _run_flow(args: argparse.Namespace, settings: Settings, flow_name: str) -> int:
    """Run a writing flow under the warehouse's writer lock; summary line and exit code."""
    from warehouse.runs import RunRecord

    started = time.monotonic()
    workers = _workers(args)
    # Only --workers 2+ is sure to parse in worker processes (by default a small reprocess
    # parses in this one): then the run's process never needs jieba.
    pooled = flow_name == "reprocess" and (workers or 1) > 1
    with _writing_run(settings, load_jieba=not pooled) as ready:
        # Imports Prefect: only now that it is configured and the run may go ahead.
        if flow_name in ("ingest", "backfill"):
            from flows.ingest import ingest

            ready()
            state = ingest(settings, return_state=True)
        else:
            from flows.reprocess import reprocess

            ready()
            state = reprocess(settings, workers, return_state=True)
    run = state.result(raise_on_failure=False)
    if not isinstance(run, RunRecord):
        # Only an unexpected crash inside Prefect gets here; say so rather than guess.
        echo(f"error: the {flow_name} flow crashed: {state.message}", file=sys.stderr)
        return EXIT_FATAL
    elapsed = time.monotonic() - started
    if args.json:
        _print_json(asdict(run))
    if run.status == "failed":
        echo(f"error: {run.message}", file=sys.stderr)
        if "cannot reach" in (run.message or ""):
            echo(OFFLINE_HINT, file=sys.stderr)
        return EXIT_FATAL
    echo(
        f"{flow_name} {run.status}: {run.pages} list page(s), {run.discovered} to do,"
        f" {run.fetched} fetched, {run.not_modified} not modified, {run.new} new,"
        f" {run.changed} changed -> {settings.db_path} ({elapsed:.1f} s)",
        file=sys.stderr,
    )
    for warning in run.warnings:
        echo(f"warning: {warning}", file=sys.stderr)
    if run.status == "partial":
        echo(f"{run.message}; they are tried again next run", file=sys.stderr)
    return _outcome(run)


def _workers(args: argparse.Namespace) -> int | None:
    """--workers, else None: the flow picks (every core for a big run)."""
    return int(args.workers) if getattr(args, "workers", None) else None


def _outcome(run: Any) -> int:
    """Print the run's source health; the exit code of a run that finished (4 wins over 3)."""
    for line in run.health_reports:
        echo(line, file=sys.stderr)
    if run.health == "fail":
        echo(
            "the pages look different from what the site used to serve: nothing unreadable"
            " was loaded (see `yzdaily health` and `yzdaily failures`)",
            file=sys.stderr,
        )
        return EXIT_CHANGED
    return EXIT_PARTIAL if run.status == "partial" else EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    """`yzdaily import`: saved pages, text copies and WARCs, one transaction per file."""
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        echo(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    settings = replace(_settings(args), source=args.source or "all")
    from warehouse.runs import RunRecord

    started = time.monotonic()
    with _writing_run(settings) as ready:
        from flows.importer import import_files

        paths = tuple(str(path) for path in args.paths)
        ready()
        state = import_files(settings, paths, _workers(args), return_state=True)
    run = state.result(raise_on_failure=False)
    if not isinstance(run, RunRecord):
        echo(f"error: the import flow crashed: {state.message}", file=sys.stderr)
        return EXIT_FATAL
    if args.json:
        _print_json(asdict(run))
    echo(
        f"import {run.status}: {run.pages} file(s), {run.discovered} page(s), {run.new} new,"
        f" {run.changed} changed, {run.unchanged} unchanged, {run.failed} failed"
        f" -> {settings.db_path} ({time.monotonic() - started:.1f} s)",
        file=sys.stderr,
    )
    if run.status == "partial":
        echo(f"{run.message}", file=sys.stderr)
    return _outcome(run)


def _resolvable(settings: Settings) -> bool:
    """Before Prefect's start-up cost: an offline machine should hear so in a second."""
    from flows.http import HostUnreachable, check_resolvable
    from parsers.sources import selected

    try:
        for source in selected(settings.source):
            check_resolvable(source.first_list_url(settings.base_url))
    except HostUnreachable as error:
        echo(f"error: {error.reason}\n{OFFLINE_HINT}", file=sys.stderr)
        return False
    return True


def run_ingest(args: argparse.Namespace) -> int:
    """`yzdaily ingest`: the Prefect ingest flow, then a one-line summary."""
    settings = _settings(args)
    if not _resolvable(settings):
        return EXIT_FATAL
    return _run_flow(args, settings, "ingest")


def run_backfill(args: argparse.Namespace) -> int:
    """`yzdaily backfill`: a date range, paging past known articles."""
    settings = replace(_settings(args), backfill=True)
    if (
        settings.until is not None
        and settings.since is not None
        and settings.until < settings.since
    ):
        echo(f"error: --until {settings.until} is before --since {settings.since}", file=sys.stderr)
        return EXIT_USAGE
    if not _resolvable(settings):
        return EXIT_FATAL
    return _run_flow(args, settings, "backfill")


def run_runs(args: argparse.Namespace) -> int:
    """`yzdaily runs`: the run log, newest first."""
    from warehouse.queries import read_runs

    settings = _settings(args)
    with read_warehouse(args, settings.db_path) as con:
        runs = read_runs(con, args.limit)
    if args.json:
        _print_json(runs)
        return EXIT_OK
    if not runs:
        echo("no runs yet")
    for run in runs:
        took = (
            f"{(run['finished_at'] - run['started_at']).total_seconds():.0f} s"
            if run["finished_at"]
            else "unfinished"
        )
        echo(
            f"{run['started_at']:%Y-%m-%d %H:%M} UTC  {run['flow']:<9} {run['status']:<9}"
            f" {took:>9}  pages {run['pages']}, fetched {run['fetched']},"
            f" not modified {run['not_modified']}, new {run['new']}, changed {run['changed']},"
            f" failing {run['failed']}"
            + (f", health {run['health']}" if run.get("health") else "")
            + (f"  ({run['message']})" if run["message"] else "")
        )
    return EXIT_OK


def run_doctor(args: argparse.Namespace) -> int:
    """`yzdaily doctor`: a verdict per check; `--live` reads each site's newest pages."""
    from flows.doctor import run_checks

    if args.live:
        return run_live_doctor(args)
    checks = run_checks(_settings(args))
    if args.json:
        _print_json([asdict(check) for check in checks])
    else:
        for check in checks:
            echo(f"{check.verdict:<5} {check.name:<22} {check.detail}")
    return EXIT_FATAL if any(check.verdict == "fail" for check in checks) else EXIT_OK


def run_live_doctor(args: argparse.Namespace) -> int:
    """`yzdaily doctor --live`: the canary; exit 1 when a site's pages cannot be read."""
    from flows.canary import run_canary

    settings = _settings(args)
    if args.source is None:
        settings = replace(settings, source="all")
    if not _resolvable(settings):
        return EXIT_FATAL
    reports = run_canary(settings)
    if args.json:
        _print_json([asdict(report) | {"verdict": report.verdict} for report in reports])
    else:
        for report in reports:
            echo(f"{report.site}: {report.verdict}")
            for check in report.checks:
                echo(f"  {check.verdict:<5} {check.name:<14} {check.detail}")
    return EXIT_FATAL if any(report.verdict == "fail" for report in reports) else EXIT_OK


def run_golden(args: argparse.Namespace) -> int:
    """`yzdaily golden add`: save a page and its draft expectation for review."""
    from flows.golden import GoldenError, add_golden

    try:
        saved = add_golden(
            args.target, args.site, args.fixtures, _settings(args), args.name, args.url, args.force
        )
    except GoldenError as error:
        echo(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    echo(f"saved {saved.page}\n  and {saved.expected}")
    if saved.refused:
        echo(f"the parser refused the page ({saved.refused}): the draft says so")
    echo(
        "review the draft: correct every field to what the page says, delete its `_review`"
        " key, then `make test` (the eval gate counts it)"
    )
    return EXIT_OK


def run_reprocess(args: argparse.Namespace) -> int:
    """`yzdaily reprocess`: rebuild rows from the raw archive."""
    return _run_flow(args, _settings(args), "reprocess")


def run_failures(args: argparse.Namespace) -> int:
    """`yzdaily failures`: the URLs failing now."""
    from warehouse.fetchlog import list_failures

    settings = _settings(args)
    with read_warehouse(args, settings.db_path) as con:
        failures = list_failures(con)
    if args.json:
        _print_json(failures)
        return EXIT_OK
    if not failures:
        echo("no failures")
    for f in failures:
        kind = "permanent" if f["permanent"] else "transient"
        echo(
            f"{f['url']}\n    {f['stage']} ({kind}, {f['attempts']} attempt(s), next"
            f" {f['next_attempt_at']:%Y-%m-%d %H:%M} UTC): {f['reason']}"
        )
    return EXIT_OK


def _rate(value: float | None, percent: bool = True) -> str:
    if value is None:
        return "-"
    return f"{value:.0%}" if percent else f"{value:.0f}"


def format_health(sites: Sequence[dict[str, Any]]) -> str:
    """`yzdaily health` as text: a block per site, fields as recent vs history."""
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
            percent = name != "body_chars_median"
            lines.append(
                f"    {name:<20} {_rate(rates['recent'], percent):>7}"
                f" {_rate(rates['history'], percent):>8}"
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
    from warehouse.db import open_warehouse
    from warehouse.health import latest_health

    settings = _settings(args)
    with open_warehouse(settings.db_path, read_only=True) as con:
        sites = latest_health(con)
    if args.json:
        _print_json(sites)
    elif not sites:
        echo("no run has read a site yet: run `yzdaily ingest` (or `make demo`)")
    else:
        echo(format_health(sites))
    return EXIT_CHANGED if any(site["verdict"] == "fail" for site in sites) else EXIT_OK


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
        "by year       " + (", ".join(f"{k}: {v}" for k, v in stats.by_year.items()) or "-"),
    ]
    run = stats.last_run
    if run:
        lines.append(
            f"last run      {run['started_at']:%Y-%m-%d %H:%M} UTC {run['status']}:"
            f" {run['new']} new, {run['changed']} changed, {run['failed']} failed"
            + (f" ({run['message']})" if run.get("message") else "")
        )
    else:
        lines.append("last run      -")
    return "\n".join(lines)


def run_stats(args: argparse.Namespace) -> int:
    """`yzdaily stats`: counts from the warehouse, opened read-only."""
    from warehouse.queries import read_stats

    settings = _settings(args)
    with read_warehouse(args, settings.db_path) as con:
        stats = read_stats(con)
    if args.json:
        payload = asdict(stats)
        payload["db"] = str(settings.db_path)
        _print_json(payload)
    else:
        echo(_format_stats(stats, settings.db_path))
    return EXIT_OK


COMMANDS = {
    "ingest": run_ingest,
    "backfill": run_backfill,
    "reprocess": run_reprocess,
    "import": run_import,
    "runs": run_runs,
    "doctor": run_doctor,
    "failures": run_failures,
    "health": run_health,
    "golden": run_golden,
    "stats": run_stats,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `yzdaily` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    import duckdb

    from flows.lock import LockFileError, WarehouseBusy
    from flows.prefect_server import ServerError
    from warehouse.db import WarehouseError

    try:
        return COMMANDS[args.command](args)
    except SettingsError as error:
        echo(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (WarehouseError, WarehouseBusy, LockFileError, ServerError) as error:
        echo(f"error: {error}", file=sys.stderr)
        return EXIT_FATAL
    except duckdb.Error as error:
        echo(f"error: the warehouse query failed: {first_line(error)}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        echo("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`yzdaily search ... | head`): not an error of ours. Point
        # stdout at /dev/null so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        # The machine's, not the user's input: a read-only or full disk, a missing permission.
        echo(f"error: {describe_os_error(error)}", file=sys.stderr)
        return EXIT_FATAL


def first_line(error: BaseException) -> str:
    """An exception's message, first line only (DuckDB's run on with hints and links)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def describe_os_error(error: OSError) -> str:
    """`what: file` for an OSError, the way a person says it."""
    if error.filename is not None:
        return f"{error.strerror or error}: {error.filename}"
    return str(error.strerror or error)


if __name__ == "__main__":
    sys.exit(main())
