"""Statistics on token sequences: association, collocation windows, branching entropy, and
the word sequences the tokenizer splits that the archive uses as one unit. Pure: sequences
and counts in, numbers out (the warehouse reads the sequences, `article_tokens`).

The measures, as corpus linguistics defines them (docs/ANALYTICS.md, "The statistics"), on a
2x2 contingency table of observed counts O11 O12 / O21 O22 with N = their sum, row sums R1,
R2 and column sums C1, C2:

* expected counts   Eij = Ri * Cj / N
* log-likelihood    G² = 2 * sum(Oij * ln(Oij / Eij)), a cell of 0 adding 0 (Dunning 1993)
* pointwise MI      PMI = log2(O11 / E11) (Church and Hanks 1990), and its normalised form
                    NPMI = PMI / -log2(O11 / N), 1 when the two never occur apart (Bouma 2009)
* branching entropy H = -sum(p(x) * log2 p(x)) over the tokens next to a sequence
                    (punctuation included, quotation marks looked through), each edge (a
                    line break, the end of the text) a neighbour of its own (Harris 1955;
                    Jin and Tanaka-Ishii 2006)
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from parsers.lexicon import NUMERIC_LIKE, ContentWords

# The token a line break leaves in a sequence (parsers.nlp.LINE_BREAK).
LINE_BREAK = ""
# A word token has a letter or a digit; the others are punctuation and symbols.
WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# Characters that end or begin no term: particles, conjunctions, prepositions, pronouns.
FUNCTION_CHARS = frozenset(
    "的地得了着过在和与及或是对将把被从到于也都就并而以为其之这那此该每各我你他她它们又等"
    # measure words, which follow a number: 项具体任务 is no term
    "项个家条次名位件座所批支"
)
# Quotation marks are looked through for a neighbour: 以“融链强群”为 has 以 and 为 around it.
QUOTES = frozenset("“”‘’「」『』《》\"'")
SUGGEST_MAX_TOKENS = 4
SUGGEST_MIN_CHARS = 3
SUGGEST_MAX_CHARS = 8
SUGGEST_MIN_NPMI = 0.5
SUGGEST_MIN_ENTROPY = 1.0


def is_word(token: str) -> bool:
    """True for a token with a letter or digit in it (not punctuation, not a line break)."""
    return WORD_CHAR.search(token) is not None


def count_words(tokens: Iterable[str]) -> int:
    """How many word tokens a sequence holds: the positions collocation windows count."""
    return sum(1 for token in tokens if is_word(token))


# --- association on a 2x2 table --------------------------------------------------------------


@dataclass(frozen=True)
class Contingency:
    """A 2x2 table: o11 both, o12 the first without the second, o21 the second without the
    first, o22 neither."""

    o11: float
    o12: float
    o21: float
    o22: float

    @classmethod
    def of(cls, joint: float, first: float, second: float, total: float) -> Contingency:
        """From the joint count, the two marginal counts and the total."""
        return cls(joint, first - joint, second - joint, total - first - second + joint)

    @property
    def n(self) -> float:
        return self.o11 + self.o12 + self.o21 + self.o22

    def expected(self) -> tuple[float, float, float, float]:
        """E11, E12, E21, E22: Ri * Cj / N."""
        n = self.n
        r1, r2 = self.o11 + self.o12, self.o21 + self.o22
        c1, c2 = self.o11 + self.o21, self.o12 + self.o22
        if n <= 0:
            return 0.0, 0.0, 0.0, 0.0
        return r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n

    def log_likelihood(self) -> float:
        """G² = 2 * sum(O ln(O / E)); 0 for a table without information."""
        observed = (self.o11, self.o12, self.o21, self.o22)
        if min(observed) < 0:
            raise ValueError(f"a contingency table holds counts, not {observed}")
        total = 0.0
        for o, e in zip(observed, self.expected(), strict=True):
            if o > 0 and e > 0:
                total += o * math.log(o / e)
        return max(2.0 * total, 0.0)  # rounding can leave -0.0000001 for independence

    def pmi(self) -> float:
        """log2(O11 / E11); -inf when O11 is 0."""
        e11 = self.expected()[0]
        if self.o11 <= 0 or e11 <= 0:
            return -math.inf
        return math.log2(self.o11 / e11)

    def npmi(self) -> float:
        """PMI / -log2(O11 / N): 1 when both always occur together, 0 when independent."""
        n = self.n
        if self.o11 <= 0 or n <= 0:
            return -1.0
        if self.o11 >= n:
            return 1.0
        return self.pmi() / -math.log2(self.o11 / n)

    def attracted(self) -> bool:
        """True when the two occur together more often than expected."""
        return self.o11 > self.expected()[0]


def branching_entropy(neighbours: Mapping[str, int], edges: int = 0) -> float:
    """H over the neighbours of a sequence, in bits; each edge counts as a neighbour seen once
    (a sequence at a boundary is bounded there, which is evidence for, not against, a unit)."""
    total = sum(neighbours.values()) + edges
    if total <= 0:
        return 0.0
    entropy = -sum(n / total * math.log2(n / total) for n in neighbours.values() if n > 0)
    return entropy + edges * math.log2(total) / total


# --- collocation windows ---------------------------------------------------------------------


def node_spans(tokens: Sequence[str], node: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of `node` in a sequence, left to right, disjoint.

    A node is one token, or a run of word tokens the tokenizer split it into (新型储能 as
    新型/储能): tokens whose concatenation is the node, within a line.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    size = len(tokens)
    while position < size:
        token = tokens[position]
        if token == node:
            spans.append((position, position + 1))
            position += 1
            continue
        if token and is_word(token) and node.startswith(token) and len(token) < len(node):
            joined, end = token, position + 1
            while end < size and len(joined) < len(node) and is_word(tokens[end]):
                joined += tokens[end]
                end += 1
            if joined == node:
                spans.append((position, end))
                position = end
                continue
        position += 1
    return spans


def window_positions(
    tokens: Sequence[str], spans: Sequence[tuple[int, int]], window: int
) -> set[int]:
    """Positions of the word tokens within `window` word tokens of any span, not crossing a
    line break and outside every span: each position once, however many spans it is near."""
    inside = {p for start, end in spans for p in range(start, end)}
    near: set[int] = set()
    for start, end in spans:
        for step, origin in ((-1, start - 1), (1, end)):
            position, counted = origin, 0
            while 0 <= position < len(tokens) and counted < window:
                token = tokens[position]
                if token == LINE_BREAK:
                    break
                if is_word(token):
                    counted += 1
                    if position not in inside:
                        near.add(position)
                position += step
    return near


@dataclass
class WindowCounts:
    """What collocation windows around a node saw, over a corpus of sequences."""

    observed: Counter[str] = field(default_factory=Counter)  # candidate -> O11
    window_words: int = 0  # R1: word positions in the windows
    node_occurrences: int = 0
    sequences_with_node: int = 0

    def add(
        self, tokens: Sequence[str], node: str, window: int, candidate: Callable[[str], bool]
    ) -> None:
        """Count the windows of one sequence."""
        spans = node_spans(tokens, node)
        if not spans:
            return
        self.node_occurrences += len(spans)
        self.sequences_with_node += 1
        positions = window_positions(tokens, spans, window)
        self.window_words += len(positions)
        for position in positions:
            token = tokens[position]
            if token != node and candidate(token):
                self.observed[token] += 1


@dataclass(frozen=True)
class Collocate:
    """A word near the node: O11, E11, its corpus frequency and the association scores."""

    word: str
    observed: int
    expected: float
    frequency: int
    llr: float
    pmi: float


MEASURES = ("llr", "pmi", "count")


def score_collocates(
    counts: WindowCounts,
    frequencies: Mapping[str, int],
    total_words: int,
    min_count: int = 3,
    measure: str = "llr",
) -> list[Collocate]:
    """Collocates seen at least `min_count` times, best first by `measure` (ties: observed,
    then word). For llr and pmi only words attracted to the node (O11 > E11) are kept.

    The table of a candidate c: O11 = c in the windows, R1 = word positions in the windows,
    C1 = c's frequency in the corpus, N = the corpus's word positions.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}: one of {', '.join(MEASURES)}")
    found = []
    for word, observed in counts.observed.items():
        frequency = max(frequencies.get(word, 0), observed)
        if observed < min_count:
            continue
        table = Contingency.of(observed, counts.window_words, frequency, max(total_words, 1))
        if measure != "count" and not table.attracted():
            continue
        found.append(
            Collocate(
                word=word,
                observed=observed,
                expected=table.expected()[0],
                frequency=frequency,
                llr=table.log_likelihood(),
                pmi=table.pmi(),
            )
        )

    def key(c: Collocate) -> tuple[float, int, str]:
        score = {"llr": c.llr, "pmi": c.pmi, "count": float(c.observed)}[measure]
        return (-score, -c.observed, c.word)

    return sorted(found, key=key)


# --- term suggestions ------------------------------------------------------------------------


@dataclass(frozen=True)
class TermCandidate:
    """A word sequence the tokenizer splits, with the evidence that it is one unit."""

    text: str
    parts: tuple[str, ...]
    occurrences: int
    stories: int
    first_seen: datetime
    pmi: float  # the weakest split's PMI, bits
    npmi: float  # the weakest split's normalised PMI
    llr: float  # the weakest split's G²
    left_entropy: float  # bits
    right_entropy: float

    @property
    def entropy(self) -> float:
        """The lower of the two branching entropies: a unit varies on both sides."""
        return min(self.left_entropy, self.right_entropy)


Sequences = Callable[[], Iterable[tuple[datetime, Sequence[str]]]]


def _segments(tokens: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """(start, run) of every run of word tokens between punctuation and line breaks."""
    run: list[str] = []
    for position, token in enumerate(tokens):
        if token and is_word(token):
            run.append(token)
        elif run:
            yield position - len(run), run
            run = []
    if run:
        yield len(tokens) - len(run), run


def _neighbour(tokens: Sequence[str], position: int, step: int) -> str | None:
    """The token next to a sequence (quotation marks looked through); None at an edge."""
    while 0 <= position < len(tokens) and tokens[position] in QUOTES:
        position += step
    if not 0 <= position < len(tokens) or tokens[position] == LINE_BREAK:
        return None
    return tokens[position]


def _usable_part(token: str) -> bool:
    # A part of a term: Chinese, not a number or date.
    return CJK_CHAR.search(token) is not None and NUMERIC_LIKE.match(token) is None


@dataclass
class _Gram:
    count: int = 0
    stories: int = 0
    last_story: int = -1
    first_seen: datetime | None = None
    left: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    left_edges: int = 0
    right_edges: int = 0


def suggest_terms(
    sequences: Sequences,
    content: ContentWords,
    known: Collection[str] = frozenset(),
    min_stories: int = 3,
    excluded_parts: Collection[str] = frozenset(),
    min_npmi: float = SUGGEST_MIN_NPMI,
    min_entropy: float = SUGGEST_MIN_ENTROPY,
    max_tokens: int = SUGGEST_MAX_TOKENS,
) -> list[TermCandidate]:
    """Sequences of 2 to `max_tokens` adjacent tokens that the corpus uses as one unit.

    `sequences()` yields (published_at, tokens) of one copy per story, oldest first; it is
    called twice (the counts of single tokens and pairs prune the longer sequences). A
    candidate has 3 to 8 characters, Chinese parts, no function or measure character for a
    part, no stopword at its ends, no part in `excluded_parts` (posts, people's names), is no
    `known` word, occurs in at least `min_stories` stories, its weakest
    split has NPMI >= `min_npmi` (the parts seldom occur apart) and it has branching entropy
    >= `min_entropy` bits on both sides (varied neighbours). Best first: by the weakest
    split's G² (frequent and strongly associated), then text.
    """
    unigrams: Counter[str] = Counter()
    pairs: Counter[tuple[str, ...]] = Counter()
    total = 0
    for _, tokens in sequences():
        for _, run in _segments(tokens):
            total += len(run)
            unigrams.update(run)
            pairs.update(pairwise(run))
    frequent_pairs = {pair for pair, n in pairs.items() if n >= min_stories}

    grams: dict[tuple[str, ...], _Gram] = {}
    for story, (published_at, tokens) in enumerate(sequences()):
        for offset, run in _segments(tokens):
            for start in range(len(run)):
                for size in range(2, max_tokens + 1):
                    end = start + size
                    if end > len(run) or (run[end - 2], run[end - 1]) not in frequent_pairs:
                        break  # every longer sequence from here holds this rare pair too
                    key = tuple(run[start:end])
                    gram = grams.setdefault(key, _Gram())
                    gram.count += 1
                    if gram.last_story != story:
                        gram.last_story, gram.stories = story, gram.stories + 1
                    if gram.first_seen is None:
                        gram.first_seen = published_at
                    before = _neighbour(tokens, offset + start - 1, -1)
                    if before is None:
                        gram.left_edges += 1
                    else:
                        gram.left[before] += 1
                    after = _neighbour(tokens, offset + end, 1)
                    if after is None:
                        gram.right_edges += 1
                    else:
                        gram.right[after] += 1

    def count(parts: tuple[str, ...]) -> int:
        return unigrams[parts[0]] if len(parts) == 1 else grams.get(parts, _Gram()).count

    found = []
    for parts, gram in grams.items():
        text = "".join(parts)
        if (
            gram.stories < min_stories
            or not SUGGEST_MIN_CHARS <= len(text) <= SUGGEST_MAX_CHARS
            or text in known
            or not all(_usable_part(part) for part in parts)
            or any(len(part) == 1 and part in FUNCTION_CHARS for part in parts)
            or any(part in excluded_parts for part in parts)
            or (len(parts[0]) > 1 and not content.is_content(parts[0]))
            or (len(parts[-1]) > 1 and not content.is_content(parts[-1]))
        ):
            continue
        splits = [
            Contingency.of(gram.count, count(parts[:k]), count(parts[k:]), total)
            for k in range(1, len(parts))
        ]
        weakest = min(splits, key=lambda table: table.npmi())
        left = branching_entropy(gram.left, gram.left_edges)
        right = branching_entropy(gram.right, gram.right_edges)
        if weakest.npmi() < min_npmi or min(left, right) < min_entropy:
            continue
        assert gram.first_seen is not None
        found.append(
            TermCandidate(
                text=text,
                parts=parts,
                occurrences=gram.count,
                stories=gram.stories,
                first_seen=gram.first_seen,
                pmi=weakest.pmi(),
                npmi=weakest.npmi(),
                llr=min(table.log_likelihood() for table in splits),
                left_entropy=left,
                right_entropy=right,
            )
        )
    return sorted(found, key=lambda c: (-c.llr, c.text))
