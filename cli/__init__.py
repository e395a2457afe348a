"""The `yzdaily` command line: the parser, assembled from the command groups, and `main`.

    run.py        ingest, backfill, reprocess, import: the commands that write
    serve.py      serve: the ingest on a schedule
    admin.py      runs, doctor, golden, failures, health, stats, export
    query.py      search, trend, top, emerging, people
    web.py        web
    analytics.py  kwic, collocates, entities, terms
    options.py    the options several commands share, one helper each
    errors.py     the exit codes, and the one table from exception to exit code

Exit codes: 0 done, 1 fatal, 2 bad usage, 3 some items failed, 4 a site's pages changed
(errors.py). Read commands import neither Prefect nor jieba: they start fast. No module of
the package imports this one.
"""

from __future__ import annotations

import argparse
import atexit
import os
import sys
import threading
from collections.abc import Sequence
from contextlib import suppress

from cli.admin import register as register_admin
from cli.analytics import register as register_analytics
from cli.errors import exit_for
from cli.query import register as register_query
from cli.run import register as register_run
from cli.serve import register as register_serve
from cli.web import register as register_web
from config import __version__
from flows.terminal import echo

# Each command group adds its commands and says their handlers (in --help's order).
COMMAND_GROUPS = (
    register_run,
    register_admin,
    register_serve,
    register_query,
    register_web,
    register_analytics,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand; each knows its handler (`args.handler`)."""
    parser = argparse.ArgumentParser(
        prog="yzdaily",
        description="Archive Yangzhou Daily (扬州日报) policy articles into DuckDB and query them.",
        epilog="Settings: defaults < environment (YZDAILY_DB, YZDAILY_DATA_DIR, YZDAILY_DELAY,"
        " ...) < flags. Exit codes: 0 done, 1 fatal, 2 bad usage, 3 some items failed, 4 a site's"
        " pages look different from what it used to serve (see `yzdaily health`).",
    )
    parser.add_argument("--version", action="version", version=f"yzdaily {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in COMMAND_GROUPS:
        for name, handler in register(commands).items():
            commands.choices[name].set_defaults(handler=handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `yzdaily` console script."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except BaseException as error:
        ending = exit_for(error)
        if ending is None:
            raise
        if isinstance(error, BrokenPipeError):
            # Point stdout at /dev/null so that the interpreter's final flush fails no more.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if ending.message is not None:
            echo(ending.message, file=sys.stderr)
        return ending.code
    return code


def console() -> None:
    """The `yzdaily` console script: `main()`, then an exit that skips the interpreter's
    teardown. By then every command has closed what it opened (its `with` blocks: warehouse,
    files, servers); what the teardown would add is freeing Prefect's and jieba's objects one
    by one, 0.4-0.6 s of every command here (#19), which the process's exit frees at once.
    What a normal exit does that matters still happens: non-daemon threads are joined, the
    atexit handlers run (logging, Prefect's event workers drain), stdout and stderr flushed."""
    code = main()
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # OSError: the reader went away (`yzdaily search | head`), nothing is left to say.
        with suppress(OSError):
            stream.flush()
    os._exit(code)
