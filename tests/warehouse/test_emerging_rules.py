"""Tier 3, issue 24 item 4: emerging terms an analyst can trust, on a warehouse loaded by the
real NLP pass and loader from articles written here.

* "new" means that no earlier story holds the term's text: 运河 inside 运河三湾 (one token
  there) is in the history, so 运河 rising in 2025 is growing, not new;
* candidates are content words: no verb of a target (力争), no fragment the segmenter made up
  (促新 from 稳产促新);
* an answer with nothing to show says how much history there is and what is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import duckdb
import pytest

from answers.emerging import EmergingRequest, content_term, emerging_answer
from parsers.enrich import enrich_article
from parsers.models import Article
from parsers.sites.zgjssw import ZGJSSW
from tests.sample_warehouse import segmenter
from warehouse.analytics import NEW
from warehouse.db import open_warehouse
from warehouse.load import upsert_articles

WINDOW = date(2025, 1, 1)
FILLER = (
    "会议强调，要坚持问题导向，扎实推进重点工作，确保各项任务落地见效。",
    "各地各部门要加强协调配合，形成工作合力，推动经济社会持续健康发展。",
)


def article(day: date, number: int, title: str, *paragraphs: str) -> Article:
    url = f"https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/{day:%Y%m}/t{day:%Y%m%d}_{number}.shtml"
    return Article(
        url=url,
        site="zgjssw",
        title=title,
        published_at=datetime.combine(day, datetime.min.time()).replace(hour=9),
        paragraphs=(*paragraphs, *FILLER),
        source="扬州日报",
        editors=("马丽花",),
        column="扬州",
    )


def history() -> list[Article]:
    """Twelve stories of 2020-2023; four hold 运河 only inside 运河三湾."""
    found = []
    for n in range(12):
        day = date(2020 + n // 4, 1 + (n % 4) * 3, 10)
        text = (
            f"运河三湾生态文化公园第{n + 1}期改造工程完工，市民休闲空间进一步扩大。"
            if n % 3 == 0
            else f"扬州召开第{n + 1}次城市建设推进会，部署老旧小区改造和道路提升。"
        )
        found.append(article(day, 7000000 + n, f"城市建设新进展之{n + 1}", text))
    return found


# Each of these in two window stories, below the threshold of three: only 新质生产力 and 运河,
# in every one, and 力争 and 促新, in four, are frequent enough to be candidates.
WINDOW_TEXTS = (
    "扬州运河博物馆推出新质生产力专题展，力争吸引更多观众，坚持稳产促新。",
    "运河沿线企业加快培育新质生产力，坚持稳产促新，订单同比增长。",
    "运河两岸园区集聚新质生产力项目，力争年内全部开工。",
)


def window() -> list[Article]:
    """Six stories of 2025: 新质生产力 (new) and 运河 (a token now) in each, 力争 and 促新 in
    four."""
    return [
        article(date(2025, 2 + n, 8), 8000000 + n, f"新质生产力第{n + 1}报", WINDOW_TEXTS[n % 3])
        for n in range(6)
    ]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path_factory.mktemp("emerging") / "w.duckdb"
    records = [
        enrich_article(a, ZGJSSW.article_id(a.url), segmenter(), ZGJSSW.parser_version)
        for a in [*history(), *window()]
    ]
    with open_warehouse(db) as writer:
        upsert_articles(writer, records, datetime(2026, 1, 1))
    with duckdb.connect(str(db), read_only=True) as reader:
        yield reader


def test_a_term_whose_text_is_in_the_history_is_not_new(con: duckdb.DuckDBPyConnection) -> None:
    # The token 运河 is in no story before the window (only 运河三湾 is): by tokens it looked new.
    before_tokens = con.execute(
        "select count(*) from article_terms t join articles a using (article_id)"
        " where t.term = '运河' and a.published_at < ?",
        [datetime(2025, 1, 1)],
    ).fetchone()
    assert before_tokens == (0,)
    answer = emerging_answer(con, EmergingRequest(WINDOW, min_g2=0.01), segmenter())
    found = {t.term: t for t in answer.terms}
    assert found["新质生产力"].kind == NEW and found["新质生产力"].before == 0
    canal = found["运河"]
    assert canal.kind != NEW and canal.before == 4 and canal.stories == 6
    assert canal.first_published_date == date(2020, 1, 10)  # the earliest text, 运河三湾's


def test_candidates_are_content_words(con: duckdb.DuckDBPyConnection) -> None:
    keep = content_term(segmenter())
    assert keep("新质生产力") and keep("运河") and keep("博物馆")
    assert not keep("力争") and not keep("促新") and not keep("达到") and not keep("新型")
    answer = emerging_answer(con, EmergingRequest(WINDOW, min_g2=0.01, limit=500), segmenter())
    terms = {t.term for t in answer.terms}
    assert "新质生产力" in terms and not terms & {"力争", "促新"}


def test_an_empty_answer_says_how_much_history_there_is(con: duckdb.DuckDBPyConnection) -> None:
    # Nothing reaches G² 1000: the answer names the window, the history and the best rise.
    strict = emerging_answer(con, EmergingRequest(WINDOW, min_g2=1000), segmenter())
    assert strict.terms == ()
    [note] = strict.notes
    assert "holds 6 stories, the time before it 12 stories (from 2020-01-10)" in note
    assert "the strongest rise is 新质生产力" in note and "--min-g2" in note
    # A window before which nothing was published: there is nothing to compare it with.
    young = emerging_answer(con, EmergingRequest(date(2019, 1, 1)), segmenter())
    [note] = young.notes
    assert "no history to compare the window with" in note


def test_the_default_threshold_follows_the_windows_size(con: duckdb.DuckDBPyConnection) -> None:
    """A window of six stories cannot reach G² 10.83 with any term: the default is 3.84 there,
    and the answer says which threshold it used."""
    answer = emerging_answer(con, EmergingRequest(WINDOW), segmenter())
    assert answer.min_g2 == 3.84 and answer.to_json()["min_g2"] == 3.84
    assert answer.terms and answer.terms[0].term == "新质生产力"
