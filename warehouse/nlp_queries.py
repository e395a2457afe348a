"""Queries over the NLP-derived tables: document frequencies for IDF, stale NLP versions."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from parsers.nlp import ARCHIVE_IDF_MIN_ARTICLES, build_idf


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
    row = con.execute("select count(*) from articles").fetchone()
    doc_count = int(row[0]) if row else 0
    if doc_count < ARCHIVE_IDF_MIN_ARTICLES:
        return None
    # Built chunk by chunk: the table of every term is the largest thing a run on a big
    # archive holds, and the rows and a {term: documents} dict beside it would double it.
    table: dict[str, float] = {}
    cursor = con.execute("select term, documents from term_document_frequencies")
    while chunk := cursor.fetchmany(IDF_CHUNK_ROWS):
        table.update(build_idf(doc_count, {str(term): int(df) for term, df in chunk}))
    return table
