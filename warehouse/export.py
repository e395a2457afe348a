"""Export every warehouse table to Parquet or CSV files that DuckDB, pandas or Arrow read.

    DIR/articles/year=2024/data_0.parquet     articles, partitioned by year (hive layout)
    DIR/article_keywords.parquet              every other table: one file each
    ...

With `partition_all`, every table keyed by `article_id` is partitioned too, each row by its
article's publication year (DIR/article_terms/year=2024/...): the layout for DuckLake, Spark
or any engine over a warehouse too big for one file (docs/SCALING.md).

With a date range, `articles` keeps the articles published in it and every table with an
`article_id` column keeps only the rows of those articles; the other tables (runs, the fetch
log ...) are exported whole. A new export replaces the files of an earlier one.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from warehouse.analytics import date_range

FORMATS = ("parquet", "csv")
PARTITIONED = "articles"


@dataclass(frozen=True)
class ExportedTable:
    """One exported table: where it went and how many rows it holds."""

    table: str
    path: Path
    rows: int


def exportable_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, bool]]:
    """(table, has an article_id column) for every table of the warehouse, by name."""
    rows = con.execute(
        """
        select t.table_name, bool_or(c.column_name = 'article_id')
        from duckdb_tables() t
        join duckdb_columns() c using (database_name, schema_name, table_name)
        where t.database_name = current_database() and t.schema_name = 'main'
          and not t.temporary
        group by t.table_name
        order by t.table_name
        """
    ).fetchall()
    return [(str(name), bool(keyed)) for name, keyed in rows]


def _quoted(name: str) -> str:
    # Table names come from the catalog, not from the user; quoting keeps any name safe.
    return '"' + name.replace('"', '""') + '"'


def export_warehouse(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    fmt: str = "parquet",
    since: date | None = None,
    until: date | None = None,
    partition_all: bool = False,
) -> list[ExportedTable]:
    """Write one dataset per table into `out_dir`; returns what was written, by table."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    conditions, values = date_range(since, until, "published_at")
    in_range = f"where {' and '.join(conditions)}" if conditions else ""
    exported = []
    for table, keyed in exportable_tables(con):
        params: list[Any] = list(values) if conditions else []
        partitioned = table == PARTITIONED or (partition_all and keyed)
        if table == PARTITIONED:
            sql = f"select *, year(published_at) as year from articles {in_range}"
        elif partitioned:
            sql = (
                f"select t.*, year(a.published_at) as year from {_quoted(table)} t"
                f" join (select article_id, published_at from articles {in_range}) a"
                " using (article_id)"
            )
        elif keyed and conditions:
            sql = (
                f"select * from {_quoted(table)} where article_id in"
                f" (select article_id from articles {in_range})"
            )
        else:
            sql, params = f"select * from {_quoted(table)}", []
        counted = con.execute(f"select count(*) from ({sql})", params).fetchall()
        rows = int(counted[0][0])
        relation = con.sql(sql, params=params)
        if partitioned:
            path = out_dir / table
            path.mkdir(exist_ok=True)
            # No partition of an earlier export may survive (DuckDB's overwrite leaves them).
            for stale in path.glob("year=*"):
                shutil.rmtree(stale)
            write = relation.write_parquet if fmt == "parquet" else relation.write_csv
            if rows:
                write(str(path), partition_by=["year"], overwrite=True)
        else:
            path = out_dir / f"{table}.{fmt}"
            if fmt == "parquet":
                relation.write_parquet(str(path))
            else:
                relation.write_csv(str(path), header=True)
        exported.append(ExportedTable(table, path, rows))
    return exported
