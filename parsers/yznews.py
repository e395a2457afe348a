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
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from parsers.dates import find_datetimes, url_date
from parsers.layout import ArticleFields, Hints, read_article, title_candidates
from parsers.links import resolve_link
from parsers.models import Article, ArticleRef, ListPage, ParseError
from parsers.page import Line, read_page
from parsers.text import normalize_text

SITE = "yznews"
# Bump when a change to this module can change any parsed field: rows record it.
PARSER_VERSION = "yznews-1"
PUBLIC_ROOT = "http://news.yznews.com.cn"
# The portal's home page links the day's articles: a list page until a real one is verified.
DEFAULT_LIST_URL = PUBLIC_ROOT + "/"
ALLOWED_HOSTS = ("news.yznews.com.cn", "www.yznews.com.cn", "yznews.com.cn")
SITE_NAMES = ("扬州网", "扬州日报-扬州网")

ARTICLE_PATH = re.compile(r"/(?P<y>\d{4})-(?P<m>\d{2})/(?P<d>\d{2})/content_(?P<id>\d+)\.html?$")
NEXT_PAGE_TEXTS = ("下一页", "下页", "后一页")
# The list blocks a date near a link may sit in; the nearest one wins.
NEAR_DATE_CONTAINERS = ("li", "tr", "dd", "dt", "p", "div")
# The fixed copyright paragraph after the footer (and any line of it, where it is split).
COPYRIGHT = re.compile(r"^(?:凡本网注明|版权(?:均)?属于|未经(?:本网)?授权|扬州网版权所有|版权声明)")
# The header line: `2026年02月 10日 09:20 | 来源: ...`; it tells a 扬州网 text copy apart.
HEADER_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^|]*\|\s*来源\s*:")


def first_list_url(base_url: str | None) -> str:
    """The first list page: `--base-url` as given, a bare host's home page, or the default."""
    if not base_url:
        return DEFAULT_LIST_URL
    parts = urlsplit(base_url)
    if parts.path == "":
        return base_url + "/"
    return base_url


def is_article_url(url: str) -> bool:
    """True for URLs in the article scheme `/{YYYY-MM}/{DD}/content_{id}.htm`."""
    return ARTICLE_PATH.search(urlsplit(url).path) is not None and url_date(url) is not None


def canonical_path(url: str) -> str:
    """The URL's path, the article's identity on this site whatever the host."""
    return re.sub(r"/{2,}", "/", urlsplit(url).path)


def article_id(url: str) -> str:
    """Warehouse identity of an article URL: site plus canonical path."""
    return f"{SITE}:{canonical_path(url)}"


def canonical_url(url: str) -> str:
    """The public URL of an article, whichever host or mirror it was fetched from."""
    return PUBLIC_ROOT + canonical_path(url)


def recognises_text(text: str) -> bool:
    """True when a page's text has this site's header line or web dateline."""
    head = normalize_text(text[:4000])
    return HEADER_LINE.search(head) is not None or "扬州网讯" in head


def _on_list_host(link: str, list_url: str) -> str | None:
    """The link on the list page's own host; None for links to other sites.

    A mirror (or the sample site) may keep the portal's absolute links: they are read on the
    mirror, so a crawl of a mirror never leaves it.
    """
    parts, origin = urlsplit(link), urlsplit(list_url)
    if parts.netloc == origin.netloc:
        return link
    if parts.hostname in ALLOWED_HOSTS:
        return f"{origin.scheme}://{origin.netloc}{parts.path}"
    return None


def _near_date_text(anchor: Tag) -> str:
    """Text of the smallest list block around a link: where its date is printed."""
    for parent in anchor.parents:
        if isinstance(parent, Tag) and parent.name in NEAR_DATE_CONTAINERS:
            return normalize_text(parent.get_text(" "))
    return ""


def _link_title(anchor: Tag) -> str:
    text = normalize_text(anchor.get_text(" "))
    title_attr = anchor.get("title")
    # Lists truncate long titles ("...") but often keep the whole one in the title attribute.
    if isinstance(title_attr, str) and len(normalize_text(title_attr)) > len(text.rstrip(".…")):
        return normalize_text(title_attr)
    return text


def _next_url(soup: BeautifulSoup, url: str) -> str | None:
    for anchor in soup.find_all("a", href=True):
        if normalize_text(anchor.get_text(" ")) in NEXT_PAGE_TEXTS:
            href = anchor.get("href")
            if isinstance(href, str) and href.strip() and not href.startswith("javascript"):
                target = resolve_link(url, href)
                return target if target != url else None
    return None


def parse_list(html: str, url: str) -> ListPage:
    """Article links of a list page in page order, and the 下一页 page if there is one."""
    soup = BeautifulSoup(html, "lxml")
    refs: list[ArticleRef] = []
    seen: set[str] = set()
    for anchor in soup.find_all("a", href=True):
        href = anchor.get("href")
        if not isinstance(href, str):
            continue
        joined = resolve_link(url, href)
        link = None if joined is None else _on_list_host(joined, url)
        if link is None or not is_article_url(link) or link in seen:
            continue
        title = _link_title(anchor)
        if not title:
            continue  # picture links repeat a text link next to them
        seen.add(link)
        day = url_date(link)
        # The date printed near the link, if it is the URL's day (a sidebar's dates are not).
        near = [d.value for d in find_datetimes(_near_date_text(anchor))]
        listed = next((value for value in near if day is None or value.date() == day), None)
        refs.append(ArticleRef(url=link, title=title, listed_at=listed))
    return ListPage(url=url, refs=tuple(refs), next_url=_next_url(soup, url))


def _without_copyright(lines: list[Line]) -> list[Line]:
    """The page's lines without the copyright statement, which is never article text."""
    return [line for line in lines if not COPYRIGHT.match(line.text)]


def _to_article(fields: ArticleFields, url: str) -> Article:
    public = canonical_url(url) if is_article_url(url) else url
    return fields.to_article(public, SITE)


def parse_article(html: str, url: str) -> Article:
    """Read an article page (decoded HTML) into an Article; ParseError if it is not one."""
    page = read_page(html)
    hints = Hints(
        titles=title_candidates(page.html_title, page.headings, page.meta.get("ArticleTitle")),
        meta_published=page.meta.get("PubDate"),
        meta_source=page.meta.get("ContentSource"),
        meta_column=page.meta.get("ColumnName"),
    )
    lines = _without_copyright(list(page.lines))
    fields = read_article(lines, url, url_date(url), hints)
    return _to_article(fields, url)


def parse_text(text: str, url: str) -> Article:
    """Read a plain-text copy of an article page (title first, then the header line)."""
    lines = [Line(normalize_text(raw)) for raw in text.splitlines()]
    lines = _without_copyright([line for line in lines if line.text])
    if not lines:
        raise ParseError(url, "title", "the text is empty")
    # In a text copy the first line is the title: it is the only cross-check there is.
    fields = read_article(lines, url, url_date(url), Hints(titles=(lines[0].text,)))
    return _to_article(fields, url)
