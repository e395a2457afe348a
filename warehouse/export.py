"""Export the warehouse's tables and views as Parquet or spreadsheet-ready CSV files.

    DIR/articles/year=2024/data_0.parquet     Parquet: articles partitioned by year (hive layout)
    DIR/article_keywords.parquet              every other table and view: one file each
    DIR/articles.csv, DIR/v_stories.csv, ...  CSV: one file per table and view, no folders

CSV is for spreadsheets: UTF-8 with a byte-order mark (Excel reads Chinese then), a header
row, lists (reporters, editors, ...) as JSON arrays (`["邹平","世春"]`). Tables for operating
the pipeline (the fetch log, HTTP validators, migrations, the postings' layout) are left out
unless `include_internal`.

With `partition_all` (Parquet), every table keyed by `article_id` is partitioned too, each row
by its article's publication year (DIR/article_terms/year=2024/...): the layout for DuckLake,
Spark or any engine over a warehouse too big for one file (docs/SCALING.md).

With a date range, `articles` keeps the articles published in it and every table and view
with an `article_id` column (or `story_id`) keeps only the rows of those articles; the others
(runs, aggregates such as v_term_monthly) are exported whole.

The folder is replaced whole: the export is written beside it and swapped in, so no file of
an earlier export survives and a failed export leaves the earlier one as it was. A folder
that holds anything but an earlier export is never replaced.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from warehouse.analytics import date_range

FORMATS = ("parquet", "csv")
PARTITIONED = "articles"
# Left out unless asked for: they serve the pipeline, not an analysis.
INTERNAL_TABLES = frozenset(
    {
        "raw_fetches",
        "failures",
        "http_validators",
        "postings_layout",
        "schema_migrations",
        "schema_views",
        "term_document_frequencies",
        "crawl_frontier",
        "crawl_walks",
    }
)
# Written into every export folder: what may be replaced by the next export.
MARKER = ".yzdaily-export"
UTF8_BOM = "\ufeff".encode()


class ExportError(Exception):
    """The export cannot be written where asked; the message says why."""


@dataclass(frozen=True)
class ExportedTable:
    """One exported table or view: where it went and how many rows it holds."""

    table: str
    path: Path
    rows: int


@dataclass(frozen=True)
class Exportable:
    """A table or view of the warehouse and the columns that tie it to articles."""

    name: str
    is_view: bool
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type)

    @property
    def keyed(self) -> bool:
        return any(name == "article_id" for name, _ in self.columns)

    @property
    def story_keyed(self) -> bool:
        return any(name == "story_id" for name, _ in self.columns)


def exportable_tables(
    con: duckdb.DuckDBPyConnection, include_internal: bool = False
) -> list[Exportable]:
    """Every table and view of the warehouse (internal tables only when asked), by name."""
    rows = con.execute(
        """
        select c.table_name, t.table_type = 'VIEW',
               list((c.column_name, c.data_type) order by c.ordinal_position)
        from information_schema.columns c
        join information_schema.tables t using (table_catalog, table_schema, table_name)
        where c.table_schema = 'main' and t.table_catalog = current_database()
        group by c.table_name, t.table_type
        order by c.table_name
        """
    ).fetchall()
    return [
        Exportable(str(name), bool(is_view), tuple((str(c), str(t)) for c, t in columns))
        for name, is_view, columns in rows
        if include_internal or name not in INTERNAL_TABLES
    ]


def _quoted(name: str) -> str:
    # Names come from the catalog, not from the user; quoting keeps any name safe.
    return '"' + name.replace('"', '""') + '"'


def _csv_columns(item: Exportable) -> str:
    """The select list for CSV: lists and structs as JSON text, everything else as it is."""
    parts = []
    for name, kind in item.columns:
        column = _quoted(name)
        if kind.endswith("[]") or kind.startswith(("STRUCT", "MAP")):
            parts.append(f"to_json({column})::varchar as {column}")
        else:
            parts.append(column)
    return ", ".join(parts)


def _query(
    item: Exportable, fmt: str, in_range: str, values: list[Any], partitioned: bool
) -> tuple[str, list[Any]]:
    columns = _csv_columns(item) if fmt == "csv" else "*"
    table = _quoted(item.name)
    articles_in_range = f"select article_id from articles {in_range}"
    if item.name == PARTITIONED:
        year = ", year(published_at) as year" if partitioned else ""
        return f"select {columns}{year} from articles {in_range}", list(values)
    if partitioned:
        return (
            f"select t.*, year(a.published_at) as year from {table} t"
            f" join (select article_id, published_at from articles {in_range}) a"
            " using (article_id)",
            list(values),
        )
    if in_range and item.keyed:
        return f"select {columns} from {table} where article_id in ({articles_in_range})", list(
            values
        )
    if in_range and item.story_keyed:
        return f"select {columns} from {table} where story_id in ({articles_in_range})", list(
            values
        )
    return f"select {columns} from {table}", []


def _write_csv(relation: duckdb.DuckDBPyRelation, path: Path) -> None:
    """A CSV file with a byte-order mark: Excel then reads it as UTF-8."""
    plain = path.with_name(path.name + ".plain")
    relation.write_csv(str(plain), header=True)
    with path.open("wb") as out, plain.open("rb") as written:
        out.write(UTF8_BOM)
        shutil.copyfileobj(written, out, 1 << 20)
    plain.unlink()


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} is a file, not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise ExportError(
            f"{out_dir} holds files that are not an earlier export: give an empty or new folder"
        )


def export_warehouse(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    fmt: str = "parquet",
    since: date | None = None,
    until: date | None = None,
    partition_all: bool = False,
    include_internal: bool = False,
) -> list[ExportedTable]:
    """Write one dataset per table and view into `out_dir`, replacing an earlier export."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    _check_target(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    conditions, values = date_range(since, until, "published_at")
    in_range = f"where {' and '.join(conditions)}" if conditions else ""
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        exported = []
        for item in exportable_tables(con, include_internal):
            partitioned = fmt == "parquet" and (
                item.name == PARTITIONED or (partition_all and item.keyed and not item.is_view)
            )
            sql, params = _query(item, fmt, in_range, values, partitioned)
            rows = int(con.execute(f"select count(*) from ({sql})", params).fetchall()[0][0])
            relation = con.sql(sql, params=params)
            if partitioned:
                path = staging / item.name
                path.mkdir()
                if rows:
                    relation.write_parquet(str(path), partition_by=["year"])
            elif fmt == "parquet":
                path = staging / f"{item.name}.parquet"
                relation.write_parquet(str(path))
            else:
                path = staging / f"{item.name}.csv"
                _write_csv(relation, path)
            exported.append(ExportedTable(item.name, out_dir / path.name, rows))
        (staging / MARKER).write_text("written by `yzdaily export`; replaced by the next one\n")
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return exported


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Put the new export where the old one was: rename aside, rename in, then delete."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{staging.name.rsplit('.', 1)[-1]}")
        out_dir.rename(old)
    staging.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
