"""Archive search: BM25 over the `article_terms` postings, exact by construction.

A hit contains one part of every clause of the query and no excluded part (parsers.query:
`A B` both, `A OR B` either, `-C` not, `"a phrase"`), and every article that does is found,
in two tiers:

1. word hits: articles whose postings hold the part's terms (a part the tokenizer splits is
   checked as a phrase in the text). Ranked by BM25 over the postings: k1 = 1.2, b = 0 (no
   length normalisation: a document length costs a scan of every body; articles are of similar
   length), IDF from the document frequencies of the corpora searched: the archive's when it
   holds no other (`term_document_frequencies`), else those corpora's
   (`term_city_document_frequencies`), so that a search of Yangzhou ranks as it would in an
   archive of Yangzhou alone.
2. text hits: articles that contain the parts only inside longer words (副市长 for 市长) or
   parts that are no search term at all (stopwords, one character). Found by a scan of titles
   and bodies, ranked after every word hit by the same formula over the part's occurrences;
   run only when the word hits do not fill the limit, so they never push a word hit out.

Parts that are terms of the index need no tokenizer: the caller's `tokenizer` factory (jieba
takes ~1 s to load) is called only for a part the index does not know as a term.

Postings are read with `term in (...)`: fast when the table is stored in term order (DuckDB
skips row groups by their min/max), a scan of every posting otherwise; see
`cluster_postings`, which puts them in order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from parsers.query import Query, QueryTokenizer, may_hold_terms, query_terms
from warehouse.db import among_ids, big_statements, transaction
from warehouse.filters import ArticleFilters

K1 = 1.2
DEFAULT_LIMIT = 20
MAX_LIMIT = 10_000
# Candidates of a split phrase whose text is checked by id before checking them all.
PHRASE_CHECK_FIRST = 100
# Re-cluster the postings once this many rows, and this share of the table, were appended
# unordered since the last time: below that, the unordered tail costs a few milliseconds.
RECLUSTER_MIN_ROWS = 500_000
RECLUSTER_SHARE = 0.2
WORD, TEXT = "word", "text"


@dataclass(frozen=True)
class PartPlan:
    """How one query part is looked up: its terms (all required) and whether the text must
    be checked for it (a phrase the tokenizer split, or a part with no term at all)."""

    part: str
    terms: tuple[str, ...]
    check_text: bool


@dataclass(frozen=True)
class Hit:
    """One search result."""

    article_id: str
    url: str
    title: str
    published_at: datetime
    source: str | None
    score: float
    snippet: str
    match: str  # WORD: found through the postings; TEXT: only as a substring of the text


def idf(doc_count: int, doc_freq: int) -> float:
    """BM25's IDF, ln(1 + (N - df + 0.5) / (df + 0.5)): never negative."""
    return math.log(1.0 + (doc_count - doc_freq + 0.5) / (doc_freq + 0.5))


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


def document_frequencies(
    con: duckdb.DuckDBPyConnection, terms: Sequence[str], corpora: Sequence[str] | None = None
) -> dict[str, int]:
    """Articles holding each term (terms absent from the index are left out): in the whole
    archive, or in the articles of `corpora` alone (both kept by the loads)."""
    if not terms:
        return {}
    if corpora is None:
        sql = (
            "select term, documents from term_document_frequencies"
            f" where term in ({_placeholders(len(terms))})"
        )
        rows = con.execute(sql, list(terms)).fetchall()
    else:
        sql = (
            "select term, sum(documents) from term_city_document_frequencies"
            f" where term in ({_placeholders(len(terms))}) and list_contains(?, city)"
            " group by term"
        )
        rows = con.execute(sql, [*terms, list(corpora)]).fetchall()
    return {str(term): int(count) for term, count in rows}


def searched_corpora(
    con: duckdb.DuckDBPyConnection, filters: ArticleFilters
) -> tuple[str, ...] | None:
    """The corpora a search ranks within, when the archive holds articles of others: a search
    of Yangzhou ranks as it would in an archive of Yangzhou alone (BM25's document count and
    frequencies are Yangzhou's), however many other cities are loaded beside it. None: every
    article is in the corpora asked for, and the archive-wide statistics are theirs."""
    cities = list(filters.cities)
    row = con.execute(
        "select count(*) from articles where not list_contains(?, city)", [cities]
    ).fetchone()
    return tuple(cities) if row and row[0] else None


def plan_query(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    tokenizer: Callable[[], QueryTokenizer],
    corpora: Sequence[str] | None = None,
) -> tuple[tuple[PartPlan, ...], dict[str, int]]:
    """Each part's terms, and the document frequency of every term (in `corpora`' articles,
    if given, else in the whole archive).

    A part that is itself an indexed term is that term; any other part is segmented by the
    tokenizer (built only then) into its content terms and checked in the text as a phrase.
    """
    freqs = document_frequencies(con, query.parts, corpora)
    plans: list[PartPlan] = []
    for part in query.parts:
        if part in freqs:
            plans.append(PartPlan(part, (part,), check_text=False))
            continue
        if not may_hold_terms(part):
            plans.append(PartPlan(part, (), check_text=True))
            continue
        terms, split = query_terms(part, tokenizer())
        plans.append(PartPlan(part, terms, check_text=split or not terms))
    missing = [t for plan in plans for t in plan.terms if t not in freqs]
    freqs.update(document_frequencies(con, list(dict.fromkeys(missing)), corpora))
    return tuple(plans), freqs


def text_condition(alias: str, part: str) -> tuple[str, list[Any]]:
    """SQL condition: the title or body of `alias` contains the part, as a search matches it."""
    # The part never holds whitespace, so title and body can be searched apart (no concat);
    # lower() only when the part has Latin letters (terms are stored lower-cased).
    if part == part.upper():
        return f"(contains({alias}.title, ?) or contains({alias}.body, ?))", [part, part]
    return f"(contains(lower({alias}.title), ?) or contains(lower({alias}.body), ?))", [part, part]


def query_conditions(query: Query, alias: str = "a") -> tuple[list[str], list[Any]]:
    """SQL conditions: the text of `alias` holds one part of every clause and no excluded part,
    as a search matches them; and their values."""
    conditions: list[str] = []
    values: list[Any] = []
    for clause in query.clauses:
        alternatives = [text_condition(alias, part) for part in clause]
        conditions.append(_any(condition for condition, _ in alternatives))
        values += [value for _, part_values in alternatives for value in part_values]
    excluded, excluded_values = excluded_conditions(query, alias)
    return conditions + excluded, values + excluded_values


def excluded_conditions(query: Query, alias: str = "a") -> tuple[list[str], list[Any]]:
    """SQL conditions: the text of `alias` holds no excluded part (`-word`); their values."""
    conditions: list[str] = []
    values: list[Any] = []
    for part in query.excluded:
        condition, part_values = text_condition(alias, part)
        conditions.append(f"not {condition}")
        values += part_values
    return conditions, values


def _any(conditions: Iterable[str]) -> str:
    listed = list(conditions)
    return listed[0] if len(listed) == 1 else f"({' or '.join(listed)})"


def _article_count(con: duckdb.DuckDBPyConnection, corpora: Sequence[str] | None = None) -> int:
    if corpora is None:
        row = con.execute("select count(*) from articles").fetchone()
    else:
        sql = "select count(*) from articles where list_contains(?, city)"
        row = con.execute(sql, [list(corpora)]).fetchone()
    return int(row[0]) if row else 0


def _word_hits(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    plans: dict[str, PartPlan],
    freqs: dict[str, int],
    doc_count: int,
    filters: ArticleFilters,
    limit: int,
    exhaustive: bool = False,
    within: Sequence[str] | None = None,
) -> list[tuple[str, float]]:
    """(article_id, score) of the best word hits, best first (every one when `exhaustive`;
    only those among the articles `within`, when given).

    A word hit holds, in its postings, every term of one part of each clause (that part checked
    in the text too when the tokenizer split it) and none of the excluded parts in its text.
    """
    # Per clause, the parts the postings can find: parts with terms, every term indexed. A
    # clause with none has no word hit (its articles are text hits).
    clauses: list[list[PartPlan]] = []
    for parts in query.clauses:
        findable = [
            plans[part]
            for part in parts
            if plans[part].terms and all(term in freqs for term in plans[part].terms)
        ]
        if not findable:
            return []
        clauses.append(findable)
    terms = list(dict.fromkeys(t for findable in clauses for plan in findable for t in plan.terms))
    # One term, and nothing but its postings to check: `a b` where b splits into a alone
    # still needs b's text.
    checks = any(plan.check_text for findable in clauses for plan in findable)
    one_word = len(terms) == 1 and not checks and not query.excluded
    if one_word and not exhaustive and within is None:
        return _best_postings(con, terms[0], idf(doc_count, freqs[terms[0]]), filters, limit)
    weights = ", ".join("(?, ?)" for _ in terms)
    values: list[Any] = [v for t in terms for v in (t, idf(doc_count, freqs[t]))]
    values += terms
    # Scoring some articles only (a page's): their postings alone, not a common word's all.
    among = ""
    if within is not None:
        condition, ids = among_ids("article_id", within)
        among = f"and {condition}"
        values += ids
    sql = f"""
        with weights(term, idf) as (values {weights}),
        postings as (
            select article_id, term, tf from article_terms
            where term in ({_placeholders(len(terms))}) {among}
        ),
        scored as (
            select p.article_id, sum(w.idf * p.tf * {K1 + 1} / (p.tf + {K1})) as score,
                   list(p.term) as held
            from postings p
            join weights w using (term)
            group by p.article_id
        )
    """
    # Each clause twice: by the postings alone, and with the text checks of split phrases.
    held: list[str] = []
    held_values: list[Any] = []
    checked: list[str] = []
    checked_values: list[Any] = []
    needs_text = bool(query.excluded)
    for findable in clauses:
        held.append(_any("list_has_all(s.held, ?)" for _ in findable))
        held_values += [list(plan.terms) for plan in findable]
        alternatives = []
        for plan in findable:
            checked_values.append(list(plan.terms))
            if plan.check_text:
                condition, part_values = text_condition("a", plan.part)
                alternatives.append(f"(list_has_all(s.held, ?) and {condition})")
                checked_values += part_values
                needs_text = True
            else:
                alternatives.append("list_has_all(s.held, ?)")
        checked.append(_any(alternatives))
    excluded, excluded_values = excluded_conditions(query, "a")
    checked += excluded
    checked_values += excluded_values
    filter_conditions, filter_values = filters.where("a")

    # The articles are joined only for conditions on their columns or text.
    joined = bool(filter_conditions) or needs_text
    if joined and within is not None:
        # Those articles alone: found by their key, not by reading every article.
        condition, ids = among_ids("a.article_id", within)
        filter_conditions.append(condition)
        filter_values += ids

    def ranked(conditions: list[str], extra: list[Any], count: int) -> list[tuple[str, float]]:
        rows = con.execute(
            f"{sql} select s.article_id, s.score from scored s"
            f" {'join articles a using (article_id)' if joined else ''}"
            f" where {' and '.join(conditions)}"
            " order by s.score desc, s.article_id desc limit ?",
            [*values, *extra, count],
        ).fetchall()
        return [(str(article_id), float(score)) for article_id, score in rows]

    everything = checked + filter_conditions
    everything_values = checked_values + filter_values
    if not needs_text or exhaustive:  # every hit wanted: the shortcut below would check them all
        return ranked(everything, everything_values, limit)
    # A split phrase or an excluded word: the best candidates usually pass the text checks, so
    # check the text of those first (a lookup by id); only if too few pass, check every one.
    first = max(PHRASE_CHECK_FIRST, 4 * limit)
    chunk = ranked(held + filter_conditions, held_values + filter_values, first)
    verified = ranked(
        [*everything, "s.article_id in (select unnest(?::varchar[]))"],
        [*everything_values, [article_id for article_id, _ in chunk]],
        limit,
    )
    if len(verified) >= limit or len(chunk) < first:
        return verified
    return ranked(everything, everything_values, limit)


def _best_postings(
    con: duckdb.DuckDBPyConnection, term: str, term_idf: float, filters: ArticleFilters, limit: int
) -> list[tuple[str, float]]:
    """`_word_hits` of a query of one word: its best `limit` articles within the filters.

    One term's score grows with its tf alone, so its postings in (tf, article_id) order are its
    ranking: the best of them that pass the filters, read a few times `limit` at a time, are
    the best hits, without grouping a common word's every posting (扬州 holds 900,000 at 1M)
    or joining every article for the filters. The score is computed as `_word_hits`' SQL does.
    """
    conditions, values = filters.where("a")
    wanted = 8 * limit  # Yangzhou is a quarter of a province's archive
    while True:
        candidates = con.execute(
            f"select article_id, ? * tf * {K1 + 1} / (tf + {K1}) from article_terms"
            " where term = ? order by tf desc, article_id desc limit ?",
            [term_idf, term, wanted],
        ).fetchall()
        ids = [str(article_id) for article_id, _ in candidates]
        # The candidates found by their key first (the filters in the same scan would read
        # every article), then filtered.
        among, id_values = among_ids("article_id", ids)
        passing = {
            str(row[0])
            for row in con.execute(
                "with a as materialized (select article_id, published_at, source, reporters,"
                f" site, city from articles where {among})"
                f" select a.article_id from a where {' and '.join([*conditions, 'true'])}",
                [*id_values, *values],
            ).fetchall()
        }
        best = [(str(a), float(score)) for a, score in candidates if str(a) in passing]
        if len(best) >= limit or len(candidates) < wanted:
            return best[:limit]
        # Read on, as far as the share that passed says the page needs (and twice as far).
        wanted = max(2 * wanted, 2 * limit * len(candidates) // max(1, len(best)))


def _text_hits(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    exclude: Sequence[str],
    doc_count: int,
    filters: ArticleFilters,
    limit: int,
    within: Sequence[str] | None = None,
    matches: int | None = None,
) -> list[tuple[str, float]]:
    """(article_id, score) of articles whose text meets the query, not in `exclude` (and
    among `within`, when given). Their IDF counts them all: `matches`, the number of text
    hits in the whole result, when only some are read here."""
    conditions, values = filters.where("a")
    if within is not None:
        condition, ids = among_ids("a.article_id", within)
        conditions.append(condition)
        values += ids
    matched, matched_values = query_conditions(query, "a")
    conditions += matched
    values += matched_values
    occurrences: list[str] = []
    occurrence_values: list[Any] = []
    for part in query.parts:
        text = (
            "lower(a.title || ' ' || a.body)"
            if part != part.upper()
            else "(a.title || ' ' || a.body)"
        )
        # Occurrences of the part: the characters it takes up, over its length.
        occurrences.append(f"((length({text}) - length(replace({text}, ?, ''))) // length(?))")
        occurrence_values += [part, part]
    if exclude:
        # One list value, not a placeholder per id: an exhaustive search excludes every word hit.
        conditions.append("a.article_id not in (select unnest(?::varchar[]))")
        values.append(list(exclude))
    parts = range(len(query.parts))
    saturation = " + ".join(f"(tf{i} * {K1 + 1} / (tf{i} + {K1}))" for i in parts)
    tfs = ", ".join(f"{expression} as tf{i}" for i, expression in enumerate(occurrences))
    sql = f"""
        with matched as (
            select a.article_id, {tfs}
            from articles a
            where {" and ".join(conditions)}
        )
        select article_id, {saturation} as saturation, count(*) over () as matches
        from matched
        order by saturation desc, article_id desc
        limit ?
    """
    rows = con.execute(sql, [*occurrence_values, *values, limit]).fetchall()
    return [
        (str(article_id), float(saturation) * idf(doc_count, int(matches or counted)))
        for article_id, saturation, counted in rows
    ]


def rank(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    tokenizer: Callable[[], QueryTokenizer],
    filters: ArticleFilters | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> list[tuple[str, float, str]]:
    """(article_id, score, match) of the best `limit` articles meeting the query, best first;
    of every such article when `limit` is None (a whole result's total and facets). The
    first n of a longer ranking are the ranking of limit n.
    """
    filters = filters or ArticleFilters()
    plans, freqs, doc_count = _planned(con, query, tokenizer, filters)
    if limit is None:
        wanted = doc_count  # no result is larger than the archive
        if wanted == 0:
            return []
    else:
        wanted = max(1, min(limit, MAX_LIMIT))
    word_hits = _word_hits(con, query, plans, freqs, doc_count, filters, wanted, limit is None)
    ranked = [(article_id, score, WORD) for article_id, score in word_hits]
    if len(ranked) < wanted:
        found = [article_id for article_id, _, _ in ranked]
        extra = _text_hits(con, query, found, doc_count, filters, wanted - len(ranked))
        ranked += [(article_id, score, TEXT) for article_id, score in extra]
    return ranked


def _planned(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    tokenizer: Callable[[], QueryTokenizer],
    filters: ArticleFilters,
) -> tuple[dict[str, PartPlan], dict[str, int], int]:
    """The query's plans, its terms' document frequencies and the document count, in the
    corpora the filters search."""
    corpora = searched_corpora(con, filters)
    planned, freqs = plan_query(con, query, tokenizer, corpora)
    return {plan.part: plan for plan in planned}, freqs, _article_count(con, corpora)


def scores_of(
    con: duckdb.DuckDBPyConnection,
    query: Query,
    tokenizer: Callable[[], QueryTokenizer],
    filters: ArticleFilters,
    article_ids: Sequence[str],
    matches: int,
) -> dict[str, tuple[float, str]]:
    """(score, match) of these hits, as `rank` of the whole result scores them, for a result
    of `matches` articles: without ranking it all (a page in date order of a common word).

    A word hit's score is its own; a text hit's IDF counts every text hit, the result's
    articles less its word hits, counted from the postings.
    """
    plans, freqs, doc_count = _planned(con, query, tokenizer, filters)
    if not article_ids or doc_count == 0:
        return {}
    word = dict(
        _word_hits(
            con, query, plans, freqs, doc_count, filters, len(article_ids), True, article_ids
        )
    )
    scores = {article_id: (score, WORD) for article_id, score in word.items()}
    rest = [article_id for article_id in article_ids if article_id not in word]
    if rest:
        every_word_hit = _word_hits(con, query, plans, freqs, doc_count, filters, doc_count, True)
        text_hits = matches - len(every_word_hit)
        extra = _text_hits(con, query, [], doc_count, filters, len(rest), rest, text_hits)
        scores.update((article_id, (score, TEXT)) for article_id, score in extra)
    return scores


def cluster_postings(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite `article_terms` in term order, in one transaction (a writer's job).

    Loads append each batch sorted by term, but a table of many batches is not: every row
    group then spans every term and a term's postings cost a scan of them all (~330 ms at
    100,000 articles, against ~2 ms in term order). It reads and rewrites every posting
    (tens of seconds at 100,000 articles): `maintain_postings` decides when it pays.
    """
    with big_statements(con), transaction(con):
        con.execute(
            "create temp table clustered_terms as"
            " select * from article_terms order by term, article_id"
        )
        con.execute("delete from article_terms")
        con.execute(
            "insert into article_terms select * from clustered_terms order by term, article_id"
        )
        con.execute("drop table clustered_terms")
        # The same postings in another order: term_document_frequencies stays as it is.
        con.execute(
            "update postings_layout set appended_rows = 0, clustered_at = timezone('UTC', now())"
        )


def rebuild_document_frequencies(con: duckdb.DuckDBPyConnection) -> None:
    """Count `term_city_document_frequencies` and `term_document_frequencies` afresh from
    every posting: a repair after the postings were changed by hand (loads, reprocess included,
    keep them up to date themselves)."""
    with big_statements(con):
        con.execute("delete from term_city_document_frequencies")
        con.execute(
            "insert into term_city_document_frequencies"
            " select t.term, a.city, count(*) from article_terms t join articles a"
            " using (article_id) group by t.term, a.city order by t.term, a.city"
        )
        con.execute("delete from term_document_frequencies")
        con.execute(
            "insert into term_document_frequencies"
            " select term, sum(documents) from term_city_document_frequencies"
            " group by term order by term"
        )


def unclustered_postings(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(postings appended since the last clustering, all postings)."""
    row = con.execute(
        "select (select appended_rows from postings_layout), (select count(*) from article_terms)"
    ).fetchone()
    return (int(row[0] or 0), int(row[1])) if row else (0, 0)


def maintain_postings(
    con: duckdb.DuckDBPyConnection,
    min_rows: int = RECLUSTER_MIN_ROWS,
    share: float = RECLUSTER_SHARE,
) -> bool:
    """Cluster the postings once the rows appended since the last time are at least
    `min_rows` and `share` of the table; True when it did. Two counts when there is nothing to do.
    """
    added, total = unclustered_postings(con)
    if added == 0 or added < max(min_rows, share * total):
        return False
    cluster_postings(con)
    return True
