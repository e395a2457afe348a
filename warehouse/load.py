"""Idempotent batch loads: articles and their derived rows, one transaction per batch.

Rows go in through Arrow tables (tens of thousands of rows a second) rather than row-by-row
inserts (a few hundred a second). DuckDB's `on conflict do update` keeps the first of two rows
with the same key in one batch, silently, so batches are deduplicated here first.

Derived rows (keywords, terms, entities, mentions, phrases) are replaced whole per article in
the same transaction as the article itself: a crash never leaves an article without them, or
with rows from two NLP versions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from parsers.compact import KnownIds
from parsers.corpus import count_words
from parsers.models import EnrichedArticle
from warehouse.db import transaction
from warehouse.schema import INSERTED, LOAD_COLUMNS, UPDATED, VERSIONED, article_table
from warehouse.stories import link_stories


@dataclass(frozen=True)
class LoadCounts:
    """What one load did: articles new, changed (content hash differs) and unchanged; the
    new ones by site too (a batch may hold several sites' articles)."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    new_by_site: tuple[tuple[str, int], ...] = ()

    def __add__(self, other: LoadCounts) -> LoadCounts:
        by_site = dict(self.new_by_site)
        for site, new in other.new_by_site:
            by_site[site] = by_site.get(site, 0) + new
        return LoadCounts(
            self.new + other.new,
            self.changed + other.changed,
            self.unchanged + other.unchanged,
            tuple(sorted(by_site.items())),
        )

    def new_of(self, site: str) -> int:
        """The new articles of one site."""
        return dict(self.new_by_site).get(site, 0)


def dedupe_latest(records: Sequence[EnrichedArticle]) -> list[EnrichedArticle]:
    """One record per article_id, the last one given winning."""
    latest = {record.article_id: record for record in records}
    return list(latest.values())


@dataclass(frozen=True)
class DerivedTable:
    """A table of rows the NLP pass derives from an article, replaced whole per article.

    Its columns are `article_id`, then `columns` (the values `rows` yields for a record, in
    order), then `nlp_version`; `sort_by` orders each batch as it is inserted.
    """

    name: str
    columns: tuple[tuple[str, pa.DataType], ...]
    rows: Callable[[EnrichedArticle], Iterable[tuple[Any, ...]]]
    sort_by: tuple[str, ...] = ()

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([("article_id", pa.string()), *self.columns, ("nlp_version", pa.string())])


POSTINGS = "article_terms"
DERIVED_TABLES = (
    DerivedTable(
        "article_keywords",
        (
            ("keyword", pa.string()),
            ("weight", pa.float64()),
            ("rank", pa.int32()),
            ("method", pa.string()),
        ),
        lambda r: ((k.keyword, k.weight, k.rank, k.method) for k in r.keywords),
    ),
    DerivedTable(
        POSTINGS,
        (("term", pa.string()), ("tf", pa.int32())),
        lambda r: ((t.term, t.tf) for t in r.terms),
        # Each batch in term order; warehouse.search.cluster_postings orders the whole table.
        sort_by=("term", "article_id"),
    ),
    DerivedTable(
        "article_entities",
        (("name", pa.string()), ("kind", pa.string()), ("mentions", pa.int32())),
        lambda r: ((e.name, e.kind, e.mentions) for e in r.entities),
    ),
    DerivedTable(
        "person_mentions",
        (("name", pa.string()), ("role", pa.string())),
        lambda r: ((m.name, m.role) for m in r.mentions),
    ),
    DerivedTable(
        "article_phrases",
        (("phrase", pa.string()),),
        lambda r: ((phrase,) for phrase in r.phrases),
    ),
    DerivedTable(
        "article_tokens",
        (("tokens", pa.list_(pa.string())), ("words", pa.int32())),
        # One row per article that has a sequence (records made before issue 16 have none).
        lambda r: [(list(r.tokens), count_words(r.tokens))] if r.tokens else [],
    ),
)


def _derived_table(spec: DerivedTable, records: Sequence[EnrichedArticle]) -> pa.Table:
    rows = [(r.article_id, *values, r.nlp_version) for r in records for values in spec.rows(r)]
    schema = spec.schema
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    table = pa.Table.from_arrays(
        [pa.array(column, type=field.type) for column, field in zip(columns, schema, strict=True)],
        schema=schema,
    )
    return table.sort_by([(name, "ascending") for name in spec.sort_by]) if spec.sort_by else table


def _replace_derived_rows(
    con: duckdb.DuckDBPyConnection,
    tables: Sequence[tuple[DerivedTable, pa.Table]],
    replacing: bool,
) -> None:
    """Replace the batch's derived rows, inside the caller's transaction (needs batch_articles).

    `replacing`: some of the batch's articles are already in the warehouse. When none is (an
    ingest's usual batch), there are no old rows to remove: each removal would scan its whole
    table for nothing (27 million postings at 100,000 articles).
    """
    for spec, table in tables:
        view = f"batch_{spec.name}"
        columns = ", ".join(table.schema.names)
        con.register(view, table)
        try:
            if spec.name == POSTINGS:
                _count_postings_leaving(con, replacing)
            if replacing:
                con.execute(
                    f"delete from {spec.name}"
                    " where article_id in (select article_id from batch_articles)"
                )
            con.execute(f"insert into {spec.name} ({columns}) select {columns} from {view}")
            if spec.name == POSTINGS:
                _apply_document_frequencies(con, view)
                # Appended out of term order: warehouse.search.maintain_postings counts them.
                con.execute(
                    "update postings_layout set appended_rows = appended_rows + ?",
                    [table.num_rows],
                )
        finally:
            _unregister(con, view)


def _count_postings_leaving(con: duckdb.DuckDBPyConnection, replacing: bool) -> None:
    """Before the batch's articles lose their old postings: one article less for each term,
    in the article's corpus."""
    # Without old postings the table starts empty (and no posting is scanned). An article's
    # corpus is told by its URL, which its id holds: the batch's row names the old one too.
    leaving = "true" if replacing else "false"
    con.execute(
        f"""
        create or replace temp table document_frequency_change as
        select t.term, b.city, -count(*) as change
        from article_terms t
        join batch_articles b using (article_id)
        where {leaving}
        group by t.term, b.city
        """
    )


def _apply_document_frequencies(con: duckdb.DuckDBPyConnection, postings_view: str) -> None:
    """After the new postings are in: one article more for each of their terms, in the
    article's corpus; apply the net change to `term_city_document_frequencies` and its sum
    over corpora to `term_document_frequencies` (a term no article holds any more leaves)."""
    con.execute(
        "insert into document_frequency_change"
        f" select p.term, b.city, count(*) from {postings_view} p"
        " join batch_articles b using (article_id) group by p.term, b.city"
    )
    con.execute(
        """
        create or replace temp table document_frequency_net as
        select term, city, sum(change) as change
        from document_frequency_change
        group by term, city
        having sum(change) <> 0
        """
    )
    _apply_net(con, "term_city_document_frequencies", ("term", "city"), "document_frequency_net")
    con.execute(
        """
        create or replace temp table document_frequency_term_net as
        select term, sum(change) as change
        from document_frequency_net
        group by term
        having sum(change) <> 0
        """
    )
    _apply_net(con, "term_document_frequencies", ("term",), "document_frequency_term_net")
    for table in (
        "document_frequency_change",
        "document_frequency_net",
        "document_frequency_term_net",
    ):
        con.execute(f"drop table {table}")


def _apply_net(con: duckdb.DuckDBPyConnection, table: str, keys: Sequence[str], net: str) -> None:
    """Add the net changes `net` (its keys and `change`) to `table`'s documents; rows left at
    0 go. Each statement that reads all of `table` (9 million rows of the corpora's at a million
    articles) is one the batch needs: the keys the update found are what it returns, so the
    new ones are inserted without a second read, and only a batch that takes terms away can
    leave a row at 0."""
    matched = " and ".join(f"t.{key} = n.{key}" for key in keys)
    listed = ", ".join(keys)
    found = con.execute(
        f"update {table} t set documents = t.documents + n.change from {net} n where {matched}"
        f" returning {', '.join(f't.{key}' for key in keys)}"
    ).fetchall()
    updated = pa.table(
        {key: pa.array([row[i] for row in found], pa.string()) for i, key in enumerate(keys)}
    )
    with registered(con, "updated_keys", updated):
        con.execute(
            f"insert into {table} select {', '.join(f'n.{key}' for key in keys)}, n.change"
            f" from {net} n anti join updated_keys u using ({listed})"
        )
    [(lowest,)] = con.execute(f"select min(change) from {net}").fetchall()
    if lowest is not None and lowest < 0:
        con.execute(f"delete from {table} where documents <= 0")


def upsert_articles_in_transaction(
    con: duckdb.DuckDBPyConnection,
    records: Sequence[EnrichedArticle],
    loaded_at: datetime,
) -> LoadCounts:
    """Insert or update articles with all their derived rows; the caller owns the transaction.

    When an article's page itself changed (another raw page and another content hash), the
    content it replaces is kept in `article_versions`. A re-parse of the same page with newer
    code updates the row without keeping a version: the article did not change, the code did.
    """
    batch = dedupe_latest(records)
    if not batch:
        return LoadCounts()
    articles = article_table(batch, loaded_at)
    derived = [(spec, _derived_table(spec, batch)) for spec in DERIVED_TABLES]
    assignments = ", ".join(f"{col} = excluded.{col}" for col in UPDATED)
    versioned = ", ".join(f"a.{col}" for col in VERSIONED)
    con.register("batch_articles", articles)
    try:
        by_site = con.execute(
            """
            select
                b.site,
                count(*) filter (where a.article_id is null),
                count(*) filter (where a.content_hash <> b.content_hash),
                count(*) filter (where a.content_hash = b.content_hash)
            from batch_articles b
            left join articles a using (article_id)
            group by b.site
            order by b.site
            """
        ).fetchall()
        new, changed, unchanged = (sum(int(row[column]) for row in by_site) for column in (1, 2, 3))
        con.execute(
            f"""
            insert into article_versions by name
            select a.article_id, {versioned}, a.updated_at as valid_from,
                   b.loaded_at as replaced_at
            from articles a
            join batch_articles b using (article_id)
            where a.content_hash <> b.content_hash
              and a.raw_sha256 is not null and b.raw_sha256 is not null
              and a.raw_sha256 <> b.raw_sha256
            on conflict do nothing
            """
        )
        con.execute(
            f"""
            insert into articles ({INSERTED}, {", ".join(LOAD_COLUMNS)})
            select {INSERTED}, loaded_at, loaded_at
            from batch_articles
            on conflict (article_id) do update set {assignments},
                updated_at = case when articles.content_hash = excluded.content_hash
                                  then articles.updated_at else excluded.updated_at end
            """
        )
        _replace_derived_rows(con, derived, replacing=changed + unchanged > 0)
        # In the same transaction: a story is never half linked.
        link_stories(con, [record.article_id for record in batch])
    finally:
        _unregister(con, "batch_articles")
    new_by_site = tuple((str(row[0]), int(row[1])) for row in by_site)
    return LoadCounts(new, changed, unchanged, new_by_site)


def upsert_articles(
    con: duckdb.DuckDBPyConnection,
    records: Sequence[EnrichedArticle],
    loaded_at: datetime,
) -> LoadCounts:
    """Insert or update articles with all their derived rows, in one transaction."""
    with transaction(con):
        return upsert_articles_in_transaction(con, records, loaded_at)


def _unregister(con: duckdb.DuckDBPyConnection, view: str) -> None:
    # In an aborted transaction even unregistering fails; the original error is the one that
    # matters, and a later register() of the same name replaces the stale view anyway.
    with suppress(duckdb.Error):
        con.unregister(view)


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, view: str, table: pa.Table) -> Iterator[None]:
    """`table` readable as the view `view` for the duration (one bulk insert, not row by row)."""
    con.register(view, table)
    try:
        yield
    finally:
        _unregister(con, view)


def known_article_ids(con: duckdb.DuckDBPyConnection, site: str) -> set[str]:
    """Identities of every article of a site already in the warehouse."""
    rows = con.execute("select article_id from articles where site = ?", [site]).fetchall()
    return {str(row[0]) for row in rows}


def known_ids(con: duckdb.DuckDBPyConnection, site: str) -> KnownIds:
    """The same identities for `in` only, held compactly (parsers.compact: 16 bytes an id,
    against ~240 bytes in a set of str): a million-article archive's ids cost a run ~16 MB.
    DuckDB computes the digests, so no id becomes a Python object here."""
    columns = con.execute(
        "select md5_number_upper(article_id) as upper, md5_number_lower(article_id) as lower"
        " from articles where site = ?",
        [site],
    ).fetchnumpy()
    return KnownIds(columns["upper"], columns["lower"])
