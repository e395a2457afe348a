"""Chinese text analysis with jieba: one POS-tagged pass per article, everything derived from it.

One `Segmenter` per process, built from jieba's own dictionary plus the project lexicon
(`parsers/data/lexicon.txt`), never jieba's global tokenizer. Its dictionary cache goes to a
directory the caller names (the project's data dir), not the system temp dir.

`Segmenter.analyse` segments and POS-tags a text once (posseg is the expensive step, ~4x plain
`lcut`) and derives from that single token list: search terms with their counts, TF-IDF and
TextRank keywords, entities (person, place, org; places from the gazetteer of
parsers/gazetteer.py, not from jieba's tag alone) and the token sequence itself (for
concordance, collocation and term suggestions). Person mentions (post + name) and quoted
phrases come from patterns over the text itself; names found there are kept whole in the pass.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from operator import itemgetter, mul, sub
from pathlib import Path
from statistics import median
from typing import Any, TypeVar, cast

from parsers.divisions import divisions_version, read_divisions
from parsers.gazetteer import Gazetteer
from parsers.lexicon import DATA_FILES, PLACES_FILE, data_lines, data_text
from parsers.lexicon import HAS_WORD_CHAR as HAS_WORD_CHAR
from parsers.lexicon import LEXICON_FILE as LEXICON_FILE
from parsers.lexicon import NUMERIC_LIKE as NUMERIC_LIKE
from parsers.lexicon import STOPWORDS_FILE as STOPWORDS_FILE
from parsers.lexicon import LexiconEntry as LexiconEntry
from parsers.lexicon import is_content_token as is_content_token
from parsers.lexicon import normalize_term as normalize_term
from parsers.lexicon import read_lexicon as read_lexicon
from parsers.lexicon import read_stopwords as read_stopwords
from parsers.models import Entity, Keyword, PersonMention, Term
from parsers.people import (
    ORG_ENDINGS,
    POST_TAG,
    PersonFinder,
    levelled_places,
    read_offices,
)

# Bump when a change to this package's NLP code can change any derived row (terms, keywords,
# entities, mentions, phrases, tokens): it is hashed into nlp_version, so a reprocess follows.
# 3: token sequences, places from the gazetteer, posts read whole (issue 16).
# 4: people read from lists, appointments, titles and other places' posts; a person entity is
# a name read with a post, an organisation one shaped like one (issue 24).
ANALYSIS_VERSION = 4
# A text with fewer TF-IDF candidates than this ranks all its content words instead.
MIN_KEYWORDS = 5
DEFAULT_TOP_K = 10
# Below this many articles the archive's own IDF is too noisy: use jieba's bundled table.
ARCHIVE_IDF_MIN_ARTICLES = 1000

# POS flags (jieba's ICTCLAS set plus the lexicon's own `post`) that may be keywords. Names (nr*)
# are left to entities and mentions; posts, numerals, pronouns and function words never rank.
TFIDF_FLAGS = frozenset(
    {"n", "ng", "nl", "ns", "nt", "nz", "v", "vn", "a", "an", "l", "i", "j", "eng"}
)
TEXTRANK_FLAGS = frozenset({"n", "ng", "nl", "ns", "nt", "nz", "v", "vn", "l", "j", "eng"})
TEXTRANK_WINDOW = 5
TEXTRANK_DAMPING = 0.85
TEXTRANK_ITERATIONS = 30
TEXTRANK_TOLERANCE = 1e-4

ENTITY_KINDS = {"nr": "person", "nrfg": "person", "nrt": "person", "ns": "place", "nt": "org"}

PREFIX_TAGS = frozenset({"ns", "nt"})
ORG_TAG = "nt"

# Quoted phrases: how this press marks slogans (“二次创业”). NFKC keeps the curly quotes.
PHRASE = re.compile(
    r"“([^“”\n]{2,12})”|「([^「」\n]{2,12})」|『([^『』\n]{2,12})』|\"([^\"\n]{2,12})\""
)
SENTENCE_PUNCTUATION = re.compile(r"[。!?;:,，！？；：]")
# The token a line break (between title and body, between paragraphs) leaves in a sequence:
# no token jieba makes is empty, so nothing reads it as a word.
LINE_BREAK = ""


@dataclass(frozen=True)
class Analysis:
    """Everything derived from one segmentation pass over an article's title and body."""

    terms: tuple[Term, ...]
    keywords: tuple[Keyword, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[PersonMention, ...]
    phrases: tuple[str, ...]
    # Every token in text order (normalised, LINE_BREAK between lines; byline names left out).
    tokens: tuple[str, ...] = ()


@cache
def nlp_version() -> str:
    """jieba's version plus a hash of the data files, the divisions' version and ANALYSIS_VERSION.

    It changes whenever segmentation or anything derived from it may change; rows carry it, so
    a reprocess can recompute the whole archive and keep the series comparable.
    """
    digest = hashlib.sha256(f"analysis-{ANALYSIS_VERSION}\n{divisions_version()}\n".encode())
    for name in DATA_FILES:
        digest.update(data_text(name).encode("utf-8"))
    import jieba  # here, as everywhere in this module: a run that segments nothing never pays it

    return f"jieba-{jieba.__version__}+lex-{digest.hexdigest()[:10]}"


def extract_phrases(text: str) -> tuple[str, ...]:
    """Quoted phrases of 2 to 12 characters without sentence punctuation, once each, in order."""
    found: dict[str, None] = {}
    for match in PHRASE.finditer(text):
        phrase = next(group for group in match.groups() if group is not None).strip()
        if (
            len(phrase) >= 2
            and HAS_WORD_CHAR.search(phrase)
            and not SENTENCE_PUNCTUATION.search(phrase)
        ):
            found.setdefault(phrase, None)
    return tuple(found)


def build_idf(doc_count: int, doc_freqs: Mapping[str, int]) -> dict[str, float]:
    """Smoothed IDF, log((N + 1) / (df + 1)) + 1, from the archive's document frequencies."""
    return {term: math.log((doc_count + 1) / (df + 1)) + 1.0 for term, df in doc_freqs.items()}


def archive_idf(doc_count: int, doc_freqs: Mapping[str, int]) -> dict[str, float] | None:
    """The archive's own IDF once it holds ARCHIVE_IDF_MIN_ARTICLES, else None (jieba's table)."""
    if doc_count < ARCHIVE_IDF_MIN_ARTICLES:
        return None
    return build_idf(doc_count, doc_freqs)


def _score_fetcher(nodes: Sequence[int]) -> Callable[[list[float]], Sequence[float]]:
    # itemgetter reads a node's neighbour scores in C: TextRank's inner loop is the hot spot.
    if len(nodes) > 1:
        return itemgetter(*nodes)
    if nodes:
        only = nodes[0]
        return lambda scores: (scores[only],)
    return lambda scores: ()


def rank_textrank(
    sequence: Sequence[str],
    window: int = TEXTRANK_WINDOW,
    damping: float = TEXTRANK_DAMPING,
    iterations: int = TEXTRANK_ITERATIONS,
) -> list[tuple[str, float]]:
    """TextRank over a token sequence: (word, score scaled so the best is 1.0), best first.

    Words co-occurring within `window` positions share an edge weighted by how often they do;
    scores are weighted PageRank. Ties break by word, so the order is deterministic.
    """
    index: dict[str, int] = {}
    ids = [index.setdefault(word, len(index)) for word in sequence]
    if not index:
        return []
    edges: defaultdict[tuple[int, int], int] = defaultdict(int)
    for position, node in enumerate(ids):
        for other in ids[position + 1 : position + window]:
            if other != node:
                edges[(node, other) if node < other else (other, node)] += 1
    size = len(index)
    strength = [0] * size
    for (a, b), weight in edges.items():
        strength[a] += weight
        strength[b] += weight
    sources: list[list[int]] = [[] for _ in range(size)]
    shares: list[list[float]] = [[] for _ in range(size)]
    for (a, b), weight in edges.items():
        sources[a].append(b)
        shares[a].append(damping * weight / strength[b])
        sources[b].append(a)
        shares[b].append(damping * weight / strength[a])
    fetch = [_score_fetcher(nodes) for nodes in sources]
    base = 1.0 - damping
    scores = [1.0] * size
    for _ in range(iterations):
        updated = [
            base + sum(map(mul, get(scores), share))
            for get, share in zip(fetch, shares, strict=True)
        ]
        converged = max(map(abs, map(sub, updated, scores)))
        scores = updated
        if converged < TEXTRANK_TOLERANCE:
            break
    best = max(scores)
    words = list(index)
    ranked = sorted(zip(words, scores, strict=True), key=lambda pair: (-pair[1], pair[0]))
    return [(word, score / best) for word, score in ranked]


def _ranked(pairs: Iterable[tuple[str, float]], method: str, top_k: int) -> list[Keyword]:
    finite = [(word, weight) for word, weight in pairs if math.isfinite(weight)]
    return [
        Keyword(keyword=word, weight=round(weight, 6), rank=rank, method=method)
        for rank, (word, weight) in enumerate(finite[:top_k], start=1)
    ]


def _is_banned(token: str, banned: Sequence[str]) -> bool:
    # Byline names: a token equal to one, containing one, or a piece of one (HMM fragments).
    return any(name in token or token in name for name in banned)


def _org_shaped(word: str) -> bool:
    # At least one character before the ending: 局 or 委 alone names no organisation.
    return any(word.endswith(end) and len(word) > len(end) + 1 for end in ORG_ENDINGS)


class _DictionaryWords:
    """Dictionary words jieba does not tag as names: 项目 after 书记 is not a person."""

    def __init__(self, tags: Mapping[str, str]) -> None:
        self._tags = tags

    def __contains__(self, word: object) -> bool:
        tag = self._tags.get(word) if isinstance(word, str) else None
        return tag is not None and not tag.startswith("nr")


class _LexiconTags(dict[str, str]):
    """POS tags: the lexicon's own (this dict) over jieba's dictionary tags, shared unchanged.

    jieba.posseg builds a table of every dictionary word's tag (~350,000 entries, tens of MB)
    for its global tokenizer when it is imported; a POSTokenizer of our own would build a
    second copy of the same table. posseg reads tags only through `get` and `in`.
    """

    def __init__(self, shared: Mapping[str, str]) -> None:
        super().__init__()
        self._shared = shared

    def get(self, word: str, default: str | None = None) -> str | None:  # type: ignore[override]
        own = dict.get(self, word)
        return own if own is not None else self._shared.get(word, default)

    def __contains__(self, word: object) -> bool:
        return dict.__contains__(self, word) or word in self._shared


@cache
def _pos_tagger_class() -> type:
    """posseg's POSTokenizer over our tokenizer. Built on first use: importing jieba.posseg
    reads the dictionary's tag table (about a second), which only a Segmenter needs (the
    import of this module must not cost it: a run with nothing new builds none)."""
    import jieba.posseg

    class PosTagger(jieba.posseg.POSTokenizer):  # type: ignore[misc]
        """posseg over our tokenizer, with the dictionary's tag table shared, not loaded again."""

        def __init__(self, tokenizer: jieba.Tokenizer) -> None:
            # Not POSTokenizer.__init__: it would read the dictionary file into a table of
            # its own. Valid because our tokenizer uses jieba's default dictionary, as the
            # global one does.
            self.tokenizer = tokenizer
            self.word_tag_tab = _LexiconTags(jieba.posseg.dt.word_tag_tab)

    return PosTagger


T = TypeVar("T")


def _load_dictionary(tokenizer: Any, cache_dir: Path | None) -> None:
    """jieba's prefix dictionary into `tokenizer`: from our pickle of it in `cache_dir` when
    there is one. jieba's own cache is a marshal dump that takes 1.3 s to load here, the same
    table pickled 0.4 s (#19), and every process that segments pays it once."""

    def from_jieba() -> tuple[dict[str, int], int]:
        tokenizer.initialize()
        return tokenizer.FREQ, tokenizer.total

    def valid(table: Any) -> bool:
        return isinstance(table[0], dict) and isinstance(table[1], int)

    tokenizer.FREQ, tokenizer.total = _pickled(cache_dir, "dictionary", from_jieba, valid)
    tokenizer.initialized = True


def _jieba_idf() -> tuple[dict[str, float], float]:
    # jieba.analyse loads its bundled IDF table on import: read that table, load no copy.
    import jieba.analyse

    default = jieba.analyse.default_tfidf
    return default.idf_freq, float(default.median_idf)


def _pickled(
    cache_dir: Path | None, name: str, build: Callable[[], T], valid: Callable[[Any], bool]
) -> T:
    """`build()`'s table, kept pickled in `cache_dir` (named for jieba's version, as the
    table is jieba's): a missing, torn or foreign file is built again and rewritten; one that
    cannot be written costs only the next process the build."""
    if cache_dir is None:
        return build()
    import jieba

    path = cache_dir / f"jieba-{jieba.__version__}-{name}.pickle"
    try:
        with path.open("rb") as cached:
            table = pickle.load(cached)
        if valid(table):
            return cast(T, table)
    except (OSError, EOFError, ValueError, TypeError, IndexError, pickle.UnpicklingError):
        pass
    table = build()
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=cache_dir)
    except OSError:
        return table  # a read-only disk: built again next time
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(table, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError:
        pass  # a full disk: built again next time
    finally:
        Path(partial).unlink(missing_ok=True)
    return table


class Segmenter:
    """The project's jieba tokenizer with its lexicon, stopwords, IDF table and person finder."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        # jieba logs its dictionary loading at DEBUG through its own handler, and a cache it
        # cannot write (a full disk) as an ERROR with a traceback: the dictionary loads either
        # way, so neither is for the user.
        import jieba

        jieba.setLogLevel(logging.CRITICAL)
        self._tokenizer = jieba.Tokenizer()
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._tokenizer.tmp_dir = str(cache_dir)
        self._cache_dir = cache_dir
        _load_dictionary(self._tokenizer, cache_dir)
        self.lexicon = read_lexicon()
        for entry in self.lexicon:
            self._tokenizer.add_word(entry.word, entry.freq, entry.tag)
        # posseg over our own tokenizer: same dictionary and lexicon, never posseg's global one.
        self._pos = _pos_tagger_class()(self._tokenizer)
        self._pos.makesure_userdict_loaded()
        self.stopwords = read_stopwords()
        self.version = nlp_version()
        self.lexicon_words = frozenset(e.word for e in self.lexicon if e.tag and e.freq != 0)
        self.gazetteer = Gazetteer.parse(data_lines(PLACES_FILE), self.lexicon, read_divisions())
        self.people = PersonFinder(
            posts=[e.word for e in self.lexicon if e.tag == POST_TAG],
            prefixes=[e.word for e in self.lexicon if e.tag in PREFIX_TAGS],
            non_names=_DictionaryWords(self._pos.word_tag_tab),
            offices=read_offices(),
            places=levelled_places(self.gazetteer),
        )
        self.institutions = frozenset(e.word for e in self.lexicon if e.tag == ORG_TAG)
        self._external_median: tuple[Mapping[str, float], float] | None = None

    @cached_property
    def _idf(self) -> tuple[Mapping[str, float], float]:
        # jieba's bundled IDF table, which only keyword ranking needs (a search's query
        # segmentation does not): jieba.analyse's own when it is imported already (a pool
        # worker's, shared from the forkserver), else our pickle of it (0.6 s -> 0.1 s).
        if "jieba.analyse" in sys.modules:
            return _jieba_idf()

        def valid(table: Any) -> bool:
            return isinstance(table[0], dict) and isinstance(table[1], float)

        return _pickled(self._cache_dir, "idf", _jieba_idf, valid)

    def _median_of(self, idf: Mapping[str, float]) -> float:
        # The median of a large archive table costs a sort: compute it once per table given.
        if self._external_median is None or self._external_median[0] is not idf:
            compact = getattr(idf, "median", None)  # parsers.compact.ArchiveIdf's
            if isinstance(compact, float):
                value = compact  # from its document frequencies: the same float, no sort
            else:
                value = float(median(idf.values())) if idf else 1.0
            self._external_median = (idf, value)
        return self._external_median[1]

    def cut(self, text: str) -> list[str]:
        """Segment text into tokens (whitespace tokens dropped)."""
        return [tok for tok in self._tokenizer.lcut(text) if tok.strip()]

    def content_tokens(self, text: str) -> list[str]:
        """Tokens that count for keywords and terms, in text order."""
        return [tok for tok in self.cut(text) if self.is_content(tok)]

    def dictionary_tag(self, word: str) -> str | None:
        """The word's POS tag in the dictionary (the lexicon's over jieba's); None for a word
        the dictionary does not hold (one the HMM made up: 促新 from 稳产促新)."""
        tag = self._pos.word_tag_tab.get(word)
        return str(tag) if tag is not None else None

    def is_content(self, token: str) -> bool:
        """A search term or keyword candidate: lexicon words always, others by rule."""
        if token in self.lexicon_words:
            return token not in self.stopwords
        return is_content_token(token, self.stopwords)

    def tag(
        self, text: str, keep_whole: Collection[str] = (), line_breaks: bool = False
    ) -> list[tuple[str, str]]:
        """One POS-tagged pass: (word, flag) pairs, whitespace dropped.

        Words in `keep_whole` (names found by the mention patterns) come out as one `nr` token
        each; the text between them is segmented as usual. With `line_breaks`, a line break
        comes out as one (LINE_BREAK, "x") pair.
        """
        pieces = [text]
        if keep_whole:
            names = sorted(keep_whole, key=len, reverse=True)
            pieces = re.split(f"({'|'.join(map(re.escape, names))})", text)
        whole = frozenset(keep_whole)
        tagged: list[tuple[str, str]] = []
        for number, piece in enumerate(pieces):
            if number % 2 and piece in whole:
                tagged.append((piece, "nr"))
            elif piece:
                for pair in self._pos.cut(piece):
                    if pair.word.strip():
                        tagged.append((pair.word, pair.flag))
                    elif line_breaks and "\n" in pair.word and tagged and tagged[-1][0]:
                        tagged.append((LINE_BREAK, "x"))
        return tagged

    def keywords(
        self,
        tokens: Sequence[str],
        exclude: Iterable[str] = (),
        top_k: int = DEFAULT_TOP_K,
        idf: Mapping[str, float] | None = None,
        default_idf: float | None = None,
    ) -> list[Keyword]:
        """TF-IDF keywords from already-segmented content tokens.

        `exclude` holds names that must never be keywords (the byline's people): a token is
        dropped if it equals one of them, contains one or is part of one. `idf` is the
        archive's own table keyed by normalised term (see `build_idf`); without it, jieba's
        bundled table. Words missing from the table get `default_idf`, else its median.
        """
        banned = [name for name in exclude if name]
        counts = Counter(tokens)
        if banned:
            counts = Counter({t: n for t, n in counts.items() if not _is_banned(t, banned)})
        total = sum(counts.values())
        if not total:
            return []
        table: Mapping[str, float]
        key: Callable[[str], str]
        if idf is None:
            table, fallback = self._idf
            key = str
        else:
            table, fallback, key = idf, self._median_of(idf), normalize_term
        if default_idf is not None:
            fallback = default_idf
        get_many = getattr(table, "get_many", None)
        if get_many is not None:
            # parsers.compact.ArchiveIdf (not imported here: numpy stays out of a search's
            # start): an article's terms at once, one binary search per key length.
            weights = get_many([key(tok) for tok in counts], fallback)
        else:
            weights = [table.get(key(tok), fallback) for tok in counts]
        scored = sorted(
            (
                (tok, n / total * weight)
                for (tok, n), weight in zip(counts.items(), weights, strict=True)
            ),
            key=lambda pair: (-pair[1], pair[0]),
        )
        return _ranked(scored, "tfidf", top_k)

    def textrank_keywords(self, tokens: Sequence[str], top_k: int = DEFAULT_TOP_K) -> list[Keyword]:
        """TextRank keywords from a sequence of candidate tokens (already filtered)."""
        return _ranked(rank_textrank(tokens), "textrank", top_k)

    def _entity(self, word: str, flag: str, names: Collection[str]) -> tuple[str | None, str]:
        """What entity a tagged word is, under the name it is counted as (None: no entity)."""
        if word in names:
            # A person is a name the patterns read with a post or a title. jieba's person tag
            # alone made people of 高峰, 方正, 关怀, 林立 (dictionary words tagged nr), of
            # names cut out of words (盛于唐 in 鼎盛于唐, 桂林 in 方桂林) and of 王女士.
            return "person", word
        if word in self.gazetteer.names:
            return "place", self.gazetteer.canonical(word)
        kind = ENTITY_KINDS.get(flag)
        if kind == "place":
            # jieba tags common words as places (新建, 城市, 满意度): the gazetteer or a
            # place-shaped name decides.
            place = self.gazetteer.place(word, flag)
            return ("place", place) if place is not None else (None, word)
        if kind == "org" and (word in self.institutions or _org_shaped(word)):
            # jieba's own nt tag also sits on 新兴产业, 国际化, 通报会, 国际经贸: an
            # organisation is the lexicon's or named like one (…大学, …政府, …集团).
            return "org", word
        return None, word

    def analyse(
        self,
        text: str,
        exclude: Iterable[str] = (),
        idf: Mapping[str, float] | None = None,
        default_idf: float | None = None,
        top_k: int = DEFAULT_TOP_K,
    ) -> Analysis:
        """Terms, keywords (tfidf and textrank), entities, mentions and phrases of a text.

        `exclude` holds the byline's people: never terms, keywords, entities or mentions.
        """
        banned = [name for name in exclude if name]
        mentions = [m for m in self.people.find(text) if not _is_banned(m.name, banned)]
        names = {m.name for m in mentions}
        tagged = self.tag(text, keep_whole=names, line_breaks=True)

        # Decide once per distinct word, not once per occurrence.
        content: dict[str, bool] = {}
        dropped: set[str] = set()  # byline names and their pieces: in no row, not even tokens
        for word, _ in tagged:
            if word not in content:
                candidate = self.is_content(word)
                if candidate and _is_banned(word, banned):
                    dropped.add(word)
                content[word] = candidate and word not in dropped

        terms: Counter[str] = Counter()
        entity_counts: Counter[tuple[str, str]] = Counter()
        tfidf_tokens: list[str] = []
        textrank_tokens: list[str] = []
        for word, flag in tagged:
            if not content[word]:
                continue
            terms[normalize_term(word)] += 1
            if flag in TFIDF_FLAGS:
                tfidf_tokens.append(word)
            if flag in TEXTRANK_FLAGS:
                textrank_tokens.append(word)
            kind, name = self._entity(word, flag, names)
            if kind is not None:
                entity_counts[(kind, name)] += 1

        if len(set(tfidf_tokens)) < MIN_KEYWORDS:
            # A short text: let every content word but names and posts compete, so that it
            # still gets MIN_KEYWORDS keywords where it has that many words.
            tfidf_tokens = [
                word
                for word, flag in tagged
                if content[word] and flag != POST_TAG and not flag.startswith("nr")
            ]
        keywords = [
            *self.keywords(tfidf_tokens, top_k=top_k, idf=idf, default_idf=default_idf),
            *self.textrank_keywords(textrank_tokens, top_k=top_k),
        ]
        entities = sorted(
            (Entity(name=name, kind=kind, mentions=n) for (kind, name), n in entity_counts.items()),
            key=lambda e: (e.kind, -e.mentions, e.name),
        )
        return Analysis(
            terms=tuple(Term(term, tf) for term, tf in sorted(terms.items())),
            keywords=tuple(keywords),
            entities=tuple(entities),
            mentions=tuple(mentions),
            phrases=extract_phrases(text),
            tokens=tuple(normalize_term(word) for word, _ in tagged if word not in dropped),
        )
