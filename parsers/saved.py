"""Where a page saved to a file came from: the URL a browser or a crawler left in it.

    <!-- saved from url=(0071)http://news.yznews.com.cn/2026-02/10/content_1.htm -->  browsers
    <link rel="canonical" href="...">                                               CMS pages
    <meta property="og:url" content="...">                                          share tags

Only the first 16 KB are read: these marks sit at the top of a page.
"""

from __future__ import annotations

import re

HEAD_CHARS = 16_384
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(?P<url>[^\s>]+?)\s*-->", re.IGNORECASE)
CANONICAL = re.compile(
    r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*\bhref=[\"'](?P<url>[^\"']+)[\"']"
    r"|<link\b[^>]*\bhref=[\"'](?P<url2>[^\"']+)[\"'][^>]*\brel=[\"']?canonical",
    re.IGNORECASE,
)
OG_URL = re.compile(
    r"<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*\bcontent=[\"'](?P<url>[^\"']+)[\"']",
    re.IGNORECASE,
)


def saved_page_urls(html: str) -> tuple[str, ...]:
    """Absolute http(s) URLs a saved page names as its own, most trusted first."""
    head = html[:HEAD_CHARS]
    found: list[str] = []
    for pattern in (SAVED_FROM, CANONICAL, OG_URL):
        for match in pattern.finditer(head):
            url = next(value for value in match.groupdict().values() if value)
            if url.lower().startswith(("http://", "https://")):
                found.append(url.strip())
    return tuple(dict.fromkeys(found))
