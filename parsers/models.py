"""Typed records the parsers return: frozen dataclasses, never loose dicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from parsers.cities import HOME


class ParseError(ValueError):
    """A page could not be read into a record; names the URL and the missing or bad field."""

    def __init__(self, url: str, field_name: str, reason: str) -> None:
        super().__init__(f"{url}: {field_name}: {reason}")
        self.url = url
        self.field_name = field_name
        self.reason = reason


@dataclass(frozen=True)
class ArticleRef:
    """One link on a list page: where an article is, as the list announces it."""

    url: str
    title: str
    listed_at: datetime | None = None


@dataclass(frozen=True)
class ListPage:
    """A parsed list page: its article links, newest first, and what its pager says.

    The pager is the only thing that may end a walk of the list (with an empty page): a page
    that fails to load says nothing of where the list ends (issue 31).
    """

    url: str
    refs: tuple[ArticleRef, ...]
    next_url: str | None = None  # the 下一页 link, if the page has one that goes somewhere
    page_count: int | None = None  # pages the list has, as the pager says (共25页, TRS script)
    page_index: int | None = None  # this page's number, 0 the newest, as the pager says
    next_label_unlinked: bool = False  # a 下一页 label that links nowhere: the last page's mark

    def is_last(self, walked: int) -> bool | None:
        """Whether the pager marks this page, the walk's page `walked` (0 the newest), as the
        list's last; None when the page has no pager that says."""
        if self.next_url is not None:
            return False
        if self.page_count is not None:
            index = self.page_index if self.page_index is not None else walked
            return index + 1 >= self.page_count
        return True if self.next_label_unlinked else None


@dataclass(frozen=True)
class Byline:
    """Who made an article, with each role kept apart.

    `dateline` is the agency/paper lead such as 本报讯, 扬州网讯 or 新华社南京1月5日电.
    `reporters` holds 记者, 本报记者, 见习记者, 实习生 and photo credits (记者 X 摄);
    `correspondents` holds 通讯员.
    """

    dateline: str | None = None
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Footer:
    """The closing credits line: 作者 (often empty) and the editors."""

    author: str | None = None
    editors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """One parsed article page. `published_at` is naive Beijing time."""

    url: str
    site: str
    title: str
    published_at: datetime
    paragraphs: tuple[str, ...]
    source: str | None = None
    dateline: str | None = None
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    author: str | None = None
    column: str | None = None
    kicker: str | None = None  # 引题: the line printed above the headline
    subtitle: str | None = None  # 副题: the line below it (`——...`), without its dashes
    # The corpus (parsers/cities.py): a city's code or `province`, told by the URL's column,
    # not by the page; so it is not content and not in the goldens' JSON.
    city: str = HOME

    @property
    def body(self) -> str:
        """Paragraphs joined by newlines, as stored in the warehouse."""
        return "\n".join(self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        """Every field as JSON-ready values: the shape of golden `.expected.json` files."""
        return {
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "published_at": self.published_at.isoformat(),
            "source": self.source,
            "dateline": self.dateline,
            "reporters": list(self.reporters),
            "correspondents": list(self.correspondents),
            "editors": list(self.editors),
            "author": self.author,
            "paragraphs": list(self.paragraphs),
            "column": self.column,
        }


@dataclass(frozen=True)
class Keyword:
    """One ranked keyword of an article."""

    keyword: str
    weight: float
    rank: int
    method: str = "tfidf"


@dataclass(frozen=True)
class Term:
    """A normalised search term of an article and how often it occurs (title and body)."""

    term: str
    tf: int


@dataclass(frozen=True)
class Entity:
    """A named person, place or organisation (`kind`) and how often the article names it."""

    name: str
    kind: str
    mentions: int = 1


@dataclass(frozen=True)
class PersonMention:
    """A person named with their post, as in 市长张宝娟: (张宝娟, 市长)."""

    name: str
    role: str


@dataclass(frozen=True)
class EnrichedArticle:
    """An article ready to load: identity, content hash, NLP-derived rows and code versions.

    `keywords` holds every method's ranking (Keyword.method: tfidf, textrank); `phrases` are
    the quoted slogans in text order.
    """

    article_id: str
    article: Article
    content_hash: str
    keywords: tuple[Keyword, ...]
    parser_version: str
    nlp_version: str
    terms: tuple[Term, ...] = ()
    entities: tuple[Entity, ...] = ()
    mentions: tuple[PersonMention, ...] = ()
    phrases: tuple[str, ...] = ()
    raw_sha256: str | None = None  # the archived page it was parsed from
    # Title and body as one token sequence (parsers.nlp.Analysis.tokens); empty: none made.
    tokens: tuple[str, ...] = ()
    # Where the page came from (live, wayback, commoncrawl, import) and, for an archived
    # capture, when the archive captured it (naive UTC).
    fetched_via: str = "live"
    captured_at: datetime | None = None
