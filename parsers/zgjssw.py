"""zgjssw (中共江苏省委新闻网), column 市县传真 > 扬州: list pages and article pages.

URL scheme (the same paths are served on two hosts, so identity is the path):
    column root   https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/
    list page 0   https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index.shtml
    list page n   https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index_1.shtml
    article       https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml
                  (old host: http://zgjssw.jschina.com.cn/...)

List markup (verified): `div.newslist > ul > li`, each with `a[href="./YYYYMM/tYYYYMMDD_ID.shtml"]`
and `span` `YYYY-MM-DD  HH:MM`. Article markup is unverified: it is read text-first
(`parsers.layout`), with meta tags and <title> as cross-checks only.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from parsers.dates import find_datetimes, url_date
from parsers.layout import ArticleFields, Hints, read_article, title_candidates
from parsers.links import resolve_link
from parsers.models import Article, ArticleRef, ListPage, ParseError
from parsers.page import Line, read_page
from parsers.text import normalize_text

SITE = "zgjssw"
# Bump when a change to this module can change any parsed field: rows record it.
PARSER_VERSION = "zgjssw-1"
PUBLIC_ROOT = "https://www.zgjssw.gov.cn"
ALLOWED_HOSTS = ("www.zgjssw.gov.cn", "zgjssw.gov.cn", "zgjssw.jschina.com.cn")
COLUMN_PATH = "/shixianchuanzhen/yangzhou/"
COLUMN_NAMES = {"yangzhou": "扬州"}
SITE_NAMES = ("中共江苏省委新闻网",)

ARTICLE_PATH = re.compile(
    r"/(?P<column>[a-z]+(?:/[a-z]+)*)/(?P<ym>\d{6})/t(?P<ymd>\d{8})_(?P<id>\d+)\.shtml$"
)
LIST_ITEM_SELECTOR = "div.newslist li"


def column_root(base_url: str | None) -> str:
    """The column's root URL for a base: a bare host gets the column path appended."""
    if not base_url:
        return PUBLIC_ROOT + COLUMN_PATH
    parts = urlsplit(base_url)
    if parts.path in ("", "/"):
        return f"{parts.scheme}://{parts.netloc}{COLUMN_PATH}"
    return base_url if base_url.endswith("/") else base_url + "/"


def list_page_url(root: str, page: int) -> str:
    """List page `page` (0 is the newest) under a column root."""
    name = "index.shtml" if page == 0 else f"index_{page}.shtml"
    return urljoin(root, name)


def is_article_url(url: str) -> bool:
    """True for URLs in the article scheme `/{column}/{YYYYMM}/t{YYYYMMDD}_{id}.shtml`."""
    match = ARTICLE_PATH.search(urlsplit(url).path)
    return bool(match) and match is not None and match.group("ym") == match.group("ymd")[:6]


def canonical_path(url: str) -> str:
    """The URL's path, the article's identity on this site whatever the host."""
    path = re.sub(r"/{2,}", "/", urlsplit(url).path)
    return path


def article_id(url: str) -> str:
    """Warehouse identity of an article URL: site plus canonical path."""
    return f"{SITE}:{canonical_path(url)}"


def canonical_url(url: str) -> str:
    """The public URL of an article, whichever host or mirror it was fetched from."""
    return PUBLIC_ROOT + canonical_path(url)


def _list_title(anchor: Tag) -> str:
    text = normalize_text(anchor.get_text(" "))
    title_attr = anchor.get("title")
    # Lists truncate long titles ("...") but often keep the whole one in the title attribute.
    if isinstance(title_attr, str) and len(normalize_text(title_attr)) > len(text.rstrip(".…")):
        return normalize_text(title_attr)
    return text


def parse_list(html: str, url: str) -> ListPage:
    """Article links of a list page, in page order (newest first)."""
    soup = BeautifulSoup(html, "lxml")
    items: list[Tag] = list(soup.select(LIST_ITEM_SELECTOR))
    # The verified markup first; any li with an article link if the class name ever changes.
    if not items:
        items = [li for li in soup.find_all("li") if li.find("a", href=True)]
    refs: list[ArticleRef] = []
    seen: set[str] = set()
    for item in items:
        anchor = item.find("a", href=True)
        if not isinstance(anchor, Tag):
            continue
        href = anchor.get("href")
        if not isinstance(href, str):
            continue
        link = resolve_link(url, href)
        if link is None:
            continue
        # Absolute links to other hosts in the list are videos, not articles.
        if urlsplit(link).netloc != urlsplit(url).netloc or not is_article_url(link):
            continue
        if link in seen:
            continue
        seen.add(link)
        dates = find_datetimes(normalize_text(item.get_text(" ")))
        refs.append(
            ArticleRef(
                url=link, title=_list_title(anchor), listed_at=dates[0].value if dates else None
            )
        )
    return ListPage(url=url, refs=tuple(refs))


def _hints(meta: dict[str, str], html_title: str | None, headings: tuple[str, ...]) -> Hints:
    return Hints(
        titles=title_candidates(html_title, headings, meta.get("ArticleTitle")),
        meta_published=meta.get("PubDate"),
        meta_source=meta.get("ContentSource"),
        meta_column=meta.get("ColumnName"),
    )


def _column_from_url(url: str) -> str | None:
    match = ARTICLE_PATH.search(urlsplit(url).path)
    if not match:
        return None
    return COLUMN_NAMES.get(match.group("column").rsplit("/", 1)[-1])


def _to_article(fields: ArticleFields, url: str) -> Article:
    public = canonical_url(url) if is_article_url(url) else url
    return fields.to_article(public, SITE, _column_from_url(url))


def parse_article(html: str, url: str) -> Article:
    """Read an article page (decoded HTML) into an Article; ParseError if it is not one."""
    page = read_page(html)
    hints = _hints(page.meta, page.html_title, page.headings)
    fields = read_article(page.lines, url, url_date(url), hints)
    return _to_article(fields, url)


def parse_text(text: str, url: str) -> Article:
    """Read a plain-text copy of an article page (the seed's layout) into an Article."""
    lines = [Line(normalize_text(raw)) for raw in text.splitlines()]
    lines = [line for line in lines if line.text]
    if not lines:
        raise ParseError(url, "title", "the text is empty")
    # In a text copy the first line is the title: it is the only cross-check there is.
    hints = Hints(titles=(lines[0].text,))
    fields = read_article(lines, url, url_date(url), hints)
    return _to_article(fields, url)
