"""Queries over the NLP-derived tables: document frequencies for IDF, stale NLP versions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from parsers.compact import ArchiveIdf
from parsers.nlp import ARCHIVE_IDF_MIN_ARTICLES


def term_document_frequencies(con: duckdb.DuckDBPyConnection) -> tuple[int, dict[str, int]]:
    """(number of articles, {term: articles containing it}): the input of `build_idf`."""
    row = con.execute("select count(*) from articles").fetchone()
    doc_count = int(row[0]) if row else 0
    rows = con.execute("select term, documents from term_document_frequencies").fetchall()
    return doc_count, {str(term): int(documents) for term, documents in rows}


IDF_CHUNK_ROWS = 50_000


def current_idf(con: duckdb.DuckDBPyConnection) -> Mapping[str, float] | None:
    """The archive's own IDF once it holds enough articles, else None (jieba's bundled table).

    Read only when used: a table of every term (`term_document_frequencies`, kept by loads).
    """
    # fetchall: a result fetched to its end, so that the connection takes the reader below.
    [(doc_count,)] = con.execute("select count(*) from articles").fetchall()
    if doc_count < ARCHIVE_IDF_MIN_ARTICLES:
        return None
    # The table of every term is the largest thing a run on a big archive holds: read chunk
    # by chunk into a compact table (parsers.compact: 1.27 million terms in ~25 MB, against
    # ~175 MB as a dict), equal to build_idf's.
    # A relation's reader streams the rows (a cursor's would copy them all first).
    reader = con.sql("select term, documents from term_document_frequencies").to_arrow_reader(
        IDF_CHUNK_ROWS
    )
    with reader:  # closed, so that the connection takes the next statement
        return ArchiveIdf(doc_count, (part for batch in reader for part in _fixed_width(batch)))


def _fixed_width(batch: pa.RecordBatch) -> Iterator[tuple[Any, Any]]:
    """A batch of (term, documents) as ArchiveIdf's parts: per byte length, the terms'
    UTF-8 bytes as one `S<length>` numpy array (cut from Arrow's buffer, no str made) and
    their frequencies."""
    terms = batch.column(0).cast(pa.large_binary())
    dfs = batch.column(1).to_numpy(zero_copy_only=False).astype(np.int64)
    if not len(terms):
        return
    offsets = np.frombuffer(terms.buffers()[1], dtype=np.int64)[
        terms.offset : terms.offset + len(terms) + 1
    ]
    data = np.frombuffer(terms.buffers()[2], dtype=np.uint8)
    lengths = np.diff(offsets)
    for length in np.unique(lengths):
        rows = np.nonzero(lengths == length)[0]
        width = max(int(length), 1)
        if length:
            picked = data[offsets[rows][:, None] + np.arange(width)]
        else:
            picked = np.zeros((len(rows), 1), np.uint8)  # the empty term (none is stored)
        yield picked.view(f"S{width}").ravel(), dfs[rows]
