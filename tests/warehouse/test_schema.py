"""The article columns code derives from `Article` are exactly the columns the migrations made."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pytest

from warehouse.db import WarehouseError, check_warehouse_file, open_warehouse
from warehouse.schema import ARTICLE_COLUMNS, LINKED_COLUMNS, LOAD_COLUMNS, VERSIONED
from web.reading import WarehouseReader


def columns(db: Path, table: str) -> set[str]:
    with open_warehouse(db) as con:
        rows = con.execute(
            "select column_name from duckdb_columns() where table_name = ?", [table]
        ).fetchall()
    return {str(row[0]) for row in rows}


def test_articles_has_the_derived_columns_and_no_other(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    derived = {column.name for column in ARTICLE_COLUMNS}
    assert columns(db, "articles") == derived | set(LOAD_COLUMNS) | set(LINKED_COLUMNS)
    assert {"kicker", "subtitle", "body", "column_name"} <= derived


def test_article_versions_keeps_every_content_column(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert columns(db, "article_versions") == {
        "article_id",
        *VERSIONED,
        "valid_from",
        "replaced_at",
    }


EXTENSION_SETTINGS = (
    "autoinstall_known_extensions",
    "autoload_known_extensions",
    "allow_community_extensions",
)


def extension_settings(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(
        "select name, value from duckdb_settings() where list_contains(?, name)",
        [list(EXTENSION_SETTINGS)],
    ).fetchall()
    return {str(name): str(value) for name, value in rows}


def test_no_connection_may_fetch_or_load_an_extension(tmp_path: Path) -> None:
    """Nothing reaches beyond the sites read: DuckDB never downloads an extension (#31)."""
    db = tmp_path / "w.duckdb"
    off = dict.fromkeys(EXTENSION_SETTINGS, "false")
    with open_warehouse(db) as con:
        assert extension_settings(con) == off
    with open_warehouse(db, read_only=True) as con:
        assert extension_settings(con) == off
    with WarehouseReader(db).reading() as con:
        assert extension_settings(con) == off


def test_a_file_that_is_no_duckdb_file_is_refused_before_duckdb_opens_it(tmp_path: Path) -> None:
    sqlite_db = tmp_path / "notes.db"
    with sqlite3.connect(sqlite_db) as con:
        con.execute("create table notes (text)")
    for path, kind in ((sqlite_db, "a SQLite database"), (tmp_path / "empty", "an empty file")):
        path.touch()
        with pytest.raises(WarehouseError, match=f"not a DuckDB warehouse file \\(it is {kind}\\)"):
            check_warehouse_file(path)
        with pytest.raises(WarehouseError, match="not a DuckDB warehouse file"):
            open_warehouse(path).__enter__()
    check_warehouse_file(tmp_path / "not yet.duckdb")  # a new warehouse is welcome
