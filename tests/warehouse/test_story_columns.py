"""Tier 3: a provincial story zgjssw reprints in a city's column is one story (#28 item 3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from parsers.models import EnrichedArticle
from parsers.sites.zgjssw import ZGJSSW
from tests.warehouse.test_load import make_record
from tests.warehouse.test_stories import OTHER_STORY, STORY, story_ids
from warehouse.db import open_warehouse
from warehouse.load import upsert_articles

T0 = datetime(2026, 11, 1, 8, 0, 0)
TITLE = "全省推进“运河书房”建设现场会召开"
PROVINCE_URL = "https://www.zgjssw.gov.cn/yaowen/202610/t20261002_8594833.shtml"
NANTONG_URL = "https://www.zgjssw.gov.cn/shixianchuanzhen/nantong/202610/t20261003_8594901.shtml"
NANTONG_OTHER = "https://www.zgjssw.gov.cn/shixianchuanzhen/nantong/202610/t20261003_8594902.shtml"


def column_record(
    number: int, url: str, title: str, when: datetime, paragraphs: tuple[str, ...]
) -> EnrichedArticle:
    """An article of a zgjssw column, its city told by its URL as the adapter tells it."""
    base = make_record(number)
    article = replace(
        base.article,
        site="zgjssw",
        url=url,
        title=title,
        published_at=when,
        paragraphs=paragraphs,
        column=ZGJSSW.column_for(url),
        city=ZGJSSW.city_for(url),
    )
    return replace(base, article_id=ZGJSSW.article_id(url), article=article)


@pytest.mark.parametrize("province_first", [True, False])
def test_provincial_story_reprinted_in_a_city_column_is_one_story(
    tmp_path: Path, province_first: bool
) -> None:
    db = tmp_path / "wh.duckdb"
    province = column_record(1, PROVINCE_URL, TITLE, datetime(2026, 10, 2, 9, 0), STORY)
    reprint = column_record(2, NANTONG_URL, TITLE, datetime(2026, 10, 3, 8, 30), STORY)
    # Same column, same title, another story: a site's own repeats never merge.
    other = column_record(3, NANTONG_OTHER, TITLE, datetime(2026, 10, 3, 10, 0), OTHER_STORY)
    order = [province, reprint, other] if province_first else [other, reprint, province]
    with open_warehouse(db) as con:
        for item in order:
            upsert_articles(con, [item], T0)
        cities = dict(con.execute("select article_id, city from articles").fetchall())
    assert cities == {
        ZGJSSW.article_id(PROVINCE_URL): "province",
        ZGJSSW.article_id(NANTONG_URL): "nantong",
        ZGJSSW.article_id(NANTONG_OTHER): "nantong",
    }
    story = ZGJSSW.article_id(PROVINCE_URL)  # the earliest copy names the story
    assert story_ids(db) == {
        story: story,
        ZGJSSW.article_id(NANTONG_URL): story,
        ZGJSSW.article_id(NANTONG_OTHER): ZGJSSW.article_id(NANTONG_OTHER),
    }
