"""Tier 3: the NLP-derived tables and views, against a temporary DuckDB with the real migrations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from parsers.models import Article, EnrichedArticle, Entity, Keyword, PersonMention, Term
from parsers.nlp import ARCHIVE_IDF_MIN_ARTICLES, build_idf
from warehouse import nlp_queries
from warehouse.db import open_warehouse
from warehouse.load import DERIVED_TABLES, upsert_articles
from warehouse.nlp_queries import term_document_frequencies

T0 = datetime(2026, 11, 1, 8, 0, 0)
T1 = datetime(2026, 11, 2, 8, 0, 0)
DERIVED = ("article_keywords", "article_terms", "article_entities", "person_mentions")
DERIVED += ("article_phrases", "article_tokens")


def make_record(
    number: int,
    published_at: datetime = datetime(2020, 10, 22, 8, 48),
    mayor: str = "张宝娟",
    nlp_version: str = "nlp-1",
    terms: tuple[Term, ...] = (Term("开发园区", 3), Term("二次创业", 2), Term("扬州", 1)),
) -> EnrichedArticle:
    article = Article(
        url=f"https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202010/t20201022_{number}.shtml",
        site="zgjssw",
        title=f"标题{number}",
        published_at=published_at,
        paragraphs=(f"市长{mayor}主持会议。",),
        reporters=("邹平",),
    )
    return EnrichedArticle(
        article_id=f"zgjssw:/x/{number}",
        article=article,
        content_hash=f"hash-{number}-{mayor}",
        keywords=(
            Keyword("开发园区", 0.5, 1, "tfidf"),
            Keyword("二次创业", 0.25, 2, "tfidf"),
            Keyword("开发园区", 1.0, 1, "textrank"),
        ),
        parser_version="zgjssw-1",
        nlp_version=nlp_version,
        terms=terms,
        entities=(Entity("扬州", "place", 1), Entity(mayor, "person", 1), Entity("市委", "org", 2)),
        mentions=(PersonMention(mayor, "市长"), PersonMention("夏心旻", "市委书记")),
        phrases=("二次创业", "强富美高"),
        tokens=("标题", "", "市长", mayor, "主持", "会议", "。"),
    )


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    result = {}
    for table in DERIVED:
        row = con.execute(f"select count(*) from {table}").fetchone()
        assert row is not None
        result[table] = int(row[0])
    return result


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: con.execute(f"select * from {table} order by all").fetchall() for table in DERIVED
    }


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wh.duckdb"


def test_every_derived_table_has_a_load_spec() -> None:
    assert {spec.name for spec in DERIVED_TABLES} == set(DERIVED)


def test_batch_load_writes_every_derived_table_with_its_nlp_version(db_path: Path) -> None:
    with open_warehouse(db_path) as con:
        upsert_articles(con, [make_record(1), make_record(2)], loaded_at=T0)
        assert counts(con) == {
            "article_keywords": 6,
            "article_terms": 6,
            "article_entities": 6,
            "person_mentions": 4,
            "article_phrases": 4,
            "article_tokens": 2,
        }
        versions = {
            table: con.execute(f"select distinct nlp_version from {table}").fetchall()
            for table in DERIVED
        }
        terms = con.execute(
            "select term, tf from article_terms where article_id = 'zgjssw:/x/1' order by term"
        ).fetchall()
        roles = con.execute(
            "select name, role from person_mentions where article_id = 'zgjssw:/x/1' order by all"
        ).fetchall()
    assert all(rows == [("nlp-1",)] for rows in versions.values())
    assert terms == [("二次创业", 2), ("开发园区", 3), ("扬州", 1)]
    assert roles == [("夏心旻", "市委书记"), ("张宝娟", "市长")]


def test_reload_is_idempotent(db_path: Path) -> None:
    records = [make_record(1), make_record(2)]
    with open_warehouse(db_path) as con:
        upsert_articles(con, records, loaded_at=T0)
        first = snapshot(con)
        again = upsert_articles(con, records, loaded_at=T1)
        second = snapshot(con)
    assert again.unchanged == 2
    assert first == second


def test_new_nlp_version_replaces_every_derived_row(db_path: Path) -> None:
    with open_warehouse(db_path) as con:
        upsert_articles(con, [make_record(1)], loaded_at=T0)
        # Same content, new NLP version with fewer terms: no stale row may survive.
        newer = make_record(1, nlp_version="nlp-2", terms=(Term("开发园区", 3),))
        loaded = upsert_articles(con, [newer], loaded_at=T1)
        terms = con.execute("select term, nlp_version from article_terms").fetchall()
        versions = {
            row[0]
            for table in DERIVED
            for row in con.execute(f"select nlp_version from {table}").fetchall()
        }
        article_version = con.execute("select nlp_version from articles").fetchone()
        # What reprocess goes by: no article left with another NLP version's rows.
        stale = con.execute(
            "select article_id from articles where nlp_version <> 'nlp-2'"
        ).fetchall()
        stale_before = con.execute(
            "select article_id from articles where nlp_version <> 'nlp-3'"
        ).fetchall()
    assert loaded.unchanged == 1
    assert terms == [("开发园区", "nlp-2")]
    assert versions == {"nlp-2"}
    assert article_version == ("nlp-2",)
    assert stale == []
    assert stale_before == [("zgjssw:/x/1",)]


def test_failing_batch_leaves_no_derived_rows(db_path: Path) -> None:
    good = make_record(1)
    bad = replace(make_record(2), article=replace(make_record(2).article, title=None))  # type: ignore[arg-type]
    with open_warehouse(db_path) as con:
        with pytest.raises(Exception, match=r"(?i)not null|constraint"):
            upsert_articles(con, [good, bad], loaded_at=T0)
        left = counts(con)
        articles = con.execute("select count(*) from articles").fetchone()
    assert articles == (0,)
    assert left == dict.fromkeys(DERIVED, 0)


def test_failing_batch_keeps_the_previous_derived_rows(db_path: Path) -> None:
    with open_warehouse(db_path) as con:
        upsert_articles(con, [make_record(1)], loaded_at=T0)
        before = snapshot(con)
        changed = make_record(1, mayor="王进健")
        bad = replace(make_record(2), article=replace(make_record(2).article, title=None))  # type: ignore[arg-type]
        with pytest.raises(Exception, match=r"(?i)not null|constraint"):
            upsert_articles(con, [changed, bad], loaded_at=T1)
        after = snapshot(con)
    assert before == after


def test_officeholders_aggregate_over_articles(db_path: Path) -> None:
    records = [
        make_record(1, published_at=datetime(2020, 10, 22, 8, 48)),
        make_record(2, published_at=datetime(2021, 3, 5, 9, 0)),
        make_record(3, published_at=datetime(2022, 1, 10, 9, 0), mayor="王进健"),
    ]
    with open_warehouse(db_path) as con:
        upsert_articles(con, records, loaded_at=T0)
        rows = con.execute(
            "select * from v_officeholders order by role, first_published_date"
        ).fetchall()
        columns = [d[0] for d in con.execute("select * from v_officeholders").description or []]
    assert columns == [
        "name",
        "role",
        "first_published_date",
        "last_published_date",
        "stories",
        "articles",
    ]
    assert rows == [
        ("夏心旻", "市委书记", date(2020, 10, 22), date(2022, 1, 10), 3, 3),
        ("张宝娟", "市长", date(2020, 10, 22), date(2021, 3, 5), 2, 2),
        ("王进健", "市长", date(2022, 1, 10), date(2022, 1, 10), 1, 1),
    ]


def test_term_document_frequencies_feed_build_idf(db_path: Path) -> None:
    records = [
        make_record(1),
        make_record(2, terms=(Term("开发园区", 1), Term("营商环境", 4))),
        make_record(3, terms=()),
    ]
    with open_warehouse(db_path) as con:
        assert term_document_frequencies(con) == (0, {})
        upsert_articles(con, records, loaded_at=T0)
        doc_count, doc_freqs = term_document_frequencies(con)
    assert doc_count == 3
    assert doc_freqs == {"开发园区": 2, "二次创业": 1, "扬州": 1, "营商环境": 1}
    idf = build_idf(doc_count, doc_freqs)
    assert idf["开发园区"] < idf["营商环境"]


def test_the_archive_idf_read_in_chunks_is_the_idf_of_every_term(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        make_record(i, terms=tuple(Term(f"词{j}", 1) for j in range(i % 7 + 1)))
        for i in range(1, ARCHIVE_IDF_MIN_ARTICLES + 1)
    ]
    monkeypatch.setattr(nlp_queries, "IDF_CHUNK_ROWS", 2)  # several chunks
    with open_warehouse(db_path) as con:
        assert nlp_queries.current_idf(con) is None
        upsert_articles(con, records, loaded_at=T0)
        table = nlp_queries.current_idf(con)
        expected = build_idf(*term_document_frequencies(con))
    assert table == expected and len(expected) > 2 * 2


def test_terms_are_inserted_in_term_order(db_path: Path) -> None:
    records = [
        make_record(1, terms=(Term("乙", 1), Term("甲", 1))),
        make_record(2, terms=(Term("丙", 1), Term("甲", 2))),
    ]
    with open_warehouse(db_path) as con:
        upsert_articles(con, records, loaded_at=T0)
        # rowid follows insertion order in a fresh table.
        rows = con.execute("select term, article_id from article_terms order by rowid").fetchall()
    assert rows == sorted(rows)
