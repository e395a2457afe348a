"""Collocates of a term over the archive's token sequences, and term suggestions.

Both read one token sequence per story (`v_story_tokens`: its first copy's), so a story told
on two sites counts once, dated by its first publication. The statistics are
`parsers.corpus`'s; here the corpus is read and counted.

* collocates: the words within `window` word tokens of the term, with O11 (their count in the
  windows), E11 = R1 * C1 / N (R1 the word positions in the windows, C1 the word's frequency
  in the corpus, from the postings, N the corpus's word positions), G² and PMI.
* term suggestions: the word sequences the tokenizer splits that the archive uses as one unit
  (`parsers.corpus.suggest_terms`), with their first appearance as text in the whole archive.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from parsers.cities import DEFAULT
from parsers.corpus import (
    Collocate,
    TermCandidate,
    WindowCounts,
    score_collocates,
    suggest_terms,
)
from parsers.lexicon import ContentWords, read_lexicon
from parsers.people import POST_TAG
from warehouse.analytics import PERIODS, in_scope

DEFAULT_WINDOW = 5
MAX_WINDOW = 50
FETCH_BATCH = 500
# Candidates whose frequency is asked of the postings at once (bound as one list).
FREQUENCY_BATCH = 5000
ALL_PERIODS = "all"


@dataclass(frozen=True)
class Collocation:
    """The collocates of a term in one period (ALL_PERIODS without `by`), best first."""

    term: str
    period: str
    node_occurrences: int  # the term's occurrences in the period's stories
    stories: int  # stories holding it
    window_words: int  # R1
    total_words: int  # N
    collocates: tuple[Collocate, ...]


def _in_range(
    since: date | None, until: date | None, alias: str, cities: Sequence[str] = DEFAULT
) -> tuple[str, list[object]]:
    """A condition keeping `alias`'s rows in since..until (both days inclusive) and among
    `cities`, and its values."""
    conditions, values = in_scope(since, until, cities, f"{alias}.published_at", f"{alias}.city")
    return (" and ".join(conditions) or "true"), values


def _period(by: str | None, column: str) -> str:
    """The period label of `column` (ALL_PERIODS when there is no `by`)."""
    if by is None:
        return f"'{ALL_PERIODS}'"
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}: one of {', '.join(PERIODS)}")
    return f"period_label({column}, '{by}')"


def stories_without_tokens(
    con: duckdb.DuckDBPyConnection,
    since: date | None = None,
    until: date | None = None,
    cities: Sequence[str] = DEFAULT,
) -> int:
    """Stories (first copies) in the range with no token sequence: loaded before issue 16's
    NLP version, they are left out of collocations until `yzdaily reprocess`."""
    where, values = _in_range(since, until, "a", cities)
    row = con.execute(
        "select count(*) from articles a where a.article_id = a.story_id and"
        " not exists (select 1 from article_tokens t where t.article_id = a.article_id)"
        f" and {where}",
        values,
    ).fetchone()
    return int(row[0]) if row else 0


def collocates(
    con: duckdb.DuckDBPyConnection,
    term: str,
    window: int = DEFAULT_WINDOW,
    measure: str = "llr",
    min_count: int = 3,
    since: date | None = None,
    until: date | None = None,
    by: str | None = None,
    limit: int = 20,
    cities: Sequence[str] = DEFAULT,
) -> list[Collocation]:
    """The collocates of `term` (normalised: lower-cased), one Collocation per period of
    `by` (year, quarter, month) that holds the term, or one over the whole range."""
    if not 1 <= window <= MAX_WINDOW:
        raise ValueError(f"the window is 1 to {MAX_WINDOW} tokens: {window}")
    period = _period(by, "s.published_at")
    where, values = _in_range(since, until, "s", cities)
    totals = dict(
        con.execute(
            f"select {period}, sum(s.words) from v_story_tokens s where {where} group by all",
            values,
        ).fetchall()
    )
    content = ContentWords.from_data_files()
    counts: dict[str, WindowCounts] = {}
    # Stories whose text holds the term: the only ones whose windows can hold it.
    cursor = con.execute(
        f"select {period}, s.tokens from v_story_tokens s"
        " join articles a on a.article_id = s.story_id"
        f" where (contains(lower(a.title), ?) or contains(lower(a.body), ?)) and {where}"
        " order by s.published_at, s.story_id",
        [term, term, *values],
    )
    while batch := cursor.fetchmany(FETCH_BATCH):
        for label, tokens in batch:
            seen = counts.setdefault(str(label), WindowCounts())
            seen.add(tokens, term, window, content.is_content)
    frequencies = _frequencies(con, counts, period, where, values)
    found = []
    for label in sorted(counts):
        seen = counts[label]
        if not seen.node_occurrences:
            continue
        total = int(totals.get(label, 0))
        scored = score_collocates(seen, frequencies.get(label, {}), total, min_count, measure)
        found.append(
            Collocation(
                term=term,
                period=label,
                node_occurrences=seen.node_occurrences,
                stories=seen.sequences_with_node,
                window_words=seen.window_words,
                total_words=total,
                collocates=tuple(scored[:limit]),
            )
        )
    return found


def _frequencies(
    con: duckdb.DuckDBPyConnection,
    counts: dict[str, WindowCounts],
    period: str,
    where: str,
    values: Sequence[object],
) -> dict[str, dict[str, int]]:
    """Each candidate's frequency in each period's stories (C1), from the postings.

    `period` and `where` are over `s.published_at` (v_story_tokens as s)."""
    words = sorted({word for seen in counts.values() for word in seen.observed})
    found: dict[str, dict[str, int]] = {}
    for start in range(0, len(words), FREQUENCY_BATCH):
        rows = con.execute(
            f"select {period}, t.term, sum(t.tf)"
            " from article_terms t join v_story_tokens s on s.story_id = t.article_id"
            f" where list_contains(?, t.term) and {where}"
            " group by all",
            [words[start : start + FREQUENCY_BATCH], *values],
        ).fetchall()
        for label, word, frequency in rows:
            found.setdefault(str(label), {})[str(word)] = int(frequency)
    return found


@dataclass(frozen=True)
class SuggestedTerm:
    """A term to review for the lexicon: the evidence, and where the archive first has it."""

    text: str
    parts: tuple[str, ...]
    stories: int
    occurrences: int
    first_published_date: date  # of the earliest article containing it as text (whole archive)
    first_url: str
    pmi: float
    npmi: float
    llr: float
    left_entropy: float
    right_entropy: float


def term_suggestions(
    con: duckdb.DuckDBPyConnection,
    since: date | None = None,
    min_stories: int = 3,
    limit: int = 30,
    cities: Sequence[str] = DEFAULT,
) -> list[SuggestedTerm]:
    """Word sequences the tokenizer splits that the stories since `since` use as one unit,
    best first (parsers.corpus.suggest_terms); lexicon words and words the tokenizer keeps
    whole elsewhere in the archive (terms of the index) are no suggestion."""
    where, values = _in_range(since, None, "s", cities)

    def sequences() -> Iterator[tuple[datetime, Sequence[str]]]:
        cursor = con.execute(
            f"select s.published_at, s.tokens from v_story_tokens s where {where}"
            " order by s.published_at, s.story_id",
            values,
        )
        while batch := cursor.fetchmany(FETCH_BATCH):
            yield from ((published_at, tokens) for published_at, tokens in batch)

    lexicon = read_lexicon()
    known = {entry.word for entry in lexicon}
    # Post + name (市长邵清源) is how this press names people, not a term.
    rows = con.execute("select distinct name from person_mentions").fetchall()
    people = {str(name) for (name,) in rows}
    posts = {entry.word for entry in lexicon if entry.tag == POST_TAG}
    candidates = suggest_terms(
        sequences, ContentWords.from_data_files(), known, min_stories, people | posts
    )
    indexed = {
        str(term)
        for (term,) in con.execute(
            "select term from term_document_frequencies where list_contains(?, term)",
            [[c.text for c in candidates]],
        ).fetchall()
    }
    chosen = [c for c in candidates if c.text not in indexed][:limit]
    return [_with_first_seen(con, c) for c in chosen]


def _with_first_seen(con: duckdb.DuckDBPyConnection, candidate: TermCandidate) -> SuggestedTerm:
    row = con.execute(
        "select published_at, url from articles"
        " where contains(title, ?) or contains(body, ?)"
        " order by published_at, article_id limit 1",
        [candidate.text, candidate.text],
    ).fetchone()
    first_at, url = (row[0], str(row[1])) if row else (candidate.first_seen, "")
    return SuggestedTerm(
        text=candidate.text,
        parts=candidate.parts,
        stories=candidate.stories,
        occurrences=candidate.occurrences,
        first_published_date=first_at.date(),
        first_url=url,
        pmi=round(candidate.pmi, 4),
        npmi=round(candidate.npmi, 4),
        llr=round(candidate.llr, 4),
        left_entropy=round(candidate.left_entropy, 4),
        right_entropy=round(candidate.right_entropy, 4),
    )
