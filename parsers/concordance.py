"""Keyword in context: every occurrence of a term in a text, with the characters around it.

    find_occurrences("加快发展新质生产力。新质生产力", "新质生产力", width=4)
        -> [Occurrence(4, "加快发展", "新质生产力", "。新质生产"), Occurrence(10, ...)]

Occurrences are found as text (whatever the tokenizer made of the term), left to right and
without overlap (str.count's rule), Latin letters case-insensitively. `left` and `right` are
exact slices of the text (line breaks included), so that each line can be found in its
article; `for_terminal` makes them one line for display, aligned on the match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# How a line break in the context is shown on a terminal (it would break the alignment).
LINE_BREAK_MARK = "⏎"


@dataclass(frozen=True)
class Occurrence:
    """One occurrence: where it starts in the text, up to `width` characters on each side."""

    position: int
    left: str
    match: str
    right: str


def find_occurrences(text: str, term: str, width: int) -> list[Occurrence]:
    """Every occurrence of `term` in `text`, with `width` characters of context on each side."""
    if not term:
        return []
    return [
        Occurrence(
            position=found.start(),
            left=text[max(found.start() - width, 0) : found.start()],
            match=found.group(),
            right=text[found.end() : found.end() + width],
        )
        for found in re.finditer(re.escape(term), text, re.IGNORECASE)
    ]


def display_width(text: str) -> int:
    """Columns a terminal gives the text: two for wide (CJK) characters, one for the others."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def for_terminal(text: str) -> str:
    """The context on one line: line breaks marked, other control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\n", LINE_BREAK_MARK)
    return "".join(char for char in text if unicodedata.category(char) != "Cc")


def align(left: str, match: str, right: str, width: int) -> str:
    """A concordance line: the left context right-aligned in `width` characters' columns."""
    left, right = for_terminal(left), for_terminal(right)
    pad = max(2 * width - display_width(left), 0)
    return f"{' ' * pad}{left} 【{match}】 {right}"
