"""Benchmark archives of any size (issue 29 item 1): rows and postings generated straight into
DuckDB with the real schema, kept in a cache between bench runs.

    path = cached_archive(1_000_000)   # built once (under 30 min on 2 cores), then reused

What an archive holds:
* a pool of article templates from the sample site's generator (real text, sources, bylines,
  dates from 2014 to 2026), their search terms from the project's own Segmenter, one clause
  at a time (as bench.search counts them); at most POOL templates, whatever the size;
* `size` articles, in time order, each a copy of the template of its time (POOL templates for
  a million articles: each stands for ~50 articles of its weeks), its body made distinct by a
  last line of its own number (so no two bodies are equal and DuckDB compresses them as it
  would real ones). Yangzhou has CITY_SHARES[HOME] of the articles, the other twelve cities and
  the province share the rest. An article numbered 1 modulo COPY_EVERY that follows a Yangzhou
  article of the same template is, in Yangzhou, that article's copy on 扬州网 (its story's
  second article, an hour later): about one Yangzhou story in 75;
* postings: the template's terms, padded with long-tail synthetic terms (`长尾<n>`, never
  queried by a user; document frequencies Zipf-like, exponent LONG_TAIL_EXPONENT) to
  TERMS_PER_ARTICLE distinct terms on average, the size of real articles (DESIGN.md 5). They are
  generated term by term in term order, so the table is written clustered, as
  `warehouse.search.cluster_postings` leaves it, without a sort of the whole table;
* term_document_frequencies counted while the postings are generated; story_id set; the
  tables, views and macros made by the real `warehouse.db.open_warehouse`.
Not generated: keywords, entities, tokens, raw fetches (no measured answer reads them).

The cache (YZDAILY_BENCH_CACHE, else ~/.cache/yzdaily-bench/) keeps one file per size and
generator digest: the digest covers this module, the sample site's generator, the migrations
and the views, so a change to any of them builds the archive again.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from itertools import pairwise
from pathlib import Path
from queue import Queue
from typing import Any, TypeVar

import duckdb
import numpy as np
import pyarrow as pa

from bench.common import progress
from bench.search import clause_terms
from parsers.cities import CORPORA, HOME
from parsers.nlp import Segmenter
from tests.sample_site import generator
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import expected_article
from warehouse.db import big_statements, open_warehouse, view_definitions

T = TypeVar("T")
GENERATOR_VERSION = "1"
SEED = 29
POOL = 20_000  # templates at most
START, END = datetime(2014, 1, 1), datetime(2026, 11, 1)
TERMS_PER_ARTICLE = 270
LONG_TAIL_PER_100K = 400_000  # distinct long-tail terms at 100,000 articles (as bench.search)
LONG_TAIL_EXPONENT = 1.2
LONG_TAIL_OFFSET = 100  # the Zipf rank of the first long-tail term (the real words come first)
LONG_TAIL_MAX_SHARE = 0.25  # no long-tail term in more than this share of the articles
CHUNK_POSTINGS = 4_000_000  # postings per Arrow insert
CHUNK_ARTICLES = 100_000
COPY_EVERY = 20  # see the docstring: about one Yangzhou story in 75 has a copy
CITY_SHARES = {HOME: 0.25} | {code: 0.75 / (len(CORPORA) - 1) for code in CORPORA if code != HOME}


def cache_dir() -> Path:
    """Where built archives are kept: YZDAILY_BENCH_CACHE, else ~/.cache/yzdaily-bench."""
    configured = os.environ.get("YZDAILY_BENCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "yzdaily-bench"


def generator_digest() -> str:
    """A digest of everything an archive is made from: a change of any rebuilds it."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for module in (__file__, generator.__file__):
        digest.update(Path(module).read_bytes())
    folder = resources.files("warehouse").joinpath("migrations")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        digest.update(entry.name.encode() + entry.read_bytes())
    for name, sql in view_definitions():
        digest.update(name.encode() + sql.encode())
    return digest.hexdigest()[:12]


def cached_archive(size: int, directory: Path | None = None) -> Path:
    """The archive of `size` articles, built now unless the cache holds it for this generator;
    older builds of the same size are removed."""
    folder = directory or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"archive-{size}-{generator_digest()}.duckdb"
    if path.exists():
        progress(f"archive: {size:,} articles from the cache ({path})")
        return path
    for stale in folder.glob(f"archive-{size}-*"):
        stale.unlink()
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    started = time.perf_counter()
    build_archive(building, size)
    building.rename(path)
    progress(f"archive: {size:,} articles built in {time.perf_counter() - started:.0f} s")
    return path


@dataclass(frozen=True)
class Pool:
    """The templates: their articles' columns (Arrow) and each one's terms with counts."""

    articles: pa.Table
    times: np.ndarray  # seconds since the epoch, sorted
    terms: list[dict[str, int]]


def build_pool(count: int, cache: Path) -> Pool:
    """`count` templates from the sample site's generator, between START and END, their terms
    from the Segmenter."""
    specs = generate_articles(count, seed=SEED, start=START, end=END)
    articles = [expected_article(spec) for spec in specs]
    terms_of = clause_terms(Segmenter(cache_dir=cache))
    terms = [dict(terms_of(f"{a.title}\n{a.body}")) for a in articles]
    table = pa.table(
        {
            "template": pa.array(range(count), pa.int32()),
            "title": [a.title for a in articles],
            "source": [a.source for a in articles],
            "dateline": [a.dateline for a in articles],
            "reporters": pa.array([list(a.reporters) for a in articles], pa.list_(pa.string())),
            "correspondents": pa.array(
                [list(a.correspondents) for a in articles], pa.list_(pa.string())
            ),
            "editors": pa.array([list(a.editors) for a in articles], pa.list_(pa.string())),
            "kicker": [a.kicker for a in articles],
            "subtitle": [a.subtitle for a in articles],
            "body": [a.body for a in articles],
        }
    )
    times = np.array([a.published_at.timestamp() for a in articles], dtype=np.int64)
    return Pool(table, times, terms)


@dataclass(frozen=True)
class Layout:
    """Who each article is: its template, time, corpus, site and story (arrays by article)."""

    first: np.ndarray  # first article of each template (len POOL + 1: the last is `size`)
    template: np.ndarray
    times: np.ndarray  # seconds since the epoch, non-decreasing
    city: np.ndarray  # index into CORPORA
    copy: np.ndarray  # True: a 扬州网 copy of the article before it


def build_layout(pool: Pool, size: int, rng: np.random.Generator) -> Layout:
    """Articles in time order, each the copy of the template whose slot its time falls in."""
    templates = len(pool.times)
    first = (np.arange(templates + 1, dtype=np.int64) * size) // templates
    template = np.repeat(np.arange(templates, dtype=np.int64), np.diff(first))
    # Between its template's time and the next template's, so times stay in order.
    following = np.append(pool.times[1:], pool.times[-1])
    gap = following[template] - pool.times[template]
    times = pool.times[template] + (rng.random(size) * gap).astype(np.int64)
    times.sort()
    codes = list(CORPORA)
    city = rng.choice(len(codes), size=size, p=[CITY_SHARES[code] for code in codes])
    index = np.arange(size)
    home = codes.index(HOME)
    # A copy follows its original: the article before it, of the same template, in Yangzhou.
    copy = (index % COPY_EVERY == 1) & (city == home)
    copy[1:] &= (city[:-1] == home) & (template[1:] == template[:-1])
    copy[0] = False
    times[copy] = times[np.flatnonzero(copy) - 1] + 3600
    return Layout(first, template, times, city, copy)


def article_ids(layout: Layout) -> tuple[pa.Array, pa.Array, pa.Array, pa.Array]:
    """(article_id, url, site, story_id) of every article, as a real archive spells them."""
    size = len(layout.template)
    codes = np.array(list(CORPORA))[layout.city]
    stamp = layout.times.astype("datetime64[s]")
    month = np.datetime_as_string(stamp, unit="M")
    day = np.datetime_as_string(stamp, unit="D")
    number = np.arange(size).astype(str)
    yyyymm = np.char.replace(month, "-", "")
    yyyymmdd = np.char.replace(day, "-", "")
    tail = np.char.add(np.char.add(np.char.add("/t", yyyymmdd), "_"), number)
    column = np.where(
        codes == "province", "/yaowen/", np.char.add(np.char.add("/shixianchuanzhen/", codes), "/")
    )
    zgjssw_path = np.char.add(np.char.add(np.char.add(column, yyyymm), tail), ".shtml")
    yznews_path = np.char.add(np.char.add("/news/", yyyymm), np.char.add(tail, ".html"))
    site = np.where(layout.copy, "yznews", "zgjssw")
    path = np.where(layout.copy, yznews_path, zgjssw_path)
    host = np.where(layout.copy, "https://www.yznews.com.cn", "https://www.zgjssw.gov.cn")
    ids = np.char.add(np.char.add(site, ":"), path)
    story = ids.copy()
    copies = np.flatnonzero(layout.copy)
    story[copies] = ids[copies - 1]
    return (
        pa.array(ids.tolist()),
        pa.array(np.char.add(host, path).tolist()),
        pa.array(site.tolist()),
        pa.array(story.tolist()),
    )


def insert_articles(
    con: duckdb.DuckDBPyConnection, pool: Pool, layout: Layout, ids: Sequence[pa.Array]
) -> None:
    """The articles, CHUNK_ARTICLES at a time, in time order."""
    article_id, url, site, story_id = ids
    size = len(layout.template)
    # A story's first article: its own, or for a copy the article before it (see article_ids).
    story_rows = np.arange(size)
    story_rows[np.flatnonzero(layout.copy)] -= 1
    con.register("pool", pool.articles)
    codes = pa.array(list(CORPORA))
    labels = pa.array([CORPORA[code] for code in CORPORA])
    for start in range(0, size, CHUNK_ARTICLES):
        stop = min(size, start + CHUNK_ARTICLES)
        rows = slice(start, stop)
        chunk = pa.table(
            {
                "n": pa.array(np.arange(start, stop)),
                "template": pa.array(layout.template[rows].astype(np.int32)),
                "published_at": pa.array(layout.times[rows].astype("datetime64[s]")),
                "city": codes.take(pa.array(layout.city[rows])),
                "column_name": labels.take(pa.array(layout.city[rows])),
                "article_id": article_id[start:stop],
                "url": url[start:stop],
                "site": site[start:stop],
                "story_id": story_id[start:stop],
                "story_published_at": pa.array(
                    layout.times[story_rows[rows]].astype("datetime64[s]")
                ),
            }
        )
        con.register("chunk", chunk)
        con.execute(
            """
            insert into articles (article_id, url, site, title, published_at, source, dateline,
                reporters, correspondents, editors, author, column_name, body, content_hash,
                parser_version, nlp_version, first_seen_at, updated_at, raw_sha256, story_id,
                kicker, subtitle, fetched_via, captured_at, city, story_published_at)
            select c.article_id, c.url, c.site, p.title, c.published_at, p.source, p.dateline,
                p.reporters, p.correspondents, p.editors, null, c.column_name,
                p.body || '\n（' || c.n || '）', md5(p.body || c.n), 'bench', 'bench',
                c.published_at, c.published_at, null, c.story_id, p.kicker, p.subtitle, 'live',
                null, c.city, c.story_published_at
            from chunk c join pool p using (template)
            order by c.n
            """
        )
        con.unregister("chunk")
    con.unregister("pool")


@dataclass(frozen=True)
class Vocabulary:
    """Every term in term order, with where its postings come from.

    A real term (of the templates) has its (template, tf) pairs; a long-tail term its
    document frequency."""

    terms: pa.Array  # sorted
    real: np.ndarray  # True: a template term
    long_tail_df: np.ndarray  # by term, 0 for real terms
    pair_start: np.ndarray  # by term: first of its (template, tf) pairs (len terms + 1)
    pair_template: np.ndarray
    pair_tf: np.ndarray


def build_vocabulary(pool: Pool, layout: Layout) -> Vocabulary:
    """Template terms and long-tail terms, sorted as DuckDB sorts varchar (by UTF-8 bytes)."""
    size = len(layout.template)
    pairs: dict[str, list[tuple[int, int]]] = {}
    for template, counts in enumerate(pool.terms):
        for term, tf in counts.items():
            pairs.setdefault(term, []).append((template, tf))
    per_template = np.diff(layout.first)
    real_postings = sum(
        int(per_template[t]) for found in pairs.values() for t, _ in found
    )  # fmt: skip
    padding = max(0, TERMS_PER_ARTICLE * size - real_postings)
    count = int(LONG_TAIL_PER_100K * (size / 100_000) ** 0.5)
    ranks = np.arange(count, dtype=np.float64) + LONG_TAIL_OFFSET
    weights = ranks**-LONG_TAIL_EXPONENT
    df = np.minimum(
        np.rint(weights / weights.sum() * padding), int(LONG_TAIL_MAX_SHARE * size)
    ).astype(np.int64)
    names = [*pairs, *(f"长尾{n}" for n in range(count))]
    order = sorted(range(len(names)), key=lambda i: names[i].encode("utf-8"))
    real = np.array([i < len(pairs) for i in order])
    long_tail_df = np.array([0 if i < len(pairs) else int(df[i - len(pairs)]) for i in order])
    real_names = list(pairs)
    starts = [0]
    templates: list[int] = []
    tfs: list[int] = []
    for i in order:
        if i < len(pairs):
            for template, tf in pairs[real_names[i]]:
                templates.append(template)
                tfs.append(tf)
        starts.append(len(templates))
    return Vocabulary(
        pa.array([names[i] for i in order]),
        real,
        long_tail_df,
        np.array(starts, dtype=np.int64),
        np.array(templates, dtype=np.int64),
        np.array(tfs, dtype=np.int32),
    )


def posting_chunks(
    vocabulary: Vocabulary, layout: Layout, rng: np.random.Generator
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(term index, article index, tf) of every posting, in term then article order, in chunks
    of about CHUNK_POSTINGS."""
    size = len(layout.template)
    per_template = np.diff(layout.first)
    postings_of_pairs = np.concatenate([[0], np.cumsum(per_template[vocabulary.pair_template])])
    real_counts = (
        postings_of_pairs[vocabulary.pair_start[1:]] - postings_of_pairs[vocabulary.pair_start[:-1]]
    )
    expected = np.where(vocabulary.real, real_counts, vocabulary.long_tail_df)
    total = np.cumsum(expected)
    cuts = np.searchsorted(total, np.arange(CHUNK_POSTINGS, int(total[-1]), CHUNK_POSTINGS))
    edges = np.unique(np.concatenate([[0], cuts + 1, [len(expected)]])).tolist()
    edges = [edge for edge in edges if edge <= len(expected)]
    for low, high in pairwise(edges):
        terms = np.arange(low, high)
        # Real terms: every article of each of their templates.
        real_terms = terms[vocabulary.real[low:high]]
        pair_from = vocabulary.pair_start[real_terms]
        pair_to = vocabulary.pair_start[real_terms + 1]
        pair_index = np.concatenate(
            [np.arange(a, b) for a, b in zip(pair_from, pair_to, strict=True)] or [np.arange(0)]
        )
        pair_term = np.repeat(real_terms, pair_to - pair_from)
        templates = vocabulary.pair_template[pair_index]
        lengths = per_template[templates]
        owner = np.repeat(np.arange(len(pair_index)), lengths)
        offset = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        real_article = layout.first[templates][owner] + offset
        real_term = pair_term[owner]
        real_tf = vocabulary.pair_tf[pair_index][owner]
        # Long-tail terms: their document frequency's worth of random articles, once each.
        tail_terms = terms[~vocabulary.real[low:high]]
        df = vocabulary.long_tail_df[tail_terms]
        keys = np.unique(
            np.repeat(tail_terms, df).astype(np.int64) * size
            + rng.integers(0, size, size=int(df.sum()))
        )
        term = np.concatenate([real_term, keys // size])
        article = np.concatenate([real_article, keys % size])
        tf = np.concatenate([real_tf, np.ones(len(keys), dtype=np.int32)])
        order = np.lexsort((article, term))
        yield term[order], article[order], tf[order]


def posting_tables(
    vocabulary: Vocabulary,
    layout: Layout,
    article_id: pa.Array,
    rng: np.random.Generator,
    documents: np.ndarray,
) -> Iterator[pa.Table]:
    """The postings as Arrow tables in term order; adds each term's articles to `documents`
    (a row per term, a column per corpus in CORPORA's order)."""
    cities = documents.shape[1]
    for term, article, tf in posting_chunks(vocabulary, layout, rng):
        cells = term.astype(np.int64) * cities + layout.city[article]
        documents += np.bincount(cells, minlength=documents.size).reshape(documents.shape)
        yield pa.table(
            {
                "article_id": article_id.take(pa.array(article)),
                "term": vocabulary.terms.take(pa.array(term)),
                "tf": pa.array(tf, pa.int32()),
            }
        )


def in_background(items: Iterator[T], ahead: int = 2) -> Iterator[T]:
    """`items`, made by a thread up to `ahead` in advance: numpy and Arrow release the GIL, so
    the next chunk is generated while DuckDB inserts this one."""
    queue: Queue[tuple[bool, Any]] = Queue(maxsize=ahead)

    def produce() -> None:
        try:
            for item in items:
                queue.put((True, item))
            queue.put((False, None))
        except BaseException as error:  # handed to the consumer, raised there
            queue.put((False, error))

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    while True:
        more, item = queue.get()
        if not more:
            thread.join()
            if item is not None:
                raise item
            return
        yield item


def insert_document_frequencies(
    con: duckdb.DuckDBPyConnection, terms: pa.Array, documents: np.ndarray
) -> None:
    """term_city_document_frequencies from `documents` (terms by corpora), and their sums over
    corpora, term_document_frequencies: in term order, as a clustering leaves them."""
    term_index, city_index = np.nonzero(documents)  # row-major: term order, then city
    codes = pa.array(list(CORPORA))
    by_city = pa.table(
        {
            "term": terms.take(pa.array(term_index)),
            "city": codes.take(pa.array(city_index)),
            "documents": documents[term_index, city_index],
        }
    )
    totals = documents.sum(axis=1)
    held = totals > 0
    overall = pa.table({"term": terms.filter(pa.array(held)), "documents": totals[held]})
    for name, table in (
        ("term_city_document_frequencies", by_city),
        ("term_document_frequencies", overall),
    ):
        con.register("frequencies", table)
        con.execute(f"insert into {name} select * from frequencies")
        con.unregister("frequencies")


def build_archive(path: Path, size: int) -> None:
    """A warehouse at `path` (new) with `size` generated articles and their postings."""
    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    # Two articles a template at least, so that a story can have a copy.
    pool = build_pool(max(1, min(POOL, size // 2)), path.parent / "jieba")
    progress(
        f"archive: {pool.articles.num_rows:,} templates in {time.perf_counter() - started:.0f} s"
    )
    layout = build_layout(pool, size, rng)
    ids = article_ids(layout)
    vocabulary = build_vocabulary(pool, layout)
    with open_warehouse(path) as con, big_statements(con):
        con.execute("set enable_progress_bar = false")
        insert_articles(con, pool, layout, ids)
        progress(f"archive: {size:,} articles in {time.perf_counter() - started:.0f} s")
        documents = np.zeros((len(vocabulary.terms), len(CORPORA)), dtype=np.int64)
        postings = 0
        for chunk in in_background(posting_tables(vocabulary, layout, ids[0], rng, documents)):
            con.register("chunk", chunk)
            con.execute("insert into article_terms select article_id, term, tf, 'bench' from chunk")
            con.unregister("chunk")
            postings += chunk.num_rows
        progress(f"archive: {postings:,} postings in {time.perf_counter() - started:.0f} s")
        insert_document_frequencies(con, vocabulary.terms, documents)
        con.execute(
            "update postings_layout set appended_rows = 0, clustered_at = timezone('UTC', now())"
        )
        con.execute("checkpoint")
