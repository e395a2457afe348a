"""扬州网 (news.yznews.com.cn), the newspaper group's own portal: list pages and article pages.

URL scheme (DESIGN.md 2.2; the article scheme is known, the list pages are not):
    article       http://news.yznews.com.cn/2026-02/10/content_123456.htm
    list page     unverified: `--base-url` names the first one (default: the portal's home page);
                  further pages are reached through the page's 下一页 link

Article page TEXT layout (after NFKC), read text-first by `parsers.layout`:

    title
    2026年02月 10日 09:20 | 来源: 扬州日报-扬州网 | 扬州网官方微博    <- the anchor line
    扬州网讯 (记者 朱轩卿) ...                                      <- dateline + byline
    ... body paragraphs ...
    责任编辑:煜婕                                                   <- or 责编:张慰 崔欣
    凡本网注明“来源:扬州日报-扬州网”的所有作品,版权均属于 ...          <- copyright: stripped

Any list of links to `content_N.htm` is read as a list page; each link's date is the date
printed near it (its list item, table row or block), else the URL's date.

Layouts: a 2019 scraper of the site read `.hd h1`, `.pubTime` and `#Cnt-Main-Article-QQ` (a
QQ-style portal template); the header line above is today's. Both are cross-checks only.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar
from urllib.parse import urlsplit

from parsers.models import ListPage
from parsers.site import Column, Layout, SiteAdapter
from parsers.text import normalize_text

# The header line: `2026年02月 10日 09:20 | 来源: ...`; it tells a 扬州网 text copy apart.
HEADER_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^|]*\|\s*来源\s*:")
# The fixed copyright paragraph after the footer (and any line of it, where it is split).
COPYRIGHT = re.compile(r"^(?:凡本网注明|版权(?:均)?属于|未经(?:本网)?授权|扬州网版权所有|版权声明)")


class Yznews(SiteAdapter):
    """扬州网 news.yznews.com.cn."""

    name = "yznews"
    label = "扬州网 news.yznews.com.cn"
    public_root = "http://news.yznews.com.cn"
    allowed_hosts = ("news.yznews.com.cn", "www.yznews.com.cn", "yznews.com.cn")
    site_names = ("扬州网", "扬州日报-扬州网")
    ARTICLE_PATH = re.compile(
        r"/(?P<y>\d{4})-(?P<m>\d{2})/(?P<d>\d{2})/content_(?P<id>\d+)\.html?$"
    )
    VERSION = 2
    SNIFF_PRIORITY = 10

    class QqPortal(Layout):
        """The portal template the 2019 scraper knew: headline in .hd h1, body in #Cnt-Main..."""

        VALID_UNTIL: ClassVar[date | None] = date(2020, 12, 31)
        TITLE_SELECTORS: ClassVar[tuple[str, ...]] = (".hd h1",)
        BODY_SELECTORS: ClassVar[tuple[str, ...]] = ("#Cnt-Main-Article-QQ",)
        BOILERPLATE = COPYRIGHT

    class HeaderLine(QqPortal):
        """Today's: `年月日 时:分 | 来源: ...` under the headline; the old selectors are gone."""

        VALID_UNTIL: ClassVar[date | None] = None
        TITLE_SELECTORS: ClassVar[tuple[str, ...]] = ()
        BODY_SELECTORS: ClassVar[tuple[str, ...]] = ()

    LAYOUTS = (QqPortal, HeaderLine)

    @property
    def default_base_url(self) -> str:
        # The portal's home page links the day's articles: a list page until one is verified.
        return self.public_root + "/"

    def first_list_url(self, base_url: str | None, column: Column | None = None) -> str:
        """The first list page: `--base-url` as given, a bare host's home page, or the default
        (the site has one list, Yangzhou's: `column` changes nothing)."""
        if not base_url:
            return self.default_base_url
        return base_url + "/" if urlsplit(base_url).path == "" else base_url

    def next_list_url(self, first_url: str, page: int, listing: ListPage) -> str | None:
        # The list markup is unverified: follow the page's own 下一页 link, never guess numbers.
        return listing.next_url

    def recognises_text(self, text: str) -> bool:
        head = normalize_text(text[:4000])
        return HEADER_LINE.search(head) is not None or "扬州网讯" in head


YZNEWS = Yznews()
