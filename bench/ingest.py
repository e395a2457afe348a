"""Ingest and reprocess against the floor, peak memory, and a scheduled run with nothing new.

    .venv/bin/python -m bench.ingest        (part of `make bench`)

The pipeline is the real `yzdaily ingest --base-url <sample site> --delay 0` in a subprocess
into a fresh data dir, then `yzdaily reprocess` on what it made. The floor is a bare loop in
this process over the same pages: one keep-alive `requests.Session` GET, one
BeautifulSoup(lxml) parse and one `jieba.posseg` pass over the article's title and body (the
text the pipeline analyses) per page; for reprocess, the archived gz bodies are read instead
of fetched. Both are measured at two sizes, so that

    cost per article = (t(N2) - t(N1)) / (N2 - N1)      fixed = t(N1) - N1 * per article

Each size is measured REPEATS times and the fastest time kept: other processes on the
machine only ever add time. One Prefect home is shared by every run (its database is migrated
once, in an uncounted warm-up run) with the default YZDAILY_PREFECT_IDLE, so the runs use the
server the warm-up kept, as a user's runs do: the fixed cost is the CLI's own start, Prefect's
import and its flow engine. Peak RSS is the CLI process's own high-water mark (VmHWM, read
from /proc every 0.1 s while it runs); a Prefect server the CLI starts is its child and is
reported on its own line. The start-up figures start servers in fresh homes.
"""

from __future__ import annotations

import contextlib
import cProfile
import gzip
import hashlib
import io
import logging
import os
import pstats
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol

import jieba
import jieba.posseg
import requests
from bs4 import BeautifulSoup

from bench.common import Clock, Figure, per_item, print_table, progress, run_cli
from config.settings import Settings
from hosting.env import configure_prefect
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import SampleServer
from tests.sample_site.site import ROBOTS_PATH, SampleSite, build_site

# `BENCH_SIZES=300,1500 BENCH_REPEATS=2` for the sizes; the default is quick.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "150,600").split(","))
REPEATS = int(os.environ.get("BENCH_REPEATS", "1"))
# Bigger list pages than the site's default 10, so list pages do not dominate the run.
PAGE_SIZE = 50
WARMUP_ARTICLES = 20
PROFILED_ARTICLES = 150
BATCH_SIZE = Settings().batch_size  # the ingest's default batch
MAX_RATIO = 1.2  # ingest and one-worker reprocess against the single-core floor
MAX_POOL_RATIO = 0.75  # the parse pool alone, 2 workers, against the same floor
MAX_CLI_POOL_RATIO = 0.6  # reprocess through the CLI with 2 workers, from 1,000 articles (#29)
POOL_WORKERS = 2
MAX_FIXED_SECONDS = 10.0
MAX_COLD_SECONDS = 8.0  # a cold first run's fixed cost (#29 item 3; #19's was 10 s)
MAX_RSS_MB = 450.0
MAX_GROWTH_MB = 30.0
MAX_IDLE_REQUESTS = 3
MAX_IDLE_SECONDS = 3.0  # a scheduled run with nothing new (#29 item 3; #19's was 4 s)
MAX_IMPORT_SECONDS = 5.0
PIPELINES = ("ingest", "reprocess", "reprocess1", "floor_ingest", "floor_reprocess")
# Stages of the in-process profile; read_page is measured apart but parse_article includes it.
READ_PAGE_ALONE = "  of which read_page (BeautifulSoup + lines)"
COMMIT = "commit_batch (open, upsert, close)"


class Tagger(Protocol):
    """jieba's POSTokenizer, as far as the floor uses it."""

    def cut(self, sentence: str) -> Iterable[Any]: ...


def make_site(articles: int, seed: int) -> SampleSite:
    """A generated site with every page rendered up front (the server then only sends bytes)."""
    site = build_site(generate_articles(articles, seed=seed), page_size=PAGE_SIZE)
    for path in site.pages:
        site.pages[path]  # renders the page and keeps it in the cache
    return site


def make_tagger(cache_dir: Path) -> Tagger:
    """Bare jieba: its own dictionary, POS tagging, loaded before any timing starts."""
    jieba.setLogLevel(logging.WARNING)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir)
    tokenizer.initialize()
    tagger: Tagger = jieba.posseg.POSTokenizer(tokenizer)
    list(tagger.cut("扬州市推进新质生产力发展"))
    return tagger


def article_text(site: SampleSite, path: str) -> str:
    """What the pipeline analyses for an article: its title and body."""
    truth = site.article(path)
    return f"{truth.title}\n{truth.body}"


def floor_ingest(site: SampleSite, base_url: str, tagger: Tagger) -> Clock:
    """Time of the bare loop: the same GETs, a BeautifulSoup parse, one posseg pass."""
    lists = [base_url + path for path in site.list_paths()]
    articles = [(base_url + a.path, article_text(site, a.path)) for a in site.articles]
    with Clock() as clock, requests.Session() as session:
        session.get(base_url + ROBOTS_PATH, timeout=20).raise_for_status()
        for url in lists:
            response = session.get(url, timeout=20)
            response.raise_for_status()
            BeautifulSoup(response.content, "lxml")
        for url, text in articles:
            response = session.get(url, timeout=20)
            response.raise_for_status()
            BeautifulSoup(response.content, "lxml")
            list(tagger.cut(text))
    return clock


def floor_reprocess(site: SampleSite, raw_dir: Path, tagger: Tagger) -> Clock:
    """Time of the bare loop: read the archived gz body, parse it, one posseg pass."""
    items = []
    for article in site.articles:
        sha256 = hashlib.sha256(site.pages[article.path].body).hexdigest()
        gz = raw_dir / sha256[:2] / sha256[2:4] / f"{sha256}.gz"
        items.append((gz, article_text(site, article.path)))
    with Clock() as clock:
        for gz, text in items:
            BeautifulSoup(gzip.decompress(gz.read_bytes()), "lxml")
            list(tagger.cut(text))
    return clock


@dataclass(frozen=True)
class SizeRun:
    """What was measured at one size: wall seconds, CPU seconds, and peak RSS in MB."""

    articles: int
    ingest: float
    reprocess: float  # with POOL_WORKERS workers
    reprocess1: float  # --workers 1
    floor_ingest: float
    floor_reprocess: float
    ingest_cpu: float
    reprocess_cpu: float  # the CLI's own CPU: its pool workers are not its waited-for children
    reprocess1_cpu: float
    floor_ingest_cpu: float
    floor_reprocess_cpu: float
    ingest_rss: float
    reprocess_rss: float
    reprocess1_rss: float
    worker_rss: float  # the largest descendant of a pool reprocess (the server or a worker)


def best(runs: Sequence[SizeRun]) -> SizeRun:
    """The fastest time of each kind (least disturbed by other load) and the highest peak."""
    times = [f"{kind}{suffix}" for kind in PIPELINES for suffix in ("", "_cpu")]
    peaks = ("ingest_rss", "reprocess_rss", "reprocess1_rss", "worker_rss")
    fastest = {name: min(getattr(run, name) for run in runs) for name in times}
    highest = {name: max(getattr(run, name) for run in runs) for name in peaks}
    return SizeRun(runs[0].articles, **fastest, **highest)


def measure_size(
    server: SampleServer, site: SampleSite, data_dir: Path, prefect_home: Path, tagger: Tagger
) -> SizeRun:
    """Pipeline ingest and reprocess into a fresh data dir, then both floors, on one site."""
    n = len(site.articles)
    server.set_site(site)
    args = ("ingest", "--base-url", server.base_url, "--delay", "0")
    ingest = run_cli(args, data_dir, prefect_home)
    reprocess1 = run_cli(("reprocess", "--workers", "1"), data_dir, prefect_home)
    reprocess = run_cli(("reprocess", "--workers", str(POOL_WORKERS)), data_dir, prefect_home)
    floor = floor_ingest(site, server.base_url, tagger)
    floor_re = floor_reprocess(site, data_dir / "raw", tagger)
    progress(
        f"N={n}: ingest {ingest.seconds:.1f} s (CPU {ingest.cpu_seconds:.1f} s,"
        f" {ingest.cli_peak_mb:.0f} MB), reprocess 1 worker {reprocess1.seconds:.1f} s (CPU"
        f" {reprocess1.cpu_seconds:.1f} s, {reprocess1.cli_peak_mb:.0f} MB), {POOL_WORKERS}"
        f" workers {reprocess.seconds:.1f} s ({reprocess.cli_peak_mb:.0f} MB); floor: ingest"
        f" {floor.seconds:.1f} s, reprocess {floor_re.seconds:.1f} s"
    )
    return SizeRun(
        articles=n,
        ingest=ingest.seconds,
        reprocess=reprocess.seconds,
        reprocess1=reprocess1.seconds,
        floor_ingest=floor.seconds,
        floor_reprocess=floor_re.seconds,
        ingest_cpu=ingest.cpu_seconds,
        reprocess_cpu=reprocess.cpu_seconds,
        reprocess1_cpu=reprocess1.cpu_seconds,
        floor_ingest_cpu=floor.cpu_seconds,
        floor_reprocess_cpu=floor_re.cpu_seconds,
        ingest_rss=ingest.cli_peak_mb,
        reprocess_rss=reprocess.cli_peak_mb,
        reprocess1_rss=reprocess1.cli_peak_mb,
        worker_rss=reprocess.server_peak_mb,
    )


def nothing_new(
    server: SampleServer, data_dir: Path, prefect_home: Path, api_url: str | None = None
) -> tuple[float, int]:
    """A second ingest of an unchanged site: its seconds and the requests the server saw;
    with `api_url`, against that running Prefect API (PREFECT_API_URL) instead of a
    temporary server of its own."""
    from bench.common import clean_env

    env = clean_env(data_dir, prefect_home)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    before = len(server.requests)
    args = ("ingest", "--base-url", server.base_url, "--delay", "0")
    run = run_cli(args, data_dir, prefect_home, env=env)
    seen = server.requests[before:]
    progress(
        f"nothing new{' (running API)' if api_url else ''}: {run.seconds:.1f} s, {len(seen)}"
        " requests: " + ", ".join(f"{r.path} {r.status}" for r in seen)
    )
    return run.seconds, len(seen)


def nothing_new_on_a_running_server(
    server: SampleServer, data_dir: Path, prefect_home: Path
) -> float:
    """The same run against a Prefect API that is up already (`yzdaily serve`, or any
    PREFECT_API_URL): no server start in the run."""
    from hosting.server import prefect_api, wait_healthy

    with prefect_api(prefect_home) as api:
        assert api is not None
        wait_healthy(api)
        seconds, _ = nothing_new(server, data_dir, prefect_home, api.api_url)
    return seconds


@dataclass
class StageTimes:
    """Seconds spent per named stage, summed over articles."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


class InProcessPipeline:
    """The ingest's per-article work without Prefect's flow: fetch, archive, decode, parse,
    enrich, commit in batches, plus the walk Prefect makes over `load_batch`'s argument.

    Built once (jieba, its IDF table and the warehouse's migrations are loaded up front), so
    that a profile shows the cost per article only.
    """

    def __init__(self, base_url: str, work: Path) -> None:
        # Imported here: Prefect reads its settings on import (configure_prefect first).
        from parsers.nlp import Segmenter
        from warehouse.db import open_warehouse

        self.base_url = base_url
        self.work = work
        self.segmenter = Segmenter(cache_dir=work / "cache")
        self.segmenter.keywords(["扬州"])  # loads jieba's IDF table
        self.runs = 0
        with open_warehouse(work / "warmup.duckdb"):
            pass  # the first open of a process pays for DuckDB's own start

    def run(self, site: SampleSite, times: StageTimes) -> None:
        """Process the first PROFILED_ARTICLES articles of the site into a new warehouse."""
        from prefect.utilities.annotations import quote
        from prefect.utilities.collections import visit_collection
        from prefect.utilities.engine import (
            collect_task_run_inputs_sync,
            resolve_to_final_result,
        )

        from fetching.http import Fetcher
        from fetching.raw_archive import RawArchive
        from flows.stages import archive_page, utcnow
        from parsers.encoding import decode_html
        from parsers.enrich import enrich_article
        from parsers.page import read_page
        from parsers.sites.zgjssw import ZGJSSW as zgjssw
        from warehouse.db import open_warehouse
        from warehouse.fetchlog import BatchWrite, commit_batch

        self.runs += 1
        archive = RawArchive(self.work / f"raw-{self.runs}")
        db_path = self.work / f"run-{self.runs}.duckdb"
        with open_warehouse(db_path):
            pass  # migrations, as a run's first read does
        with Fetcher("yzdaily-bench", delay=0) as fetcher:
            fetcher.allowed(self.base_url + "/")  # robots.txt, once per run
            write = BatchWrite()
            for article in site.articles[:PROFILED_ARTICLES]:
                url = self.base_url + article.path
                with times.stage("fetch (Fetcher.get)"):
                    page = fetcher.get(url)
                with times.stage("archive (gzip + write)"):
                    fetch, validators = archive_page(archive, page)
                with times.stage("decode_html"):
                    html, _ = decode_html(page.body, page.content_type)
                with times.stage("parse_article (read_page + layout)"):
                    parsed = zgjssw.parse_article(html, url)
                with times.stage(READ_PAGE_ALONE):
                    read_page(html)
                with times.stage("enrich_article (analyse)"):
                    record = enrich_article(
                        parsed, zgjssw.article_id(url), self.segmenter, zgjssw.parser_version
                    )
                write.records.append(record)
                write.fetches.append(fetch)
                write.validators.append(validators)
                write.succeeded.append(url)
                if len(write.records) < BATCH_SIZE:
                    continue
                with times.stage("Prefect's walk over load_batch's argument"):
                    # What a task run does with each argument (prefect/task_engine.py); the
                    # ingest passes its batch through quote(), so Prefect does not walk into it.
                    argument = quote(write)
                    collect_task_run_inputs_sync(argument)
                    visit_collection(
                        argument,
                        visit_fn=resolve_to_final_result,
                        return_data=True,
                        max_depth=-1,
                        remove_annotations=True,
                        context={"parameter_name": "write"},
                    )
                with times.stage(COMMIT), open_warehouse(db_path) as con:
                    commit_batch(con, write, utcnow())
                write = BatchWrite()


def profile_pipeline(site: SampleSite, base_url: str, work: Path) -> None:
    """Print where the in-process pipeline spends its time, per stage and per function."""
    n = min(PROFILED_ARTICLES, len(site.articles))
    pipeline = InProcessPipeline(base_url, work)
    times = StageTimes()
    pipeline.run(site, times)
    total = sum(s for name, s in times.seconds.items() if name != READ_PAGE_ALONE)
    print(f"\nin-process pipeline, {n} articles, no Prefect flow (ms per article):")
    for name, seconds in sorted(times.seconds.items(), key=lambda item: -item[1]):
        share = "" if name == READ_PAGE_ALONE else f"{seconds / total:6.1%}"
        print(f"  {name:<45} {seconds / n * 1000:7.2f} {share}")
    print(f"  {'total':<45} {total / n * 1000:7.2f}")

    profiler = cProfile.Profile()
    profiler.enable()
    pipeline.run(site, StageTimes())
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    header = next(i for i, line in enumerate(lines) if "ncalls" in line)
    print(f"\ncProfile of the same, top functions by own time ({n} articles):")
    for line in lines[header:]:
        print("  " + line.replace(str(Path.cwd()) + "/", "").replace(".venv/lib/", ""))


def floor_steps(site: SampleSite, base_url: str, tagger: Tagger) -> None:
    """Print the cost per article of each floor step, to set beside the pipeline's stages."""
    articles = site.articles[:PROFILED_ARTICLES]
    times = StageTimes()
    with requests.Session() as session:
        for article in articles:
            with times.stage("GET"):
                body = session.get(base_url + article.path, timeout=20).content
            with times.stage("BeautifulSoup(lxml)"):
                BeautifulSoup(body, "lxml")
            with times.stage("posseg pass"):
                list(tagger.cut(article_text(site, article.path)))
    steps = ", ".join(f"{name} {s / len(articles) * 1000:.2f}" for name, s in times.seconds.items())
    print(f"\nfloor steps (ms per article): {steps}")


def fit(field: str, small: SizeRun, large: SizeRun) -> tuple[float, float]:
    """(fixed, per article) of one measured field through the two sizes."""
    get = attrgetter(field)
    return per_item((small.articles, large.articles), (get(small), get(large)))


POOL_ROUNDS = int(os.environ.get("BENCH_POOL_ROUNDS", "3"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (/proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / CLOCK_TICKS, sum(values) / CLOCK_TICKS


def pool_figures(site: SampleSite, data_dir: Path, tagger: Tagger) -> list[Figure]:
    """The parse pool's throughput without the CLI's fixed costs: reprocess's own job
    (`reparse_pages`: read the gz body, parse, enrich) over every archived article of a data
    dir, through `ParsePool` with 1 and with POOL_WORKERS workers (started before the clock
    starts), against the floor (bare BeautifulSoup + posseg on the same bodies), in
    interleaved rounds, the fastest round of each kept."""
    from flows.pool import ParsePool, job_size
    from flows.reprocess import read_plan, reparse_pages

    plan = read_plan(data_dir / "yzdaily.duckdb")
    fetches, raw, cache = plan.fetches, data_dir / "raw", data_dir / "cache"
    times: dict[str, list[float]] = {}
    for round_number in range(1, POOL_ROUNDS + 1):
        times.setdefault("floor", []).append(floor_reprocess(site, raw, tagger).seconds)
        for workers in (1, POOL_WORKERS):
            with ParsePool(workers, cache, plan.idf) as pool:
                if workers == 1:
                    pool.segmenter.cut("扬州")  # jieba loaded before the clock, as in workers
                size = job_size(len(fetches), workers, 100)
                chunks = [fetches[i : i + size] for i in range(0, len(fetches), size)]
                pids = list(getattr(pool._executor, "_processes", None) or {})
                cpu_before = sum(_cpu_seconds(pid) for pid in pids)
                busy_before, total_before = _machine_busy()
                with Clock() as clock:
                    # Every job queued at once: no writer here for the workers to wait for.
                    jobs = [pool.submit(reparse_pages, chunk, raw, None) for chunk in chunks]
                    loaded = sum(len(pool.result(pending).records) for pending in jobs)
                busy_after, total_after = _machine_busy()
                ours = clock.cpu_seconds + sum(_cpu_seconds(pid) for pid in pids) - cpu_before
            assert loaded == len(fetches), f"{loaded} of {len(fetches)} pages parsed"
            times.setdefault(f"{workers}", []).append(clock.seconds)
            times.setdefault(f"{workers}-cpu", []).append(ours)
            # The machine's CPU others used meanwhile, in cores: what the workers could not get.
            others = (busy_after - busy_before) - ours
            times.setdefault(f"{workers}-others", []).append(
                others / max(total_after - total_before, 1e-9) * (os.cpu_count() or 1)
            )
        progress(
            f"pool round {round_number}: floor {times['floor'][-1]:.1f} s, 1 worker"
            f" {times['1'][-1]:.1f} s, {POOL_WORKERS} workers {times[str(POOL_WORKERS)][-1]:.1f} s"
            f" ({len(fetches)} pages)"
        )
    floor = min(times["floor"])
    figures = [Figure("parse pool: floor ms per article", floor / len(fetches) * 1000, "ms")]
    for workers, target in ((1, MAX_RATIO), (POOL_WORKERS, MAX_POOL_RATIO)):
        best = min(range(POOL_ROUNDS), key=lambda r: times[str(workers)][r])
        best_seconds = times[str(workers)][best]
        figures += [
            Figure(
                f"parse pool, {workers} worker(s): CPU ms per article (all processes)",
                times[f"{workers}-cpu"][best] / len(fetches) * 1000,
                "ms",
            ),
            Figure(
                f"parse pool, {workers} worker(s): cores other jobs used meanwhile",
                times[f"{workers}-others"][best],
                "",
            ),
            Figure(
                f"parse pool, {workers} worker(s): ms per article",
                best_seconds / len(fetches) * 1000,
                "ms",
            ),
            Figure(
                f"parse pool, {workers} worker(s): ratio to floor",
                best_seconds / floor,
                "x",
                target,
            ),
        ]
    return figures


def figures_for(small: SizeRun, large: SizeRun, idle: tuple[float, int]) -> list[Figure]:
    """The figures of this module, with their targets."""
    figures: list[Figure] = []
    pipelines = (
        ("ingest", "ingest", "floor_ingest", MAX_RATIO),
        ("reprocess, 1 worker", "reprocess1", "floor_reprocess", MAX_RATIO),
        (f"reprocess, {POOL_WORKERS} workers", "reprocess", "floor_reprocess", MAX_CLI_POOL_RATIO),
    )
    for label, name, floor, target in pipelines:
        fixed, per = fit(name, small, large)
        _, floor_per = fit(floor, small, large)
        figures += [
            Figure(f"{label}: ms per article", per * 1000, "ms"),
            Figure(f"{label}: per-article ratio to floor", per / floor_per, "x", target),
            Figure(f"{label}: fixed start-up (warm Prefect home)", fixed, "s", MAX_FIXED_SECONDS),
        ]
        if name != "reprocess":  # a pool's CPU is in its workers, which wait4 does not see
            _, cpu_per = fit(f"{name}_cpu", small, large)
            _, floor_cpu_per = fit(f"{floor}_cpu", small, large)
            figures.append(Figure(f"{label}: same ratio in CPU time", cpu_per / floor_cpu_per, "x"))
    for kind in ("ingest", "reprocess"):
        _, floor_per = fit(f"floor_{kind}", small, large)
        figures.append(Figure(f"{kind} floor: ms per article", floor_per * 1000, "ms"))
    for run in (small, large):
        for label, name in (("ingest", "ingest"), ("reprocess 1 worker", "reprocess1")):
            peak = getattr(run, f"{name}_rss")
            figures.append(
                Figure(f"{label} N={run.articles}: CLI peak RSS", peak, "MB", MAX_RSS_MB)
            )
        figures.append(
            Figure(
                f"reprocess {POOL_WORKERS} workers N={run.articles}: CLI peak RSS",
                run.reprocess_rss,
                "MB",
                MAX_RSS_MB,
            )
        )
    for label, name in (("ingest", "ingest"), ("reprocess 1 worker", "reprocess1")):
        growth = getattr(large, f"{name}_rss") - getattr(small, f"{name}_rss")
        figures.append(
            Figure(
                f"{label}: RSS growth N={small.articles} to {large.articles}",
                growth,
                "MB",
                MAX_GROWTH_MB,
            )
        )
    worker = max(small.worker_rss, large.worker_rss)
    idle_seconds, idle_requests = idle
    figures += [
        Figure("pool reprocess: largest child's peak RSS", worker, "MB"),
        Figure("nothing new: requests", idle_requests, "", MAX_IDLE_REQUESTS),
        Figure("nothing new: wall time", idle_seconds, "s", MAX_IDLE_SECONDS),
    ]
    return figures


def startup_figures(server: SampleServer, site: SampleSite, work: Path) -> list[Figure]:
    """Wall time of a first ingest of a small site into a fresh data dir: with a fresh Prefect
    home and no migrated Prefect database anywhere (a machine's first run), with a fresh home
    and the template database an earlier run left (a new data dir, no server running), and
    with a home whose kept server is up (a new data dir sharing PREFECT_HOME); then `import`
    of one file into that warm data dir."""
    from bench.common import clean_env

    figures: list[Figure] = []
    server.set_site(site)
    args = ("ingest", "--base-url", server.base_url, "--delay", "0")
    cache = work / "xdg-cache"  # the template database's home, empty at first
    cases = (
        ("machine's first run, no template", "start-prefect-0"),
        ("fresh data dir", "start-prefect-1"),
        ("fresh data dir, Prefect home's server up", "start-prefect-1"),
    )
    for index, (label, home_name) in enumerate(cases):
        data_dir, home = work / f"start-{index}", work / home_name
        env = clean_env(data_dir, home) | {"XDG_CACHE_HOME": str(cache)}
        run = run_cli(args, data_dir, home, env=env)
        progress(f"start-up, {label}: {run.seconds:.1f} s for {len(site.articles)} articles")
        if index == 1:
            started = Figure("Prefect server a run starts: peak RSS", run.server_peak_mb, "MB")
        figures.append(
            Figure(
                f"cold ingest of {len(site.articles)} articles, {label}",
                run.seconds,
                "s",
                MAX_COLD_SECONDS,
            )
        )
    page = work / "one-page.html"
    first = site.articles[0]
    page.write_bytes(site.pages[first.path].body)
    run = run_cli(("import", str(page)), data_dir, home, env=env)
    progress(f"import of one file: {run.seconds:.1f} s")
    figures.append(Figure("import of one file (warm)", run.seconds, "s", MAX_IMPORT_SECONDS))
    return [*figures, started]


def stop_kept_servers(work: Path) -> None:
    """Stop the kept Prefect server of every Prefect home under `work` (runs leave them up)."""
    from hosting.server import STATE, stop_kept_server

    for state in work.glob(f"*/{STATE}"):
        stop_kept_server(state.parent)


def main() -> list[Figure]:
    """Run every measurement of this module; print the details and return the figures."""
    with tempfile.TemporaryDirectory(prefix="yzdaily-bench-") as tmp:
        work = Path(tmp)
        prefect_home = work / "prefect"
        prefect_home.mkdir()
        progress(f"building sample sites: {WARMUP_ARTICLES} (warm-up) and {SIZES} articles")
        warmup = make_site(WARMUP_ARTICLES, seed=1)
        sites = [make_site(n, seed=n) for n in SIZES]
        tagger = make_tagger(work / "jieba")
        with SampleServer(warmup) as server, contextlib.ExitStack() as cleanup:
            cleanup.callback(stop_kept_servers, work)
            progress("warm-up ingest (not counted: Prefect migrates its database)")
            args = ("ingest", "--base-url", server.base_url, "--delay", "0")
            run_cli(args, work / "data-warmup", prefect_home)
            runs: dict[int, list[SizeRun]] = {n: [] for n in SIZES}
            for repeat in range(1, REPEATS + 1):
                for site in sites:
                    n = len(site.articles)
                    progress(f"N={n}, run {repeat}/{REPEATS}: yzdaily {' '.join(args)}; reprocess")
                    data_dir = work / f"data-{n}-{repeat}"
                    runs[n].append(measure_size(server, site, data_dir, prefect_home, tagger))
            progress(f"a scheduled run with nothing new, on the N={SIZES[-1]} warehouse")
            idle = nothing_new(server, data_dir, prefect_home)
            on_running = nothing_new_on_a_running_server(server, data_dir, prefect_home)
            startup = startup_figures(server, warmup, work)
            startup.append(
                Figure(
                    "nothing new, Prefect API already up: wall", on_running, "s", MAX_IDLE_SECONDS
                )
            )
            progress(f"profiling the in-process pipeline on {PROFILED_ARTICLES} articles")
            configure_prefect(prefect_home)  # Prefect reads its settings on import
            server.set_site(sites[0])
            profile_pipeline(sites[0], server.base_url, work / "profile")
            floor_steps(sites[0], server.base_url, tagger)
            progress(f"the parse pool on the N={SIZES[-1]} archive, {POOL_ROUNDS} rounds")
            pool = pool_figures(sites[-1], data_dir, tagger)
    small, large = (best(runs[n]) for n in SIZES)
    return startup + pool + figures_for(small, large, idle)


if __name__ == "__main__":
    print_table(main())
