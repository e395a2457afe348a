"""Tier 3: loads keep `term_document_frequencies` and `term_city_document_frequencies` equal
to counts over the postings."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb

from parsers.enrich import enrich_article
from parsers.sites.zgjssw import ZGJSSW as zgjssw
from tests.sample_warehouse import article_id, copy_of_sample_warehouse, sample_articles, segmenter
from warehouse.db import open_warehouse
from warehouse.load import upsert_articles
from warehouse.search import rebuild_document_frequencies

COUNTED = "select term, count(*) from article_terms group by term order by term"
KEPT = "select term, documents from term_document_frequencies order by term"
COUNTED_BY_CITY = (
    "select t.term, a.city, count(*) from article_terms t join articles a using (article_id)"
    " group by all order by all"
)
KEPT_BY_CITY = "select term, city, documents from term_city_document_frequencies order by all"


def frequencies(
    con: duckdb.DuckDBPyConnection,
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(kept, counted) frequencies of the archive; asserts the corpora's agree as well."""
    assert con.execute(KEPT_BY_CITY).fetchall() == con.execute(COUNTED_BY_CITY).fetchall()
    return con.execute(KEPT).fetchall(), con.execute(COUNTED).fetchall()


def test_loads_keep_the_frequencies_as_articles_come_change_and_repeat(tmp_path: Path) -> None:
    path = copy_of_sample_warehouse(tmp_path)
    articles = sample_articles()
    with open_warehouse(path) as con:
        kept, counted = frequencies(con)
        assert kept == counted and kept  # as the sample warehouse was loaded, batch by batch
        before = dict(kept)

        # Five articles change their text (new terms, terms gone), one batch; one is loaded
        # twice in the batch.
        changed = []
        for number, sample in enumerate(articles[:5]):
            article = sample.as_article()
            paragraphs = (f"滨江{number}号数字孪生示范区启用。", *article.paragraphs[1:])
            changed.append(
                enrich_article(
                    replace(article, paragraphs=paragraphs),
                    article_id(sample),
                    segmenter(),
                    zgjssw.parser_version,
                )
            )
        upsert_articles(con, [*changed, changed[0]], datetime(2026, 11, 29, 9, 0))
        kept, counted = frequencies(con)
        assert kept == counted
        assert kept != sorted(before.items())  # the change did change frequencies

        # The same batch again changes nothing.
        upsert_articles(con, changed, datetime(2026, 11, 29, 10, 0))
        assert frequencies(con)[0] == kept


def test_rebuild_repairs_frequencies_after_postings_were_changed_by_hand(tmp_path: Path) -> None:
    path = copy_of_sample_warehouse(tmp_path)
    with open_warehouse(path) as con:
        victim = con.execute("select article_id from article_terms limit 1").fetchone()
        assert victim is not None
        con.execute("delete from article_terms where article_id = ?", [victim[0]])
        assert con.execute(KEPT_BY_CITY).fetchall() != con.execute(COUNTED_BY_CITY).fetchall()
        kept, counted = con.execute(KEPT).fetchall(), con.execute(COUNTED).fetchall()
        assert kept != counted
        rebuild_document_frequencies(con)
        kept, counted = frequencies(con)
        assert kept == counted
