"""The source registry: every site yzdaily reads, as one adapter each (docs/SOURCES.md).

A `Source` bundles what the flows need to know of a site: its name, URL scheme (article URLs
and identities), list discovery (first list page, the page after), the article parsers (HTML
and plain-text copies), the hosts it may redirect between and its default base URL. The flows
never name a site: they ask the registry.

    SOURCES["yznews"].parse_article(html, url)
    source_for_url("http://news.yznews.com.cn/2026-02/10/content_1.htm").name  -> "yznews"
    selected("all")                                                          -> every source

Article URL schemes of the sources are disjoint, so a URL alone says which source it is of,
whatever host (a mirror, the sample site) serves it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from parsers import yznews, zgjssw
from parsers.models import Article, ListPage

ALL = "all"


@dataclass(frozen=True)
class Source:
    """One site's adapter, as the flows use it."""

    name: str
    label: str  # how people call the site
    parser_version: str
    allowed_hosts: tuple[str, ...]
    default_base_url: str
    # base URL (None: the public site) -> the first list page's URL
    first_list_url: Callable[[str | None], str]
    # (first list page URL, number of the page just read, its parse) -> the next page or None
    next_list_url: Callable[[str, int, ListPage], str | None]
    parse_list: Callable[[str, str], ListPage]
    parse_article: Callable[[str, str], Article]
    parse_text: Callable[[str, str], Article]
    is_article_url: Callable[[str], bool]
    article_id: Callable[[str], str]
    canonical_url: Callable[[str], str]
    # True when a page's text (no URL known) looks like this site's layout
    recognises_text: Callable[[str], bool]


def _zgjssw_first(base_url: str | None) -> str:
    return zgjssw.list_page_url(zgjssw.column_root(base_url), 0)


def _zgjssw_next(first_url: str, page: int, listing: ListPage) -> str | None:
    # Numbered pages (index_1.shtml ...) beside the first one; verified on sibling columns.
    return zgjssw.list_page_url(first_url, page + 1)


def _yznews_next(first_url: str, page: int, listing: ListPage) -> str | None:
    # The list markup is unverified: follow the page's own 下一页 link, never guess numbers.
    return listing.next_url


def _zgjssw_recognises(text: str) -> bool:
    # The fallback layout: anything that is not another site's is read as zgjssw's.
    return True


ZGJSSW = Source(
    name=zgjssw.SITE,
    label="中共江苏省委新闻网 市县传真 > 扬州",
    parser_version=zgjssw.PARSER_VERSION,
    allowed_hosts=zgjssw.ALLOWED_HOSTS,
    default_base_url=zgjssw.PUBLIC_ROOT + zgjssw.COLUMN_PATH,
    first_list_url=_zgjssw_first,
    next_list_url=_zgjssw_next,
    parse_list=zgjssw.parse_list,
    parse_article=zgjssw.parse_article,
    parse_text=zgjssw.parse_text,
    is_article_url=zgjssw.is_article_url,
    article_id=zgjssw.article_id,
    canonical_url=zgjssw.canonical_url,
    recognises_text=_zgjssw_recognises,
)

YZNEWS = Source(
    name=yznews.SITE,
    label="扬州网 news.yznews.com.cn",
    parser_version=yznews.PARSER_VERSION,
    allowed_hosts=yznews.ALLOWED_HOSTS,
    default_base_url=yznews.DEFAULT_LIST_URL,
    first_list_url=yznews.first_list_url,
    next_list_url=_yznews_next,
    parse_list=yznews.parse_list,
    parse_article=yznews.parse_article,
    parse_text=yznews.parse_text,
    is_article_url=yznews.is_article_url,
    article_id=yznews.article_id,
    canonical_url=yznews.canonical_url,
    recognises_text=yznews.recognises_text,
)

# Registration order is the order `all` crawls them in and the order text is sniffed in
# (most specific first: zgjssw accepts anything).
SOURCES: dict[str, Source] = {source.name: source for source in (ZGJSSW, YZNEWS)}
SNIFF_ORDER = (YZNEWS, ZGJSSW)
NAMES = (*SOURCES, ALL)


def selected(name: str) -> tuple[Source, ...]:
    """The sources a `--source` value names (`all`: every one); KeyError for unknown names."""
    if name == ALL:
        return tuple(SOURCES.values())
    return (SOURCES[name],)


def source_for_url(url: str) -> Source | None:
    """The source whose article scheme the URL is in, or None (also for unparsable URLs)."""
    try:
        return next((s for s in SOURCES.values() if s.is_article_url(url)), None)
    except ValueError:
        return None  # `http://[x/` and the like: no source's article


def article_fetch_url(url: str) -> str:
    """An article link as fetched and recorded: without query string and fragment, which name
    no other article in any source's scheme (`...t20201022_1.shtml?from=list#top` is the same
    page), so one article is fetched once."""
    parts = urlsplit(url)
    if not parts.query and not parts.fragment:
        return url
    return urlunsplit(parts._replace(query="", fragment=""))


def sniff_source(text: str) -> Source:
    """The source whose layout a page's text (HTML or plain) is in, when no URL says."""
    return next(s for s in SNIFF_ORDER if s.recognises_text(text))
