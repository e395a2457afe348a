"""What an article of the sample site says, before any template renders it.

An `ArticleSpec` holds the raw text as an editor typed it (full-width `：（），`, no
indentation) plus its structured credits. The page bytes and the expected parse result
(`site.SampleArticle`) are both derived from it, so they cannot disagree.

The small constructors at the bottom (`article`, `lead`, `foot`) keep the data modules readable:

    article(
        "2019-01-08 09:30",
        "扬州市八届人大四次会议开幕",
        lead("本报讯", ("记者", "若溪", "文涛"), ("通讯员", "扬人宣")),
        '''
        昨天上午，……
        会议听取……
        ''',
        foot("author_editor", "马丽花"),
    )
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

COLUMN_PATH = "/shixianchuanzhen/yangzhou/"
COLUMN_NAME = "扬州"

# Roles as printed in bylines; 通讯员 is the only correspondent role (DESIGN.md 2.3).
REPORTER_ROLES = ("本报记者", "见习记者", "记者", "实习生")
CORRESPONDENT_ROLES = ("通讯员",)

# paren:    本报讯（记者 邹平 世春 刘宁）昨天，...   (spacing around the brackets varies)
# tight:    扬州网讯(记者 薛舒文)昨天，...          (ASCII brackets, no spaces)
# own_line: 本报记者 王五  on a line of its own, then the body (no dateline)
# none:     no byline at all; a dateline alone (本报讯　昨天，...) if `dateline` is set
LeadStyle = Literal["paren", "tight", "own_line", "none"]

# author_editor:  作者：  编辑：马丽花   /  作者：王鹏  编辑：陈茜
# responsible:    责任编辑：煜婕
# short:          责编：张慰 崔欣
# editor:         编辑：陈茜
FooterStyle = Literal["author_editor", "responsible", "short", "editor"]

# The seed article: its id and time anchor every other id (ids grow with time).
SEED_ID = 6842645
SEED_PUBLISHED_AT = datetime(2020, 10, 22, 8, 48)
# One id step per this many minutes: keeps 2019-2026 within 7 digits.
MINUTES_PER_ID = 2


@dataclass(frozen=True)
class Credit:
    """One role in a byline and its names as printed (`汪 滢` keeps its inner space)."""

    role: str
    names: tuple[str, ...]

    @property
    def is_correspondent(self) -> bool:
        return self.role in CORRESPONDENT_ROLES


@dataclass(frozen=True)
class Lead:
    """The dateline and byline that open an article."""

    dateline: str | None = None
    credits: tuple[Credit, ...] = ()
    style: LeadStyle = "paren"


@dataclass(frozen=True)
class Footer:
    """The closing credits: a label style, the editors and an optional author."""

    style: FooterStyle
    editors: tuple[str, ...]
    author: str | None = None


@dataclass(frozen=True)
class ArticleSpec:
    """One article as written, before rendering. `template` None: chosen by `pick_template`."""

    id: str
    published_at: datetime
    title: str
    source: str | None
    lead: Lead
    paragraphs: tuple[str, ...]
    footer: Footer
    # 引题: the line printed above the title.
    kicker: str | None = None
    # 副题 as printed below the title, its dashes included (`——沿线文化遗产……`).
    subtitle: str | None = None
    template: str | None = None
    # The column it is listed in (peers.py: the other cities' columns and 要闻).
    column_path: str = COLUMN_PATH
    column_name: str = COLUMN_NAME

    @property
    def path(self) -> str:
        """URL path: the URL date is the publication date."""
        day = self.published_at
        return f"{self.column_path}{day:%Y%m}/t{day:%Y%m%d}_{self.id}.shtml"


def id_for(published_at: datetime) -> int:
    """The id the CMS would have given an article published then (monotonic in time)."""
    minutes = (published_at - SEED_PUBLISHED_AT).total_seconds() // 60
    return SEED_ID + int(minutes // MINUTES_PER_ID)


def parse_when(when: str) -> datetime:
    """`YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS` to a naive datetime."""
    fmt = "%Y-%m-%d %H:%M:%S" if when.count(":") == 2 else "%Y-%m-%d %H:%M"
    return datetime.strptime(when, fmt)


def body_paragraphs(text: str) -> tuple[str, ...]:
    """A triple-quoted body: one paragraph per non-empty line, surrounding blanks dropped."""
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


def lead(dateline: str | None, *credits: tuple[str, ...], style: LeadStyle = "paren") -> Lead:
    """`lead("本报讯", ("记者", "邹平", "世春"), ("通讯员", "张凯"))`: role first, then names."""
    built = tuple(Credit(role=c[0], names=tuple(c[1:])) for c in credits)
    for credit in built:
        if credit.role not in REPORTER_ROLES + CORRESPONDENT_ROLES or not credit.names:
            raise ValueError(f"bad credit {credit}")
    return Lead(dateline=dateline, credits=built, style=style)


def foot(style: FooterStyle, *editors: str, author: str | None = None) -> Footer:
    """`foot("short", "张慰", "崔欣")`, `foot("author_editor", "马丽花")`."""
    return Footer(style=style, editors=tuple(editors), author=author)


def article(
    when: str,
    title: str,
    opening: Lead,
    body: str,
    footer: Footer,
    *,
    source: str | None = "扬州日报",
    subtitle: str | None = None,
    kicker: str | None = None,
    template: str | None = None,
) -> ArticleSpec:
    """One handwritten article; its id follows from its publication time."""
    published_at = parse_when(when)
    return ArticleSpec(
        id=str(id_for(published_at)),
        published_at=published_at,
        title=title,
        source=source,
        lead=opening,
        paragraphs=body_paragraphs(body),
        footer=footer,
        subtitle=subtitle,
        template=template,
        kicker=kicker,
    )
