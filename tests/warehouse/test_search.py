"""Tier 3: search over a warehouse loaded from the sample site (real NLP pass, real loader)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from parsers.enrich import enrich_article
from parsers.models import Article
from parsers.query import QueryTokenizer, parse_query, query_terms
from tests.sample_site.site import SampleArticle
from tests.sample_warehouse import (
    article_id,
    copy_of_sample_warehouse,
    sample_articles,
    sample_warehouse,
    segmenter,
)
from warehouse.db import open_warehouse
from warehouse.filters import ArticleFilters
from warehouse.load import upsert_articles
from warehouse.results import search_hits
from warehouse.search import (
    K1,
    TEXT,
    WORD,
    Hit,
    cluster_postings,
    idf,
    maintain_postings,
    unclustered_postings,
)

EVERYTHING = 10_000


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(sample_warehouse(), read_only=True) as connection:
        yield connection


def tokenizer() -> QueryTokenizer:
    return segmenter()


def no_tokenizer() -> QueryTokenizer:
    raise AssertionError("the tokenizer was built for a word the index holds")


def containing(parts: tuple[str, ...], articles: tuple[SampleArticle, ...]) -> set[str]:
    """Ids of the articles whose title or body contains every part (the ground truth)."""
    return {
        article_id(a)
        for a in articles
        if all(part in f"{a.title}\n{a.body}".lower() for part in parts)
    }


def run(
    con: duckdb.DuckDBPyConnection,
    text: str,
    filters: ArticleFilters | None = None,
    limit: int = EVERYTHING,
) -> list[Hit]:
    return search_hits(con, parse_query(text), tokenizer, filters, limit)


@pytest.mark.parametrize(
    "text",
    [
        "新质生产力",
        "二次创业",
        "开发园区",
        "营商环境",
        "新型储能",  # split by the tokenizer: 新型 + 储能, checked as a phrase
        "和美乡村",  # split, and partly no search term: 和 / 美 / 乡村
        "市长",  # a term, and also inside 副市长 (a text hit there)
        "园",  # one character: never a term
        "的",  # a stopword
        "开发园区 二次创业",  # both words
        "项目集中开工",  # three terms, one phrase
        "农民丰收节",  # 节 is no term: the phrase check decides
        "扬州经济技术开发区",
        "不存在的说法",
    ],
)
def test_search_finds_exactly_the_articles_containing_the_query(
    con: duckdb.DuckDBPyConnection, text: str
) -> None:
    query = parse_query(text)
    hits = run(con, text)
    expected = containing(query.parts, sample_articles())
    assert [h.article_id for h in hits if h.article_id in expected] == [h.article_id for h in hits]
    assert {h.article_id for h in hits} == expected
    assert len(hits) == len(expected)
    if text != "不存在的说法":
        assert expected, f"the sample has no article with {text}: the test would prove nothing"


def test_the_cases_above_cover_both_tiers_and_a_split_word(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert query_terms("新型储能", segmenter()) == (("新型", "储能"), True)
    mayor = run(con, "市长")
    assert {h.match for h in mayor} == {WORD, TEXT}
    assert {h.match for h in run(con, "园")} == {TEXT}


def test_every_hit_contains_the_query_and_its_snippet_marks_it(
    con: duckdb.DuckDBPyConnection,
) -> None:
    truth = {article_id(a): a for a in sample_articles()}
    for text in ("新质生产力", "新型储能", "开发园区 二次创业", "园"):
        query = parse_query(text)
        for hit in run(con, text, limit=50):
            article = truth[hit.article_id]
            assert all(p in f"{article.title}\n{article.body}" for p in query.parts)
            assert any(f"【{p}】" in hit.snippet for p in query.parts)
            assert (hit.title, hit.published_at, hit.source) == (
                article.title,
                article.published_at,
                article.source,
            )
            assert hit.url == article.as_article().url


def test_word_hits_rank_before_text_hits_and_scores_fall(con: duckdb.DuckDBPyConnection) -> None:
    hits = run(con, "市长")
    kinds = [h.match for h in hits]
    assert kinds == sorted(kinds, key=lambda kind: kind != WORD)
    for kind in (WORD, TEXT):
        scores = [h.score for h in hits if h.match == kind]
        assert scores == sorted(scores, reverse=True)
    postings = {
        row[0]
        for row in con.execute(
            "select article_id from article_terms where term = '市长'"
        ).fetchall()
    }
    assert {h.article_id for h in hits if h.match == WORD} == postings


@pytest.mark.parametrize("text", ["新质生产力", "市长", "新型储能", "园"])
@pytest.mark.parametrize("limit", [1, 5, 60])
def test_a_limit_gives_the_best_of_the_complete_result(
    con: duckdb.DuckDBPyConnection, text: str, limit: int
) -> None:
    everything = run(con, text)
    assert [h.article_id for h in run(con, text, limit=limit)] == [
        h.article_id for h in everything[:limit]
    ]


def test_word_scores_are_bm25_over_the_postings(con: duckdb.DuckDBPyConnection) -> None:
    docs = con.execute("select count(*) from articles").fetchall()[0][0]
    postings = dict(
        con.execute("select article_id, tf from article_terms where term = '营商环境'").fetchall()
    )
    weight = idf(docs, len(postings))
    assert weight == pytest.approx(
        math.log(1 + (docs - len(postings) + 0.5) / (len(postings) + 0.5))
    )
    for hit in run(con, "营商环境"):
        tf = postings[hit.article_id]
        assert hit.score == pytest.approx(weight * tf * (K1 + 1) / (tf + K1), abs=1e-4)


FILTERS = [
    ArticleFilters(source="新华社"),
    ArticleFilters(source="扬州日报"),
    ArticleFilters(reporter="若溪"),
    ArticleFilters(since=date(2024, 3, 1)),
    ArticleFilters(until=date(2024, 3, 1)),
    ArticleFilters(since=date(2024, 1, 1), until=date(2024, 12, 31), source="扬州日报"),
]


def keeps(filters: ArticleFilters, article: SampleArticle) -> bool:
    day = article.published_at.date()
    return (
        (filters.since is None or day >= filters.since)
        and (filters.until is None or day <= filters.until)
        and (filters.source is None or article.source == filters.source)
        and (filters.reporter is None or filters.reporter in article.reporters)
    )


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("text", ["新质生产力", "市长", "新型储能", "的"])
def test_filters_are_exact(
    con: duckdb.DuckDBPyConnection, filters: ArticleFilters, text: str
) -> None:
    kept = tuple(a for a in sample_articles() if keeps(filters, a))
    expected = containing(parse_query(text).parts, kept)
    assert {h.article_id for h in run(con, text, filters)} == expected


def test_the_filters_above_keep_some_and_drop_some() -> None:
    for filters in FILTERS:
        kept = [a for a in sample_articles() if keeps(filters, a)]
        assert 0 < len(kept) < len(sample_articles()), filters


def test_the_widest_dates_there_are_filter_nothing(con: duckdb.DuckDBPyConnection) -> None:
    widest = ArticleFilters(since=date.min, until=date.max)
    assert {h.article_id for h in run(con, "市长", widest)} == {
        h.article_id for h in run(con, "市长")
    }


def test_until_includes_its_whole_day(con: duckdb.DuckDBPyConnection) -> None:
    latest = max(
        (a for a in sample_articles() if "新质生产力" in a.body), key=lambda a: a.published_at
    )
    day = latest.published_at.date()
    assert latest.published_at.time() != datetime.min.time()
    hits = run(con, "新质生产力", ArticleFilters(since=day, until=day))
    assert article_id(latest) in {h.article_id for h in hits}


def test_an_indexed_word_needs_no_tokenizer(con: duckdb.DuckDBPyConnection) -> None:
    for text in ("新质生产力", "开发园区 二次创业", "园", "2024"):
        search_hits(con, parse_query(text), no_tokenizer, None, 5)
    built: list[bool] = []

    def counting() -> QueryTokenizer:
        built.append(True)
        return segmenter()

    search_hits(con, parse_query("新型储能"), counting, None, 5)
    assert built


@pytest.mark.parametrize(
    "text",
    ["' or 1=1 --", "50%", "a_b", "二次创业'); drop table articles; --", "1%2", '新"质'],
)
def test_sql_metacharacters_are_only_text(con: duckdb.DuckDBPyConnection, text: str) -> None:
    query = parse_query(text)
    hits = run(con, text)
    assert {h.article_id for h in hits} == containing(query.parts, sample_articles())
    assert con.execute("select count(*) from articles").fetchall() == [(len(sample_articles()),)]


def article(number: int, title: str, body: str, when: datetime) -> Article:
    return Article(
        url=f"https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/{when:%Y%m}/t{when:%Y%m%d}_{number}.shtml",
        site="zgjssw",
        title=title,
        published_at=when,
        paragraphs=tuple(body.split("\n")),
        source="扬州日报",
        reporters=("若溪",),
        editors=("马丽花",),
    )


def test_the_most_relevant_article_ranks_first(tmp_path: Path) -> None:
    articles = [
        article(
            1,
            "宝应发布支持企业发展的政策",
            "宝应县出台支持企业发展的措施。会上还提到新质生产力。\n企业代表发言。",
            datetime(2026, 3, 1, 9, 0),
        ),
        article(
            2,
            "扬州加快培育新质生产力",
            "扬州召开新质生产力推进会。会议强调,发展新质生产力要因地制宜。\n"
            "以新质生产力为引领,扬州新增高新技术企业。新质生产力成为发展的新引擎。",
            datetime(2025, 3, 1, 9, 0),
        ),
        article(
            3,
            "高邮推进开发园区二次创业",
            "高邮推进新质生产力和传统产业升级。新质生产力项目开工。",
            datetime(2026, 2, 1, 9, 0),
        ),
        article(4, "仪征举行农民丰收节", "仪征举行农民丰收节活动。", datetime(2026, 1, 1, 9, 0)),
    ]
    records = [
        enrich_article(a, f"zgjssw:/ranking/{n}", segmenter(), "test")
        for n, a in enumerate(articles, start=1)
    ]
    with open_warehouse(tmp_path / "ranking.duckdb") as con:
        upsert_articles(con, records, datetime(2026, 11, 1))
        hits = search_hits(con, parse_query("新质生产力"), tokenizer)
    assert [h.article_id for h in hits] == [
        "zgjssw:/ranking/2",
        "zgjssw:/ranking/3",
        "zgjssw:/ranking/1",
    ]
    assert hits[0].score > hits[1].score > hits[2].score


def test_cluster_postings_keeps_every_posting_in_term_order(tmp_path: Path) -> None:
    path = copy_of_sample_warehouse(tmp_path)
    with open_warehouse(path) as con:
        before = con.execute("select * from article_terms order by all").fetchall()
        hits_before = run(con, "新质生产力")
        cluster_postings(con)
        after = con.execute("select * from article_terms order by all").fetchall()
        stored = con.execute("select term, article_id from article_terms order by rowid").fetchall()
        hits_after = run(con, "新质生产力")
    assert after == before
    assert stored == sorted(stored)
    assert hits_after == hits_before


def test_loads_count_postings_appended_and_maintenance_clusters_them_when_many(
    tmp_path: Path,
) -> None:
    path = copy_of_sample_warehouse(tmp_path)
    with open_warehouse(path) as con:
        appended, total = unclustered_postings(con)
        # Every posting of the sample warehouse was appended by a load, none clustered yet.
        assert appended == total > 0
        assert not maintain_postings(con, min_rows=total + 1, share=0.0)  # too few: left alone
        assert unclustered_postings(con) == (total, total)
        assert maintain_postings(con, min_rows=1, share=0.5)
        stored = con.execute("select term, article_id from article_terms order by rowid").fetchall()
        assert unclustered_postings(con) == (0, total)
        assert not maintain_postings(con, min_rows=1, share=0.0)  # nothing new: nothing done
    assert stored == sorted(stored)


def meeting(text: str, articles: tuple[SampleArticle, ...]) -> set[str]:
    """Ids of the articles whose text meets a query's clauses and exclusions (the truth)."""
    query = parse_query(text)

    def holds(article: SampleArticle, part: str) -> bool:
        return part in f"{article.title}\n{article.body}".lower()

    return {
        article_id(a)
        for a in articles
        if all(any(holds(a, part) for part in clause) for clause in query.clauses)
        and not any(holds(a, part) for part in query.excluded)
    }


@pytest.mark.parametrize(
    "text",
    [
        "新质生产力 OR 二次创业",
        "新质生产力 OR 低空经济 开发园区",
        "新质生产力 -二次创业",
        "新型储能 OR 新质生产力 -开发园区",  # a split phrase beside an indexed word
        "市长 OR 园 -新质生产力",  # text hits only (one character, a part of longer words)
        '"新质 生产力"',  # a quoted phrase: the space beside CJK is dropped
        '二次创业 -"开发 园区"',
        "开发园区 -书记",  # an excluded part that is a part of longer words too
        "营商环境 -扬州",
    ],
)
def test_query_syntax_finds_exactly_the_articles_meeting_it(
    con: duckdb.DuckDBPyConnection, text: str
) -> None:
    truth = meeting(text, sample_articles())
    assert truth, f"the sample site has no article for {text}: the test would prove nothing"
    hits = run(con, text)
    assert {h.article_id for h in hits} == truth
    assert len(hits) == len(truth)  # no article twice
    # The first n of the whole ranking are the ranking of limit n (the text-check shortcut).
    for limit in (1, 3, 7):
        assert [h.article_id for h in run(con, text, limit=limit)] == [
            h.article_id for h in hits[:limit]
        ]


def test_an_excluded_word_removes_every_article_holding_it(
    con: duckdb.DuckDBPyConnection,
) -> None:
    both = {h.article_id for h in run(con, "新质生产力 二次创业")}
    without = {h.article_id for h in run(con, "新质生产力 -二次创业")}
    assert both and without
    assert without == {h.article_id for h in run(con, "新质生产力")} - both
