"""Tier 1: text normalisation and page-furniture lines."""

from __future__ import annotations

import pytest

from parsers.text import (
    is_hit_counter,
    is_page_tools,
    normalize_lines,
    normalize_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Full-width punctuation of the live pages becomes ASCII; 。“”、 stay.
        ("本报讯　（记者　邹平　世春）　昨天，市委", "本报讯 (记者 邹平 世春) 昨天,市委"),
        ("来源：扬州日报", "来源:扬州日报"),
        ("“二次创业”、新质生产力。", "“二次创业”、新质生产力。"),
        # Whitespace of every kind collapses to one ASCII space, ends stripped.
        ("　　夏心旻指出", "夏心旻指出"),
        ("a\u00a0\u00a0b", "a b"),
        ("a\t\n b", "a b"),
        ("作者:  编辑:马丽花", "作者: 编辑:马丽花"),
        ("2024-07-22  09:30", "2024-07-22 09:30"),
        ("\ufeff标题\u200b ", "标题"),
        ("扬\u200b州", "扬州"),
        # Full-width digits and letters become ASCII.
        ("２０２６年０２月１０日", "2026年02月10日"),
        ("", ""),
        (" \u3000 ", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_lines_drops_blank_lines() -> None:
    raw = "扬州召开大会\r\n2020-10-22 08:48:00\n\n　　\n　　本报讯　（记者　邹平）\n"
    assert normalize_lines(raw) == ("扬州召开大会", "2020-10-22 08:48:00", "本报讯 (记者 邹平)")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The seed's truncated copy, raw and normalised.
        ("【字号:  】【打印", True),
        (normalize_text("【字号：  】【打印"), True),
        ("【字号:大 中 小】【打印】【关闭】", True),
        ("【字体:大 中 小】 【打印本页】 【关闭窗口】", True),
        ("[字号:大 中 小] [打印] [关闭]", True),
        ("【打印本页】【关闭窗口】", True),
        ("分享到:微信 微博", True),
        ("字号:大 中 小", True),
        # Content is not page tools.
        ("", False),
        ("打印机产业园开工建设", False),
        ("分享到朋友圈的照片引发关注", False),
        ("【新闻链接】扬州开发园区", False),
        ("本报讯 (记者 邹平 世春 刘宁) 昨天,市委市政府召开全市推进开发园区大会。", False),
        ("分享到:" + "很长的一段正文" * 10, False),
    ],
)
def test_is_page_tools(line: str, expected: bool) -> None:
    assert is_page_tools(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("0", True),
        ("127", True),
        (" 35 ", True),
        ("浏览次数:127", True),
        ("阅读:35", True),
        ("点击数:8", True),
        ("浏览次数: 127次", True),
        # A bare number is a bare number; the caller knows where in the header it sits.
        ("2020", True),
        # Not counters.
        ("", False),
        ("2020-10-22", False),
        ("127人参加", False),
        ("阅读:", False),
        ("第1版", False),
        ("1.5", False),
    ],
)
def test_is_hit_counter(line: str, expected: bool) -> None:
    assert is_hit_counter(line) is expected


def test_seed_header_lines() -> None:
    """The seed article's opening lines: only the counter and the tools line are furniture."""
    lines = normalize_lines(
        "扬州召开全市推进开发园区“二次创业”高质量发展大会\n2020-10-22 08:48:00\n来源:扬州日报\n"
        "0\n【字号:  】【打印\n\n本报讯 (记者 邹平 世春 刘宁) 昨天,市委市政府召开大会。\n"
        "作者:  编辑:马丽花"
    )
    assert [is_hit_counter(line) for line in lines] == [
        False,
        False,
        False,
        True,
        False,
        False,
        False,
    ]
    assert [is_page_tools(line) for line in lines] == [
        False,
        False,
        False,
        False,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Terminal escape sequences go whole: CSI (colours, clear screen), OSC (window title,
        # ended by BEL or ST), a full reset; a name around one stays one name.
        ("王子\x1b]0;pwned\x07涵", "王子涵"),
        ("王子\x1b]0;pwned\x1b\\涵", "王子涵"),
        ("\x1b[31m扬州\x1b[0m日报", "扬州日报"),
        ("\x1b[2J\x1b[H标题", "标题"),
        ("扬州\x1bc日报", "扬州日报"),
        ("扬州\x1b(B日报", "扬州日报"),
        ("扬州\x9b31m日报", "扬州日报"),  # CSI as one C1 character
        ("扬州\x9d0;t\x9c日报", "扬州日报"),  # OSC ... ST as C1 characters
        # An OSC never ended: its parameters go, the text after them stays.
        ("子\x1b]0", "子"),
        ("子\x1b]0;标题", "子标题"),
        # Other controls vanish (BEL, backspace, NUL, DEL, C1); whitespace ones are spaces.
        ("扬\x07州\x08日\x00报\x7f", "扬州日报"),
        ("扬州\x85日报", "扬州 日报"),
        ("扬州\x0b\x0c\r日报", "扬州 日报"),
        ("a\x1cb\x1fc", "a b c"),
        ("\x1b", ""),
    ],
)
def test_normalize_text_strips_control_characters(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_lines_keeps_lines_but_no_control_characters() -> None:
    raw = "标题\x1b]0;x\x07\n\x1b[1m正文\x1b[0m\r\n\x07\n"
    assert normalize_lines(raw) == ("标题", "正文")
