"""The commands that write the warehouse: ingest, backfill, reprocess, import.

Each runs a Prefect flow under the warehouse's writer lock, with Prefect's API server starting
in the background meanwhile, then prints a one-line summary; the exit code says how it went.
Prefect and jieba are imported only once the run may go ahead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cli.errors import EXIT_CHANGED, EXIT_FATAL, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from cli.options import (
    add_archive_options,
    add_crawl_options,
    add_db,
    add_json,
    add_source,
    add_verbosity,
    add_workers,
    build_command_settings,
    iso_date,
    print_json,
)
from config.settings import Settings
from flows.terminal import echo, plural
from parsers.bounded import bounded

Handler = Callable[[argparse.Namespace], int]
OFFLINE_HINT = (
    "offline? `make demo` runs the whole pipeline against the bundled sample site on 127.0.0.1"
)


def register(commands: Any) -> dict[str, Handler]:
    """Add ingest, backfill, reprocess and import to `yzdaily`'s subparsers."""
    ingest = commands.add_parser(
        "ingest",
        help="fetch new articles from the web and load them",
        description="Incremental ingest: read list pages newest first, fetch only articles not"
        " yet in the warehouse, parse, segment and load them. Stops paging at the first list"
        " page with nothing new.",
    )
    add_db(ingest)
    add_source(ingest)
    ingest.add_argument("--since", type=iso_date, help="ignore articles listed before this date")
    add_crawl_options(ingest)

    backfill = commands.add_parser(
        "backfill",
        help="load the articles of a date range, however far back",
        description="Read list pages newest first past known articles, stop at the first"
        " list page wholly older than --since, and fetch and load only the articles dated"
        " --since..--until (inclusive). Articles already loaded are not fetched again.",
    )
    add_db(backfill)
    backfill.add_argument("--since", type=iso_date, required=True, help="first day (YYYY-MM-DD)")
    backfill.add_argument("--until", type=iso_date, help="last day (default: today)")
    add_source(backfill)
    add_crawl_options(backfill)
    add_archive_options(backfill)

    reprocess = commands.add_parser(
        "reprocess",
        help="re-parse and re-enrich every archived page, without the network",
        description="Rebuild article rows and their keywords, terms and entities from the raw"
        " archive (data/raw) with today's parser and lexicon. This is how a parser or lexicon"
        " change reaches old articles.",
    )
    add_db(reprocess)
    reprocess.add_argument(
        "--since", type=iso_date, help="only articles published on or after this date"
    )
    add_json(reprocess, help="print the run record as JSON")
    add_workers(reprocess)
    add_verbosity(reprocess)

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
    add_db(importer)
    add_source(
        importer, help="the site files without a URL come from (default: told by their layout)"
    )
    add_json(importer, help="print the run record as JSON")
    add_workers(importer)
    add_verbosity(importer)
    return {
        "ingest": run_ingest,
        "backfill": run_backfill,
        "reprocess": run_reprocess,
        "import": run_import,
    }


@contextmanager
def _writing_run(settings: Settings, load_jieba: bool = True) -> Iterator[Callable[[], None]]:
    """The writer lock, and Prefect's API server found running or starting in the background.

    Yields `ready()`, to call before the first flow call: it waits for a server that is still
    starting, and uses that wait (7 s here) to load jieba. A run whose server is up already
    loads jieba only if it parses a page (a run with nothing new never does).
    """
    from flows.lock import writer_lock
    from hosting.env import configure_prefect, effective_prefect_home
    from hosting.server import (
        api_faults_as_errors,
        check_api,
        healthy,
        prefect_api,
        wait_healthy,
    )
    from warehouse.db import open_warehouse

    configure_prefect(settings.prefect_home, verbose=settings.verbosity > 1)
    prefect_home = effective_prefect_home(settings.prefect_home)
    with writer_lock(settings.db_path):
        # Before Prefect starts: a file that is no DuckDB warehouse, or a disk that cannot
        # take one, is one line now rather than a flow's traceback later.
        with open_warehouse(settings.db_path):
            pass
        with prefect_api(prefect_home, keep_for=settings.prefect_idle) as server:
            api_url = server.api_url if server else os.environ["PREFECT_API_URL"]

            def ready() -> None:
                if server is None:
                    check_api(api_url)  # the user's: one line if it is down, not a traceback
                    return
                if healthy(server.url):
                    return
                from flows.stages import get_segmenter

                # Or, when worker processes do all the parsing, start the process they are
                # forked from (it loads jieba).
                if load_jieba:
                    get_segmenter(settings.jieba_cache_dir)
                else:
                    from flows.pool import start_forkserver

                    start_forkserver()
                wait_healthy(server)

            # A fault of the API during the run (503s past the client's retries, a server
            # gone, answers its client cannot read) ends it in one line naming the API.
            with api_faults_as_errors(api_url, ours=server is not None):
                yield ready


def _workers(args: argparse.Namespace) -> int | None:
    """--workers, else None: the flow picks (every core for a big run)."""
    return int(args.workers) if getattr(args, "workers", None) else None


def _run_flow(args: argparse.Namespace, settings: Settings, flow_name: str) -> int:
    """Run a writing flow under the warehouse's writer lock; summary line and exit code."""
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
    return finish(args, state, flow_name, settings.db_path, "they are tried again next run")


def finish(args: argparse.Namespace, state: Any, flow_name: str, db_path: Path, retry: str) -> int:
    """A writing run's end: its record as JSON (--json), its summary, warnings and health on
    stderr, and its exit code. A run that could not finish exits 1, whatever happened inside
    it (issue 30: an import that failed once said so and exited 0); every text printed from
    it is bounded (parsers/bounded.py)."""
    from warehouse.runs import RunRecord

    run = state.result(raise_on_failure=False)
    if not isinstance(run, RunRecord):
        # Only an unexpected crash inside Prefect gets here; say so rather than guess.
        echo(f"error: the {flow_name} flow crashed: {bounded(str(state.message))}", file=sys.stderr)
        return EXIT_FATAL
    if args.json:
        print_json(asdict(run))
    if run.status == "failed":
        echo(f"error: {bounded(run.message or 'the run failed')}", file=sys.stderr)
        if "cannot reach" in (run.message or ""):
            echo(OFFLINE_HINT, file=sys.stderr)
        return EXIT_FATAL
    echo(report_line(run, db_path), file=sys.stderr)
    for warning in run.warnings:
        echo(f"warning: {bounded(warning)}", file=sys.stderr)
    if run.status == "partial":
        echo(f"{bounded(run.message or '')}; {retry}", file=sys.stderr)
    return _outcome(run)


def took(started_at: datetime, finished_at: datetime | None) -> str:
    """A run's duration as stored (finished_at - started_at): the summary and `runs` show it."""
    if finished_at is None:
        return "unfinished"
    return f"{(finished_at - started_at).total_seconds():.1f} s"


def report_line(run: Any, db_path: Path) -> str:
    """The line a finished run ends with: `ingest completed: ... -> DB (12.3 s)`."""
    return (
        f"{run.flow} {run.status}: {summary(run)} -> {db_path}"
        f" ({took(run.started_at, run.finished_at)})"
    )


def summary(run: Any) -> str:
    """What a finished run did, in its own flow's words."""
    if run.flow == "reprocess":
        return (
            f"reprocessed {plural(run.discovered, 'article')}: {run.changed} changed,"
            f" {run.unchanged} unchanged, {run.failed} failed"
            + (f", {run.new} new" if run.new else "")
        )
    if run.flow == "import":
        return (
            f"{plural(run.pages, 'file')}, {plural(run.discovered, 'page')}, {run.new} new,"
            f" {run.changed} changed, {run.unchanged} unchanged, {run.failed} failed"
        )
    return (
        f"{plural(run.pages, 'list page')}, {run.discovered} to do, {run.fetched} fetched,"
        f" {run.not_modified} not modified, {run.new} new, {run.changed} changed"
    )


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
    settings = replace(build_command_settings(args), source=args.source or "all")
    with _writing_run(settings) as ready:
        from flows.importer import import_files

        paths = tuple(str(path) for path in args.paths)
        ready()
        state = import_files(settings, paths, _workers(args), return_state=True)
    # A file is not fetched again: only the person who gave it can mend it.
    return finish(args, state, "import", settings.db_path, "fix the files and import them again")


def hosts_resolve(settings: Settings) -> bool:
    """Before Prefect's start-up cost: an offline machine should hear so in a second."""
    from fetching.http import HostUnreachable, check_resolvable
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
    settings = build_command_settings(args)
    if not hosts_resolve(settings):
        return EXIT_FATAL
    return _run_flow(args, settings, "ingest")


def run_backfill(args: argparse.Namespace) -> int:
    """`yzdaily backfill`: a date range, paging past known articles."""
    settings = replace(build_command_settings(args), backfill=True)
    if (
        settings.until is not None
        and settings.since is not None
        and settings.until < settings.since
    ):
        echo(f"error: --until {settings.until} is before --since {settings.since}", file=sys.stderr)
        return EXIT_USAGE
    if not hosts_resolve(settings):
        return EXIT_FATAL
    return _run_flow(args, settings, "backfill")


def run_reprocess(args: argparse.Namespace) -> int:
    """`yzdaily reprocess`: rebuild rows from the raw archive."""
    return _run_flow(args, build_command_settings(args), "reprocess")
