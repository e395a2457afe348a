"""Parsed pages against their truth: per-field tallies for the tests and `measure.py`.

    tally = score_pages(pages, parse_article)      # pages: (truth, decoded html, url)
    tally.field_share("editors"), tally.overall_share(), print(tally.table())

A page whose parse raises ParseError is *refused*: all its fields count as wrong. A page that
parses with any field different from its truth is *loaded wrong*: the silent failure issue 12
is about. Fields are compared with `getattr(parsed, name, None)`, so an Article without the
kicker and subtitle fields reads them as None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from parsers.models import ParseError

FIELDS = (
    "title",
    "published_at",
    "source",
    "dateline",
    "reporters",
    "correspondents",
    "editors",
    "author",
    "paragraphs",
    "kicker",
    "subtitle",
)


Parse = Callable[[str, str], object]


def field_values(record: object) -> dict[str, object]:
    """The compared fields of a parse or a truth (lists as tuples, absent fields as None)."""
    values: dict[str, object] = {}
    for name in FIELDS:
        value = getattr(record, name, None)
        values[name] = tuple(value) if isinstance(value, list) else value
    return values


def wrong_fields(parsed: object, truth: object) -> dict[str, tuple[object, object]]:
    """Field -> (parsed, expected) for every field that differs."""
    got, want = field_values(parsed), field_values(truth)
    return {name: (got[name], want[name]) for name in FIELDS if got[name] != want[name]}


@dataclass
class Tally:
    """What a parser made of a set of pages, field by field."""

    pages: int = 0
    right: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    loaded_wrong: list[tuple[str, dict[str, tuple[object, object]]]] = field(default_factory=list)

    def add(self, name: str, truth: object, html: str, url: str, parse: Parse) -> None:
        """Parse one page and count its fields."""
        self.pages += 1
        try:
            parsed = parse(html, url)
        except ParseError as error:
            self.refused[error.field_name] += 1
            return
        wrong = wrong_fields(parsed, truth)
        for field_name in FIELDS:
            if field_name not in wrong:
                self.right[field_name] += 1
        if wrong:
            self.loaded_wrong.append((name, wrong))

    def field_share(self, name: str) -> float:
        """Share of pages whose `name` was read right (refused pages count as wrong)."""
        return self.right[name] / self.pages if self.pages else 1.0

    def overall_share(self) -> float:
        """Share of all fields of all pages read right."""
        total = self.pages * len(FIELDS)
        return sum(self.right.values()) / total if total else 1.0

    def table(self) -> str:
        """A per-field table: right, wrong, share; then refusals and wrong loads."""
        lines = [f"{'field':<16}{'right':>7}{'wrong':>7}{'share':>9}"]
        for name in FIELDS:
            right = self.right[name]
            lines.append(
                f"{name:<16}{right:>7}{self.pages - right:>7}{self.field_share(name):>9.2%}"
            )
        lines.append(f"{'all fields':<16}{'':>14}{self.overall_share():>9.2%}")
        refused = sum(self.refused.values())
        lines.append(
            f"pages {self.pages}: read right {self.pages - len(self.loaded_wrong) - refused}, "
            f"refused {refused} {dict(self.refused)}, loaded wrong {len(self.loaded_wrong)}"
        )
        return "\n".join(lines)


def score_pages(pages: Iterable[tuple[str, object, str, str]], parse: Parse) -> Tally:
    """Tally (name, truth, html, url) pages parsed by `parse`."""
    tally = Tally()
    for name, truth, html, url in pages:
        tally.add(name, truth, html, url, parse)
    return tally
