"""Tier 3: story_id across sites in a real DuckDB file, whichever site loads first."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from parsers.models import EnrichedArticle
from tests.warehouse.test_load import make_record
from warehouse.db import open_warehouse
from warehouse.load import upsert_articles
from warehouse.queries import read_stats

T0 = datetime(2026, 11, 1, 8, 0, 0)
STORY = (
    "今天,“运河书房”全民阅读季在市图书馆启动。今年全市将新建城市书房二十家,推动阅读空间向社区延伸。",
    "副市长温晓岚表示,要让阅读成为市民的生活方式,让书香浸润运河两岸的大街小巷。",
)
OTHER_STORY = (
    "今天,市政府召开常务会议,听取全市夏粮收购进展情况汇报。会议要求,要保障收购资金。",
    "会议还研究了老旧小区加装电梯补助办法,提出简化审批流程、提高补助标准。",
)


def record(
    site: str, number: int, title: str, when: datetime, paragraphs: tuple[str, ...]
) -> EnrichedArticle:
    base = make_record(number)
    article = replace(
        base.article, site=site, title=title, published_at=when, paragraphs=paragraphs
    )
    return replace(base, article_id=f"{site}:/x/{number}", article=article)


def story_ids(db: Path) -> dict[str, str]:
    with open_warehouse(db) as con:
        rows = con.execute("select article_id, story_id from articles").fetchall()
    return {str(a): str(s) for a, s in rows}


@pytest.mark.parametrize("paper_first", [True, False])
def test_cross_posted_story_is_one_whichever_loads_first(tmp_path: Path, paper_first: bool) -> None:
    db = tmp_path / "wh.duckdb"
    web = record("yznews", 1, "扬州启动“运河书房”全民阅读季", datetime(2025, 3, 10, 19, 30), STORY)
    paper = record(
        "zgjssw", 2, "扬州启动 “运河书房” 全民阅读季", datetime(2025, 3, 11, 8, 40), STORY
    )
    alone = record("zgjssw", 3, "另一篇报道标题", datetime(2025, 3, 11, 9, 0), OTHER_STORY)
    order = [paper, alone, web] if paper_first else [web, alone, paper]
    with open_warehouse(db) as con:
        for item in order:
            upsert_articles(con, [item], T0)
    ids = story_ids(db)
    # The earliest published copy names the story, whatever the crawl order.
    assert ids == {
        "yznews:/x/1": "yznews:/x/1",
        "zgjssw:/x/2": "yznews:/x/1",
        "zgjssw:/x/3": "zgjssw:/x/3",
    }
    with open_warehouse(db) as con:
        assert read_stats(con).stories == 2
        view = con.execute(
            "select articles, sites from v_stories where story_id = 'yznews:/x/1'"
        ).fetchone()
    assert view == (2, ["yznews", "zgjssw"])


def test_routine_title_different_days_or_bodies_never_merge(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    title = "市政府召开常务会议"
    items = [
        record("zgjssw", 1, title, datetime(2025, 6, 3, 8, 20), STORY),
        record("yznews", 2, title, datetime(2025, 6, 12, 17, 45), STORY),  # 9 days later
        record(
            "yznews", 3, title, datetime(2025, 6, 3, 18, 0), OTHER_STORY
        ),  # same day, other story
    ]
    with open_warehouse(db) as con:
        upsert_articles(con, items, T0)
    assert story_ids(db) == {r.article_id: r.article_id for r in items}


def test_same_site_same_story_is_not_linked_and_a_changed_page_leaves_its_story(
    tmp_path: Path,
) -> None:
    db = tmp_path / "wh.duckdb"
    when = datetime(2025, 3, 10, 19, 30)
    web = record("yznews", 1, "标题相同的报道", when, STORY)
    paper = record("zgjssw", 2, "标题相同的报道", when, STORY)
    again = record("zgjssw", 3, "标题相同的报道", when, STORY)
    with open_warehouse(db) as con:
        upsert_articles(con, [paper, again], T0)
        assert len(set(story_ids(db).values())) == 2  # one site never links with itself
        upsert_articles(con, [web], T0)
        assert len(set(story_ids(db).values())) == 1  # the other site's copy links all three
        changed = replace(
            web, article=replace(web.article, paragraphs=OTHER_STORY), content_hash="x"
        )
        upsert_articles(con, [changed], T0)
    # Nobody is left in a story named after a page that no longer tells it.
    assert story_ids(db) == {a: a for a in ("yznews:/x/1", "zgjssw:/x/2", "zgjssw:/x/3")}


def story_dates(db: Path) -> dict[str, datetime]:
    """The story date the loads stored on each article."""
    with open_warehouse(db) as con:
        rows = con.execute("select article_id, story_published_at from articles").fetchall()
    return {str(a): d for a, d in rows}


def test_each_article_carries_its_story_first_publication_as_stories_join_and_part(
    tmp_path: Path,
) -> None:
    db = tmp_path / "wh.duckdb"
    evening, morning = datetime(2025, 3, 10, 19, 30), datetime(2025, 3, 11, 8, 40)
    web = record("yznews", 1, "扬州启动“运河书房”全民阅读季", evening, STORY)
    paper = record("zgjssw", 2, "扬州启动 “运河书房” 全民阅读季", morning, STORY)
    with open_warehouse(db) as con:
        upsert_articles(con, [paper], T0)
        assert story_dates(db) == {"zgjssw:/x/2": morning}
        # The earlier copy arrives: both are dated by it.
        upsert_articles(con, [web], T0)
        assert story_dates(db) == {"yznews:/x/1": evening, "zgjssw:/x/2": evening}
        # Its page changes and it leaves: the paper's story is its own again, and so its date.
        changed = replace(
            web, article=replace(web.article, paragraphs=OTHER_STORY), content_hash="x"
        )
        upsert_articles(con, [changed], T0)
        assert story_dates(db) == {"yznews:/x/1": evening, "zgjssw:/x/2": morning}
        # A page republished with another date moves its story's date with it.
        later = replace(paper, article=replace(paper.article, published_at=datetime(2025, 3, 12)))
        upsert_articles(con, [replace(later, content_hash="y")], T0)
        assert story_dates(db)["zgjssw:/x/2"] == datetime(2025, 3, 12)
