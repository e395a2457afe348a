"""Story identity across sites: is this article the same story as that one?

The same story is often published on two sites: 本报讯 (记者 ...) on zgjssw, 扬州网讯 (记者 ...)
on 扬州网, a day apart, with small edits. Routine titles (市政府常务会议召开, 市委常委会召开会议)
recur with different stories. So two articles are one story only when all three hold:

* the same title once normalised (`title_key`: case, spaces and punctuation ignored);
* published within a day: calendar dates at most MAX_DAYS_APART apart (a story posted on the
  web at 20:00 is in the next morning's paper);
* similar bodies: at least MIN_BODY_OVERLAP of the shorter body's character 4-grams also occur
  in the longer one (containment, so an abridged copy still counts). Different stories under a
  routine title share phrases, not most of their text: they measured under 0.3 on the sample
  site; cross-posted copies with edits, over 0.8.

The warehouse finds candidates (same title key, dates near) and asks `same_story` here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

MAX_DAYS_APART = 1
MIN_BODY_OVERLAP = 0.6
SHINGLE = 4
NOT_WORD = re.compile(r"[\W_]+")


def title_key(title: str) -> str:
    """A title as compared across sites: NFKC, lower case, letters and digits only.

    The warehouse computes the same key in SQL (warehouse/stories.py): keep them in step.
    """
    return NOT_WORD.sub("", unicodedata.normalize("NFKC", title).lower())


def _shingles(text: str) -> set[str]:
    letters = NOT_WORD.sub("", unicodedata.normalize("NFKC", text))
    if len(letters) <= SHINGLE:
        return {letters} if letters else set()
    return {letters[i : i + SHINGLE] for i in range(len(letters) - SHINGLE + 1)}


def body_overlap(first: str, second: str) -> float:
    """Share of the shorter body's 4-grams found in the other body (0.0 to 1.0)."""
    a, b = _shingles(first), _shingles(second)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def days_apart(first: datetime, second: datetime) -> int:
    """Calendar days between two publication times (Beijing dates)."""
    return abs((first.date() - second.date()).days)


def same_story(
    title: str,
    published_at: datetime,
    body: str,
    other_title: str,
    other_at: datetime,
    other_body: str,
) -> bool:
    """True when two articles tell the same story (see the module docstring for the rule)."""
    return (
        title_key(title) == title_key(other_title)
        and days_apart(published_at, other_at) <= MAX_DAYS_APART
        and body_overlap(body, other_body) >= MIN_BODY_OVERLAP
    )
