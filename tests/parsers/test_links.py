"""Tier 1: links a page carries, resolved or dropped; one bad href never costs the list page."""

from __future__ import annotations

import pytest

from parsers.links import resolve_link
from parsers.sites.yznews import YZNEWS as yznews
from parsers.sites.zgjssw import ZGJSSW as zgjssw

ZGJSSW_LIST = "http://127.0.0.1:8000/shixianchuanzhen/yangzhou/index.shtml"
YZNEWS_LIST = "http://127.0.0.1:8000/"
UNUSABLE = ("http://[x/", "http://[::1/x", "http://127.0.0.1:99999999/x", "//[/")


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        (
            "./202010/t20201022_1.shtml",
            "http://127.0.0.1:8000/shixianchuanzhen/yangzhou/202010/t20201022_1.shtml",
        ),
        ("  /x.shtml ", "http://127.0.0.1:8000/x.shtml"),
        *((href, None) for href in UNUSABLE),
    ],
)
def test_resolve_link(href: str, expected: str | None) -> None:
    assert resolve_link(ZGJSSW_LIST, href) == expected


@pytest.mark.parametrize("href", UNUSABLE)
def test_an_unparsable_href_is_skipped_by_every_list_parser(href: str) -> None:
    html = (
        '<html><body><div class="newslist"><ul>'
        f'<li><a href="{href}">坏链接</a><span>2020-10-22  08:00</span></li>'
        '<li><a href="./202010/t20201022_1.shtml">扬州新闻</a><span>2020-10-22  08:00</span></li>'
        '<li><a href="/2026-02/10/content_7.htm">扬州网新闻</a> 2026-02-10</li>'
        f'<li><a href="{href}">下一页</a></li>'
        "</ul></div></body></html>"
    )
    listing = zgjssw.parse_list(html, ZGJSSW_LIST)
    assert [ref.url for ref in listing.refs] == [
        "http://127.0.0.1:8000/shixianchuanzhen/yangzhou/202010/t20201022_1.shtml"
    ]
    listing = yznews.parse_list(html, YZNEWS_LIST)
    assert [ref.url for ref in listing.refs] == ["http://127.0.0.1:8000/2026-02/10/content_7.htm"]
    assert listing.next_url is None
