"""Chinese text analysis with jieba: segmentation and TF-IDF keywords.

One `Segmenter` per process, built from jieba's own dictionary plus the project lexicon
(`parsers/data/lexicon.txt`), never jieba's global tokenizer. Its dictionary cache goes to a
directory the caller names (the project's data dir), not the system temp dir.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from importlib import resources
from pathlib import Path

import jieba
from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader

from parsers.models import Keyword

# Keep the lexicon and stopword files versioned with the code: their hash is part of nlp_version.
LEXICON_FILE = "lexicon.txt"
STOPWORDS_FILE = "stopwords.txt"
MIN_KEYWORDS = 5
DEFAULT_TOP_K = 10

# A token worth counting: at least two characters, some CJK or Latin, not a number or date.
HAS_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
NUMERIC_LIKE = re.compile(r"^[\d.,%％年月日号时分秒个万亿余多第]+$")


def _data_text(name: str) -> str:
    return resources.files("parsers").joinpath("data", name).read_text(encoding="utf-8")


def _data_lines(name: str) -> list[str]:
    lines = (line.strip() for line in _data_text(name).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def nlp_version() -> str:
    """jieba's version plus a hash of lexicon and stopwords: changes when segmentation may."""
    digest = hashlib.sha256()
    for name in (LEXICON_FILE, STOPWORDS_FILE):
        digest.update(_data_text(name).encode("utf-8"))
    return f"jieba-{jieba.__version__}+lex-{digest.hexdigest()[:10]}"


def is_content_token(token: str, stopwords: frozenset[str]) -> bool:
    """True for tokens that can be keywords or search terms."""
    return (
        len(token) >= 2
        and token not in stopwords
        and HAS_WORD_CHAR.search(token) is not None
        and NUMERIC_LIKE.match(token) is None
    )


class Segmenter:
    """The project's jieba tokenizer with its lexicon, stopwords and IDF table."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        # jieba logs its dictionary loading at DEBUG through its own handler: quiet it.
        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._tokenizer.tmp_dir = str(cache_dir)
        self._tokenizer.initialize()
        for entry in _data_lines(LEXICON_FILE):
            word, *rest = entry.split()
            freq = int(rest[0]) if rest and rest[0].isdigit() else None
            tag = rest[-1] if rest and not rest[-1].isdigit() else None
            self._tokenizer.add_word(word, freq, tag)
        self.stopwords = frozenset(_data_lines(STOPWORDS_FILE))
        self.version = nlp_version()

    @cached_property
    def _idf(self) -> tuple[dict[str, float], float]:
        idf_freq, median_idf = IDFLoader(DEFAULT_IDF).get_idf()
        return dict(idf_freq), float(median_idf)

    def cut(self, text: str) -> list[str]:
        """Segment text into tokens (whitespace tokens dropped)."""
        return [tok for tok in self._tokenizer.lcut(text) if tok.strip()]

    def content_tokens(self, text: str) -> list[str]:
        """Tokens that count for keywords and terms, in text order."""
        return [tok for tok in self.cut(text) if is_content_token(tok, self.stopwords)]

    def keywords(
        self,
        tokens: Sequence[str],
        exclude: Iterable[str] = (),
        top_k: int = DEFAULT_TOP_K,
    ) -> list[Keyword]:
        """TF-IDF keywords from already-segmented content tokens.

        `exclude` holds names that must never be keywords (the byline's people): a token is
        dropped if it equals one of them or contains one.
        """
        banned = [name for name in exclude if name]
        counts = Counter(
            tok for tok in tokens if not any(name in tok or tok in name for name in banned)
        )
        total = sum(counts.values())
        if not total:
            return []
        idf, median_idf = self._idf
        scored = sorted(
            ((count / total * idf.get(tok, median_idf), tok) for tok, count in counts.items()),
            key=lambda pair: (-pair[0], pair[1]),
        )
        return [
            Keyword(keyword=tok, weight=round(weight, 6), rank=rank)
            for rank, (weight, tok) in enumerate(scored[:top_k], start=1)
            if math.isfinite(weight)
        ]
