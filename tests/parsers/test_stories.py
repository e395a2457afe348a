"""Story identity: same title, within a day, similar bodies; routine titles never merge."""

from __future__ import annotations

from datetime import datetime

import pytest

from parsers.saved import saved_page_urls
from parsers.stories import body_overlap, same_story, title_key
from tests.sample_site.yznews import CROSS_POSTED, ROUTINE_YZNEWS, ROUTINE_ZGJSSW

BODY = (
    "今天,市政府召开常务会议,研究部署防汛抗旱工作。"
    "会议指出,要压紧压实各级防汛责任,做好重点部位巡查。"
)
OTHER = (
    "今天,市政府召开常务会议,听取夏粮收购进展情况汇报。会议要求,要保障收购资金,确保农民售粮顺畅。"
)


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("扬州启动“运河书房”全民阅读季", "扬州启动运河书房全民阅读季"),
        ('扬州启动 "运河书房" 全民阅读季', "扬州启动运河书房全民阅读季"),
        ("GDP增长6.5%", "gdp增长65"),
    ],
)
def test_title_key(title: str, key: str) -> None:
    assert title_key(title) == key


def test_cross_posted_sample_stories_are_one_story() -> None:
    for paper, web in CROSS_POSTED:
        assert same_story(
            paper.title,
            paper.published_at,
            "\n".join(paper.paragraphs),
            web.title,
            web.published_at,
            "\n".join(web.paragraphs),
        ), paper.title


def test_routine_title_on_different_days_is_not_one_story() -> None:
    paper, web = ROUTINE_ZGJSSW, ROUTINE_YZNEWS
    assert title_key(paper.title) == title_key(web.title)
    assert not same_story(
        paper.title,
        paper.published_at,
        "\n".join(paper.paragraphs),
        web.title,
        web.published_at,
        "\n".join(web.paragraphs),
    )


def test_routine_title_the_same_day_with_another_body_is_not_one_story() -> None:
    day = datetime(2025, 6, 3, 8, 0)
    assert body_overlap(BODY, OTHER) < 0.6
    assert not same_story("市政府召开常务会议", day, BODY, "市政府召开常务会议", day, OTHER)
    assert same_story("市政府召开常务会议", day, BODY, "市政府召开常务会议", day, BODY)


def test_dates_more_than_a_day_apart_never_match() -> None:
    assert not same_story(
        "标题", datetime(2025, 1, 1, 8), BODY, "标题", datetime(2025, 1, 3, 1), BODY
    )
    assert same_story("标题", datetime(2025, 1, 1, 23), BODY, "标题", datetime(2025, 1, 2, 8), BODY)


def test_saved_page_urls() -> None:
    page = (
        "<!-- saved from url=(0052)http://news.yznews.com.cn/2026-02/10/content_1.htm -->\n"
        '<html><head><link rel="canonical" href="https://www.zgjssw.gov.cn/a/202010/t20201022_1.shtml">'
        '<meta property="og:url" content="/relative"></head></html>'
    )
    assert saved_page_urls(page) == (
        "http://news.yznews.com.cn/2026-02/10/content_1.htm",
        "https://www.zgjssw.gov.cn/a/202010/t20201022_1.shtml",
    )
    assert saved_page_urls("<html><body>no url</body></html>") == ()
