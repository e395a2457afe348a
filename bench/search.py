"""Search and trend latency at 10,000 and 100,000 articles (issue 5).

    .venv/bin/python -m bench.search

The warehouses are built without HTTP, Prefect or the per-article NLP pass (~40 ms an article:
over an hour for 100,000). Articles come from the sample site's generator (real text, dates,
sources, bylines). Their search terms come from the project's own Segmenter (the POS-tagged
pass the index uses), run once per distinct clause with its digits masked: generated bodies
repeat their sentence patterns, so ~2,000 clauses cover 100,000 articles. Generated articles
are short (~140 distinct terms); each is padded with long-tail synthetic terms (Zipf-like,
`长尾<n>`, never queried by a user) to 270 distinct terms, the size of real articles
(DESIGN.md 5), so that the postings table has its real size (27 million rows at 100,000).

The postings are measured in two layouts:
* as loaded: batches of 25 articles, each sorted by term, one after the other (what
  `warehouse.load` appends today);
* clustered: the whole table in term order (what `warehouse.search.cluster_postings` leaves).
At 100,000 it also measures the peak memory of `yzdaily ingest` of 150 new articles into
that archive, then of `yzdaily reprocess`: what grows with the archive shows there.
The table has no primary-key index (migration 0004 dropped it: nobody reads it, and it
costs minutes of load time at this size).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from bench.common import Figure, progress, run_cli
from parsers.nlp import Segmenter, normalize_term
from parsers.query import QueryTokenizer, parse_query
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import SampleServer
from tests.sample_site.site import SampleArticle, build_site, expected_article
from warehouse.analytics import trend
from warehouse.db import big_statements, open_warehouse
from warehouse.filters import ArticleFilters
from warehouse.results import search_hits
from warehouse.search import cluster_postings

# BENCH_SEARCH_SIZES=10000,100000,1000000 for the 1,000,000-article archive too (its
# build takes long: not in the default run).
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SEARCH_SIZES", "10000,100000").split(","))
SEED = 11
TERMS_PER_ARTICLE = 270
LONG_TAIL = 400_000  # distinct synthetic terms
BATCH = 25  # articles per load batch, as flows.ingest commits them
CLAUSE = re.compile(r"[^,.!?;:，。！？；：“”‘’（）()《》、\n]+")
DIGITS = re.compile(r"\d+")
ROUNDS = 5  # runs of the whole query mix, clustered layout
ROUNDS_AS_LOADED = 1
NEW_ARTICLES = 150  # ingested into the big archive to measure memory there
BIG_ARCHIVE = 100_000  # archives this big also measure a run's memory
MAX_RSS_MB = 450.0


@dataclass(frozen=True)
class Case:
    """One query of the mix: its kind, text and filters."""

    kind: str
    text: str
    filters: ArticleFilters | None = None


CASES = (
    Case("word", "新质生产力"),
    Case("word", "二次创业"),
    Case("word", "开发园区"),
    Case("word", "营商环境"),
    Case("word", "乡村振兴"),
    Case("word", "人工智能"),
    Case("word", "扬州"),  # in nearly every article
    Case("word", "市长"),
    Case("two words", "开发园区 二次创业"),
    Case("two words", "新质生产力 人工智能"),
    Case("split phrase", "新型储能"),
    Case("split phrase", "项目集中开工"),
    Case("filtered", "新质生产力", ArticleFilters(source="新华社")),
    Case("filtered", "乡村振兴", ArticleFilters(reporter="若溪")),
    Case("filtered", "营商环境", ArticleFilters(since=date(2025, 1, 1), until=date(2025, 6, 30))),
    Case("rare word", "长尾399000"),  # fewer hits than the limit: the completeness scan runs
    Case("text only", "园"),  # one character: no term, a scan of every title and body
)


def clause_terms(segmenter: Segmenter) -> Callable[[str], Counter[str]]:
    """Terms of a text as the index counts them, segmenting each distinct clause once."""
    cache: dict[str, list[str]] = {}

    def terms(text: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for clause in CLAUSE.findall(text):
            key = DIGITS.sub("0", clause)
            found = cache.get(key)
            if found is None:
                found = cache[key] = [
                    normalize_term(word)
                    for word, _ in segmenter.tag(key)
                    if segmenter.is_content(word)
                ]
            counts.update(found)
        return counts

    return terms


def article_tables(
    articles: Sequence[SampleArticle], segmenter: Segmenter
) -> tuple[pa.Table, pa.Table]:
    """(articles, real postings) as Arrow tables."""
    terms_of = clause_terms(segmenter)
    ids = [f"zgjssw:{a.path}" for a in articles]
    posting_ids: list[str] = []
    terms: list[str] = []
    tfs: list[int] = []
    for article_id, article in zip(ids, articles, strict=True):
        counts = terms_of(f"{article.title}\n{article.body}")
        posting_ids.extend([article_id] * len(counts))
        terms.extend(counts)
        tfs.extend(counts.values())
    table = pa.table(
        {
            "article_id": ids,
            "url": [f"https://www.zgjssw.gov.cn{a.path}" for a in articles],
            "title": [a.title for a in articles],
            "published_at": pa.array([a.published_at for a in articles], pa.timestamp("s")),
            "source": [a.source for a in articles],
            "dateline": [a.dateline for a in articles],
            "reporters": pa.array([list(a.reporters) for a in articles], pa.list_(pa.string())),
            "correspondents": pa.array(
                [list(a.correspondents) for a in articles], pa.list_(pa.string())
            ),
            "editors": pa.array([list(a.editors) for a in articles], pa.list_(pa.string())),
            "body": [a.body for a in articles],
        }
    )
    postings = pa.table({"article_id": posting_ids, "term": terms, "tf": pa.array(tfs, pa.int32())})
    return table, postings


def build_warehouse(path: Path, articles: pa.Table, postings: pa.Table) -> None:
    """A warehouse with the real schema, these articles and their padded postings, as loaded."""
    with open_warehouse(path) as con, big_statements(con):
        con.execute("set enable_progress_bar = false")
        con.register("new_articles", articles)
        con.register("real_postings", postings)
        con.execute(
            """
            insert into articles (article_id, url, site, title, published_at, source, dateline,
                reporters, correspondents, editors, column_name, body, content_hash,
                parser_version, nlp_version, first_seen_at, updated_at)
            select article_id, url, 'zgjssw', title, published_at, source, dateline,
                reporters, correspondents, editors, '扬州', body, md5(body), 'bench', 'bench',
                now(), now()
            from new_articles
            """
        )
        con.execute("drop table article_terms")
        # Load order: newest first in batches of 25, each batch sorted by term.
        con.execute(
            f"""
            create table article_terms as
            with batches as (
                select article_id,
                       (row_number() over (order by published_at desc, article_id) - 1)
                           // {BATCH} as batch
                from articles
            ),
            wanted as (
                select article_id, {TERMS_PER_ARTICLE} - count(*) as missing
                from real_postings group by article_id
            ),
            long_tail as (
                select distinct w.article_id,
                       '长尾' || cast(floor(pow(random(), 3) * {LONG_TAIL}) as integer) as term,
                       1 as tf
                from wanted w, range(greatest(w.missing, 0))
            ),
            postings as (
                select article_id, term, tf from real_postings
                union all
                select article_id, term, tf from long_tail
            )
            select p.article_id, p.term, p.tf, 'bench' as nlp_version
            from postings p join batches b using (article_id)
            order by b.batch, p.term, p.article_id
            """
        )
        con.unregister("new_articles")
        con.unregister("real_postings")


def cluster(source: Path, target: Path) -> float:
    """A copy of the warehouse with its postings in term order, by the writer's own
    `cluster_postings`; the seconds it took."""
    shutil.copyfile(source, target)
    with open_warehouse(target) as con:
        con.execute("set enable_progress_bar = false")
        started = time.perf_counter()
        cluster_postings(con)
        seconds = time.perf_counter() - started
        con.execute("checkpoint")
    return seconds


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_searches(
    path: Path, tokenizer: Callable[[], QueryTokenizer], rounds: int
) -> dict[str, list[float]]:
    """Seconds per search, by kind, over `rounds` runs of the mix (after one warm-up run)."""
    timings: dict[str, list[float]] = {}
    with open_warehouse(path, read_only=True) as con:
        for case in CASES:
            search_hits(con, parse_query(case.text), tokenizer, case.filters)
        for _ in range(rounds):
            for case in CASES:
                started = time.perf_counter()
                search_hits(con, parse_query(case.text), tokenizer, case.filters)
                timings.setdefault(case.kind, []).append(time.perf_counter() - started)
    return timings


def time_trend(path: Path) -> float:
    """Median seconds of a two-term monthly trend."""
    with open_warehouse(path, read_only=True) as con:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            trend(con, ["新质生产力", "二次创业"], "month")
            runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def report(label: str, timings: dict[str, list[float]]) -> tuple[float, float]:
    every = [t for values in timings.values() for t in values]
    p50, p95 = statistics.median(every), percentile(every, 0.95)
    print(f"  {label}: p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  ({len(every)} searches)")
    for kind, values in timings.items():
        print(f"      {kind:<13} median {statistics.median(values) * 1000:7.1f} ms")
    return p50, p95


def main() -> list[Figure]:
    """Build both archives, time searches (in-process and from the shell) and trends."""
    started = time.monotonic()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="yzdaily-bench-search-") as tmp:
        work = Path(tmp)
        segmenter = Segmenter(cache_dir=work / "data" / "cache")
        progress(f"search: generating {max(SIZES):,} articles")
        specs = generate_articles(max(SIZES), seed=SEED)
        everything = [expected_article(spec) for spec in specs]
        for size in SIZES:
            articles = everything[:: max(SIZES) // size]
            progress(f"search: building the {size:,}-article warehouse")
            as_loaded = work / f"as-loaded-{size}.duckdb"
            clustered = work / f"clustered-{size}.duckdb"
            build_warehouse(as_loaded, *article_tables(articles, segmenter))
            cluster_seconds = cluster(as_loaded, clustered)
            with duckdb.connect(str(clustered), read_only=True) as con:
                postings = con.execute("select count(*) from article_terms").fetchall()[0][0]
            progress(f"search: {size:,} articles, {postings:,} postings; timing searches")
            print(f"search at {size:,} articles ({postings:,} postings, limit 20, warm Segmenter):")
            p50, p95 = report("clustered", time_searches(clustered, lambda: segmenter, ROUNDS))
            loaded_p50, _ = report(
                "as loaded", time_searches(as_loaded, lambda: segmenter, ROUNDS_AS_LOADED)
            )
            trend_seconds = time_trend(clustered)
            print(f"  trend of 2 terms by month: {trend_seconds * 1000:.0f} ms")
            print(
                f"  cluster_postings (the writer re-sorting every posting): {cluster_seconds:.1f} s"
            )
            shell = {}
            for text in ("新质生产力", "新型储能"):
                run = run_cli(
                    ["search", text, "--db", str(clustered)], work / "data", work / "prefect"
                )
                shell[text] = run.seconds
                print(f"  shell: yzdaily search {text}: {run.seconds:.2f} s")
            label = f"{size // 1000}k"
            figures += [
                Figure(f"search p50 in-process, {label}", p50 * 1000, "ms", 50.0),
                Figure(f"search p95 in-process, {label}", p95 * 1000, "ms"),
                Figure(f"search p50 as loaded (unclustered), {label}", loaded_p50 * 1000, "ms"),
                Figure(f"trend 2 terms by month, {label}", trend_seconds * 1000, "ms"),
                Figure(f"cluster_postings, {label}", cluster_seconds, "s"),
                Figure(f"shell search (indexed word), {label}", shell["新质生产力"], "s", 1.0),
                Figure(f"shell search (split word, loads jieba), {label}", shell["新型储能"], "s"),
            ]
            as_loaded.unlink()
            if size >= BIG_ARCHIVE:
                figures += memory_on_a_big_archive(clustered, work, size)
    progress(f"search: done in {time.monotonic() - started:.0f} s")
    return figures


def memory_on_a_big_archive(archive: Path, work: Path, size: int) -> list[Figure]:
    """Peak RSS of `yzdaily ingest` of new articles into the big archive, then a reprocess of
    them: what grows with the archive (known ids, IDF of every term) shows here."""
    data_dir = work / f"big-archive-{size}"
    data_dir.mkdir()
    shutil.copyfile(archive, data_dir / "yzdaily.duckdb")
    site = build_site(generate_articles(NEW_ARTICLES, seed=SEED + 1))
    figures = []
    with SampleServer(site) as server:
        for command in (["ingest", "--base-url", server.base_url, "--delay", "0"], ["reprocess"]):
            progress(f"search: yzdaily {command[0]} into the {size:,}-article archive")
            run = run_cli(command, data_dir, work / "prefect")
            print(
                f"  {command[0]} into the big archive: {run.seconds:.1f} s,"
                f" CLI peak RSS {run.cli_peak_mb:.0f} MB"
            )
            figures.append(
                Figure(
                    f"{command[0]} into a {size // 1000}k archive: CLI peak RSS",
                    run.cli_peak_mb,
                    "MB",
                    MAX_RSS_MB,
                )
            )
    return figures


if __name__ == "__main__":
    from bench.common import print_table

    print_table(main())
