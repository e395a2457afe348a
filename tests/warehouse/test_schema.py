"""The article columns code derives from `Article` are exactly the columns the migrations made."""

from __future__ import annotations

from pathlib import Path

from warehouse.db import open_warehouse
from warehouse.schema import ARTICLE_COLUMNS, LINKED_COLUMNS, LOAD_COLUMNS, VERSIONED


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
