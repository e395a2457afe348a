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

Around the title, TRS pages may print a kicker (引题) above it and a subtitle (副题, `——...`)
between it and the date line. The body runs from below the date line to the footer or the
first block that is not the article's (相关新闻, 上一篇, a list of dated titles); an editor line
standing alone after the page tools (`【打印本页】【关闭窗口】 编辑:X`) is still the footer.

Fail-safe (`parsers.quality`): what was read must look like an article. A title that is a
label or chrome, or that the page's markup contradicts, and a body that is not prose (an empty
container, a sidebar, a menu) raise ParseError naming the field: the page is refused, never
loaded wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from parsers.bylines import parse_footer, photo_credits, split_lead
from parsers.cities import HOME
from parsers.dates import find_datetimes
from parsers.models import Article, Byline, Footer, ParseError
from parsers.page import Line
from parsers.quality import (
    BREADCRUMB,
    body_problem,
    cjk_count,
    headline_problem,
    is_chrome,
    is_label,
    is_list_entry,
    is_prose,
    trim_chrome,
)
from parsers.text import is_hit_counter, is_page_tools

SOURCE = re.compile(r"(?:来源|稿源)\s*[:：]\s*([^\s|｜【\[]+)")
# Where a source glued to the next label or to a date ends: `扬州日报浏览次数:12`.
SOURCE_END = re.compile(
    r"(?:浏览|点击|阅读|作者|编辑|责编|发布|时间|日期|字号|字体|分享|\d{4}[-/.年])"
)
# Site names appended to <title> ("{title}_中共江苏省委新闻网"); the title is what precedes them.
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜| - | — |-{2,}|—{2})\s*")
# Lines that belong to page chrome between the header and the body. A leading `|` is the rest
# of a header line split over two blocks (扬州网: `2026年02月 10日 09:20` / `| 来源:...`).
HEADER_CHROME = re.compile(
    r"^[|｜]?\s*(?:(?:发布时间|发布日期|更新时间|时间|日期|文章来源|信息来源|稿件来源|来源|稿源|出处|作者|"
    r"浏览次数|浏览量|浏览|阅读次数|阅读量|阅读|点击数|点击量|点击|访问量|字号|字体)\s*(?:[:：]|\d).*"
    r"|分享到.*)$"
)
# Where the article is over even without a footer line.
END_MARKERS = re.compile(
    r"^(?:相关新闻|相关阅读|相关链接|相关文章|相关报道|延伸阅读|推荐阅读|精彩推荐|热点推荐|热点新闻|"
    r"热门新闻|热门推荐|猜你喜欢|最新文章|最新新闻|图片新闻|网友评论|我要评论|发表评论|上一篇|下一篇|"
    r"上一条|下一条|返回顶部|版权所有|Copyright|分享到|分享至|【\s*(?:打印|关闭)|扫一扫|责任编辑)",
    re.IGNORECASE,
)
# How far past the end of the body a footer may still sit (after page tools, in its own cell).
FOOTER_WINDOW = 8
# The dashes that open a subtitle (副题): `——沿线文化遗产保护利用水平全面提升`.
SUBTITLE = re.compile(r"^(?:—{1,2}|-{2}|―{1,2})\s*(?P<text>\S.*)$")
MIN_KICKER_CJK = 6
MAX_KICKER_LENGTH = 60
# How far below the anchor the source and page tools may sit.
HEADER_WINDOW = 6
# How far above the anchor the title may sit (a subtitle or an empty kicker in between).
TITLE_WINDOW = 4


@dataclass(frozen=True)
class Hints:
    """What the HTML says besides its visible text: used to cross-check, never trusted alone.

    `titles` are the headline candidates from markup (<meta ArticleTitle>, <h1>, <title>) with
    the site's own name taken out; an empty tuple means the page's markup names no title.
    """

    titles: tuple[str, ...] = ()
    meta_published: str | None = None
    meta_source: str | None = None
    meta_column: str | None = None
    site_names: tuple[str, ...] = ()  # the site's own names: never a title or a kicker


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
    kicker: str | None = None
    subtitle: str | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    def to_article(
        self, url: str, site: str, column: str | None = None, city: str = HOME
    ) -> Article:
        """The article at `url` of `site` (its column: `column`, else the one read here), in
        the corpus `city` (parsers/cities.py)."""
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
            kicker=self.kicker,
            subtitle=self.subtitle,
            city=city,
        )


def _same_title(line: str, candidate: str) -> bool:
    if not line or not candidate:
        return False
    if line == candidate:
        return True
    # Titles in <title> get truncated or carry the site's name; compare generously.
    shorter, longer = sorted((line, candidate), key=len)
    return len(shorter) >= 6 and longer.startswith(shorter)


def _related_title(line: str, candidates: Sequence[str]) -> bool:
    """True when markup's title and the line share most of their words (an edited title)."""
    for candidate in candidates:
        shorter, longer = sorted((line, candidate), key=len)
        if len(shorter) >= 6 and shorter in longer:
            return True
        common = sum(1 for char in set(shorter) if char in longer)
        if cjk_count(shorter) >= 6 and common >= 0.8 * len(set(shorter)):
            return True
    return False


def title_candidates(
    html_title: str | None,
    headings: Sequence[str],
    meta_title: str | None,
    site_names: Sequence[str] = (),
) -> tuple[str, ...]:
    """Possible titles from markup, most trusted first; the site's own name is never one."""
    found: list[str] = []
    if meta_title:
        found.append(meta_title)
    found.extend(headings)
    if html_title:
        parts = [part for part in TITLE_SEPARATORS.split(html_title) if part]
        # `{title}_{site}` is the usual order, `{site}-{title}` happens too: keep every part
        # that is not the site's (or a column's) name.
        found.extend(part for part in parts if not _is_site_name(part, site_names))
        found.append(html_title)
    return tuple(
        title
        for title in dict.fromkeys(found)
        if title and not _is_site_name(title, site_names) and not is_label(title)
    )


def _is_site_name(text: str, site_names: Sequence[str]) -> bool:
    return any(text == name or text in name for name in site_names) or text in ("首页", "扬州")


@dataclass(frozen=True)
class _Anchor:
    index: int
    published_at: datetime
    has_time: bool
    score: float


@dataclass(frozen=True)
class _Title:
    """The headline line above the anchor: its text, position, and whether markup agrees."""

    text: str
    index: int
    confirmed: bool


def _could_be_title(line: Line) -> bool:
    text = line.text
    return (
        not line.is_link
        and not find_datetimes(text)
        and not is_chrome(text)
        and not is_label(text)
        and SUBTITLE.match(text) is None
    )


def _title_above(lines: Sequence[Line], index: int, hints: Hints) -> _Title | None:
    """The title line above the anchor: the one markup confirms, else the nearest plausible."""
    fallback: _Title | None = None
    for back in range(1, TITLE_WINDOW + 1):
        position = index - back
        if position < 0:
            break
        line = lines[position]
        confirmed = any(_same_title(line.text, title) for title in hints.titles)
        if confirmed and headline_problem(line.text) is None:
            return _Title(line.text, position, True)
        if fallback is None and _could_be_title(line):
            fallback = _Title(line.text, position, False)
    return fallback


def _body_weight(lines: Sequence[Line], index: int) -> int:
    """Characters of prose in the stretch below a line: where the article is."""
    total = 0
    for line in lines[index + 1 : index + 40]:
        if not line.is_link and is_prose(line.text):
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
            if "来源" in window or "稿源" in window:
                score += 3
            if match.has_time:
                score += 2
            title = _title_above(lines, index, hints)
            if title is not None and title.confirmed:
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


def _source_near(lines: Sequence[Line], index: int, title_index: int) -> str | None:
    """The 来源 on the date line or just below it, else between the title and the date."""
    below = lines[index : index + HEADER_WINDOW]
    above = lines[max(title_index + 1, index - HEADER_WINDOW) : index]
    for line in (*below, *above):
        match = SOURCE.search(line.text)
        if match:
            value = match.group(1)
            end = SOURCE_END.search(value, 1)
            source = value[: end.start()] if end else value
            if source:
                return source
    return None


def _is_header_chrome(text: str) -> bool:
    return is_hit_counter(text) or is_page_tools(text) or HEADER_CHROME.match(text) is not None


def _body_lines(lines: Sequence[Line], start: int) -> tuple[list[str], list[Footer]]:
    """Paragraph lines from `start` to the footer (or the first boilerplate), plus footers.

    Past the end of the body (a related-news block, page tools, prev/next links) the footer
    is still looked for, a few lines on: editors stand alone after `【打印本页】` on some pages.
    """
    paragraphs: list[str] = []
    footers: list[Footer] = []
    index = start
    # Header chrome that may sit between the date line and the body.
    while index < len(lines) and index < start + HEADER_WINDOW:
        text = lines[index].text
        if not _is_header_chrome(text):
            break
        index += 1
    ended_at: int | None = None
    for position in range(index, len(lines)):
        line = lines[position]
        footer = parse_footer(line.text)
        if footer is not None:
            footers.append(footer)
            continue
        if footers:
            break  # the footer ends the article; what follows is page chrome
        if ended_at is not None:
            if position - ended_at > FOOTER_WINDOW:
                break
            continue
        if not paragraphs and is_chrome(line.text):
            continue  # share bars and tools above the text do not end it before it begins
        if END_MARKERS.match(line.text) or (paragraphs and line.is_link):
            ended_at = position
            continue
        if paragraphs and is_list_entry(line.text) and not is_prose(line.text):
            ended_at = position  # a dated title below the text: a list has begun
            continue
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


def _subtitle(lines: Sequence[Line], title: _Title, anchor: _Anchor) -> str | None:
    """A `——...` line between the title and the date line: the subtitle, without its dashes."""
    for line in lines[title.index + 1 : anchor.index]:
        match = SUBTITLE.match(line.text)
        if match and not line.is_link:
            return match.group("text").strip()
    return None


def _kicker(lines: Sequence[Line], title: _Title, hints: Hints) -> str | None:
    """The line right above a confirmed title when it reads as a kicker (引题), else None."""
    if not title.confirmed or title.index == 0:
        return None
    line = lines[title.index - 1]
    text = line.text
    if (
        line.link_share > 0
        or not _could_be_title(line)
        or BREADCRUMB.search(text)
        or cjk_count(text) < MIN_KICKER_CJK
        # A headline is words: a record number (苏ICP备...号) or a date is not one.
        or cjk_count(text) < 0.7 * len(text.replace(" ", ""))
        or len(text) > MAX_KICKER_LENGTH
        or text.startswith("欢迎")
        or any(name in text for name in hints.site_names)
        or (is_prose(text) and len(text) > 40)
    ):
        return None
    return text


def _read_title(lines: Sequence[Line], anchor: _Anchor, hints: Hints, url: str) -> _Title:
    """The headline, checked: a label, chrome or a line markup contradicts is refused."""
    found = _title_above(lines, anchor.index, hints)
    # Markup names a title and this line is not it: trust it only if it is an edit of it.
    if (
        found is not None
        and not found.confirmed
        and hints.titles
        and not _related_title(found.text, hints.titles)
    ):
        raise ParseError(
            url,
            "title",
            f"the line above the date ({found.text!r}) is not the page's headline"
            f" ({hints.titles[0]!r} in its markup)",
        )
    if found is None:
        if not hints.titles:
            raise ParseError(url, "title", "no title line above the date line")
        found = _Title(hints.titles[0], -1, True)
    problem = headline_problem(found.text)
    if problem is not None:
        raise ParseError(url, "title", problem)
    return found


def read_article(
    lines: Sequence[Line], url: str, url_date: date | None, hints: Hints = Hints()
) -> ArticleFields:
    """Read title, date, source, byline, footer and body from an article's lines.

    ParseError (naming the field) when the page does not read as an article: no date, no
    headline, or no body of prose below the date line.
    """
    anchor = find_anchor(lines, url_date, hints)
    if anchor is None:
        expected = f" matching the URL date {url_date}" if url_date else ""
        raise ParseError(url, "published_at", f"no publication date{expected} on the page")
    title = _read_title(lines, anchor, hints, url)
    published_at = anchor.published_at
    if not anchor.has_time and hints.meta_published:
        # A date-only line: the PubDate meta tag may carry the time of the same day.
        meta_dates = find_datetimes(hints.meta_published)
        if meta_dates and meta_dates[0].value.date() == published_at.date():
            published_at = meta_dates[0].value
    source = _source_near(lines, anchor.index, title.index) or hints.meta_source
    raw_body, footers = _body_lines(lines, anchor.index + 1)
    byline, paragraphs = _read_byline(trim_chrome(raw_body))
    paragraphs = trim_chrome(paragraphs)
    problem = body_problem(paragraphs)
    if problem is not None:
        raise ParseError(url, "body", problem)
    return ArticleFields(
        title=title.text,
        published_at=published_at,
        source=source,
        byline=byline,
        footer=_merge_footers(footers),
        paragraphs=tuple(paragraphs),
        column=hints.meta_column,
        kicker=_kicker(lines, title, hints) if title.index >= 0 else None,
        subtitle=_subtitle(lines, title, anchor) if title.index >= 0 else None,
    )
