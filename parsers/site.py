"""The shape of every site adapter: identity, URL scheme, list pages, text-first article reading.

fundus' publisher parsers are the model: one class per site on a shared base, each overriding
only what differs, and dated layout versions (`Layout`) where a site's markup changed, each
subclassing the one before it and overriding only what changed, with `VALID_UNTIL` the last
day it served pages (`None`: it still does). A page is read by the version of its URL's date
(the newest one for a page without a date).

    class Example(SiteAdapter):
        name = "example"
        ARTICLE_PATH = re.compile(r"/news/(?P<ym>\\d{6})/t(?P<ymd>\\d{8})_\\d+\\.shtml$")

        class V2019(Layout):
            VALID_UNTIL = date(2021, 3, 31)
            BODY_SELECTORS = ("div.TRS_Editor",)

        class V2021(V2019):
            VALID_UNTIL = None
            BODY_SELECTORS = ("div.TRS_UEDITOR",)

        LAYOUTS = (V2019, V2021)

The reading itself is `parsers.layout` (text-first, fail-safe); markup only cross-checks it:
title candidates from <title>, <h1>, meta tags and the layout's TITLE_SELECTORS, and the
layout's body container, when the page has it, must hold the body that was read (a script-
filled container is empty: the page is refused, never loaded with a sidebar for a body).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from parsers.cities import HOME
from parsers.dates import find_datetimes, url_date
from parsers.layout import ArticleFields, Hints, read_article, title_candidates
from parsers.links import resolve_link
from parsers.models import Article, ArticleRef, ListPage, ParseError
from parsers.page import Line, PageText, read_page
from parsers.text import normalize_text

# The earliest day any site's page may carry: the public web reached China in 1994-95.
EARLIEST_PUBLICATION = date(1995, 1, 1)
# A page may be dated this many days after the caller's today: Beijing's day starts 8 hours
# before UTC's, and a page published at 00:30 Beijing time is dated "tomorrow" in UTC.
FUTURE_DAYS = 1
# The list blocks a date near a link may sit in; the nearest one wins.
NEAR_DATE_CONTAINERS = ("li", "tr", "dd", "dt", "p", "div")
NEXT_PAGE_TEXTS = ("下一页", "下页", "后一页")
# TRS list pages draw their pager with a script: createPageHTML(pages, current, "index",
# "shtml"), or variables `var countPage = 25; var currentPage = 0;` (current counts from 0).
TRS_PAGER_CALL = re.compile(r"createPageHTML\(\s*(\d{1,6})\s*,\s*(\d{1,6})")
TRS_PAGE_COUNT = re.compile(r"\bcountPage\s*=\s*(\d{1,6})")
TRS_CURRENT_PAGE = re.compile(r"\bcurrentPage\s*=\s*(\d{1,6})")
# A printed pager: 共25页, 当前第2页, 第2页/共25页, 2/25页 (the printed page counts from 1).
PRINTED_PAGE_COUNT = re.compile(r"共\s*(\d{1,6})\s*页|\d{1,6}\s*/\s*(\d{1,6})\s*页")
PRINTED_CURRENT_PAGE = re.compile(r"第\s*(\d{1,6})\s*页|(\d{1,6})\s*/\s*\d{1,6}\s*页")
# Block elements a pager's text is read from: the smallest one around its 下一页 label.
PAGER_CONTAINERS = ("div", "p", "td", "span", "ul", "nav", "form")
# A bit of text that is nothing but pager words: 下一页 in it, unlinked, marks the last page.
PAGER_WORDS = re.compile(
    r"(?:上一页|下一页|下页|后一页|前一页|首页|尾页|末页|共\s*\d+\s*[页条篇]|(?:当前)?第\s*\d+\s*页"
    r"|\d+\s*/\s*\d+\s*页?|\d+|[\s|/<>«»…\[\]【】()（）:：,，.。-]+)+"
)
# How much of a paragraph (its start) must be found in the layout's body container.
CONTAINER_PROBE = 20


@dataclass(frozen=True)
class Column:
    """One list of a site's articles, walked on its own: the corpus it feeds (a city code of
    parsers/cities.py, or the province), its root path and its name on the site."""

    city: str
    path: str  # `/shixianchuanzhen/nantong/`: list pages and articles live under it
    name: str | None = None  # 南通, 要闻

    def holds(self, url: str) -> bool:
        """True for a URL under this column's path (a list page or an article of it)."""
        return urlsplit(url).path.startswith(self.path)


class Layout:
    """One dated version of a site's article markup; a later version subclasses the earlier."""

    VALID_UNTIL: ClassVar[date | None] = None  # the last day of this version; None: current
    # Markup that holds the headline: more title candidates for the text-first reader.
    TITLE_SELECTORS: ClassVar[tuple[str, ...]] = ()
    # The article's own container: when the page has one, it must hold the body read.
    BODY_SELECTORS: ClassVar[tuple[str, ...]] = ()
    # Lines that are never article text (a site's fixed copyright statement).
    BOILERPLATE: ClassVar[re.Pattern[str] | None] = None

    def clean(self, lines: Sequence[Line]) -> list[Line]:
        """The page's lines without this layout's boilerplate."""
        if self.BOILERPLATE is None:
            return list(lines)
        pattern = self.BOILERPLATE
        return [line for line in lines if not pattern.match(line.text)]

    def check_body(self, fields: ArticleFields, page: PageText, url: str) -> None:
        """ParseError when the page has this layout's body container but the body is not in it."""
        if not page.containers:
            return
        probes = [paragraph[:CONTAINER_PROBE] for paragraph in fields.paragraphs]
        if not any(probe in text for probe in probes for text in page.containers):
            described = ", ".join(self.BODY_SELECTORS)
            state = "empty" if not any(page.containers) else "without the text read"
            raise ParseError(
                url,
                "body",
                f"the article container ({described}) is {state}: the text is not where the"
                " layout puts it (loaded by a script?)",
            )


class SiteAdapter:
    """One site: how its URLs name articles, how its lists are read, how its pages are read."""

    name: ClassVar[str]
    label: ClassVar[str]  # how people call the site
    public_root: ClassVar[str]  # scheme and host of the public site
    allowed_hosts: ClassVar[tuple[str, ...]]  # redirects are followed only between these
    site_names: ClassVar[tuple[str, ...]] = ()  # the site's own names in <title>
    # The article URLs' path; groups `ym`/`ymd` (TRS) are checked against each other.
    ARTICLE_PATH: ClassVar[re.Pattern[str]]
    COLUMN_PATH: ClassVar[str] = "/"  # the column's root (TRS list pages live under it)
    # Hosts whose captures of the column the web archives are asked for (empty: the public
    # root's host); articles moved hosts over the years.
    ARCHIVE_HOSTS: ClassVar[tuple[str, ...]] = ()
    COLUMN_NAME: ClassVar[str | None] = None
    FIRST_LIST_PAGE: ClassVar[str] = "index.shtml"
    LAYOUTS: ClassVar[tuple[type[Layout], ...]] = (Layout,)
    # Bump when a change to the adapter can change any parsed field: rows record it.
    VERSION: ClassVar[int] = 1
    # Text without a URL is offered to the adapters in this order (highest first).
    SNIFF_PRIORITY: ClassVar[int] = 0
    # No page of the site is older than this: a page dated before it is misdated. A floor,
    # not the site's launch day (unverified): pages of other sites are imported as its own.
    FIRST_DAY: ClassVar[date] = EARLIEST_PUBLICATION

    @property
    def parser_version(self) -> str:
        return f"{self.name}-{self.VERSION}"

    @property
    def default_base_url(self) -> str:
        return self.public_root + self.COLUMN_PATH

    # --- identity -----------------------------------------------------------------------

    def is_article_url(self, url: str) -> bool:
        """True for a URL in this site's article scheme (with a consistent date in it)."""
        match = self.ARTICLE_PATH.search(urlsplit(url).path)
        if match is None:
            return False
        groups = match.groupdict()
        if groups.get("ym") and groups.get("ymd") and groups["ym"] != groups["ymd"][:6]:
            return False  # the month folder and the file name must agree
        return self.url_date(url) is not None or self.undated_article(match)

    def undated_article(self, match: re.Match[str]) -> bool:
        """Whether a matching URL without a date in it is an article (older URL forms)."""
        return False

    def url_date(self, url: str) -> date | None:
        """The publication date the URL carries, if any."""
        return url_date(url)

    def url_period(self, url: str) -> tuple[date, date] | None:
        """The first and last day the URL says the article was published in, if it says.

        Its day for a dated URL; the month of its TRS `ym` folder for an older, undated form.
        """
        day = self.url_date(url)
        if day is not None:
            return day, day
        match = self.ARTICLE_PATH.search(urlsplit(url).path)
        folder = match.groupdict().get("ym") if match else None
        return month_span(folder) if folder else None

    def canonical_path(self, url: str) -> str:
        """The URL's path, the article's identity on this site whatever the host."""
        return re.sub(r"/{2,}", "/", urlsplit(url).path)

    def article_id(self, url: str) -> str:
        """Warehouse identity of an article URL: site plus canonical path."""
        return f"{self.name}:{self.canonical_path(url)}"

    def canonical_url(self, url: str) -> str:
        """The public URL of an article, whichever host or mirror it was fetched from."""
        return self.public_root + self.canonical_path(url)

    def column_for(self, url: str) -> str | None:
        """The site's column an article URL is in."""
        return self.COLUMN_NAME

    def city_for(self, url: str) -> str:
        """The corpus an article URL is in (parsers/cities.py): Yangzhou unless the site's
        column says otherwise (a site covering Yangzhou alone, or a URL naming no column)."""
        return HOME

    @property
    def home_column(self) -> Column:
        """The site's Yangzhou column (the one list of a site that covers Yangzhou alone)."""
        return Column(HOME, self.COLUMN_PATH, self.COLUMN_NAME)

    def columns(self, cities: Collection[str]) -> tuple[Column, ...]:
        """The site's columns that feed these corpora, in the site's order: its Yangzhou
        column, if Yangzhou is asked for (a site covering Yangzhou alone has no other)."""
        return (self.home_column,) if HOME in cities else ()

    def archive_prefixes(self, column: Column | None = None) -> tuple[str, ...]:
        """`host/column/` of every host the column (default: Yangzhou's) lived on: what the
        archives are asked."""
        path = (column or self.home_column).path
        hosts = self.ARCHIVE_HOSTS or (urlsplit(self.public_root).netloc,)
        return tuple(f"{host}{path}" for host in hosts)

    # --- list pages ---------------------------------------------------------------------

    def column_root(self, base_url: str | None, column: Column | None = None) -> str:
        """The column's (default: Yangzhou's) root URL for a base: a bare host gets the
        column's path appended; a base with a path is that column's root as given."""
        path = (column or self.home_column).path
        if not base_url:
            return self.public_root + path
        parts = urlsplit(base_url)
        if parts.path in ("", "/"):
            return f"{parts.scheme}://{parts.netloc}{path}"
        return base_url if base_url.endswith("/") else base_url + "/"

    def list_page_url(self, root: str, page: int) -> str:
        """Numbered list page `page` (0 is the newest): index.shtml, index_1.shtml, ..."""
        stem, _, extension = self.FIRST_LIST_PAGE.rpartition(".")
        name = self.FIRST_LIST_PAGE if page == 0 else f"{stem}_{page}.{extension}"
        return urljoin(root, name)

    def first_list_url(self, base_url: str | None, column: Column | None = None) -> str:
        """The first (newest) list page of a column (default: Yangzhou's) for a base URL
        (None: the public site)."""
        return self.list_page_url(self.column_root(base_url, column), 0)

    def next_list_url(self, first_url: str, page: int, listing: ListPage) -> str | None:
        """The list page after page `page`: numbered pages beside the first (TRS sites); None
        when the page's pager marks it the last."""
        if listing.is_last(page):
            return None
        return self.list_page_url(first_url, page + 1)

    def list_anchors(self, soup: BeautifulSoup) -> list[Tag]:
        """The links a list page offers as articles (every link; sites narrow it)."""
        return [a for a in soup.find_all("a", href=True) if isinstance(a, Tag)]

    def on_list_host(self, link: str, list_url: str) -> str | None:
        """The link on the list page's own host; None for links to other sites.

        A mirror (or the sample site) may keep the site's absolute links: they are read on
        the mirror, so a crawl of a mirror never leaves it.
        """
        parts, origin = urlsplit(link), urlsplit(list_url)
        if parts.netloc == origin.netloc:
            return link
        if parts.hostname in self.allowed_hosts:
            return f"{origin.scheme}://{origin.netloc}{parts.path}"
        return None

    def parse_list(self, html: str, url: str) -> ListPage:
        """Article links of a list page in page order, with the date printed near each."""
        soup = BeautifulSoup(html, "lxml")
        refs: list[ArticleRef] = []
        seen: set[str] = set()
        for anchor in self.list_anchors(soup):
            href = anchor.get("href")
            if not isinstance(href, str):
                continue
            # An href urllib cannot parse (`http://[x/`) is skipped, never the whole page.
            joined = resolve_link(url, href)
            link = None if joined is None else self.on_list_host(joined, url)
            if link is None or not self.is_article_url(link) or link in seen:
                continue
            title = link_title(anchor)
            if not title:
                continue  # picture links repeat a text link next to them
            seen.add(link)
            day = self.url_date(link)
            # The date printed near the link, if it is the URL's day (a sidebar's dates are not).
            near = [d.value for d in find_datetimes(near_date_text(anchor))]
            listed = next((value for value in near if day is None or value.date() == day), None)
            refs.append(ArticleRef(url=link, title=title, listed_at=listed))
        count, index = read_page_numbers(soup)
        return ListPage(
            url=url,
            refs=tuple(refs),
            next_url=next_page_link(soup, url),
            page_count=count,
            page_index=index,
            next_label_unlinked=has_unlinked_next_label(soup),
        )

    # --- article pages ------------------------------------------------------------------

    def layout_for(self, day: date | None) -> Layout:
        """The layout version that served pages of that day (the newest one for no day)."""
        if day is not None:
            for layout in self.LAYOUTS:
                if layout.VALID_UNTIL is None or day <= layout.VALID_UNTIL:
                    return layout()
        return self.LAYOUTS[-1]()

    def hints(self, page: PageText) -> Hints:
        """What the markup says, as cross-checks for the text-first reader."""
        return Hints(
            titles=title_candidates(
                page.html_title,
                (*page.selected_titles, *page.headings),
                page.meta.get("ArticleTitle"),
                self.site_names,
            ),
            meta_published=page.meta.get("PubDate"),
            meta_source=page.meta.get("ContentSource"),
            meta_column=page.meta.get("ColumnName"),
            site_names=self.site_names,
        )

    def to_article(self, fields: ArticleFields, url: str) -> Article:
        """The fields at the article's public URL (a file or foreign URL stays as it is)."""
        public = self.canonical_url(url) if self.is_article_url(url) else url
        if not self.is_article_url(url):
            return fields.to_article(public, self.name)
        return fields.to_article(public, self.name, self.column_for(url), self.city_for(url))

    def parse_article(self, html: str, url: str, today: date | None = None) -> Article:
        """Read an article page (decoded HTML) into an Article; ParseError if it is not one,
        or if it is dated before the site could publish or after `today` plus a day (the
        caller's clock: parsers have none; None: no upper bound)."""
        day = self.url_date(url)
        period = self.url_period(url)
        # An undated URL's month folder still says which layout served it.
        layout = self.layout_for(day or (period[0] if period else None))
        page = read_page(html, layout.TITLE_SELECTORS, layout.BODY_SELECTORS)
        fields = read_article(layout.clean(page.lines), url, day, self.hints(page))
        layout.check_body(fields, page, url)
        check_period(fields, period, url)
        check_plausible(fields.published_at, url, self.FIRST_DAY, today)
        return self.to_article(fields, url)

    def parse_text(self, text: str, url: str, today: date | None = None) -> Article:
        """Read a plain-text copy of an article page (title first) into an Article; its date
        is checked as parse_article checks it."""
        period = self.url_period(url)
        layout = self.layout_for(period[0] if period else None)
        lines = [line for raw in text.splitlines() if (line := Line(normalize_text(raw))).text]
        lines = layout.clean(lines)
        if not lines:
            raise ParseError(url, "title", "the text is empty")
        # In a text copy the first line is the title: it is the only cross-check there is.
        fields = read_article(lines, url, self.url_date(url), Hints(titles=(lines[0].text,)))
        check_period(fields, period, url)
        check_plausible(fields.published_at, url, self.FIRST_DAY, today)
        return self.to_article(fields, url)

    def recognises_text(self, text: str) -> bool:
        """True when a page's text (no URL known) is in this site's layout."""
        return False


def month_span(folder: str) -> tuple[date, date] | None:
    """`201608` -> (2016-08-01, 2016-08-31); None for a folder that is not a month."""
    if len(folder) != 6 or not folder.isdigit():
        return None
    year, month = int(folder[:4]), int(folder[4:6])
    if not 1 <= month <= 12 or year < 1990:
        return None
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), following - timedelta(days=1)


def check_period(fields: ArticleFields, period: tuple[date, date] | None, url: str) -> None:
    """ParseError when the date read is outside the days the URL allows.

    A dated URL's day already chose the date line; an undated one (zgjssw's older form) only
    names a month, so a sidebar's date from another month must not pass for the article's.
    """
    if period is None:
        return
    first, last = period
    day = fields.published_at.date()
    if not first <= day <= last:
        raise ParseError(
            url,
            "published_at",
            f"the page's date {day} is not in the URL's period {first} to {last}",
        )


def check_plausible(published_at: datetime, url: str, first_day: date, today: date | None) -> None:
    """ParseError naming the date when a page is dated before `first_day` (before the site
    could publish it) or more than FUTURE_DAYS after `today` (None: not checked). A URL
    agreeing with the page does not make 2099-01-01 or 1900-01-01 a publication date."""
    day = published_at.date()
    if day < first_day:
        raise ParseError(
            url,
            "published_at",
            f"the page is dated {day}, before the site could publish it ({first_day} at the"
            " earliest): no publication date",
        )
    latest = None if today is None else today + timedelta(days=FUTURE_DAYS)
    if latest is not None and day > latest:
        raise ParseError(
            url,
            "published_at",
            f"the page is dated {day}, after {latest} (today {today} and a day): no"
            " publication date",
        )


def link_title(anchor: Tag) -> str:
    """A list link's title; lists truncate long ones but keep them whole in `title`."""
    text = normalize_text(anchor.get_text(" "))
    title_attr = anchor.get("title")
    if isinstance(title_attr, str) and len(normalize_text(title_attr)) > len(text.rstrip(".…")):
        return normalize_text(title_attr)
    return text


def near_date_text(anchor: Tag) -> str:
    """Text of the smallest list block around a link: where its date is printed."""
    for parent in anchor.parents:
        if isinstance(parent, Tag) and parent.name in NEAR_DATE_CONTAINERS:
            return normalize_text(parent.get_text(" "))
    return ""


def read_page_numbers(soup: BeautifulSoup) -> tuple[int | None, int | None]:
    """(pages in the list, this page's number from 0) as the pager says; None where it does
    not. A TRS pager script is read first, then the text printed around the 下一页 label."""
    for script in soup.find_all("script"):
        code = script.get_text()
        call = TRS_PAGER_CALL.search(code)
        if call:
            return int(call.group(1)), int(call.group(2))
        count = TRS_PAGE_COUNT.search(code)
        if count:
            current = TRS_CURRENT_PAGE.search(code)
            return int(count.group(1)), int(current.group(1)) if current else None
    pager = pager_text(soup)
    count = PRINTED_PAGE_COUNT.search(pager)
    current = PRINTED_CURRENT_PAGE.search(pager)
    printed = int(current.group(1) or current.group(2)) if current else None
    return (
        int(count.group(1) or count.group(2)) if count else None,
        printed - 1 if printed is not None and printed >= 1 else None,
    )


def pager_text(soup: BeautifulSoup) -> str:
    """The text of the block holding the page's 下一页 label (its pager); "" without one."""
    for text in pager_labels(soup):
        for parent in text.parents:
            if isinstance(parent, Tag) and parent.name in PAGER_CONTAINERS:
                return normalize_text(parent.get_text(" "))
    return ""


def has_unlinked_next_label(soup: BeautifulSoup) -> bool:
    """True when the page prints a 下一页 label outside any link: the pager of the last page."""
    return any(text.find_parent("a") is None for text in pager_labels(soup))


def pager_labels(soup: BeautifulSoup) -> list[NavigableString]:
    """The page's bits of text that hold a 下一页 label and nothing but pager words (a
    headline that happens to say 下一页 is not a pager)."""
    labels = []
    for text in soup.find_all(string=True):
        if not isinstance(text, NavigableString) or text.parent is None:
            continue
        words = normalize_text(str(text))
        if not any(label in words for label in NEXT_PAGE_TEXTS) or not PAGER_WORDS.fullmatch(words):
            continue
        if text.parent.name not in ("script", "style", "title"):
            labels.append(text)
    return labels


def next_page_link(soup: BeautifulSoup, url: str) -> str | None:
    """The page's 下一页 link, if it has one that goes somewhere."""
    for anchor in soup.find_all("a", href=True):
        if normalize_text(anchor.get_text(" ")) in NEXT_PAGE_TEXTS:
            href = anchor.get("href")
            if isinstance(href, str) and href.strip() and not href.startswith("javascript"):
                target = resolve_link(url, href)
                return target if target != url else None
    return None
