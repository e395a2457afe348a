"""Tier 1: what a list page's pager says of where the list ends (issue 31).

A walk of a list ends only where the pager says (or at a page without links), never at a page
that failed to load: these are the pagers it reads.
"""

from __future__ import annotations

import pytest

from parsers.sites.jsnews import JSNEWS
from parsers.sites.yznews import YZNEWS
from parsers.sites.zgjssw import ZGJSSW

LIST_URL = "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index_2.shtml"
ITEM = '<div class="newslist"><ul><li><a href="./202601/t20260102_1.shtml">标题</a></li></ul></div>'


def page(pager: str) -> str:
    return f"<html><body>{ITEM}{pager}</body></html>"


# (pager markup, pages in the list, this page's number from 0, a 下一页 label without a link)
PAGERS = [
    ('<script>createPageHTML(25, 2, "index", "shtml");</script>', 25, 2, False),
    ('<script language="javascript">createPageHTML(3,2,"index","shtml")</script>', 3, 2, False),
    ("<script>var currentPage = 4;//从0开始\nvar countPage = 9//共多少页</script>", 9, 4, False),
    (
        '<div class="page"><a href="index_1.shtml">上一页</a> 下一页 共3页 当前第3页</div>',
        3,
        2,
        True,
    ),
    ('<div class="page">第 2 页/共 7 页 <a href="index_2.shtml">下一页</a></div>', 7, 1, False),
    ('<p class="pages"><a href="index_1.shtml">下一页</a> 2/12页</p>', 12, 1, False),
    ('<div class="page">下一页 共6页</div>', 6, None, True),
    ("<div><span>下一页</span></div>", None, None, True),
    ('<div class="page"><a href="javascript:void(0)">下一页</a></div>', None, None, False),
    ("", None, None, False),
]


@pytest.mark.parametrize(("pager", "count", "index", "unlinked"), PAGERS)
def test_the_pager_is_read(
    pager: str, count: int | None, index: int | None, unlinked: bool
) -> None:
    listing = ZGJSSW.parse_list(page(pager), LIST_URL)
    assert (listing.page_count, listing.page_index, listing.next_label_unlinked) == (
        count,
        index,
        unlinked,
    )


@pytest.mark.parametrize(
    ("pager", "walked", "last"),
    [
        ('<script>createPageHTML(3, 2, "index", "shtml");</script>', 2, True),
        ('<script>createPageHTML(3, 1, "index", "shtml");</script>', 1, False),
        ('<div class="page">下一页 共6页</div>', 5, True),  # the walk's own count numbers it
        ('<div class="page">下一页 共6页</div>', 4, False),
        ("<div><span>下一页</span></div>", 7, True),
        ('<div class="page"><a href="index_3.shtml">下一页</a> 共3页 当前第3页</div>', 2, False),
        ("", 3, None),  # no pager: it says nothing, and a failing next page is no end
    ],
)
def test_a_page_is_the_last_only_where_its_pager_says(
    pager: str, walked: int, last: bool | None
) -> None:
    listing = ZGJSSW.parse_list(page(pager), LIST_URL)
    assert listing.is_last(walked) is last
    following = ZGJSSW.next_list_url(LIST_URL, walked, listing)
    assert (following is None) is bool(last)


def test_a_headline_that_holds_the_label_is_no_pager() -> None:
    headline = '<div class="newslist"><ul><li><a href="./202601/t20260102_1.shtml">下一页'
    headline += "将翻向何处：扬州城市更新观察</a></li></ul></div>"
    headline += "<div>扬州翻开下一页的新篇章，城市更新提速扩面惠民生</div>"
    listing = ZGJSSW.parse_list(f"<html><body>{headline}</body></html>", LIST_URL)
    assert listing.is_last(0) is None


def test_every_site_reads_the_pager_of_its_last_page() -> None:
    from tests.sample_site.jsnews import render_list_page as jsnews_list
    from tests.sample_site.site import build_site

    zgjssw_site = build_site()
    *_, last_path = zgjssw_site.list_paths()
    last = ZGJSSW.parse_list(zgjssw_site.pages[last_path].body.decode(), LIST_URL)
    assert last.is_last(len(zgjssw_site.list_paths()) - 1) is True
    assert JSNEWS.parse_list(jsnews_list([], 3, 4).body.decode(), LIST_URL).is_last(3) is True
    yznews_last = "<html><body><ul></ul><span>下一页</span></body></html>"
    assert YZNEWS.next_list_url(LIST_URL, 4, YZNEWS.parse_list(yznews_last, LIST_URL)) is None
