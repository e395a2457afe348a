"""Dates and times in page text and article URLs: naive datetimes in Beijing time.

Pure: nothing here reads the clock. Formats found in page text (DESIGN.md 2.1-2.3):

    2020-10-22 08:48:00          article header (zgjssw)
    2024-07-22  09:30            list page span, two spaces
    2020-10-22 08:48 / 2020-10-22T08:48:00 / 2020-10-22 (date only: 00:00, has_time False)
    2021/01/06 10:20 / 2021.01.06
    2026年02月 10日 09:20          扬州网 header, note the space inside
    2026年2月10日 / 2026年2月10日 09:20:05
    发布时间:2021-01-06 / 时间: ... / 日期: ...   (labels: matches are found anywhere)

Not dates: impossible values (month 13, Feb 30, hour 25) are skipped, never raised; digits
glued to longer digit runs (`t20201022_6842645`, `12020-10-22`) are not dates; a day and month
without a year (`10月12日`) is not a date, since the year cannot be known here.

Dates in article URLs (`url_date`):

    zgjssw   /shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml  -> 2020-10-22
    扬州网    http://news.yznews.com.cn/2026-02/10/content_123.htm        -> 2026-02-10
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

# Years are 19xx/20xx: keeps phone numbers and amounts (0514-..., 3000.1.2) out.
YEAR = r"(?:19|20)\d{2}"
DATETIME = re.compile(
    r"(?<!\d)(?:"
    # 2020-10-22, 2021/01/06, 2021.01.06: one separator used twice
    rf"(?P<y>{YEAR})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?!\d)"
    # 2026年02月 10日, 2026年2月10号
    rf"|(?P<cy>{YEAR})\s*年\s*(?P<cm>\d{{1,2}})\s*月\s*(?P<cd>\d{{1,2}})\s*[日号]"
    r")"
    # Optional time on the same line; `(?!\d)` above forces a space or `T` after a numeric date.
    r"(?:(?:T|[^\S\n]*)(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?(?!\d))?"
)

# zgjssw: /{column}/{YYYYMM}/t{YYYYMMDD}_{id}.shtml (a `_N` page suffix is tolerated).
ZGJSSW_URL = re.compile(r"(?:/(?P<ym>\d{6}))?/t(?P<ymd>\d{8})_\d+(?:_\d+)?\.s?html?$")
# 扬州网: /{YYYY-MM}/{DD}/content_{id}.htm
YZNEWS_URL = re.compile(r"/(?P<y>\d{4})-(?P<m>\d{2})/(?P<d>\d{2})/content_\d+(?:_\d+)?\.html?$")


@dataclass(frozen=True)
class DateMatch:
    """One date(-time) found in a text: its value, its span, and whether a time came with it."""

    value: datetime
    start: int
    end: int
    has_time: bool


def _build(match: re.Match[str]) -> datetime | None:
    """The datetime a regex match spells, or None when the values are impossible."""
    year, month, day = match.group("y", "m", "d")
    if year is None:
        year, month, day = match.group("cy", "cm", "cd")
    hour, minute, second = match.group("hh", "mm", "ss")
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        return None


def find_datetimes(text: str) -> list[DateMatch]:
    """Every valid date(-time) in the text, in order, with spans; impossible ones skipped."""
    found: list[DateMatch] = []
    for match in DATETIME.finditer(text):
        value = _build(match)
        if value is not None:
            has_time = match.group("hh") is not None
            found.append(DateMatch(value, match.start(), match.end(), has_time))
    return found


def first_datetime(text: str) -> DateMatch | None:
    """The first valid date(-time) in the text, with its span and time flag, or None."""
    found = find_datetimes(text)
    return found[0] if found else None


def _make_date(year: str, month: str, day: str) -> date | None:
    """A date from digit strings, or None when impossible."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def url_date(url: str) -> date | None:
    """The publication date encoded in a zgjssw or 扬州网 article URL, or None."""
    # Only the path counts: a query string or fragment must not hide or fake the date.
    path = url.split("#", 1)[0].split("?", 1)[0]
    zgjssw = ZGJSSW_URL.search(path)
    if zgjssw:
        ymd, folder = zgjssw.group("ymd", "ym")
        # The month folder and the file name must agree, or the URL is not trustworthy.
        if folder is not None and folder != ymd[:6]:
            return None
        return _make_date(ymd[:4], ymd[4:6], ymd[6:])
    yznews = YZNEWS_URL.search(path)
    if yznews:
        return _make_date(*yznews.group("y", "m", "d"))
    return None
