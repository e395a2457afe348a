"""Opening the DuckDB warehouse, applying its numbered migrations and (re)creating its views.

Tables change only by numbered, forward-only migrations (`warehouse/migrations/NNNN_*.sql`).
Views and macros are not history: each lives in one file of `warehouse/views/` and is
recreated by the first writer that finds its definition changed (a view change is a one-file
diff); `schema_views` records what was created, so views that were dropped are dropped.

DuckDB lets one process hold a read-write connection, and that blocks every other process,
readers included. So writers open, write and close (`open_warehouse(..., read_only=False)`),
and readers open read-only, waiting (up to READER_WAIT_SECONDS, or what they are given) while
a writer commits. How long a writer holds the file: DESIGN.md 5.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

# Loads hold the file for well under a second per batch, the end of a run for a few seconds
# (DESIGN.md 5): a reader waits that out, and gives up only when something holds the file far
# longer. A writer also waits out an analyst's read-only session, for a while.
READER_WAIT_SECONDS = 30.0
WRITER_WAIT_SECONDS = 30.0
LOCK_POLL_SECONDS = 0.1
WAIT_NOTICE_SECONDS = 1.0  # a reader kept waiting longer than this says so, once
MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or migrated; the message says why and what to do."""


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every bundled migration, in order."""
    found = []
    for entry in resources.files("warehouse").joinpath("migrations").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations, each in one transaction and recorded; returns those applied."""
    con.execute(
        "create table if not exists schema_migrations ("
        " version integer primary key, name varchar not null,"
        " applied_at timestamp not null default (now() at time zone 'UTC'))"
    )
    rows = con.execute("select version from schema_migrations").fetchall()
    done = {int(row[0]) for row in rows}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        # Some migrations rewrite a whole table (0004 re-sorts the postings).
        with big_statements(con):
            con.execute("begin transaction")
            try:
                con.execute(sql)
                con.execute(
                    "insert into schema_migrations (version, name) values (?, ?)", [version, name]
                )
                con.execute("commit")
            except Exception:
                con.execute("rollback")
                raise
        applied.append(name)
    return applied


MACROS_FILE = "macros.sql"


def view_definitions() -> list[tuple[str, str]]:
    """(name, sql) of the macros file, then of every view file (`v_*.sql`) by name."""
    folder = resources.files("warehouse").joinpath("views")
    found = {entry.name: entry.read_text(encoding="utf-8") for entry in folder.iterdir()}
    names = [MACROS_FILE, *sorted(name for name in found if name.startswith("v_"))]
    return [(name.removesuffix(".sql"), found[name]) for name in names if name in found]


def _fingerprint(sql: str) -> str:
    return hashlib.sha256(sql.encode("utf-8")).hexdigest()


def views_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the views and macros in the file are those this code defines."""
    try:
        rows = con.execute("select name, sha256 from schema_views").fetchall()
    except duckdb.CatalogException:
        return False
    return dict(rows) == {name: _fingerprint(sql) for name, sql in view_definitions()}


def ensure_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create the views and macros whose definitions changed, drop views no longer defined;
    one transaction. Returns the names (re)created."""
    con.execute(
        "create table if not exists schema_views (name varchar primary key,"
        " sha256 varchar not null, created_at timestamp not null)"
    )
    if views_current(con):
        return []
    stored = dict(con.execute("select name, sha256 from schema_views").fetchall())
    wanted = view_definitions()
    created = []
    with transaction(con):
        for name in set(stored) - {name for name, _ in wanted}:
            if name.startswith("v_"):
                con.execute(f"drop view if exists {name}")
        con.execute("delete from schema_views")
        for name, sql in wanted:
            if stored.get(name) != _fingerprint(sql):
                con.execute(sql)
                created.append(name)
            con.execute(
                "insert into schema_views values (?, ?, now() at time zone 'UTC')",
                [name, _fingerprint(sql)],
            )
    return created


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bundled migrations not applied yet: by number, not by the highest one applied (a
    lower number can land after a higher one, as 0009 did after 0010)."""
    try:
        rows = con.execute("select version from schema_migrations").fetchall()
    except duckdb.CatalogException:
        rows = []
    done = {int(row[0]) for row in rows}
    return [name for version, name, _ in migrations() if version not in done]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """Highest applied migration number (0 for an empty database)."""
    try:
        row = con.execute("select max(version) from schema_migrations").fetchone()
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row and row[0] is not None else 0


def _is_locked(error: duckdb.Error) -> bool:
    """True when another process holds the file (DuckDB says 'Could not set lock on file')."""
    return "lock" in str(error).lower()


def _explain_open_error(path: Path, error: duckdb.Error) -> WarehouseError:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if _is_locked(error):
        return WarehouseError(
            f"the warehouse {path} is in use by another process (an ingest is probably "
            "writing to it); try again when it has finished"
        )
    return WarehouseError(f"cannot open the warehouse {path}: {text}")


# DuckDB takes up to 80% of RAM by default and keeps what it reads cached up to that: a run on
# a 100,000-article archive peaked at 658 MB, 540 MB with this cap (bench/search.py measures
# it). Ordinary statements stay well under it. The few statements over every posting
# (migrations, re-clustering, recounting document frequencies) run under `big_statements`.
MEMORY_LIMIT = "192MB"
BIG_MEMORY_LIMIT = "4GB"
# Nothing in this tool reaches beyond the sites it reads: DuckDB must never download or load an
# extension on its own (given a SQLite file it would fetch sqlite_scanner from the internet).
CONNECTION_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "memory_limit": MEMORY_LIMIT,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}
# A DuckDB database file carries this magic after its 8-byte header checksum.
DUCKDB_MAGIC = b"DUCK"
DUCKDB_MAGIC_OFFSET = 8
# What a file that is no DuckDB file probably is, by its first bytes: said in the refusal.
KNOWN_FORMATS = (
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\x1f\x8b", "a gzip file"),
    (b"PK\x03\x04", "a zip file"),
    (b"PAR1", "a Parquet file"),
    (b"WARC/", "a WARC archive"),
)
HEAD_BYTES = 32  # enough for every magic above


def check_warehouse_file(path: Path) -> None:
    """WarehouseError, in one line, when `path` exists but is not a DuckDB database file: it
    is refused before DuckDB reads it (DuckDB would try to load an extension for a SQLite
    file, and may take a file it does not know for one to initialise)."""
    try:
        if not path.exists():
            return
        if not path.is_file():
            raise WarehouseError(f"the warehouse {path} is not a file: give a DuckDB file's path")
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError as error:
        raise WarehouseError(
            f"cannot read the warehouse {path}: {error.strerror or error}"
        ) from error
    if head[DUCKDB_MAGIC_OFFSET : DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC)] == DUCKDB_MAGIC:
        return
    kind = next((name for magic, name in KNOWN_FORMATS if head.startswith(magic)), None)
    if not head:
        kind = "an empty file"
    described = f" (it is {kind})" if kind else ""
    raise WarehouseError(
        f"{path} is not a DuckDB warehouse file{described}: give the path of a yzdaily"
        " warehouse, or of a file that does not exist yet"
    )


@contextmanager
def big_statements(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Lift the memory cap for statements over the whole archive (sorts, windows and
    aggregations over every posting), then put it back."""
    con.execute(f"set memory_limit = '{BIG_MEMORY_LIMIT}'")
    try:
        yield
    finally:
        con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")


def _connect(
    path: Path, read_only: bool, wait: float, on_wait: Callable[[str], None] | None = None
) -> duckdb.DuckDBPyConnection:
    """Connect, retrying for up to `wait` seconds while another process holds the file;
    `on_wait` hears once when that takes longer than WAIT_NOTICE_SECONDS."""
    check_warehouse_file(path)
    started = time.monotonic()
    told = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=CONNECTION_CONFIG)
        except duckdb.Error as error:
            waited = time.monotonic() - started
            if not _is_locked(error) or waited >= wait:
                raise _explain_open_error(path, error) from error
            if on_wait is not None and not told and waited >= WAIT_NOTICE_SECONDS:
                on_wait(
                    f"waiting for the warehouse {path} (another process, an ingest probably,"
                    f" is writing to it); giving up after {wait:g} s"
                )
                told = True
            time.sleep(min(LOCK_POLL_SECONDS, max(wait - waited, 0.0)))


# `make demo` keeps its sample warehouse apart from the user's, in this folder of the data dir.
DEMO_FOLDER = "demo"


def missing_warehouse_message(path: Path) -> str:
    """What to say when a reader finds no warehouse at `path`: names the demo's warehouse
    when `make demo` wrote one beside it, so that its read commands are one flag away."""
    demo = path.parent / DEMO_FOLDER / path.name
    if demo.exists():
        return (
            f"no warehouse at {path}; `make demo` wrote its sample warehouse to {demo}:"
            f" add `--data-dir {demo.parent}` (or set YZDAILY_DATA_DIR={demo.parent})"
        )
    return f"no warehouse at {path}: run `yzdaily ingest` first (or `make demo` for sample data)"


@contextmanager
def open_warehouse(
    path: Path,
    read_only: bool = False,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse, closed on exit; writers get pending migrations applied.

    While another process holds the file, readers wait up to READER_WAIT_SECONDS and writers
    up to WRITER_WAIT_SECONDS (or `wait`), telling `on_wait` once if that takes long, then
    get a WarehouseError saying who is in the way.
    """
    if read_only and not path.exists():
        raise WarehouseError(missing_warehouse_message(path))
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    default_wait = READER_WAIT_SECONDS if read_only else WRITER_WAIT_SECONDS
    con = _connect(path, read_only, default_wait if wait is None else wait, on_wait)
    try:
        if not read_only:
            apply_migrations(con)
            ensure_views(con)
        elif pending_migrations(con) or not views_current(con):
            raise WarehouseError(
                f"the warehouse {path} has an older schema: run `yzdaily ingest` once to upgrade it"
            )
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Commit on success, roll back on any error: all of a batch or none of it."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


# Up to this many ids, `in (?, ?, ...)` lets DuckDB find the rows by the key's index; a list
# value (`in (select unnest(?))`) of more than a few dozen ids reads every row's key instead.
ID_PLACEHOLDERS_MAX = 1000


def among_ids(column: str, ids: Sequence[str]) -> tuple[str, list[Any]]:
    """SQL condition: `column` is one of `ids`; and its values."""
    if 0 < len(ids) <= ID_PLACEHOLDERS_MAX:
        placeholders = ", ".join("?" * len(ids))
        return f"{column} in ({placeholders})", list(ids)
    return f"{column} in (select unnest(?::varchar[]))", [list(ids)]
