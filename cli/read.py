"""What the read commands share beyond their options: the warehouse opened read-only (waiting
while an ingest commits), a date range checked, a TERM read as one word, the query tokenizer.
Nothing here imports Prefect, jieba or duckdb until a command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cli.options import build_command_settings
from config.settings import Settings
from flows.terminal import echo

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection  # read commands import duckdb only when they run

    from parsers.query import QueryTokenizer


def read_warehouse(
    args: argparse.Namespace, db_path: Path | None = None
) -> AbstractContextManager[DuckDBPyConnection]:
    """The warehouse (by default the one the command's --db or --data-dir names) opened
    read-only for a read command: it waits (`--wait`) while a writer commits, and says so on
    stderr if that takes long."""
    from warehouse.db import open_warehouse

    def say(message: str) -> None:
        echo(message, file=sys.stderr, flush=True)

    path = db_path or build_command_settings(args).db_path
    return open_warehouse(path, read_only=True, wait=getattr(args, "wait", None), on_wait=say)


def check_range(since: date | None, until: date | None) -> None:
    """QueryError (bad usage) when --until is before --since."""
    from parsers.query import QueryError

    if since is not None and until is not None and until < since:
        raise QueryError(f"--until {until} is before --since {since}")


def one_term(raw: str) -> str:
    """The one word of a command's TERM; QueryError (bad usage) for none or several."""
    from parsers.query import QueryError, parse_query

    parts = parse_query(raw).parts
    if len(parts) != 1:
        raise QueryError(f"give one word; {' '.join(parts)} is {len(parts)}")
    return parts[0]


def query_tokenizer(settings: Settings) -> Callable[[], QueryTokenizer]:
    """Builds the project's Segmenter on first call only (jieba loads in about a second)."""
    built: list[QueryTokenizer] = []

    def build() -> QueryTokenizer:
        if not built:
            from flows.segmenter import build_segmenter

            built.append(build_segmenter(settings.jieba_cache_dir))
        return built[0]

    return build
