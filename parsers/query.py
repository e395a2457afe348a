"""Search queries, pure: validation, parts, their terms, and the marked snippet of a hit.

A query is one or more words separated by spaces; a hit must contain every word. Each word
is searched as written (NFKC, Latin lower-cased), so a word the tokenizer splits in two is
still one phrase: its terms narrow the candidates, the text itself decides.

    parse_query("  “二次创业”  开发园区 ")   -> parts ('二次创业', '开发园区')
    query_terms("新型储能", segmenter)       -> ('新型', '储能')  (split: checked as a phrase)
    make_snippet(title, body, ("新质生产力",)) -> '…加快发展【新质生产力】推进会…'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

# Longer queries are refused rather than cut: a cut query would silently search for less.
MAX_QUERY_CHARS = 200
MAX_PARTS = 8
SNIPPET_CONTEXT = 30  # characters kept on each side of the first match
MARK_OPEN, MARK_CLOSE = "【", "】"
ELLIPSIS = "…"
# Terms need a CJK or Latin letter (parsers.nlp.is_content_token).
WORD_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def normalize_term(word: str) -> str:
    """Same as `parsers.nlp.normalize_term` (a test keeps them equal): not imported from there,
    because importing parsers.nlp loads jieba (~0.5 s) and a search for an indexed word needs none.
    """
    return word.lower()


class QueryError(ValueError):
    """A query that cannot be searched; the message says why, for the user."""


class QueryTokenizer(Protocol):
    """What query segmentation needs of `parsers.nlp.Segmenter`."""

    def tag(self, text: str) -> list[tuple[str, str]]: ...

    def is_content(self, token: str) -> bool: ...


@dataclass(frozen=True)
class Query:
    """A validated query: its normalised text and its parts (every hit contains each part)."""

    text: str
    parts: tuple[str, ...]


def _is_word_char(char: str) -> bool:
    # Letters (CJK included) and digits: anything else is punctuation, symbols or space.
    return unicodedata.category(char)[0] in "LN"


def _strip_punctuation(word: str) -> str:
    start, end = 0, len(word)
    while start < end and not _is_word_char(word[start]):
        start += 1
    while end > start and not _is_word_char(word[end - 1]):
        end -= 1
    return word[start:end]


def parse_query(raw: str) -> Query:
    """Validate and normalise a query typed by a user; QueryError says what is wrong with it.

    NFKC as the stored text is; whitespace separates parts; punctuation around a part is
    dropped (“二次创业” searches 二次创业); Latin letters are lower-cased, as terms are.
    """
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(raw)} characters long; at most {MAX_QUERY_CHARS}")
    text = unicodedata.normalize("NFKC", raw)
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs") and not char.isspace():
            # Never echo the character itself: a lone surrogate cannot even be printed.
            raise QueryError(
                f"the query contains a control or invalid character (U+{ord(char):04X})"
            )
    words = [_strip_punctuation(word) for word in text.split()]
    parts = tuple(dict.fromkeys(normalize_term(word) for word in words if word))
    if not parts:
        raise QueryError(
            "the query has nothing to search for: give a word (letters or digits), e.g. 二次创业"
        )
    if len(parts) > MAX_PARTS:
        raise QueryError(f"the query has {len(parts)} words; at most {MAX_PARTS}")
    return Query(text=" ".join(parts), parts=parts)


def may_hold_terms(part: str) -> bool:
    """False for parts no search term can come from (one character, no CJK or Latin letter):
    they are searched in the text straight away, without loading the tokenizer."""
    return len(part) >= 2 and WORD_LETTER.search(part) is not None


def query_terms(part: str, tokenizer: QueryTokenizer) -> tuple[tuple[str, ...], bool]:
    """(content terms of a part, whether the tokenizer split it) with the index's own rules."""
    # The POS-tagged pass, as the index was made (parsers.nlp.Segmenter.analyse).
    tokens = [word for word, _ in tokenizer.tag(part)]
    terms = tuple(
        dict.fromkeys(normalize_term(token) for token in tokens if tokenizer.is_content(token))
    )
    return terms, len(tokens) != 1


def _find_matches(text: str, parts: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of every part in text, case-insensitively, in order."""
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    for part in parts:
        start = lowered.find(part)
        while start >= 0:
            spans.append((start, start + len(part)))
            start = lowered.find(part, start + len(part))
    spans.sort(key=lambda span: (span[0], -span[1]))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end))
    return merged


def _segments(text: str, parts: Sequence[str]) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_match) at every occurrence of a part."""
    segments: list[tuple[str, bool]] = []
    position = 0
    for start, end in _find_matches(text, parts):
        if start > position:
            segments.append((text[position:start], False))
        segments.append((text[start:end], True))
        position = end
    if position < len(text) or not segments:
        segments.append((text[position:], False))
    return segments


def join_marked(segments: Sequence[tuple[str, bool]]) -> str:
    """(piece, is_match) pieces as one text with every match wrapped in 【】."""
    return "".join(
        f"{MARK_OPEN}{text}{MARK_CLOSE}" if matched else text for text, matched in segments
    )


def mark_matches(text: str, parts: Sequence[str]) -> str:
    """The text with every occurrence of a part wrapped in 【】."""
    return join_marked(_segments(text, parts))


def snippet_segments(
    title: str, body: str, parts: Sequence[str], context: int = SNIPPET_CONTEXT
) -> tuple[tuple[str, bool], ...]:
    """`make_snippet` as (piece, is_match) pieces, for callers that mark matches their own way
    (a web page's <mark>: the text itself may hold 【】, so the marked string cannot be split)."""
    text = body.replace("\n", " ")
    matches = _find_matches(text, parts)
    if not matches:
        if _find_matches(title, parts):
            return tuple(_segments(title, parts))
        return ((text[: 2 * context] + (ELLIPSIS if len(text) > 2 * context else ""), False),)
    first_start, first_end = matches[0]
    start = max(0, first_start - context)
    end = min(len(text), first_end + context)
    # Do not cut a later match in half at the window's end.
    for match_start, match_end in matches[1:]:
        if match_start < end < match_end:
            end = match_end
    window = _segments(text[start:end], parts)
    if start > 0:
        window.insert(0, (ELLIPSIS, False))
    if end < len(text):
        window.append((ELLIPSIS, False))
    return tuple(window)


def make_snippet(
    title: str, body: str, parts: Sequence[str], context: int = SNIPPET_CONTEXT
) -> str:
    """The first match in the body with `context` characters either side, matches marked 【】.

    A hit matching only in its title shows the title, marked. Newlines become spaces.
    """
    return join_marked(snippet_segments(title, body, parts, context))
