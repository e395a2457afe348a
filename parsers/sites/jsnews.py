"""中国江苏网 (jsnews.jschina.com.cn), its 扬州 column of reprints: list pages and article pages.

URL scheme (a TRS site of the same group as zgjssw; DESIGN.md 2.2b):
    column root   https://jsnews.jschina.com.cn/yz/
    list page 0   https://jsnews.jschina.com.cn/yz/index.shtml, then index_1.shtml, ...
    article       https://jsnews.jschina.com.cn/yz/202305/t20230502_2989012.shtml

Article page TEXT layout (unverified markup; read text-first by `parsers.layout`):

    title
    2023-05-02 09:30  来源: 中国江苏网
    中国江苏网5月2日讯 (记者 汪 滢) ...        <- a wire dateline; a space inside a 2-character name
    ... body paragraphs ...
    责编:王敏

The list markup is unverified too: any link in the article scheme with a date near it.
"""

from __future__ import annotations

import re

from parsers.site import SiteAdapter
from parsers.text import normalize_text

# A saved page of this site names it in its <title>. Its datelines (中国江苏网5月2日讯) do not
# tell it apart: zgjssw reprints them too, so a text copy without a URL is never sniffed as it.
OWN_TITLE = re.compile(r"<title>[^<]*中国江苏网", re.IGNORECASE)


class Jsnews(SiteAdapter):
    """中国江苏网, 扬州 column."""

    name = "jsnews"
    label = "中国江苏网 扬州 jsnews.jschina.com.cn/yz/"
    public_root = "https://jsnews.jschina.com.cn"
    allowed_hosts = ("jsnews.jschina.com.cn",)
    site_names = ("中国江苏网",)
    COLUMN_PATH = "/yz/"
    COLUMN_NAME = "扬州"
    ARTICLE_PATH = re.compile(r"/yz/(?P<ym>\d{6})/t(?P<ymd>\d{8})_(?P<id>\d+)\.shtml$")
    SNIFF_PRIORITY = 5

    def recognises_text(self, text: str) -> bool:
        return OWN_TITLE.search(normalize_text(text[:4000])) is not None


JSNEWS = Jsnews()
