"""zgjssw (中共江苏省委新闻网): 市县传真's thirteen city columns and 要闻, list and article pages.

Columns (one walk each; the corpus is the column's, parsers/cities.py):
    市县传真 > 扬州   /shixianchuanzhen/yangzhou/   yangzhou (the product's own corpus)
    市县传真 > 南通   /shixianchuanzhen/nantong/    nantong, and so for each of the 13 cities
    要闻              /yaowen/                      province (the province's own news)

URL scheme (the same paths are served on two hosts, so identity is the path; every column the
same, shown for 扬州):
    column root   https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/
    list page 0   https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index.shtml
    list page n   https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index_1.shtml
    article       https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml
                  (old host: http://zgjssw.jschina.com.cn/...)
    older article http://zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/201608/t2962195.shtml
                  (before about 2019: a 7-digit id and no day; the date is the page's, and it
                  must fall in the month folder; reached through the web archives)
    other columns https://www.zgjssw.gov.cn/shixianchuanzhen/nantong/202610/t20261002_8594832.shtml
                  https://www.zgjssw.gov.cn/yaowen/202610/t20261002_8594833.shtml

List markup (verified): `div.newslist > ul > li`, each with `a[href="./YYYYMM/tYYYYMMDD_ID.shtml"]`
and `span` `YYYY-MM-DD  HH:MM`. Article markup is unverified: it is read text-first
(`parsers.layout`); the layout versions below name the TRS containers the CMS most likely
uses, as cross-checks only (DESIGN.md 2.1).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from typing import ClassVar
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from parsers.cities import CITIES, HOME, PROVINCE
from parsers.site import Column, Layout, SiteAdapter, month_span

CITY_FOLDER = "shixianchuanzhen"
PROVINCE_FOLDER = "yaowen"
# Each corpus's column: the city's folder under 市县传真, the province's 要闻.
COLUMNS = {
    **{city: Column(city, f"/{CITY_FOLDER}/{city}/", name) for city, name in CITIES.items()},
    PROVINCE: Column(PROVINCE, f"/{PROVINCE_FOLDER}/", "要闻"),
}
# The verified list markup first; any li with an article link if the class name ever changes.
LIST_ITEM_SELECTOR = "div.newslist li"


class Zgjssw(SiteAdapter):
    """中共江苏省委新闻网, 市县传真's city columns and 要闻."""

    name = "zgjssw"
    label = "中共江苏省委新闻网 市县传真 > 扬州"
    public_root = "https://www.zgjssw.gov.cn"
    allowed_hosts = ("www.zgjssw.gov.cn", "zgjssw.gov.cn", "zgjssw.jschina.com.cn")
    site_names = ("中共江苏省委新闻网",)
    COLUMN_PATH = COLUMNS[HOME].path
    COLUMN_NAME = COLUMNS[HOME].name
    # The 市县传真 columns and 要闻 only: other TRS sites of the group use the same file
    # scheme. The older form `t{7-digit id}.shtml` carries no day: `old_id` (DESIGN.md 2.1).
    ARTICLE_PATH = re.compile(
        r"/(?P<column>shixianchuanzhen(?:/[a-z]+)*|yaowen)/(?P<ym>\d{6})/"
        r"t(?:(?P<ymd>\d{8})_(?P<id>\d+)|(?P<old_id>\d{7}))\.shtml$"
    )
    # Where the column's captures are looked up in the web archives (both hosts served it;
    # the bare zgjssw.gov.cn is the same index key as www.).
    ARCHIVE_HOSTS = ("www.zgjssw.gov.cn", "zgjssw.jschina.com.cn")
    VERSION = 2
    # Anything no other site claims is read as zgjssw's (its layout is the seed's).
    SNIFF_PRIORITY = -1

    class TrsWcm(Layout):
        """TRS WCM on zgjssw.jschina.com.cn: body in div.TRS_Editor, hit counter (to 2020)."""

        VALID_UNTIL: ClassVar[date | None] = date(2021, 3, 31)
        BODY_SELECTORS: ClassVar[tuple[str, ...]] = ("div.TRS_Editor",)

    class TrsUeditor(TrsWcm):
        """TRS with UEditor on www.zgjssw.gov.cn: div.TRS_UEDITOR, no counter."""

        VALID_UNTIL: ClassVar[date | None] = None
        BODY_SELECTORS: ClassVar[tuple[str, ...]] = ("div.TRS_UEDITOR",)

    LAYOUTS = (TrsWcm, TrsUeditor)

    def undated_article(self, match: re.Match[str]) -> bool:
        # The older form: a real month folder and a 7-digit id; its day comes from the page.
        return match.group("old_id") is not None and month_span(match.group("ym")) is not None

    def columns(self, cities: Collection[str]) -> tuple[Column, ...]:
        return tuple(column for city, column in COLUMNS.items() if city in cities)

    def column_for(self, url: str) -> str | None:
        column = self._column(url)
        return column.name if column is not None else None

    def city_for(self, url: str) -> str:
        column = self._column(url)
        return column.city if column is not None else HOME

    def _column(self, url: str) -> Column | None:
        """The column of an article URL: 要闻, or the city folder right under 市县传真
        (deeper folders, if the site ever had them, are its city's)."""
        match = self.ARTICLE_PATH.search(urlsplit(url).path)
        if not match:
            return None
        folders = match.group("column").split("/")
        if folders[0] == PROVINCE_FOLDER:
            return COLUMNS[PROVINCE]
        return COLUMNS.get(folders[1]) if len(folders) > 1 else None

    def list_anchors(self, soup: BeautifulSoup) -> list[Tag]:
        items = soup.select(LIST_ITEM_SELECTOR) or soup.find_all("li")
        anchors = [item.find("a", href=True) for item in items]
        return [anchor for anchor in anchors if isinstance(anchor, Tag)]

    def on_list_host(self, link: str, list_url: str) -> str | None:
        # Absolute links to other hosts in the list are videos, not articles.
        return link if urlsplit(link).netloc == urlsplit(list_url).netloc else None

    def recognises_text(self, text: str) -> bool:
        return True


ZGJSSW = Zgjssw()
