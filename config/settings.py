"""Settings, built once and passed explicitly: defaults < environment < command-line flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from config import __version__
from parsers.cities import CORPORA, UnknownCity, parse_cities
from parsers.cities import DEFAULT as DEFAULT_CITIES

if TYPE_CHECKING:
    from parsers.captures import Archive

# The source registry (parsers.sources) and the archives' names (parsers.captures) import
# every site adapter, BeautifulSoup with them (0.3 s): the settings ask them only about a
# value that is not the default, so that a read command starts without them (#29).
DEFAULT_SOURCE = "zgjssw"  # parsers.sources.DEFAULT_SOURCE (tests/flows/test_settings.py)

PROJECT_URL = "https://github.com/yzdaily/yzdaily"
USER_AGENT = f"yzdaily/{__version__} (+{PROJECT_URL}; research archive of Yangzhou Daily articles)"
DEFAULT_DATA_DIR = Path("data")
DB_FILENAME = "yzdaily.duckdb"
WAYBACK_URL = "https://web.archive.org"
CC_INDEX_URL = "https://index.commoncrawl.org"
CC_DATA_URL = "https://data.commoncrawl.org"
# An hour between two requests, or for one read, is already past any use: more is a typo.
MAX_SECONDS = 3600.0
DEFAULT_PREFECT_IDLE = 600.0
# List pages one walk reads at most: a real column lists tens of pages; a list that never ends
# (hostile, or a site answering any page number) must not hold a run forever (issue 31).
DEFAULT_MAX_PAGES = 200
# What one run asks of each web archive's index host at most (issue 30): the pages (every
# request to the index: CDX pages, crawl page counts and pages) and the rows they list. A
# full zgjssw history is a few hundred requests and some tens of thousands of rows; an index
# that never stops (a resume key on every page, 25,000 rows each) costs a run this much, and
# the next backfill reads on where it stopped.
DEFAULT_MAX_INDEX_PAGES = 1000
DEFAULT_MAX_INDEX_ROWS = 100_000
MAX_PREFECT_IDLE = 7 * 24 * 3600.0
# Caps on reading files nobody vouches for (fetching/reading.py, issue 25). A page over 5 MB is no
# article page (the Fetcher's cap too); a WARC's header lines are read whole, so a "line" may
# be no longer than a page; reading one file (a WARC of thousands of pages included) may take
# ten minutes, its pages' parsing apart.
DEFAULT_MAX_PAGE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_LINE_BYTES = 5 * 1024 * 1024
DEFAULT_FILE_SECONDS = 600.0
# Below a read's chunk a line cap could miss a line inside one chunk; a page cap that small
# refuses ordinary pages.
MIN_READ_CAP = 65536


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, in one place."""

    data_dir: Path = DEFAULT_DATA_DIR
    db_path: Path = DEFAULT_DATA_DIR / DB_FILENAME
    source: str = DEFAULT_SOURCE  # a registered source (parsers/sources.py) or "all"
    # The corpora an ingest or backfill keeps current (parsers/cities.py codes): each is a
    # column of zgjssw (市县传真 > city, 要闻 for the province); the other sites cover
    # Yangzhou alone and are skipped for any other corpus.
    cities: tuple[str, ...] = DEFAULT_CITIES
    base_url: str | None = None  # None: the source's public site
    since: date | None = None
    until: date | None = None
    backfill: bool = False  # page past known articles, load only since..until
    verbosity: int = 1  # 0 quiet, 1 normal, 2 verbose
    max_pages: int = DEFAULT_MAX_PAGES  # list pages a walk reads at most (a run reads on)
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0  # seconds, per connect and per read
    retries: int = 3
    batch_size: int = 50  # articles fetched, parsed and loaded per task
    user_agent: str = USER_AGENT
    # The web archives `backfill` also reads (empty: the list pages only) and their endpoints.
    archives: tuple[Archive, ...] = ()
    wayback_url: str = WAYBACK_URL
    cc_index_url: str = CC_INDEX_URL
    cc_data_url: str = CC_DATA_URL
    max_index_pages: int = DEFAULT_MAX_INDEX_PAGES  # index requests per archive host and run
    max_index_rows: int = DEFAULT_MAX_INDEX_ROWS  # index rows read per archive host and run
    # Seconds the Prefect server a run started waits for the next run of its Prefect home
    # (hosting/server.py); 0: each run starts its own and stops it.
    prefect_idle: float = DEFAULT_PREFECT_IDLE
    # Caps on reading imported files and the raw archive (fetching/reading.py): a page's bytes
    # before and after decompression, bytes without a newline, seconds per file.
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
    file_seconds: float = DEFAULT_FILE_SECONDS

    @property
    def jieba_cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def prefect_home(self) -> Path:
        return self.data_dir / "prefect"


# Environment variable -> (setting, parser). Unknown YZDAILY_* variables are ignored.
ENVIRONMENT: dict[str, tuple[str, Any]] = {
    "YZDAILY_DATA_DIR": ("data_dir", Path),
    "YZDAILY_DB": ("db_path", Path),
    "YZDAILY_SOURCE": ("source", str),
    "YZDAILY_CITIES": ("cities", parse_cities),
    "YZDAILY_BASE_URL": ("base_url", str),
    "YZDAILY_DELAY": ("delay", float),
    "YZDAILY_TIMEOUT": ("timeout", float),
    "YZDAILY_RETRIES": ("retries", int),
    "YZDAILY_MAX_PAGES": ("max_pages", int),
    "YZDAILY_BATCH_SIZE": ("batch_size", int),
    "YZDAILY_WAYBACK_URL": ("wayback_url", str),
    "YZDAILY_CC_INDEX_URL": ("cc_index_url", str),
    "YZDAILY_CC_DATA_URL": ("cc_data_url", str),
    "YZDAILY_MAX_INDEX_PAGES": ("max_index_pages", int),
    "YZDAILY_MAX_INDEX_ROWS": ("max_index_rows", int),
    "YZDAILY_PREFECT_IDLE": ("prefect_idle", float),
    "YZDAILY_MAX_PAGE_BYTES": ("max_page_bytes", int),
    "YZDAILY_MAX_LINE_BYTES": ("max_line_bytes", int),
    "YZDAILY_FILE_SECONDS": ("file_seconds", float),
}
# The endpoint settings, by the flag that sets them (error messages name the flag).
ENDPOINTS = {
    "wayback_url": "--wayback-url",
    "cc_index_url": "--cc-index-url",
    "cc_data_url": "--cc-data-url",
}


def parse_archives(text: str) -> tuple[Archive, ...]:
    """`wayback,commoncrawl` (a `--archives` value) as archive names, in the order given."""
    from parsers.captures import ARCHIVES

    names: list[Archive] = []
    for raw in text.split(","):
        name = raw.strip().lower()
        if not name:
            continue
        archive = next((known for known in ARCHIVES if known == name), None)
        if archive is None:
            raise SettingsError(
                f"unknown archive {raw.strip()!r}: choose from {', '.join(ARCHIVES)}"
            )
        if archive not in names:
            names.append(archive)
    return tuple(names)


def _check_endpoint(flag: str, url: str) -> None:
    """An archive endpoint must be an http(s) URL of a host, without a query."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{flag} must be an http:// or https:// URL, not {url!r}")
    if parts.query or parts.fragment:
        raise SettingsError(f"{flag} must not carry a query or fragment: {url!r}")


def _check_source(settings: Settings) -> None:
    """A source the registry knows; `all` only with a bare --base-url."""
    from parsers.sources import ALL, NAMES

    if settings.source not in NAMES:
        raise SettingsError(f"unknown source {settings.source!r}: choose one of {', '.join(NAMES)}")
    if (
        settings.source == ALL
        and settings.base_url
        and urlsplit(settings.base_url).path not in ("", "/")
    ):
        # A path names one source's list page; only a bare host serves every source.
        raise SettingsError(
            f"--base-url {settings.base_url} names one source's list page: give --source too,"
            " or a bare http://host:port for --source all"
        )


def _validate(settings: Settings) -> Settings:
    if settings.source != DEFAULT_SOURCE:
        _check_source(settings)
    unknown_cities = [code for code in settings.cities if code not in CORPORA]
    if not settings.cities or unknown_cities:
        raise SettingsError(f"unknown city {unknown_cities[:1] or settings.cities!r}")
    if (
        len(settings.cities) > 1
        and settings.base_url
        and urlsplit(settings.base_url).path not in ("", "/")
    ):
        # A path names one column's list page; only a bare host serves every column.
        raise SettingsError(
            f"--base-url {settings.base_url} names one column's list page: give one --city,"
            " or a bare http://host:port for several"
        )
    # Written so that nan fails too (it compares false with everything).
    if not 0 <= settings.delay <= MAX_SECONDS:
        raise SettingsError(f"delay must be 0 to {MAX_SECONDS:g} seconds, not {settings.delay}")
    if not 0 < settings.timeout <= MAX_SECONDS:
        raise SettingsError(
            f"timeout must be more than 0 and at most {MAX_SECONDS:g} seconds,"
            f" not {settings.timeout}"
        )
    if settings.retries < 0:
        raise SettingsError(f"retries must be 0 or more, not {settings.retries}")
    if settings.max_pages < 1:
        raise SettingsError(f"max pages must be 1 or more, not {settings.max_pages}")
    if settings.max_index_pages < 1:
        raise SettingsError(
            f"YZDAILY_MAX_INDEX_PAGES must be 1 or more, not {settings.max_index_pages}"
        )
    if settings.max_index_rows < 1:
        raise SettingsError(
            f"YZDAILY_MAX_INDEX_ROWS must be 1 or more, not {settings.max_index_rows}"
        )
    if settings.batch_size < 1:
        raise SettingsError(f"batch size must be 1 or more, not {settings.batch_size}")
    if not 0 <= settings.prefect_idle <= MAX_PREFECT_IDLE:
        raise SettingsError(
            f"YZDAILY_PREFECT_IDLE must be 0 to {MAX_PREFECT_IDLE:g} seconds,"
            f" not {settings.prefect_idle}"
        )
    for name in ("max_page_bytes", "max_line_bytes"):
        value = getattr(settings, name)
        if value < MIN_READ_CAP:
            variable = f"YZDAILY_{name.upper()}"
            raise SettingsError(f"{variable} must be at least {MIN_READ_CAP}, not {value}")
    if not 0 < settings.file_seconds <= 24 * MAX_SECONDS:
        raise SettingsError(
            f"YZDAILY_FILE_SECONDS must be more than 0 and at most {24 * MAX_SECONDS:g},"
            f" not {settings.file_seconds}"
        )
    for name, flag in ENDPOINTS.items():
        _check_endpoint(flag, getattr(settings, name))
    if settings.archives:
        _check_archives(settings.archives)
    return settings


def _check_archives(archives: tuple[str, ...]) -> None:
    from parsers.captures import ARCHIVES

    unknown = [name for name in archives if name not in ARCHIVES]
    if unknown:
        raise SettingsError(f"unknown archive {unknown[0]!r}: choose from {', '.join(ARCHIVES)}")


def build_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults, then YZDAILY_* environment variables, then non-None overrides (CLI flags)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for variable, (name, parse) in ENVIRONMENT.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            values[name] = parse(raw)
        except (ValueError, UnknownCity) as error:
            raise SettingsError(f"{variable}={raw!r} is not valid: {error}") from error
    known = {f.name for f in fields(Settings)}
    for name, value in overrides.items():
        if name not in known:
            raise TypeError(f"unknown setting {name}")
        if value is not None:
            values[name] = value
    settings = replace(Settings(), **values)
    # The database follows the data dir unless it was set on its own.
    if "db_path" not in values and "data_dir" in values:
        settings = replace(settings, db_path=settings.data_dir / DB_FILENAME)
    return _validate(settings)
