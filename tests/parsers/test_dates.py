"""Tier 1: dates and times in page text and in article URLs."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from parsers.dates import DateMatch, find_datetimes, first_datetime, url_date
from parsers.text import normalize_text


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        # Seed article header and zgjssw list spans (DESIGN.md 2.1).
        ("2020-10-22 08:48:00", datetime(2020, 10, 22, 8, 48), True),
        ("2024-07-22  09:30", datetime(2024, 7, 22, 9, 30), True),
        ("2020-10-22 08:48", datetime(2020, 10, 22, 8, 48), True),
        ("2020-10-22T08:48:05", datetime(2020, 10, 22, 8, 48, 5), True),
        ("2020-10-22", datetime(2020, 10, 22), False),
        ("2021-1-6", datetime(2021, 1, 6), False),
        # 扬州网 header, with the space inside (DESIGN.md 2.2).
        ("2026年02月 10日 09:20 | 来源: 扬州日报-扬州网", datetime(2026, 2, 10, 9, 20), True),
        ("2026年2月10日", datetime(2026, 2, 10), False),
        ("2026年2月10日 09:20:05", datetime(2026, 2, 10, 9, 20, 5), True),
        ("2026年2月10日09:20", datetime(2026, 2, 10, 9, 20), True),
        ("2026 年 2 月 10 号", datetime(2026, 2, 10), False),
        # Other separators.
        ("2021/01/06 10:20", datetime(2021, 1, 6, 10, 20), True),
        ("2021.01.06", datetime(2021, 1, 6), False),
        # Labels in front.
        ("发布时间:2021-01-06", datetime(2021, 1, 6), False),
        ("时间:2021-01-06 10:20", datetime(2021, 1, 6, 10, 20), True),
        ("日期:2026年2月10日", datetime(2026, 2, 10), False),
        # Caller forgot to normalise: full-width colon and ideographic space still work.
        ("发布时间：2021-01-06　10:20", datetime(2021, 1, 6, 10, 20), True),
        (normalize_text("２０２１－０１－０６"), datetime(2021, 1, 6), False),
        # An incomplete time is left out; the date stands alone.
        ("2020-10-22 8:4", datetime(2020, 10, 22), False),
    ],
)
def test_first_datetime(text: str, expected: datetime, has_time: bool) -> None:
    match = first_datetime(text)
    assert match is not None
    assert (match.value, match.has_time) == (expected, has_time)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "昨天,市委市政府召开大会",
        # A zgjssw id: a date glued into a longer digit run is not a date.
        "t20201022_6842645",
        "20201022",
        "12020-10-22",
        "2020-10-221",
        "2020-10-2208:48",
        # Impossible values are skipped, never raised.
        "2020-13-01",
        "2021-02-30",
        "2020年13月1日",
        "2020-10-22 25:00",
        "2020-10-22 23:61",
        "2020-10-00",
        # Mixed separators, out-of-range years, no year at all.
        "2021-01/06",
        "0514-8765-4321",
        "3021-01-06",
        "10月12日-13日",
        "1月5日上午",
        "增长12.5%",
        "自1992年设立第一个开发区以来",
    ],
)
def test_no_datetime(text: str) -> None:
    assert find_datetimes(text) == []
    assert first_datetime(text) is None
    assert first_datetime(text) is None


def test_find_datetimes_spans_in_order() -> None:
    text = "发布时间:2021-01-06 10:20 更新:2026年02月 10日 原文 t20201022_6842645"
    assert find_datetimes(text) == [
        DateMatch(datetime(2021, 1, 6, 10, 20), 5, 21, True),
        DateMatch(datetime(2026, 2, 10), 25, 37, False),
    ]
    assert text[5:21] == "2021-01-06 10:20"
    assert text[25:37] == "2026年02月 10日"


def test_find_datetimes_skips_impossible_and_keeps_going() -> None:
    text = "2021-02-30, 2021-02-28 09:00"
    assert [m.value for m in find_datetimes(text)] == [datetime(2021, 2, 28, 9)]


def test_sidebar_of_list_dates() -> None:
    text = normalize_text("标题一 2024-07-22  09:30 标题二 2024-07-21  17:05")
    assert [m.value for m in find_datetimes(text)] == [
        datetime(2024, 7, 22, 9, 30),
        datetime(2024, 7, 21, 17, 5),
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml",
            date(2020, 10, 22),
        ),
        (
            "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml",
            date(2020, 10, 22),
        ),
        ("./202407/t20240722_8355001.shtml", date(2024, 7, 22)),
        ("/yaowen/202407/t20240722_8355001.shtml?from=list#top", date(2024, 7, 22)),
        ("/shixianchuanzhen/yangzhou/t20201022_6842645.shtml", date(2020, 10, 22)),
        ("http://news.yznews.com.cn/2026-02/10/content_123.htm", date(2026, 2, 10)),
        ("https://news.yznews.com.cn/2026-02/10/content_7654321.html", date(2026, 2, 10)),
        # Folder and file disagree: not trustworthy.
        ("/shixianchuanzhen/yangzhou/202011/t20201022_6842645.shtml", None),
        # Impossible dates.
        ("/shixianchuanzhen/yangzhou/202002/t20200230_1.shtml", None),
        ("http://news.yznews.com.cn/2026-13/10/content_123.htm", None),
        # Not article URLs.
        ("https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index_1.shtml", None),
        ("https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/", None),
        ("http://news.yznews.com.cn/node_123.htm", None),
        ("/index.shtml?t20201022_6842645.shtml", None),
        ("", None),
    ],
)
def test_url_date(url: str, expected: date | None) -> None:
    assert url_date(url) == expected
