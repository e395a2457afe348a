"""Tier 1: the fail-safe checks: chrome lines, labels, headlines, bodies (parsers.quality)."""

from __future__ import annotations

import pytest

from parsers.layout import Hints, read_article
from parsers.models import ParseError
from parsers.page import Line
from parsers.quality import body_problem, headline_problem, is_chrome, is_label, trim_chrome
from parsers.text import normalize_text

PROSE = "昨天上午,全市开发园区“二次创业”推进会召开,会议总结了上半年工作,部署下一阶段任务。"


@pytest.mark.parametrize(
    "line",
    [
        "【字号: 】【打印",  # the seed's copy
        "【字号:大 中 小】【打印】【关闭】",
        "分享到:微信 微博",
        "用微信扫码二维码",
        "分享至好友和朋友圈",
        "超大 大 标准 小",
        "关注新华网 微信 微博 Qzone",
        "打印 字体: 放大 正常 缩小",
        "调整字体",
        "A+ A A-",
        "A+",
        "0",
        "浏览次数:127",
        "首页 > 市县传真 > 扬州",
        "当前位置:首页>>要闻",
        "返回顶部",
        normalize_text("\ue60e"),  # an icon glyph normalises to nothing
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        PROSE,
        "关注民生 建设幸福扬州",  # 关注 alone is a headline's verb, not a tool
        "一、总体要求",
        "图为仪征汽车工业园的新能源汽车生产线。(通讯员 仪宣 摄)",
        "扬州召开全市高质量发展大会",
    ],
)
def test_text_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


@pytest.mark.parametrize(
    "title",
    [
        "相关文章",
        "A+",
        "热点推荐",
        "APP下载",
        "您的浏览器不支持video标签",
        "00:00 / 02:35",
        "首页",
        "扬州",
    ],
)
def test_labels_and_chrome_are_not_headlines(title: str) -> None:
    assert headline_problem(title) is not None


@pytest.mark.parametrize(
    "title",
    ["扬州召开全市高质量发展大会", "高邮:“鸭蛋经济”带富一方百姓", "“五一”假期扬州接待游客量创新高"],
)
def test_headlines(title: str) -> None:
    assert headline_problem(title) is None
    assert not is_label(title)


def test_a_prose_body_is_a_body() -> None:
    assert body_problem([PROSE, "会议强调,要坚定不移推进改革创新。"]) is None


@pytest.mark.parametrize(
    ("paragraphs", "says"),
    [
        ([], "no text"),
        # A script-filled container: the sidebar below the header is all that is left.
        (
            [
                "热点推荐",
                "全省经济运行分析会召开2019-05-06",
                "江苏出台支持民营经济若干措施2019-05-05",
            ],
            "no prose",
        ),
        (
            [
                "全省经济运行分析会召开,部署下阶段工作 2019-05-06",
                "省政府召开常务会议,研究稳就业举措 2019-05-06",
                PROSE,
            ],
            "list of titles and dates",
        ),
        (
            ["首页", "新闻中心", "政务公开", "办事服务", "互动交流", "专题专栏", PROSE],
            "short lines without a sentence",
        ),
    ],
)
def test_what_is_not_a_body(paragraphs: list[str], says: str) -> None:
    problem = body_problem(paragraphs)
    assert problem is not None and says in problem


def test_chrome_is_trimmed_from_both_ends() -> None:
    body = ["用微信扫码二维码", "分享至好友和朋友圈", "超大 大 标准 小", PROSE, "A+", "返回顶部"]
    assert trim_chrome(body) == [PROSE]


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        # Buttons stacked one a line (issue 25 item 6): a font switch opening the body.
        (["大", "标准", "小", PROSE], [PROSE]),
        (["字号", "大", "中", "小", PROSE], [PROSE]),
        (["超大", "大", "标准", "小", PROSE, "第二段。"], [PROSE, "第二段。"]),
        (["大", "小", PROSE], [PROSE]),  # two font sizes are a switch too
        ([PROSE, "大", "标准", "小"], [PROSE]),  # or closing it
        # A report bar and a comment count closing it.
        ([PROSE, "举报", "举报文章问题", "4,786 条评论"], [PROSE]),
        ([PROSE, "我要举报", "评论(12)"], [PROSE]),
        # Text that only looks like them stays.
        ([PROSE, "监督举报电话:0514-87654321"], [PROSE, "监督举报电话:0514-87654321"]),
        (["春", "夏", PROSE], ["春", "夏", PROSE]),  # two short lines, no font sizes
        ([PROSE, "大", PROSE], [PROSE, "大", PROSE]),  # inside the body: never trimmed
        (
            [PROSE, "群众举报后,执法人员立即赶到现场。"],
            [PROSE, "群众举报后,执法人员立即赶到现场。"],
        ),
    ],
)
def test_stacked_tools_and_report_bars_at_the_edges_are_chrome(
    body: list[str], kept: list[str]
) -> None:
    assert trim_chrome(body) == kept


def lines(*texts: str, links: tuple[str, ...] = ()) -> list[Line]:
    return [Line(text, 1.0 if text in links else 0.0) for text in texts]


def test_a_label_above_the_date_is_never_the_title() -> None:
    page = lines("相关文章", "2024-07-22 09:30:00 来源:扬州日报", PROSE, "编辑:陈茜")
    with pytest.raises(ParseError) as caught:
        read_article(page, "file:///x.html", None, Hints())
    assert caught.value.field_name == "title"


def test_markup_contradicting_the_title_line_refuses_the_page() -> None:
    page = lines("推荐视频播放列表第一集", "2024-07-22 09:30:00 来源:扬州日报", PROSE, "编辑:陈茜")
    hints = Hints(titles=("扬州召开全市高质量发展大会",))
    with pytest.raises(ParseError) as caught:
        read_article(page, "file:///x.html", None, hints)
    assert caught.value.field_name == "title"


def test_share_bars_above_the_body_are_not_its_first_line() -> None:
    page = lines(
        "扬州召开全市高质量发展大会",
        "2024-07-22 09:30:00 来源:扬州日报",
        "用微信扫码二维码",
        "分享至好友和朋友圈",
        "本报讯 (记者 邹平) " + PROSE,
        "编辑:陈茜",
    )
    fields = read_article(
        page, "file:///x.html", None, Hints(titles=("扬州召开全市高质量发展大会",))
    )
    assert fields.paragraphs == (PROSE,)
    assert fields.byline.reporters == ("邹平",)
    assert fields.footer.editors == ("陈茜",)


def test_an_empty_container_with_a_sidebar_is_refused() -> None:
    page = lines(
        "扬州召开全市高质量发展大会",
        "2019-05-06 09:30:00 来源:扬州日报",
        "【字号:大 中 小】【打印】",
        "热点推荐",
        "全省经济运行分析会召开2019-05-06",
        "江苏出台支持民营经济发展若干措施2019-05-05",
        links=("江苏出台支持民营经济发展若干措施2019-05-05",),
    )
    with pytest.raises(ParseError) as caught:
        read_article(page, "file:///x.html", None, Hints(titles=("扬州召开全市高质量发展大会",)))
    assert caught.value.field_name == "body"


def test_kicker_and_subtitle_around_a_confirmed_title() -> None:
    page = lines(
        "坚持以人民为中心 加快建设新兴科创名城",
        "扬州召开全市高质量发展大会",
        "——全年目标任务全面完成",
        "2024-07-22 09:30:00 来源:扬州日报",
        PROSE,
        "【打印本页】【关闭窗口】",
        "编辑:陈茜",
    )
    fields = read_article(
        page, "file:///x.html", None, Hints(titles=("扬州召开全市高质量发展大会",))
    )
    assert fields.title == "扬州召开全市高质量发展大会"
    assert fields.kicker == "坚持以人民为中心 加快建设新兴科创名城"
    assert fields.subtitle == "全年目标任务全面完成"
    assert fields.footer.editors == ("陈茜",)  # alone after the page tools
