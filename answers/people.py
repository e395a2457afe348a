"""Who held which post, and when: `yzdaily people`, the web's /people and /api/people.

    people_answer(con, PeopleRequest(role="市长"))                 every name with a 市长 post
    timeline_answer(con, TimelineRequest("市长"))                  the post's holders in turn

The press names an official with their post (person_mentions: 市长张宝娟 -> 张宝娟, 市长).
A post with one holder at a time (市长, 市委书记, 市人大常委会主任, 市政协主席, and the heads of
the counties, districts and parks) has a timeline: each holder's tenure runs from the first
to the last article naming them so, the acting post (代市长) before the post itself as its own
row (a transition, not a second holder). Two people whose tenures overlap are never shown as
two holders at once silently: each overlapping tenure is marked a conflict, with the other
holder and the articles that name this one inside the other's tenure, for a reader to judge
(a retrospective article, a misread post). Tenures that touch on one day (a resignation and
an appointment in one report) do not overlap. Former posts (原市长, 时任市长) are not tenures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import duckdb

from answers.base import Answer, Table, corpora_json, day
from parsers.cities import DEFAULT
from warehouse.analytics import Mention, Officeholder, officeholders, post_mentions

# The heads of a place or body: one holder at a time. A post ending in one of them has a
# timeline (市长, 仪征市委书记, 经开区管委会主任); 副市长 and 市委常委 have several holders.
SINGLE_HOLDER_HEADS = (
    "市委书记", "县委书记", "区委书记", "省委书记", "党工委书记", "镇党委书记",
    "人大常委会主任", "政协主席", "管委会主任",
    "市长", "县长", "区长", "省长", "镇长",
)  # fmt: skip
# Heads with an acting form written 代X (代市长; 代理市长 is read as 代市长).
ACTING_HEADS = ("市长", "县长", "区长", "省长", "镇长")
# A head preceded by these is a deputy or a former holder: several at a time, or none now.
NOT_THE_HEAD = ("副", "原", "时任", "前任", "代")


def head_of(post: str) -> str | None:
    """The single-holder head a post ends in (仪征市委书记 -> 市委书记); None for a post with
    several holders at a time (副市长) or one written as former (原市长)."""
    for head in sorted(SINGLE_HOLDER_HEADS, key=len, reverse=True):
        if post.endswith(head):
            before = post[: -len(head)]
            if any(before.endswith(mark) for mark in NOT_THE_HEAD) or before.startswith(
                ("原", "时任", "前任")
            ):
                return None
            return head
    return None


def acting_post(post: str) -> str | None:
    """The acting form of a post (市长 -> 代市长, 仪征市长 -> 仪征代市长); None if it has none."""
    head = head_of(post)
    if head not in ACTING_HEADS:
        return None
    return post[: -len(head)] + "代" + head


@dataclass(frozen=True)
class Tenure:
    """One holder of a post (or its acting form) from the first to the last article naming
    them so, and what overlaps another holder's tenure."""

    role: str
    name: str
    first_published_date: date
    last_published_date: date
    articles: int
    mentions: tuple[Mention, ...]
    overlaps: tuple[Tenure, ...] = ()  # other people's tenures this one overlaps

    @property
    def conflict(self) -> bool:
        return bool(self.overlaps)

    def conflicting_mentions(self) -> tuple[Mention, ...]:
        """This tenure's articles dated inside another holder's tenure: the articles behind
        the conflict."""
        return tuple(
            m
            for m in self.mentions
            if any(
                o.first_published_date <= m.published_date <= o.last_published_date
                for o in self.overlaps
            )
        )

    def conflict_json(self) -> dict[str, Any] | None:
        if not self.overlaps:
            return None
        return {
            "with": [
                {
                    "name": o.name,
                    "role": o.role,
                    "first_published_date": o.first_published_date,
                    "last_published_date": o.last_published_date,
                }
                for o in self.overlaps
            ],
            "articles": [
                {
                    "article_id": m.article_id,
                    "url": m.url,
                    "title": m.title,
                    "date": m.published_date,
                }
                for m in self.conflicting_mentions()
            ],
        }

    def conflict_text(self) -> str:
        """The conflict as a cell: `overlaps 张宝娟 (市长 2020-03-01..2021-08-05)`; "" if none."""
        if not self.overlaps:
            return ""
        return "overlaps " + "; ".join(
            f"{o.name} ({o.role} {day(o.first_published_date)}..{day(o.last_published_date)})"
            for o in self.overlaps
        )


def tenures(mentions: Sequence[Mention]) -> list[Tenure]:
    """The tenures the mentions make (one per name and role), oldest first, each with the
    other people's tenures it overlaps (more than a shared first or last day)."""
    grouped: dict[tuple[str, str], list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault((mention.name, mention.role), []).append(mention)
    spans = [
        Tenure(
            role,
            name,
            min(m.published_date for m in found),
            max(m.published_date for m in found),
            len({m.article_id for m in found}),
            tuple(sorted(found, key=lambda m: (m.published_date, m.article_id))),
        )
        for (name, role), found in grouped.items()
    ]
    spans.sort(key=lambda t: (t.first_published_date, t.last_published_date, t.name, t.role))

    def overlap(a: Tenure, b: Tenure) -> bool:
        return (
            a.name != b.name
            and a.first_published_date < b.last_published_date
            and b.first_published_date < a.last_published_date
        )

    return [
        Tenure(
            t.role,
            t.name,
            t.first_published_date,
            t.last_published_date,
            t.articles,
            t.mentions,
            tuple(other for other in spans if overlap(t, other)),
        )
        for t in spans
    ]


@dataclass(frozen=True)
class PeopleRequest:
    """Names starting with `name`, holding `role` (as asked; its `roles` as stored), over the
    articles published since..until."""

    name: str | None = None
    role: str | None = None
    roles: tuple[str, ...] | None = None  # role_variants(role): the stored forms of the post
    since: date | None = None
    until: date | None = None
    cities: tuple[str, ...] = DEFAULT  # the corpora read (parsers.cities)


@dataclass(frozen=True)
class PeopleAnswer(Answer):
    """Each person named with a post: first and last article naming them so, and how many."""

    request: PeopleRequest
    rows: tuple[Officeholder, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        if self.rows:
            return ()
        r = self.request
        asked = [f"named {r.name}…" if r.name else "", f"as {r.role}" if r.role else ""]
        return (" ".join(["no officeholder", *filter(None, asked), _span(r.since, r.until)]),)

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "name": r.name,
            "role": r.role,
            "since": r.since,
            "until": r.until,
            "rows": [asdict(row) for row in self.rows],
            "notes": list(self.notes),
        } | corpora_json(r.cities)

    def csv(self) -> Table:
        columns = ("name", "role", "first_published_date", "last_published_date")
        return Table(
            (*columns, "stories", "articles"),
            tuple(
                (
                    r.name,
                    r.role,
                    r.first_published_date,
                    r.last_published_date,
                    r.stories,
                    r.articles,
                )
                for r in self.rows
            ),
        )

    def table(self) -> Table:
        return Table(
            ("name", "role", "first", "last", "stories", "articles"),
            tuple(
                (
                    r.name,
                    r.role,
                    day(r.first_published_date),
                    day(r.last_published_date),
                    str(r.stories),
                    str(r.articles),
                )
                for r in self.rows
            ),
        )


def _span(since: date | None, until: date | None) -> str:
    if since is None and until is None:
        return ""
    return f"in {since or 'the first'}..{until or 'the newest'}"


def people_answer(con: duckdb.DuckDBPyConnection, request: PeopleRequest) -> PeopleAnswer:
    """The officeholders `request` asks for."""
    rows = officeholders(
        con, request.name, request.roles, request.since, request.until, request.cities
    )
    return PeopleAnswer(request, tuple(rows))


@dataclass(frozen=True)
class TimelineRequest:
    """A single-holder post (as stored: 市长, 仪征市委书记) and the articles' date range."""

    post: str
    since: date | None = None
    until: date | None = None
    cities: tuple[str, ...] = DEFAULT  # the corpora read (parsers.cities)

    @property
    def roles(self) -> tuple[str, ...]:
        """The post and its acting form, as person_mentions holds them."""
        acting = acting_post(self.post)
        return (self.post,) if acting is None else (acting, self.post)


class NotSingleHolder(ValueError):
    """A timeline was asked of a post with several holders at a time (副市长, 市委常委)."""


@dataclass(frozen=True)
class TimelineAnswer(Answer):
    """A post's holders in turn: tenures oldest first, overlaps marked as conflicts."""

    request: TimelineRequest
    rows: tuple[Tenure, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        r = self.request
        notes = []
        if not self.rows:
            notes.append(
                " ".join(filter(None, [f"no one named as {r.post}", _span(r.since, r.until)]))
            )
        conflicts = [t for t in self.rows if t.conflict]
        if conflicts:
            notes.append(
                f"{len(conflicts)} tenure(s) overlap another holder's: each is marked, with the"
                " articles behind it (`--json` lists them)"
            )
        return tuple(notes)

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "post": r.post,
            "roles": list(r.roles),
            "since": r.since,
            "until": r.until,
            "rows": [
                {
                    "role": t.role,
                    "name": t.name,
                    "first_published_date": t.first_published_date,
                    "last_published_date": t.last_published_date,
                    "articles": t.articles,
                    "conflict": t.conflict_json(),
                }
                for t in self.rows
            ],
            "notes": list(self.notes),
        } | corpora_json(r.cities)

    def csv(self) -> Table:
        return Table(
            ("role", "name", "first_published_date", "last_published_date", "articles", "conflict"),
            tuple(
                (
                    t.role,
                    t.name,
                    t.first_published_date,
                    t.last_published_date,
                    t.articles,
                    t.conflict_text() or None,
                )
                for t in self.rows
            ),
        )

    def table(self) -> Table:
        return Table(
            ("role", "name", "first", "last", "articles", "conflict"),
            tuple(
                (
                    t.role,
                    t.name,
                    day(t.first_published_date),
                    day(t.last_published_date),
                    str(t.articles),
                    t.conflict_text(),
                )
                for t in self.rows
            ),
        )


def timeline_answer(con: duckdb.DuckDBPyConnection, request: TimelineRequest) -> TimelineAnswer:
    """The post's tenures; NotSingleHolder for a post with several holders at a time."""
    if head_of(request.post) is None:
        heads = "、".join(SINGLE_HOLDER_HEADS)
        raise NotSingleHolder(
            f"{request.post} has several holders at a time (or is written as a former post):"
            f" a timeline is for a post with one holder, one ending in {heads}"
        )
    mentions = post_mentions(con, request.roles, request.since, request.until, request.cities)
    return TimelineAnswer(request, tuple(tenures(mentions)))
