"""The 扬州网 adapter: every sample template, list pages with 下一页, URLs and identities."""

from __future__ import annotations

import pytest

from parsers.encoding import decode_html
from parsers.sites.yznews import YZNEWS as yznews
from parsers.sources import SOURCES, selected, sniff_source, source_for_url
from tests.sample_site.site import build_site, expected_article
from tests.sample_site.yznews import (
    YZ_TEMPLATES,
    YznewsSpec,
    add_yznews,
    with_template,
    yznews_specs,
)

MIRROR = "http://127.0.0.1:8000"


def _cases() -> list[tuple[YznewsSpec, str]]:
    return [(spec, name) for spec in yznews_specs() for name in YZ_TEMPLATES]


@pytest.mark.parametrize(
    ("spec", "template"), _cases(), ids=lambda v: v if isinstance(v, str) else v.id
)
def test_article_in_every_template_has_every_field_and_no_chrome(
    spec: YznewsSpec, template: str
) -> None:
    spec = with_template(spec, template)
    truth = expected_article(spec, YZ_TEMPLATES)
    page = YZ_TEMPLATES[template]
    html, _ = decode_html(page.render(spec).encode(page.codec), page.content_type)
    article = yznews.parse_article(html, MIRROR + spec.path)
    assert article.url == "http://news.yznews.com.cn" + spec.path
    assert article.site == "yznews"
    assert (article.title, article.published_at, article.source) == (
        truth.title,
        truth.published_at,
        "扬州日报-扬州网",
    )
    assert (article.dateline, article.reporters, article.correspondents) == (
        "扬州网讯",
        truth.reporters,
        truth.correspondents,
    )
    assert article.editors == truth.editors
    assert article.paragraphs == truth.paragraphs
    for chrome in ("版权", "扬州网官方微博", "来源", "责任编辑", "责编", "热点新闻", "相关新闻"):
        assert chrome not in article.body


def test_header_line_with_a_space_inside_the_date() -> None:
    page = """<html><body><h1>测试标题一二三</h1>
    <div>2026年02月 10日 09:20 | 来源: 扬州日报-扬州网 | 扬州网官方微博</div>
    <p>扬州网讯 (记者 朱轩卿) 今天上午,我市召开会议。</p>
    <p>责任编辑:煜婕</p>
    <p>凡本网注明“来源:扬州日报-扬州网”的所有作品,版权均属于扬州日报社。</p></body></html>"""
    article = yznews.parse_article(page, MIRROR + "/2026-02/10/content_5.htm")
    assert article.published_at.isoformat() == "2026-02-10T09:20:00"
    assert article.reporters == ("朱轩卿",) and article.editors == ("煜婕",)
    assert article.paragraphs == ("今天上午,我市召开会议。",)


def test_list_pages_follow_next_page_and_read_dates_near_links() -> None:
    site = build_site([])
    section = add_yznews(site)
    seen: list[str] = []
    url: str | None = MIRROR + "/"
    pages = 0
    while url is not None:
        path = url.removeprefix(MIRROR)
        listing = yznews.parse_list(site.pages[path].body.decode("utf-8"), url)
        for ref in listing.refs:
            assert ref.url.startswith(MIRROR)  # absolute portal links are read on the mirror
            assert ref.listed_at is not None
            assert ref.listed_at.date() == yznews.url_date(ref.url)
        seen.extend(ref.url.removeprefix(MIRROR) for ref in listing.refs)
        url = listing.next_url
        pages += 1
    assert pages == len(section.list_paths()) >= 3
    assert seen == [spec.path for spec in section.specs]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://news.yznews.com.cn/2026-02/10/content_123.htm", True),
        ("http://127.0.0.1:9/2026-02/10/content_123.htm", True),
        ("http://news.yznews.com.cn/2026-02/31/content_123.htm", False),
        ("http://news.yznews.com.cn/node_2.htm", False),
        ("https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202010/t20201022_1.shtml", False),
    ],
)
def test_article_urls(url: str, expected: bool) -> None:
    assert yznews.is_article_url(url) is expected


def test_registry_dispatches_on_the_url_scheme_and_sniffs_text() -> None:
    assert source_for_url("http://x/2026-02/10/content_1.htm") is SOURCES["yznews"]
    zgjssw_url = "http://x/shixianchuanzhen/yangzhou/202010/t20201022_1.shtml"
    assert source_for_url(zgjssw_url) is SOURCES["zgjssw"]
    assert source_for_url("http://x/yz/202305/t20230502_1.shtml") is SOURCES["jsnews"]
    # Other TRS columns use the same file scheme: they are no source's articles (要闻 is
    # zgjssw's since #28: the province's corpus).
    assert source_for_url("http://x/shizheng/202010/t20201022_1.shtml") is None
    assert source_for_url("http://x/yaowen/202010/t20201022_1.shtml") is SOURCES["zgjssw"]
    assert source_for_url("http://x/about.htm") is None
    assert [s.name for s in selected("all")] == ["zgjssw", "jsnews", "yznews"]
    assert sniff_source("标题\n2026年02月 10日 09:20 | 来源: 扬州网\n正文").name == "yznews"
    assert sniff_source("标题\n2020-10-22 08:48:00\n来源:扬州日报\n本报讯 正文").name == "zgjssw"
    assert yznews.article_id("http://127.0.0.1:9/2026-02/10/content_1.htm") == (
        "yznews:/2026-02/10/content_1.htm"
    )
    assert yznews.first_list_url("http://127.0.0.1:9") == "http://127.0.0.1:9/"
    assert yznews.first_list_url("http://m/node_1.htm") == "http://m/node_1.htm"
