"""The options several commands share, each added by one helper (as sqlite-utils'
`output_options` adds its output flags), their value types, and the settings they build.

    add_db(parser)      --db, --data-dir        add_wait(parser)    --wait SECONDS
    add_output(parser)  --json | --csv (or --json alone: add_output(parser, ("json",)))
    add_limit(parser, 20)                       add_source(parser)  --source SITE
    add_article_source(parser)  --source 来源   add_range(parser)   --since, --until

cli/base.py adds a command's --db, --wait and output flags as its class declares them. A
command's settings come from `build_command_settings(args)`, whatever options it has.
Nothing here imports Prefect, jieba or duckdb: `yzdaily --help` stays fast.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

from config.settings import MAX_SECONDS, Settings, SettingsError, build_settings, parse_archives

T = TypeVar("T")
Format = Literal["json", "csv"]  # what a command's output flags offer besides its table
READER_WAIT_DEFAULT = 30.0  # warehouse.db.READER_WAIT_SECONDS (not imported: duckdb is slow to)
MAX_LIMIT = 10_000
RUN_RECORD = "print the run record as JSON"  # the writing commands' --json


def converted(convert: Callable[[str], T], text: str, what: str) -> T:
    """`convert(text)` for an argparse type, or the error `not WHAT: 'text'`."""
    try:
        return convert(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None


def iso_date(text: str) -> date:
    """An argparse type: a day as YYYY-MM-DD."""
    return converted(date.fromisoformat, text, "a date (YYYY-MM-DD)")


def positive_int(text: str) -> int:
    """An argparse type: a whole number, 1 or more."""
    value = converted(int, text, "a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value}")
    return value


def row_limit(text: str) -> int:
    """A count of rows to show: 1 to MAX_LIMIT (DuckDB's LIMIT takes no more than an int64)."""
    value = positive_int(text)
    if value > MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"at most {MAX_LIMIT}: {value}")
    return value


def seconds(text: str) -> float:
    """An argparse type: a finite number of seconds, 0 to MAX_SECONDS."""
    value = converted(float, text, "a number of seconds")
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number of seconds: {text!r}")
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value}")
    if value > MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"at most {MAX_SECONDS:g} seconds: {value:g}")
    return value


def source_names() -> tuple[str, ...]:
    """The values of a site's --source: each site's name, and `all`."""
    from parsers.sources import NAMES

    return NAMES


def site_names() -> tuple[str, ...]:
    """Each site's name."""
    from parsers.sources import SOURCES

    return tuple(SOURCES)


def add_db(parser: argparse.ArgumentParser) -> None:
    """--db and --data-dir: which warehouse, which data directory."""
    parser.add_argument(
        "--db", type=Path, help="DuckDB file (default: $YZDAILY_DB or data/yzdaily.duckdb)"
    )
    parser.add_argument(
        "--data-dir", type=Path, help="data directory (default: $YZDAILY_DATA_DIR or ./data)"
    )


def add_wait(parser: argparse.ArgumentParser) -> None:
    """--wait: how long a read command waits for a writer's commit."""
    parser.add_argument(
        "--wait",
        type=seconds,
        metavar="SECONDS",
        help="how long to wait while an ingest holds the warehouse to commit (default"
        f" {READER_WAIT_DEFAULT:g})",
    )


def add_output(
    parser: argparse.ArgumentParser,
    formats: Sequence[Format] = ("json", "csv"),
    json_help: str = "machine-readable output",
) -> None:
    """--json, or --json or --csv (one of them): the answer machine-readable, on stdout."""
    if "csv" not in formats:
        parser.add_argument("--json", action="store_true", help=json_help)
        return
    one_of = parser.add_mutually_exclusive_group()
    one_of.add_argument("--json", action="store_true", help=json_help)
    one_of.add_argument("--csv", action="store_true", help="CSV with a header row, on stdout")


def add_limit(parser: argparse.ArgumentParser, default: int, what: str = "how many") -> None:
    """--limit N: at most N rows (1 to MAX_LIMIT)."""
    parser.add_argument(
        "--limit", type=row_limit, default=default, help=f"{what} (default {default})"
    )


def add_source(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """--source: the site to read (a site's name, or all of them)."""
    parser.add_argument(
        "--source",
        choices=source_names(),
        help=help or "which site: zgjssw (default), yznews (扬州网), or all of them in turn",
    )


def add_article_source(parser: argparse.ArgumentParser) -> None:
    """--source 来源: only articles that name this source (args.article_source)."""
    parser.add_argument(
        "--source",
        dest="article_source",
        metavar="SOURCE",
        help="only articles of this 来源, exactly (e.g. 扬州日报)",
    )


def add_range(parser: argparse.ArgumentParser) -> None:
    """--since and --until: a range of publication days."""
    parser.add_argument("--since", type=iso_date, help="first publication day (YYYY-MM-DD)")
    parser.add_argument("--until", type=iso_date, help="last publication day (YYYY-MM-DD)")


def add_span(
    parser: argparse.ArgumentParser, flag: str, unit: str, default: int, most: int
) -> None:
    """--width or --window: how much context on each side of a term, 1 to `most` units."""

    def span(text: str) -> int:
        value = positive_int(text)
        if value > most:
            raise argparse.ArgumentTypeError(f"must be 1 to {most}: {value}")
        return value

    parser.add_argument(
        flag, type=span, default=default, help=f"{unit} on each side (default {default})"
    )


def add_period(parser: argparse.ArgumentParser, default: str) -> None:
    """--by year|quarter|month: the period length, its default in --help."""
    parser.add_argument(
        "--by",
        choices=["year", "quarter", "month"],
        default=default,
        help=f"period length (default {default})",
    )


def add_unit(parser: argparse.ArgumentParser) -> None:
    """--unit stories|articles: what counts."""
    parser.add_argument(
        "--unit",
        choices=["stories", "articles"],
        default="stories",
        help="what counts: stories (default; a story on several sites once, on its first"
        " day) or articles (every copy)",
    )


def add_workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        help="processes that parse and enrich (default: every core for 500+ pages or a big"
        " import, else 1; 1: in this process)",
    )


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    """--quiet or --verbose: how much a run says while it works."""
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "--quiet", "-q", action="store_true", help="only errors and the final summary"
    )
    loudness.add_argument(
        "--verbose", "-v", action="store_true", help="also each article and Prefect's logs"
    )


def add_parse_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands that parse what they have, reprocess and import: the run
    record as JSON, the processes that parse, how much the run says."""
    add_output(parser, ("json",), RUN_RECORD)
    add_workers(parser)
    add_verbosity(parser)


def add_crawl_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the commands that crawl: where, how politely, how loudly."""
    parser.add_argument(
        "--base-url",
        help="where to crawl instead of the public site (a mirror, or the sample site of"
        " `make demo`): zgjssw takes a site root or column URL, yznews its first list page;"
        " --source all takes a bare http://host:port",
    )
    add_limits(parser)
    add_output(parser, ("json",), RUN_RECORD)
    add_verbosity(parser)


def add_limits(parser: argparse.ArgumentParser) -> None:
    """How much a crawl reads a run, and how politely: --max-pages, --delay, --timeout."""
    parser.add_argument(
        "--max-pages",
        type=positive_int,
        help="read at most N list pages of a source a run (default $YZDAILY_MAX_PAGES or 200);"
        " the next run reads on where this one stopped",
    )
    parser.add_argument(
        "--delay", type=seconds, help="seconds between two requests to one host (default 1)"
    )
    parser.add_argument("--timeout", type=seconds, help="seconds per connect/read (default 20)")


def archive_names(text: str) -> tuple[str, ...]:
    try:
        names = parse_archives(text)
    except SettingsError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if not names:
        raise argparse.ArgumentTypeError("name one archive or both: wayback,commoncrawl")
    return names


def add_archive_options(parser: argparse.ArgumentParser) -> None:
    """backfill's web archives (docs/HISTORY.md) and their endpoints."""
    parser.add_argument(
        "--archives",
        type=archive_names,
        metavar="wayback,commoncrawl",
        help="also load the articles the web archives hold (one or both, comma-separated);"
        " each is fetched live first, from an archive when the live page is gone"
        " (default: the list pages only)",
    )
    parser.add_argument(
        "--wayback-url",
        metavar="URL",
        help="the Wayback Machine (default $YZDAILY_WAYBACK_URL or https://web.archive.org)",
    )
    parser.add_argument(
        "--cc-index-url",
        metavar="URL",
        help="Common Crawl's index server (default $YZDAILY_CC_INDEX_URL or"
        " https://index.commoncrawl.org)",
    )
    parser.add_argument(
        "--cc-data-url",
        metavar="URL",
        help="Common Crawl's data server (default $YZDAILY_CC_DATA_URL or"
        " https://data.commoncrawl.org)",
    )


def build_command_settings(args: argparse.Namespace) -> Settings:
    """The settings of a command: defaults < environment < the flags it was given."""
    overrides: dict[str, Any] = {
        "db_path": getattr(args, "db", None),
        "data_dir": getattr(args, "data_dir", None),
    }
    for name in (
        *("base_url", "since", "until", "max_pages", "delay", "timeout"),
        *("archives", "wayback_url", "cc_index_url", "cc_data_url"),
    ):  # when given
        overrides[name] = getattr(args, name, None)
    if getattr(args, "quiet", False):
        overrides["verbosity"] = 0
    elif getattr(args, "verbose", False):
        overrides["verbosity"] = 2
    # The site to read; a read command's --source (an article's 来源) is args.article_source.
    overrides["source"] = getattr(args, "source", None)
    return build_settings(**overrides)
