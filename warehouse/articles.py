"""One article with everything the warehouse knows of it: the reader's view (the web page).

Its fields with the roles apart, its keywords, the people and places named in it, the other
copies of its story (other sites, imported files) and the earlier versions of its page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

ARTICLE_COLUMNS = (
    "article_id, url, site, story_id, title, kicker, subtitle, published_at, source, dateline,"
    " reporters, correspondents, editors, author, column_name, body, content_hash,"
    " parser_version, nlp_version, first_seen_at, updated_at"
)
VERSION_COLUMNS = (
    "content_hash, title, kicker, subtitle, published_at, source, dateline, reporters,"
    " correspondents, editors, author, body, parser_version, valid_from, replaced_at"
)


@dataclass(frozen=True)
class KeywordRank:
    """A keyword of the article by one method, rank 1 the strongest."""

    method: str
    rank: int
    keyword: str
    weight: float


@dataclass(frozen=True)
class PersonNamed:
    """A person named with a post in the article (市长张宝娟: 张宝娟, 市长)."""

    name: str
    role: str


@dataclass(frozen=True)
class EntityNamed:
    """A name the NLP pass tagged (person, place, org) and its occurrences."""

    name: str
    kind: str
    mentions: int


@dataclass(frozen=True)
class StoryCopy:
    """Another article of the same story (articles.story_id): another site, or a file."""

    article_id: str
    site: str
    url: str
    title: str
    published_at: datetime


@dataclass(frozen=True, kw_only=True)
class ArticleContent:
    """What a page said: the fields a new version of the page replaces."""

    title: str
    kicker: str | None
    subtitle: str | None
    published_at: datetime
    source: str | None
    dateline: str | None
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    editors: tuple[str, ...]
    author: str | None
    body: str
    content_hash: str
    parser_version: str


@dataclass(frozen=True, kw_only=True)
class ArticleVersion(ArticleContent):
    """Earlier content of the article, replaced when its page changed."""

    valid_from: datetime
    replaced_at: datetime


@dataclass(frozen=True, kw_only=True)
class ArticleRecord(ArticleContent):
    """An article row with its derived rows, its story's other copies and earlier versions."""

    article_id: str
    url: str
    site: str
    story_id: str | None
    column_name: str | None
    nlp_version: str
    first_seen_at: datetime
    updated_at: datetime
    keywords: tuple[KeywordRank, ...]
    people: tuple[PersonNamed, ...]
    entities: tuple[EntityNamed, ...]
    story_copies: tuple[StoryCopy, ...]
    versions: tuple[ArticleVersion, ...]

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(self.body.split("\n")) if self.body else ()

    @property
    def places(self) -> tuple[EntityNamed, ...]:
        return tuple(entity for entity in self.entities if entity.kind == "place")


def _as_tuples(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return row | {name: tuple(row[name] or ()) for name in names}


def read_article_record(con: duckdb.DuckDBPyConnection, article_id: str) -> ArticleRecord | None:
    """The article with this id and everything about it; None when there is none."""
    cursor = con.execute(
        f"select {ARTICLE_COLUMNS} from articles where article_id = ?", [article_id]
    )
    row = cursor.fetchone()
    if row is None:
        return None
    names = [column[0] for column in cursor.description or []]
    fields = _as_tuples(
        dict(zip(names, row, strict=True)), "reporters", "correspondents", "editors"
    )
    keywords = tuple(
        KeywordRank(str(method), int(rank), str(keyword), round(float(weight), 6))
        for method, rank, keyword, weight in con.execute(
            "select method, rank, keyword, weight from article_keywords"
            " where article_id = ? order by method, rank",
            [article_id],
        ).fetchall()
    )
    people = tuple(
        PersonNamed(str(name), str(role))
        for name, role in con.execute(
            "select name, role from person_mentions where article_id = ? order by role, name",
            [article_id],
        ).fetchall()
    )
    entities = tuple(
        EntityNamed(str(name), str(kind), int(mentions))
        for name, kind, mentions in con.execute(
            "select name, kind, mentions from article_entities"
            " where article_id = ? order by kind, mentions desc, name",
            [article_id],
        ).fetchall()
    )
    copies = tuple(
        StoryCopy(str(other_id), str(site), str(url), str(title), published_at)
        for other_id, site, url, title, published_at in con.execute(
            "select article_id, site, url, title, published_at from articles"
            " where story_id = ? and article_id <> ? order by published_at, article_id",
            [fields["story_id"], article_id],
        ).fetchall()
    )
    version_cursor = con.execute(
        f"select {VERSION_COLUMNS} from article_versions"
        " where article_id = ? order by replaced_at desc, content_hash",
        [article_id],
    )
    version_names = [column[0] for column in version_cursor.description or []]
    versions = tuple(
        ArticleVersion(
            **_as_tuples(
                dict(zip(version_names, version, strict=True)),
                "reporters",
                "correspondents",
                "editors",
            )
        )
        for version in version_cursor.fetchall()
    )
    return ArticleRecord(
        **fields,
        keywords=keywords,
        people=people,
        entities=entities,
        story_copies=copies,
        versions=versions,
    )
