"""zgjssw (中共江苏省委新闻网), column 市县传真 > 扬州: list pages and article pages.

URL scheme (the same paths are served on two hosts, so identity is the path):
    column root   https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/
    list page 0   https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index.shtml
    list page n   https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index_1.shtml
    article       https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml
                  (old host: http://zgjssw.jschina.com.cn/...)
    older article http://zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/201608/t2962195.shtml
                  (before about 2019: a 7-digit id and no day; the date is the page's, and it
                  must fall in the month folder; reached through the web archives)

List markup (verified): `div.newslist > ul > li`, each with `a[href="./YYYYMM/tYYYYMMDD_ID.shtml"]`
and `span` `YYYY-MM-DD  HH:MM`. Article markup is unverified: it is read text-first
(`parsers.layout`); the layout versions below name the TRS containers the CMS most likely
uses, as cross-checks only (DESIGN.md 2.1).
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from parsers.site import Layout, SiteAdapter, month_span

COLUMN_NAMES = {"yangzhou": "扬州"}
# The verified list markup first; any li with an article link if the class name ever changes.
LIST_ITEM_SELECTOR = "div.newslist li"


class Zgjssw(SiteAdapter):
    """中共江苏省委新闻网, 市县传真 > 扬州."""

    name = "zgjssw"
    label = "中共江苏省委新闻网 市县传真 > 扬州"
    public_root = "https://www.zgjssw.gov.cn"
    allowed_hosts = ("www.zgjssw.gov.cn", "zgjssw.gov.cn", "zgjssw.jschina.com.cn")
    site_names = ("中共江苏省委新闻网",)
    COLUMN_PATH = "/shixianchuanzhen/yangzhou/"
    # The 市县传真 columns only: other TRS sites of the group use the same file scheme.
    # The older form `t{7-digit id}.shtml` carries no day: `old_id` (DESIGN.md 2.1).
    ARTICLE_PATH = re.compile(
        r"/(?P<column>shixianchuanzhen(?:/[a-z]+)*)/(?P<ym>\d{6})/"
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

    def column_for(self, url: str) -> str | None:
        match = self.ARTICLE_PATH.search(urlsplit(url).path)
        if not match:
            return None
        return COLUMN_NAMES.get(match.group("column").rsplit("/", 1)[-1])

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
