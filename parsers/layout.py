"""Text-first reading of an article from its visible lines (DESIGN.md 2.1).

The known layout, after NFKC normalisation:

    title
    2020-10-22 08:48:00            <- the anchor: the date line (the URL's date when it has one)
    来源:扬州日报                   <- or on the anchor line itself
    0                              <- hit counter (to 2020), page tools 【字号 】【打印
    本报讯 (记者 邹平 世春 刘宁) ...  <- body, opened by dateline and byline
    ...
    作者:  编辑:马丽花              <- footer: the body ends here

Pages carry sidebars and "related news" lists with other titles and dates, before and after
the article. They are told apart from the article by three cross-checks: the anchor's date
must equal the URL's date, the title line above it should agree with the page's <title>,
<h1> or ArticleTitle meta tag, and article lines are not links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from parsers.bylines import parse_footer, photo_credits, split_lead
from parsers.dates import find_datetimes
from parsers.models import Article, Byline, Footer, ParseError
from parsers.page import Line
from parsers.text import is_hit_counter, is_page_tools

SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜【\[]+)")
# Site names appended to <title> ("{title}_中共江苏省委新闻网"); the title is what precedes them.
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜| - | — |-{2,})\s*")
# Lines that belong to page chrome between the header and the body. A leading `|` is the rest
# of a header line split over two blocks (扬州网: `2026年02月 10日 09:20` / `| 来源:...`).
HEADER_CHROME = re.compile(
    r"^[|｜]?\s*(?:(?:发布时间|时间|日期|来源|作者|浏览次数|浏览|阅读|点击数|点击|字号|字体)\s*[:：]?.*"
    r"|分享到.*)$"
)
# Where the article is over even without a footer line.
END_MARKERS = re.compile(
    r"^(?:相关新闻|相关阅读|相关链接|延伸阅读|推荐阅读|热点新闻|热门新闻|上一篇|下一篇|"
    r"版权所有|Copyright|分享到|【\s*(?:打印|关闭)|扫一扫|责任编辑)",
    re.IGNORECASE,
)
# How far below the anchor the source and page tools may sit.
HEADER_WINDOW = 6
# How far above the anchor the title may sit (a subtitle or an empty kicker in between).
TITLE_WINDOW = 4


@dataclass(frozen=True)
class Hints:
    """What the HTML says besides its visible text: used to cross-check, never trusted alone."""

    titles: tuple[str, ...] = ()
    meta_published: str | None = None
    meta_source: str | None = None
    meta_column: str | None = None


@dataclass(frozen=True)
class ArticleFields:
    """The fields read from the lines, before a site adapter adds URL and site."""

    title: str
    published_at: datetime
    source: str | None
    byline: Byline
    footer: Footer
    paragraphs: tuple[str, ...]
    column: str | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    def to_article(self, url: str, site: str, column: str | None = None) -> Article:
        """The article at `url` of `site` (its column: `column`, else the one read here)."""
        return Article(
            url=url,
            site=site,
            title=self.title,
            published_at=self.published_at,
            paragraphs=self.paragraphs,
            source=self.source,
            dateline=self.byline.dateline,
            reporters=self.byline.reporters,
            correspondents=self.byline.correspondents,
            editors=self.footer.editors,
            author=self.footer.author,
            column=column or self.column,
        )


def _same_title(line: str, candidate: str) -> bool:
    if not line or not candidate:
        return False
    if line == candidate:
        return True
    # Titles in <title> get truncated or carry the site's name; compare generously.
    shorter, longer = sorted((line, candidate), key=len)
    return len(shorter) >= 6 and longer.startswith(shorter)


def title_candidates(
    html_title: str | None, headings: Sequence[str], meta_title: str | None
) -> tuple[str, ...]:
    """Possible titles from markup, most trusted first."""
    found: list[str] = []
    if meta_title:
        found.append(meta_title)
    found.extend(headings)
    if html_title:
        parts = [part for part in TITLE_SEPARATORS.split(html_title) if part]
        if parts:
            found.append(parts[0])
        found.append(html_title)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class _Anchor:
    index: int
    published_at: datetime
    has_time: bool
    score: float


def _title_above(lines: Sequence[Line], index: int, hints: Hints) -> tuple[str | None, bool]:
    """The title line above the anchor and whether markup confirms it."""
    fallback = None
    for back in range(1, TITLE_WINDOW + 1):
        position = index - back
        if position < 0:
            break
        line = lines[position]
        if any(_same_title(line.text, title) for title in hints.titles):
            return line.text, True
        if fallback is None and not line.is_link and not find_datetimes(line.text):
            fallback = line.text
    return fallback, False


def _body_weight(lines: Sequence[Line], index: int) -> int:
    """Characters of non-link text in the stretch below a line: where the article is."""
    total = 0
    for line in lines[index + 1 : index + 40]:
        if not line.is_link:
            total += len(line.text)
    return total


def find_anchor(lines: Sequence[Line], url_date: date | None, hints: Hints) -> _Anchor | None:
    """The article's date line: the URL's date, near a 来源 and under the title."""
    best: _Anchor | None = None
    for index, line in enumerate(lines):
        if line.link_share > 0.3:
            continue  # sidebar entries are links, or mostly links
        for match in find_datetimes(line.text):
            if url_date is not None and match.value.date() != url_date:
                continue
            score = 0.0
            window = " ".join(item.text for item in lines[index : index + 3])
            if "来源" in window:
                score += 3
            if match.has_time:
                score += 2
            _, confirmed = _title_above(lines, index, hints)
            if confirmed:
                score += 4
            # Lines that are mostly other text (a sidebar "title 2020-10-22") weigh less.
            other = len(line.text) - (match.end - match.start)
            if other > 40:
                score -= 2
            score += min(_body_weight(lines, index), 2000) / 1000
            if best is None or score > best.score:
                best = _Anchor(index, match.value, match.has_time, score)
            break
    return best


def _source_near(lines: Sequence[Line], index: int) -> str | None:
    for line in lines[index : index + HEADER_WINDOW]:
        match = SOURCE.search(line.text)
        if match:
            return match.group(1)
    return None


def _is_header_chrome(text: str) -> bool:
    return is_hit_counter(text) or is_page_tools(text) or HEADER_CHROME.match(text) is not None


def _body_lines(lines: Sequence[Line], start: int) -> tuple[list[str], list[Footer]]:
    """Paragraph lines from `start` to the footer (or the first boilerplate), plus footers."""
    paragraphs: list[str] = []
    footers: list[Footer] = []
    index = start
    # Header chrome that may sit between the date line and the body.
    while index < len(lines) and index < start + HEADER_WINDOW:
        text = lines[index].text
        if not _is_header_chrome(text):
            break
        index += 1
    for line in lines[index:]:
        footer = parse_footer(line.text)
        if footer is not None:
            footers.append(footer)
            continue
        if footers:
            break  # the footer ends the article; what follows is page chrome
        if END_MARKERS.match(line.text) or (paragraphs and line.is_link):
            break
        if is_page_tools(line.text) or line.is_link:
            continue
        paragraphs.append(line.text)
    return paragraphs, footers


def _merge_footers(footers: Sequence[Footer]) -> Footer:
    author = next((f.author for f in footers if f.author), None)
    editors: list[str] = []
    for footer in footers:
        editors.extend(name for name in footer.editors if name not in editors)
    return Footer(author=author, editors=tuple(editors))


def _read_byline(paragraphs: list[str]) -> tuple[Byline, list[str]]:
    """Dateline and byline from the opening paragraph(s); photo credits from all of them."""
    dateline: str | None = None
    reporters: list[str] = []
    correspondents: list[str] = []
    body = list(paragraphs)
    # A byline may stand on its own line(s) before the paragraph that opens the story.
    while body:
        lead, rest = split_lead(body[0])
        if lead == Byline():
            break
        dateline = dateline or lead.dateline
        reporters.extend(lead.reporters)
        correspondents.extend(lead.correspondents)
        if rest:
            body[0] = rest
            break
        body.pop(0)
    for paragraph in body:
        credits = photo_credits(paragraph)
        reporters.extend(credits.reporters)
        correspondents.extend(credits.correspondents)
    byline = Byline(
        dateline=dateline,
        reporters=tuple(dict.fromkeys(reporters)),
        correspondents=tuple(dict.fromkeys(correspondents)),
    )
    return byline, body


def read_article(
    lines: Sequence[Line], url: str, url_date: date | None, hints: Hints = Hints()
) -> ArticleFields:
    """Read title, date, source, byline, footer and body from an article's lines."""
    anchor = find_anchor(lines, url_date, hints)
    if anchor is None:
        expected = f" matching the URL date {url_date}" if url_date else ""
        raise ParseError(url, "published_at", f"no publication date{expected} on the page")
    title, _ = _title_above(lines, anchor.index, hints)
    if not title:
        title = hints.titles[0] if hints.titles else None
    if not title:
        raise ParseError(url, "title", "no title line above the date line")
    published_at = anchor.published_at
    if not anchor.has_time and hints.meta_published:
        # A date-only line: the PubDate meta tag may carry the time of the same day.
        meta_dates = find_datetimes(hints.meta_published)
        if meta_dates and meta_dates[0].value.date() == published_at.date():
            published_at = meta_dates[0].value
    source = _source_near(lines, anchor.index) or hints.meta_source
    raw_body, footers = _body_lines(lines, anchor.index + 1)
    byline, paragraphs = _read_byline(raw_body)
    if not paragraphs:
        raise ParseError(url, "body", "no body text below the date line")
    return ArticleFields(
        title=title,
        published_at=published_at,
        source=source,
        byline=byline,
        footer=_merge_footers(footers),
        paragraphs=tuple(paragraphs),
        column=hints.meta_column,
    )
