"""HTML to text lines: the page as a reader sees it, which is what the parsers match on.

Block elements and <br> end lines; scripts, styles and forms are dropped. Each line records
how much of its text sits inside links, because sidebars and "related news" lists are links
while article paragraphs are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from parsers.text import normalize_text

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
SKIPPED_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "select",
        "option",
        "textarea",
        "button",
        "head",
    ]
)
META_NAMES = ("ArticleTitle", "PubDate", "ContentSource", "ColumnName", "Author", "Keywords")


@dataclass(frozen=True)
class Line:
    """One visible line of the page, normalised, with the share of it that is link text."""

    text: str
    link_share: float = 0.0

    @property
    def is_link(self) -> bool:
        return self.link_share >= 0.5


@dataclass(frozen=True)
class PageText:
    """A page reduced to what the parsers need: its lines, <title>, <h1>s and meta tags.

    `selected_titles` and `containers` are the texts of the elements a site's layout names
    (its headline and its article container), when the page has them.
    """

    lines: tuple[Line, ...]
    html_title: str | None
    headings: tuple[str, ...]
    meta: dict[str, str]
    selected_titles: tuple[str, ...] = ()
    containers: tuple[str, ...] = ()


def _collect_lines(root: Tag) -> list[Line]:
    lines: list[Line] = []
    pieces: list[tuple[str, bool]] = []

    def flush() -> None:
        if not pieces:
            return
        raw = "".join(text for text, _ in pieces)
        text = normalize_text(raw)
        if text:
            linked = sum(len(normalize_text(t)) for t, in_link in pieces if in_link)
            lines.append(Line(text, min(1.0, linked / len(text))))
        pieces.clear()

    # An explicit stack instead of recursion: CMS pages nest tables deeply.
    stack: list[tuple[Tag | NavigableString | str, bool]] = [(root, False)]
    while stack:
        node, in_link = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            flush()  # a block boundary marker
            continue
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            pieces.append((str(node), in_link))
            continue
        assert isinstance(node, Tag)
        name = node.name
        if name in SKIPPED_TAGS:
            continue
        if name == "br":
            flush()
            continue
        block = name in BLOCK_TAGS
        if block:
            flush()
            stack.append(("</block>", in_link))
        child_in_link = in_link or name == "a"
        for child in reversed(node.contents):
            if isinstance(child, (Tag, NavigableString)):
                stack.append((child, child_in_link))
    flush()
    return lines


def _selected_texts(soup: BeautifulSoup, selectors: Sequence[str], separator: str) -> list[str]:
    found: list[str] = []
    for selector in selectors:
        for element in soup.select(selector):
            for skipped in element.find_all(list(SKIPPED_TAGS)):
                skipped.extract()
            found.append(normalize_text(element.get_text(separator)))
    return found


def read_page(
    html: str, title_selectors: Sequence[str] = (), body_selectors: Sequence[str] = ()
) -> PageText:
    """Parse HTML (already decoded to str) into lines plus title, headings and meta tags, and
    the texts of the elements the layout's selectors name."""
    soup = BeautifulSoup(html, "lxml")
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = tag.get("name") or tag.get("property")
        content = tag.get("content")
        if isinstance(name, str) and isinstance(content, str):
            for known in META_NAMES:
                if name.lower() == known.lower() and normalize_text(content):
                    meta[known] = normalize_text(content)
    title_tag = soup.find("title")
    html_title = normalize_text(title_tag.get_text()) if title_tag else None
    headings = tuple(text for h in soup.find_all("h1") if (text := normalize_text(h.get_text(" "))))
    body = soup.body or soup
    lines = tuple(_collect_lines(body))
    # After the lines: reading the containers takes their scripts out of the tree.
    titles = tuple(t for t in _selected_texts(soup, title_selectors, " ") if t)
    # Glued, not spaced: inline markup inside a paragraph must not split its words.
    containers = tuple(_selected_texts(soup, body_selectors, ""))
    return PageText(
        lines=lines,
        html_title=html_title or None,
        headings=headings,
        meta=meta,
        selected_titles=titles,
        containers=containers,
    )
