"""The `articles` table as code sees it: one list of columns, every other list derived from it.

An article's fields are declared once, on `parsers.models.Article`. Its columns here are those
fields (renamed where the table says it otherwise: `paragraphs` is stored joined as `body`,
`column` as `column_name`), then what the load adds about the record (identity, content hash,
code versions, the raw page, where the page was fetched). The Arrow schema of a batch, the
insert and update column lists and the columns kept in `article_versions` all come from
ARTICLE_COLUMNS; a test checks that the migrations made exactly these columns.

Adding a field: add it to `Article` (and to `parsers.enrich.CONTENT_FIELDS` if it is content),
then a migration adding the column. Nothing else lists it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa

from parsers.enrich import CONTENT_FIELDS
from parsers.models import Article, EnrichedArticle

# Article field -> column, where the table names it otherwise.
COLUMN_NAMES = {"paragraphs": "body", "column": "column_name"}


@dataclass(frozen=True)
class Column:
    """One column of `articles`: its name, Arrow type and how a record gives its value."""

    name: str
    type: pa.DataType
    value: Callable[[EnrichedArticle], Any]
    updatable: bool = True  # an upsert overwrites it (the identity does not change)
    versioned: bool = False  # kept in article_versions when the page itself changed


def _arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of an Article field's annotation (str, datetime, tuple[str, ...], ...)."""
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return _arrow_type(args[0])
    if typing.get_origin(annotation) is tuple:
        return pa.list_(_arrow_type(args[0]))
    if annotation is datetime:
        return pa.timestamp("s")
    if annotation is str:
        return pa.string()
    raise TypeError(f"no column type for an Article field of type {annotation!r}")


def _article_field(name: str) -> Callable[[EnrichedArticle], Any]:
    if name == "paragraphs":
        return lambda record: record.article.body
    return lambda record: _plain(getattr(record.article, name))


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _article_columns() -> tuple[Column, ...]:
    hints = typing.get_type_hints(Article)
    columns = [Column("article_id", pa.string(), lambda r: r.article_id, updatable=False)]
    for field in dataclasses.fields(Article):
        annotation = str if field.name == "paragraphs" else hints[field.name]
        columns.append(
            Column(
                COLUMN_NAMES.get(field.name, field.name),
                _arrow_type(annotation),
                _article_field(field.name),
                versioned=field.name in CONTENT_FIELDS or field.name == "paragraphs",
            )
        )
    columns += [
        Column("content_hash", pa.string(), lambda r: r.content_hash, versioned=True),
        Column("parser_version", pa.string(), lambda r: r.parser_version, versioned=True),
        Column("nlp_version", pa.string(), lambda r: r.nlp_version),
        Column("raw_sha256", pa.string(), lambda r: r.raw_sha256, versioned=True),
        # Provenance: where the page was fetched (live, wayback, commoncrawl, import) and
        # when an archive captured it (null for live and imported pages).
        Column("fetched_via", pa.string(), lambda r: r.fetched_via),
        Column("captured_at", pa.timestamp("s"), lambda r: r.captured_at),
    ]
    return tuple(columns)


ARTICLE_COLUMNS = _article_columns()
# Columns the load sets itself, not from the record: when it first saw and last changed it.
LOAD_COLUMNS = ("first_seen_at", "updated_at")
# Columns maintained by other code after the load (warehouse/stories.py links stories and
# dates each by its first publication).
LINKED_COLUMNS = ("story_id", "story_published_at")
ARTICLE_SCHEMA = pa.schema(
    [(column.name, column.type) for column in ARTICLE_COLUMNS] + [("loaded_at", pa.timestamp("us"))]
)
INSERTED = ", ".join(column.name for column in ARTICLE_COLUMNS)
UPDATED = tuple(column.name for column in ARTICLE_COLUMNS if column.updatable)
VERSIONED = tuple(column.name for column in ARTICLE_COLUMNS if column.versioned)


def article_table(records: list[EnrichedArticle], loaded_at: datetime) -> pa.Table:
    """A batch of records as an Arrow table of `articles` rows (plus their load time)."""
    arrays = [
        pa.array([column.value(record) for record in records], type=column.type)
        for column in ARTICLE_COLUMNS
    ]
    arrays.append(pa.array([loaded_at] * len(records), type=pa.timestamp("us")))
    return pa.Table.from_arrays(arrays, schema=ARTICLE_SCHEMA)
