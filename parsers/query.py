"""Search queries, pure: validation, parts, their terms, and the marked snippet of a hit.

A query is one or more words separated by spaces; a hit must contain every word, or one of
words joined by OR, and none of the words marked -word. "A phrase" in double quotes is one
part, spaces and all. Each part is searched as written (NFKC, Latin lower-cased), so a word
the tokenizer splits in two is still one phrase: its terms narrow the candidates, the text
itself decides.

    parse_query("  “二次创业”  开发园区 ")   -> parts ('二次创业', '开发园区')
    parse_query("新质生产力 OR 低空经济 -无人机") -> clauses (('新质生产力', '低空经济'),),
                                                  excluded ('无人机',)
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

    def dictionary_tag(self, word: str) -> str | None: ...


@dataclass(frozen=True)
class Query:
    """A validated query: its normalised text, its parts (every word or phrase asked for), the
    clauses a hit must meet (one part of each: `A OR B` is one clause of two) and the parts no
    hit may contain (`-word`)."""

    text: str
    parts: tuple[str, ...]
    clauses: tuple[tuple[str, ...], ...] = ()  # () : each part is a clause of its own
    excluded: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.clauses:  # a plain query: every part is required
            object.__setattr__(self, "clauses", tuple((part,) for part in self.parts))


# Double quotes open a phrase: ASCII (and full-width, which NFKC makes ASCII) and Chinese “”.
QUOTES = {'"': '"', "“": "”"}
OR = "OR"
# Written between words by people used to other search engines (二次创业 AND 开发园区): every
# part is required anyway, so it joins nothing and is no word to search for (lower case is).
AND = "AND"
EXCLUDE = "-"
# Whitespace beside a CJK character is no part of a Chinese phrase ("新质 生产力" is 新质生产力).
CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])")


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


@dataclass(frozen=True)
class _Token:
    text: str  # the part, normalised ("" when nothing is left of it)
    excluded: bool = False
    operator: bool = False  # OR


def _phrase(text: str) -> str:
    """A quoted phrase as searched: whitespace beside CJK dropped, other runs one space."""
    return normalize_term(" ".join(CJK_SPACE.sub("", text).split()))


def _tokens(text: str) -> list[_Token]:
    """Words, "phrases", -exclusions and OR of a query, in order; QueryError on an open quote."""
    tokens: list[_Token] = []
    position, end = 0, len(text)
    while position < end:
        if text[position].isspace():
            position += 1
            continue
        excluded = text[position] == EXCLUDE
        start = position + 1 if excluded else position
        if start < end and text[start] in QUOTES:
            close = text.find(QUOTES[text[start]], start + 1)
            if close < 0:
                raise QueryError(
                    f"the query has an unclosed quote: {text[start : start + 20]!r}; close the"
                    f' phrase with {QUOTES[text[start]]} (e.g. "二次创业 开发园区"), or leave'
                    " the quote out"
                )
            tokens.append(_Token(_phrase(text[start + 1 : close]), excluded))
            position = close + 1
            continue
        position = start
        # A quote inside a word is part of it (新"质): only one opening a word opens a phrase.
        while position < end and not text[position].isspace():
            position += 1
        word = text[start:position]
        if word == OR and not excluded:
            tokens.append(_Token(OR, operator=True))
        elif word == AND and not excluded:
            continue  # what a space says already: every part is required
        else:
            tokens.append(_Token(normalize_term(_strip_punctuation(word)), excluded))
    return tokens


def _clauses(tokens: list[_Token]) -> tuple[list[list[str]], list[str]]:
    """(clauses of alternatives, excluded parts) of the tokens: OR joins its two neighbours."""
    clauses: list[list[str]] = []
    excluded: list[str] = []
    joining = False  # the previous token was OR
    for number, token in enumerate(tokens):
        if token.operator:
            before = tokens[number - 1] if number > 0 else None
            after = tokens[number + 1] if number + 1 < len(tokens) else None
            if any(t is None or t.operator or t.excluded or not t.text for t in (before, after)):
                raise QueryError(
                    "OR needs a word on each side (新质生产力 OR 低空经济); to search for the"
                    ' word itself, write it in lower case or in quotes ("OR")'
                )
            joining = True
            continue
        if not token.text:
            continue  # punctuation only: nothing to search for
        if token.excluded:
            excluded.append(token.text)
        elif joining:
            clauses[-1].append(token.text)
        else:
            clauses.append([token.text])
        joining = False
    return clauses, excluded


def _quoted(part: str) -> str:
    """A part as the query would spell it: in quotes when it is a phrase of several words or
    has punctuation at an end (the quotes keep it)."""
    plain = " " not in part and _is_word_char(part[0]) and _is_word_char(part[-1])
    return part if plain else f'"{part}"'


def parse_query(raw: str) -> Query:
    """Validate and normalise a query typed by a user; QueryError says what is wrong with it.

    Parts separated by spaces (or by AND) are all required; `A OR B` asks for either; `-word`
    excludes the articles containing it; `"a phrase"` is one part, spaces and all (beside CJK
    characters spaces are dropped). NFKC as the stored text is; punctuation around a word is
    dropped
    (“二次创业” searches 二次创业); Latin letters are lower-cased, as terms are.
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
    found, excluded_found = _clauses(_tokens(text))
    clauses = tuple(dict.fromkeys(tuple(dict.fromkeys(clause)) for clause in found))
    excluded = tuple(dict.fromkeys(excluded_found))
    parts = tuple(dict.fromkeys(part for clause in clauses for part in clause))
    if not parts:
        if excluded:
            raise QueryError(
                f"the query only excludes ({' '.join('-' + _quoted(p) for p in excluded)}):"
                " give a word to search for too, e.g. 二次创业 -开发园区"
            )
        raise QueryError(
            "the query has nothing to search for: give a word (letters or digits), e.g. 二次创业"
        )
    if len(parts) + len(excluded) > MAX_PARTS:
        raise QueryError(f"the query has {len(parts) + len(excluded)} words; at most {MAX_PARTS}")
    both = [part for part in parts if part in excluded]
    if both:
        raise QueryError(f"the query asks for {both[0]} and excludes it (-{both[0]})")
    shown = [f" {OR} ".join(_quoted(part) for part in clause) for clause in clauses]
    shown += [EXCLUDE + _quoted(part) for part in excluded]
    return Query(text=" ".join(shown), parts=parts, clauses=clauses, excluded=excluded)


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
