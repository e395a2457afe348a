"""The zgjssw adapter on small inline pages: the tricky layouts, one at a time."""

from __future__ import annotations

from datetime import datetime

import pytest

from parsers.models import ParseError
from parsers.sites.zgjssw import ZGJSSW

article_id, canonical_url, column_root = (
    ZGJSSW.article_id,
    ZGJSSW.canonical_url,
    ZGJSSW.column_root,
)
is_article_url, list_page_url = ZGJSSW.is_article_url, ZGJSSW.list_page_url
parse_article, parse_list, parse_text = ZGJSSW.parse_article, ZGJSSW.parse_list, ZGJSSW.parse_text

URL = "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202305/t20230502_7654321.shtml"

SIDEBAR_FIRST = """<html><head><title>扬州推动营商环境再优化_中共江苏省委新闻网</title></head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a></div>
<div class="side"><h3>热点新闻</h3><ul>
  <li><a href="./t20230502_1.shtml">另一条同日新闻的标题</a><span>2023-05-02 10:00:00</span></li>
  <li><a href="./t20230501_2.shtml">前一天的新闻</a><span>2023-05-01</span></li>
</ul></div>
<div class="main">
  <div class="tit">扬州推动营商环境再优化</div>
  <div class="info">2023-05-02 09:30:00　来源：扬州日报</div>
  <div class="TRS_UEDITOR">
    <p>　　本报讯（记者 玉菁 通讯员 张三 李四）昨天，全市优化营商环境推进会召开。</p>
    <p>　　会议要求，持续深化“放管服”改革。</p>
    <p>图为会议现场。（记者 王五 摄）</p>
  </div>
  <div>责编：张慰 崔欣</div>
</div>
<div class="related"><h3>相关新闻</h3><ul>
  <li><a href="./t20230502_3.shtml">同日的相关新闻</a> 2023-05-02 08:00:00</li>
</ul></div>
<div class="foot">版权所有 中共江苏省委宣传部</div>
</body></html>"""


def test_sidebar_with_same_date_is_not_the_article() -> None:
    article = parse_article(SIDEBAR_FIRST, URL)
    assert article.title == "扬州推动营商环境再优化"
    assert article.published_at == datetime(2023, 5, 2, 9, 30)
    assert article.source == "扬州日报"
    assert article.dateline == "本报讯"
    assert article.reporters == ("玉菁", "王五")
    assert article.correspondents == ("张三", "李四")
    assert article.editors == ("张慰", "崔欣")
    assert article.author is None
    assert article.paragraphs == (
        "昨天,全市优化营商环境推进会召开。",
        "会议要求,持续深化“放管服”改革。",
        "图为会议现场。(记者 王五 摄)",
    )
    assert article.column == "扬州"
    assert article.url == URL


def test_page_without_the_url_date_is_a_parse_error() -> None:
    wrong_day = URL.replace("t20230502", "t20230503").replace("202305/", "202305/")
    with pytest.raises(ParseError, match="published_at") as caught:
        parse_article(SIDEBAR_FIRST, wrong_day)
    assert caught.value.url == wrong_day


def test_not_an_article_page_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_article("<html><body><p>404 页面不存在</p></body></html>", URL)


LIST_PAGE = """<html><body><div class="header"><a href="/">首页</a></div>
<div class="newslist"><ul>
<li><a href="./202305/t20230502_7654321.shtml"
       title="扬州推动营商环境再优化">扬州推动营商环境...</a>
    <span>2023-05-02  09:30</span></li>
<li><a href="http://v.jschina.com.cn/video/123.html">视频：扬州新闻</a>
    <span>2023-05-01  10:00</span></li>
<li><a href="./202304/t20230428_7654000.shtml">扬州召开人代会</a><span>2023-04-28  08:15</span></li>
</ul></div></body></html>"""


def test_list_page_reads_relative_article_links_and_skips_videos() -> None:
    root = "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/"
    listing = parse_list(LIST_PAGE, list_page_url(root, 0))
    assert [(ref.url, ref.title, ref.listed_at) for ref in listing.refs] == [
        (URL, "扬州推动营商环境再优化", datetime(2023, 5, 2, 9, 30)),
        (root + "202304/t20230428_7654000.shtml", "扬州召开人代会", datetime(2023, 4, 28, 8, 15)),
    ]


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (None, "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/shixianchuanzhen/yangzhou/"),
        ("http://mirror/shixianchuanzhen/yangzhou", "http://mirror/shixianchuanzhen/yangzhou/"),
    ],
)
def test_column_root(base: str | None, expected: str) -> None:
    assert column_root(base) == expected


def test_list_page_urls() -> None:
    root = column_root(None)
    assert list_page_url(root, 0) == root + "index.shtml"
    assert list_page_url(root, 2) == root + "index_2.shtml"


def test_identity_is_the_path_whatever_the_host() -> None:
    old = "http://zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
    new = "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
    assert article_id(old) == article_id(new)
    assert canonical_url(old) == new
    assert is_article_url(old)
    assert not is_article_url(old.replace("/202010/", "/202011/"))
    assert not is_article_url("https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index_1.shtml")


SEED_LIKE = """扬州召开大会
2020-10-22 08:48:00
来源:扬州日报
0
【字号:  】【打印

本报讯 (记者 邹平 世春 刘宁) 昨天,市委市政府召开大会。

又讯 为了开好这次大会,市党政代表团赴南通学习。

作者:  编辑:马丽花"""


def test_plain_text_copy() -> None:
    article = parse_text(SEED_LIKE, URL.replace("202305/t20230502", "202010/t20201022"))
    assert article.title == "扬州召开大会"
    assert article.published_at == datetime(2020, 10, 22, 8, 48)
    assert article.reporters == ("邹平", "世春", "刘宁")
    assert article.editors == ("马丽花",)
    assert article.paragraphs == (
        "昨天,市委市政府召开大会。",
        "又讯 为了开好这次大会,市党政代表团赴南通学习。",
    )


def test_terminal_escapes_in_a_page_reach_no_field_and_split_no_name() -> None:
    # The same page as a hostile server could send it: a title sequence inside a reporter's
    # name, colours around the title, a full reset and BELs in the body, C1 controls.
    hostile = (
        SIDEBAR_FIRST.replace('<div class="tit">扬州推动', '<div class="tit">\x1b[31m扬州推动')
        .replace("营商环境再优化</div>", "营商环境再优化\x1b[0m</div>")
        .replace("记者 玉菁", "记者 玉\x1b]0;pwned\x07菁")
        .replace("推进会召开。", "推进会\x1bc召开。\x07\x07")
        .replace("持续深化", "持续\x9b2J深化\x7f")
        .replace("责编：张慰", "责编：张\x1b]2;t\x1b\\慰")
    )
    assert hostile.count("\x1b") == 6
    article = parse_article(hostile, URL)
    assert article == parse_article(SIDEBAR_FIRST, URL)
    assert article.reporters == ("玉菁", "王五") and article.editors == ("张慰", "崔欣")
