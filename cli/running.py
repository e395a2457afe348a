"""What the commands that write the warehouse share (ingest, backfill, reprocess, import):
the writer lock with Prefect's API server starting meanwhile, the flow's run, and its end:
the summary on stderr and the exit code. Prefect and jieba are imported only once the run
may go ahead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from cli.errors import EXIT_CHANGED, EXIT_FATAL, EXIT_OK, EXIT_PARTIAL
from cli.output import print_json
from config.settings import Settings
from flows.terminal import echo, plural
from parsers.bounded import bounded

OFFLINE_HINT = (
    "offline? `make demo` runs the whole pipeline against the bundled sample site on 127.0.0.1"
)


@contextmanager
def writing_run(settings: Settings, load_jieba: bool = True) -> Iterator[Callable[[], None]]:
    """The writer lock, and Prefect's API server found running or starting in the background.

    Yields `ready()`, to call before the first flow call: it waits for a server that is still
    starting, and uses that wait (7 s here) to load jieba. A run whose server is up already
    loads jieba only if it parses a page (a run with nothing new never does).
    """
    from flows.lock import writer_lock
    from hosting.env import configure_prefect, effective_prefect_home, without_heartbeats
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
            with api_faults_as_errors(api_url, ours=server is not None), without_heartbeats():
                yield ready


def worker_count(args: argparse.Namespace) -> int | None:
    """--workers, else None: the flow picks (every core for a big run)."""
    return int(args.workers) if getattr(args, "workers", None) else None


def run_flow(args: argparse.Namespace, settings: Settings, flow_name: str) -> int:
    """Run a writing flow under the warehouse's writer lock; summary line and exit code."""
    workers = worker_count(args)
    # Only --workers 2+ is sure to parse in worker processes (by default a small reprocess
    # parses in this one): then the run's process never needs jieba.
    pooled = flow_name == "reprocess" and (workers or 1) > 1
    with writing_run(settings, load_jieba=not pooled) as ready:
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
    return outcome(run)


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


def outcome(run: Any) -> int:
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
