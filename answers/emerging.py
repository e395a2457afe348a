"""The terms whose share of stories rose most in a window: `yzdaily emerging`, /emerging.

    answer = emerging_answer(con, EmergingRequest(since=date(2025, 1, 1)), tagger)

A candidate is a word the dictionary knows as a content word (a noun, a named thing, an idiom,
a term of the project's lexicon): never a function word, a verb such as 达到 or 力争, or a
fragment the segmenter made up (促新 from 稳产促新, which the dictionary does not hold). Each is
counted by its text (warehouse.analytics.emerging): `new` means that no story before the
window holds it, not even inside a longer word. When nothing passes the thresholds, the answer
says how much history there is and how strong the strongest rise was, so the reader knows
whether to lower --min-g2, widen the window or wait for more history.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Protocol

import duckdb

from answers.base import Answer, Table, corpora_json, day, number, percent
from parsers.cities import DEFAULT
from warehouse.analytics import (
    EMERGING_MIN_COUNT,
    EMERGING_MIN_G2,
    NEW,
    STORIES,
    EmergingResult,
    EmergingScope,
    EmergingTerm,
    default_emerging_since,
    emerging,
)

# Dictionary tags of the words that may be emerging terms: nouns, verbal nouns, abbreviations,
# idioms and set phrases (jieba's ICTCLAS tags; the lexicon's nz). Places (ns) and bodies (nt:
# 新闻办) are `entities`' business, names only with include_names.
CONTENT_TAGS = frozenset({"n", "nz", "nl", "ng", "nw", "vn", "an", "j", "l", "i"})
NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
# Words jieba's dictionary tags as nouns that are none: the verbs of targets (力争到2025年).
NOT_TERMS = frozenset({"力争", "力求", "确保", "着力"})
# A Latin word or acronym (AI, 5G): the dictionary rarely holds them; they are content words.
LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9.+-]*[a-z][a-z0-9.+-]*|[a-z]{2,}")


class TermTagger(Protocol):
    """What the candidate rule needs of parsers.nlp.Segmenter: a word's dictionary tag."""

    def dictionary_tag(self, word: str) -> str | None: ...


def content_term(tagger: TermTagger, include_names: bool = False) -> Callable[[str], bool]:
    """The rule a candidate term must pass: a content word of the dictionary (or the lexicon),
    a Latin word; a name only with `include_names`."""
    allowed = CONTENT_TAGS | NAME_TAGS if include_names else CONTENT_TAGS

    def keep(term: str) -> bool:
        if len(term) < 2 or term in NOT_TERMS:
            return False
        tag = tagger.dictionary_tag(term)
        if tag is None:
            return LATIN_WORD.fullmatch(term) is not None
        return tag in allowed

    return keep


@dataclass(frozen=True)
class EmergingRequest:
    """The window since..until (since None: the year up to `until` or the newest article),
    the thresholds and what to keep."""

    since: date | None = None
    until: date | None = None
    min_count: int = EMERGING_MIN_COUNT
    min_g2: float | None = None  # None: by the window's size (warehouse.analytics)
    unit: str = STORIES
    limit: int = 20
    include_names: bool = False
    new_only: bool = False
    cities: tuple[str, ...] = DEFAULT  # the corpora read (parsers.cities)


@dataclass(frozen=True)
class EmergingAnswer(Answer):
    """The rising terms, best first, and what they were compared on."""

    request: EmergingRequest
    since: date | None  # the window's first day, as used (None: the archive is empty)
    terms: tuple[EmergingTerm, ...]
    scope: EmergingScope | None
    strongest: EmergingTerm | None
    min_g2: float  # the threshold used

    @property
    def notes(self) -> tuple[str, ...]:
        r, scope = self.request, self.scope
        if scope is None or self.since is None:
            return ("the archive holds no story yet",)
        if self.terms:
            return ()
        unit = r.unit
        history = (
            f"the window {self.since}..{r.until or 'the newest'} holds {scope.window} {unit},"
            f" the time before it {scope.before} {unit}"
            + (f" (from {day(scope.first)})" if scope.first and scope.before else "")
        )
        if not scope.before:
            return (
                f"{history}: there is no history to compare the window with; give --since a"
                " later day, or load older articles (`yzdaily backfill`)",
            )
        if self.strongest is None:
            return (f"{history}: no term's share rose in the window",)
        best = self.strongest
        count = best.stories if unit == STORIES else best.articles
        return (
            f"{history}: no rising term reaches G² >= {self.min_g2:g} in >= {r.min_count} {unit};"
            f" the strongest rise is {best.term} (G² {best.g2:.1f}, {count} {unit}): lower"
            " --min-g2 or --min-stories, or widen the window with --since",
        )

    def _count(self, term: EmergingTerm) -> int:
        return term.stories if self.request.unit == STORIES else term.articles

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "since": self.since,
            "until": r.until,
            "min_stories": r.min_count,
            "min_g2": self.min_g2,
            "unit": r.unit,
            "limit": r.limit,
            "include_names": r.include_names,
            "new_only": r.new_only,
            "window": self.scope.window if self.scope else 0,
            "before": self.scope.before if self.scope else 0,
            "rows": [asdict(term) for term in self.terms],
            "notes": list(self.notes),
        } | corpora_json(r.cities)

    def csv(self) -> Table:
        fields = tuple(EmergingTerm.__dataclass_fields__)
        return Table(fields, tuple(tuple(getattr(t, f) for f in fields) for t in self.terms))

    def table(self) -> Table:
        unit = self.request.unit
        return Table(
            ("term", "kind", "g2", unit, "share", "before", "growth", "first"),
            tuple(
                (
                    t.term,
                    t.kind,
                    number(t.g2),
                    str(self._count(t)),
                    percent(t.share),
                    percent(t.share_before),
                    "new" if t.kind == NEW else f"x{t.growth:.1f}",
                    day(t.first_published_date),
                )
                for t in self.terms
            ),
        )


def emerging_answer(
    con: duckdb.DuckDBPyConnection, request: EmergingRequest, tagger: TermTagger
) -> EmergingAnswer:
    """The rising terms of `request`; `tagger` tells content words from the rest."""
    since = request.since or default_emerging_since(con, request.until, request.cities)
    if since is None:
        return EmergingAnswer(request, None, (), None, None, request.min_g2 or EMERGING_MIN_G2)
    found: EmergingResult = emerging(
        con,
        since,
        request.until,
        min_count=request.min_count,
        limit=request.limit,
        unit=request.unit,
        include_names=request.include_names,
        new_only=request.new_only,
        min_g2=request.min_g2,
        keep=content_term(tagger, request.include_names),
        cities=request.cities,
    )
    return EmergingAnswer(
        request, since, tuple(found.terms), found.scope, found.strongest, found.min_g2
    )
