"""Tier 3, issue 24 item 3: a post with one holder at a time, read as its holders in turn.

Articles written here, with the real Yangzhou sequence of mayors as the facts (张宝娟 市长 to
August 2021, 王进健 代市长 from August 2021 then 市长, 潘国强 代市长 from May 2023 then 市长),
loaded by the real NLP pass and loader; one article of 2022 names 张宝娟 市长 again (a misread or
a retrospective): the two tenures overlap and both are marked, never two mayors silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import duckdb
import pytest

from answers.people import (
    NotSingleHolder,
    PeopleRequest,
    TimelineRequest,
    acting_post,
    head_of,
    people_answer,
    tenures,
    timeline_answer,
)
from parsers.enrich import enrich_article
from parsers.models import Article
from parsers.sites.zgjssw import ZGJSSW
from tests.sample_warehouse import segmenter
from warehouse.analytics import Mention
from warehouse.db import open_warehouse
from warehouse.load import upsert_articles

# (day, the sentence naming the official): what the press wrote, in our words.
MENTIONS = (
    (date(2020, 3, 5), "市长张宝娟主持召开市政府常务会议，研究部署春季农业生产。"),
    (date(2021, 6, 18), "市长张宝娟带队督查防汛工作，要求压实责任。"),
    (date(2021, 8, 20), "代市长王进健主持召开市政府党组会议，部署下半年工作。"),
    (date(2021, 12, 2), "代市长王进健调研重大项目建设，强调抢抓工期。"),
    (date(2022, 1, 10), "市长王进健作政府工作报告，回顾过去五年发展成就。"),
    (date(2022, 6, 16), "市长张宝娟出席运河文化论坛，介绍扬州保护经验。"),
    (date(2023, 3, 1), "市长王进健会见来扬考察的企业家代表。"),
    (date(2023, 5, 15), "代市长潘国强主持召开市政府常务会议，研究安全生产工作。"),
    (date(2023, 10, 20), "市长潘国强调研经济开发区，察看企业生产经营情况。"),
    (date(2024, 4, 9), "市长潘国强主持召开全市安全生产工作会议。"),
)


def article(day: date, number: int, sentence: str) -> Article:
    url = f"https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/{day:%Y%m}/t{day:%Y%m%d}_{number}.shtml"
    return Article(
        url=url,
        site="zgjssw",
        title=f"市政府工作动态{number}",
        published_at=datetime.combine(day, datetime.min.time()).replace(hour=9),
        paragraphs=(sentence, "会议还研究了其他事项，要求各地各部门抓好落实。"),
        source="扬州日报",
        editors=("马丽花",),
        column="扬州",
    )


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path_factory.mktemp("timeline") / "w.duckdb"
    records = [
        enrich_article(a, ZGJSSW.article_id(a.url), segmenter(), ZGJSSW.parser_version)
        for a in (article(day, 9000000 + n, text) for n, (day, text) in enumerate(MENTIONS))
    ]
    with open_warehouse(db) as writer:
        upsert_articles(writer, records, datetime(2026, 1, 1))
    with duckdb.connect(str(db), read_only=True) as reader:
        yield reader


def test_the_mayors_in_turn_with_the_overlap_marked(con: duckdb.DuckDBPyConnection) -> None:
    answer = timeline_answer(con, TimelineRequest("市长"))
    rows = [(t.role, t.name, t.first_published_date, t.last_published_date) for t in answer.rows]
    assert rows == [
        ("市长", "张宝娟", date(2020, 3, 5), date(2022, 6, 16)),
        ("代市长", "王进健", date(2021, 8, 20), date(2021, 12, 2)),
        ("市长", "王进健", date(2022, 1, 10), date(2023, 3, 1)),
        ("代市长", "潘国强", date(2023, 5, 15), date(2023, 5, 15)),
        ("市长", "潘国强", date(2023, 10, 20), date(2024, 4, 9)),
    ]
    conflicts = {(t.role, t.name) for t in answer.rows if t.conflict}
    assert conflicts == {("市长", "张宝娟"), ("代市长", "王进健"), ("市长", "王进健")}
    zhang = answer.rows[0]
    assert {o.name for o in zhang.overlaps} == {"王进健"}
    # The articles behind it: those naming her 市长 inside his tenures (the one of 2022).
    assert [m.published_date for m in zhang.conflicting_mentions()] == [date(2022, 6, 16)]
    data = answer.to_json()
    assert data["rows"][0]["conflict"]["articles"][0]["date"] == date(2022, 6, 16)
    assert data["rows"][4]["conflict"] is None and "overlap" in answer.notes[0]


def test_since_and_until_bound_the_tenures(con: duckdb.DuckDBPyConnection) -> None:
    answer = timeline_answer(con, TimelineRequest("市长", date(2023, 1, 1), date(2023, 12, 31)))
    assert [(t.role, t.name) for t in answer.rows] == [
        ("市长", "王进健"),
        ("代市长", "潘国强"),
        ("市长", "潘国强"),
    ]
    assert not any(t.conflict for t in answer.rows)
    people = people_answer(con, PeopleRequest(since=date(2024, 1, 1)))
    assert [(r.name, r.role) for r in people.rows] == [("潘国强", "市长")]


def test_a_post_of_several_holders_has_no_timeline(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(NotSingleHolder, match="several holders"):
        timeline_answer(con, TimelineRequest("副市长"))


@pytest.mark.parametrize(
    ("post", "head", "acting"),
    [
        ("市长", "市长", "代市长"),
        ("市委书记", "市委书记", None),
        ("仪征市长", "市长", "仪征代市长"),
        ("宝应县委书记", "县委书记", None),
        ("经开区管委会主任", "管委会主任", None),
        ("市人大常委会主任", "人大常委会主任", None),
        ("副市长", None, None),
        ("原市长", None, None),
        ("时任市委书记", None, None),
        ("市委常委", None, None),
    ],
)
def test_which_posts_have_one_holder(post: str, head: str | None, acting: str | None) -> None:
    assert head_of(post) == head
    assert acting_post(post) == acting


def mention(name: str, role: str, day: date, number: int) -> Mention:
    return Mention(name, role, day, f"a:{number}", f"http://x/{number}", "t")


def test_tenures_that_touch_on_one_day_do_not_overlap() -> None:
    """A resignation and an appointment in one report: one tenure ends the day the next
    begins."""
    found = tenures(
        [
            mention("张宝娟", "市长", date(2020, 3, 5), 1),
            mention("张宝娟", "市长", date(2021, 8, 20), 2),
            mention("王进健", "代市长", date(2021, 8, 20), 2),
            mention("王进健", "代市长", date(2021, 12, 2), 3),
        ]
    )
    assert [t.name for t in found] == ["张宝娟", "王进健"]
    assert not any(t.conflict for t in found)
