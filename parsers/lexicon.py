"""The NLP data files of `parsers/data/` and the rule for content words, without jieba.

    read_lexicon()                       # LexiconEntry per line of lexicon.txt
    ContentWords.from_data_files()       # is_content(token): a term or keyword candidate?
    add_terms(text, ["低空经济"])          # lexicon.txt's text with reviewed terms in place

The read commands (collocates, terms suggest) need the content rule but not the tokenizer:
jieba's import alone reads its whole dictionary (about a second), so nothing here imports it.
`parsers.nlp` builds its Segmenter on these.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib import resources

# Keep the data files versioned with the code: their hash is part of nlp_version.
LEXICON_FILE = "lexicon.txt"
STOPWORDS_FILE = "stopwords.txt"
OFFICES_FILE = "offices.txt"
PLACES_FILE = "places.txt"
DATA_FILES = (LEXICON_FILE, STOPWORDS_FILE, OFFICES_FILE, PLACES_FILE)

# A token worth counting: at least two characters, some CJK or Latin, not a number or date
# (Arabic or Chinese numerals with their counters: 2020年, 10月, 第一, 二期, 十届).
HAS_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
NUMERIC_LIKE = re.compile(
    r"^[\d.,%％年月日号时分秒个万亿余多第〇零一二三四五六七八九十百千两几次届期]+$"
)
# jieba's own block pattern: a word with any other character can never be one token.
TOKEN_CHARS = re.compile(r"^[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+$")
# What `terms add` accepts: a word of 2 to 20 such characters with some CJK or Latin in it.
MAX_TERM_CHARS = 20
# The section of lexicon.txt each tag's new words go to.
SECTIONS = {
    "nz": "# --- policy terms and slogans ---",
    "ns": "# --- places: Yangzhou districts, counties, zones, towns and streets ---",
    "nt": "# --- institutions ---",
    "post": "# --- official posts ---",
}
NEW_WORD_FREQ = 50000


@dataclass(frozen=True)
class LexiconEntry:
    """One lexicon line: a word, its jieba frequency (None: re-tag only) and its tag."""

    word: str
    freq: int | None
    tag: str | None


def data_text(name: str) -> str:
    """The text of a data file of `parsers/data/`."""
    return resources.files("parsers").joinpath("data", name).read_text(encoding="utf-8")


def data_lines(name: str) -> list[str]:
    """A data file's entry lines: stripped, without blank lines and `#` comments."""
    lines = (line.strip() for line in data_text(name).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def parse_lexicon(lines: Iterable[str]) -> tuple[LexiconEntry, ...]:
    """Entries of jieba user-dictionary lines, `word [freq] [tag]`."""
    entries = []
    for line in lines:
        word, *rest = line.split()
        freq = int(rest[0]) if rest and rest[0].isdigit() else None
        tag = rest[-1] if rest and not rest[-1].isdigit() else None
        entries.append(LexiconEntry(word, freq, tag))
    return tuple(entries)


def read_lexicon() -> tuple[LexiconEntry, ...]:
    """The project lexicon's entries, in file order."""
    return parse_lexicon(data_lines(LEXICON_FILE))


def read_stopwords() -> frozenset[str]:
    """The project stopwords."""
    return frozenset(data_lines(STOPWORDS_FILE))


def is_content_token(token: str, stopwords: Collection[str]) -> bool:
    """True for tokens that can be keywords or search terms."""
    return (
        len(token) >= 2
        and token not in stopwords
        and HAS_WORD_CHAR.search(token) is not None
        and NUMERIC_LIKE.match(token) is None
    )


def normalize_term(token: str) -> str:
    """The form a token is stored and searched under (Latin lower-cased; text is NFKC already)."""
    return token.lower()


@dataclass(frozen=True)
class ContentWords:
    """The content rule of the NLP pass: lexicon words always (unless stopwords), others by
    `is_content_token`. Tokens are compared in their stored (normalised) form."""

    stopwords: frozenset[str]
    lexicon_words: frozenset[str]

    @classmethod
    def from_data_files(cls) -> ContentWords:
        """The rule as the project's data files define it."""
        words = {normalize_term(e.word) for e in read_lexicon() if e.tag and e.freq != 0}
        return cls(read_stopwords(), frozenset(words))

    def is_content(self, token: str) -> bool:
        """A search term or keyword candidate."""
        if token in self.lexicon_words:
            return token not in self.stopwords
        return is_content_token(token, self.stopwords)


class LexiconEditError(ValueError):
    """A term cannot go into the lexicon as given; the message says why."""


def check_new_term(term: str) -> str:
    """The term as it would be stored, or LexiconEditError saying why it cannot be one token."""
    word = term.strip()
    if not 2 <= len(word) <= MAX_TERM_CHARS:
        raise LexiconEditError(f"a term has 2 to {MAX_TERM_CHARS} characters: {term!r}")
    if not TOKEN_CHARS.match(word) or not HAS_WORD_CHAR.search(word):
        raise LexiconEditError(
            f"{term!r} cannot be one token: only CJK, Latin letters, digits and +#&._%- are"
            " (write a term with other characters as two entries)"
        )
    return word


def add_terms(text: str, terms: Iterable[str], tag: str = "nz") -> tuple[str, list[str], list[str]]:
    """lexicon.txt's text with the terms added to their tag's section, kept sorted.

    Returns (new text, terms added, terms already in the lexicon). Every term is checked
    first (LexiconEditError): nothing is added unless all can be.
    """
    if tag not in SECTIONS:
        raise LexiconEditError(f"unknown tag {tag!r}: one of {', '.join(SECTIONS)}")
    words = list(dict.fromkeys(check_new_term(term) for term in terms))
    lines = text.splitlines()
    present = {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}
    added = [word for word in words if word not in present]
    already = [word for word in words if word in present]
    if not added:
        return text, added, already
    try:
        start = lines.index(SECTIONS[tag]) + 1
    except ValueError:
        raise LexiconEditError(f"the lexicon has no section {SECTIONS[tag]!r}") from None
    end = start
    while end < len(lines) and lines[end].strip() and not lines[end].startswith("#"):
        end += 1
    section = [*lines[start:end], *(f"{word} {NEW_WORD_FREQ} {tag}" for word in added)]
    lines[start:end] = sorted(section, key=lambda line: line.split()[0])
    return "\n".join(lines) + "\n", added, already
