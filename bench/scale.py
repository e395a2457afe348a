"""Issue 29's figures on generated archives of 10,000 and 1,000,000 articles.

    .venv/bin/python -m bench.scale                            # 10,000 (seconds once cached)
    BENCH_SCALE_SIZES=10000,1000000 .venv/bin/python -m bench.scale   # and the million

The archives come from bench.archive (generated straight into DuckDB with the real schema,
kept in its cache: the million is built once, in under 30 minutes, then reused). Each figure
is the real code on them:
* `yzdaily search` from the shell (the console script, a process per search, as a user runs
  it): median of SHELL_RUNS after one uncounted run, an indexed word and a phrase the
  tokenizer splits (it loads jieba);
* `/api/search` of the real `yzdaily web` over HTTP: p95 of bench.web's query mix;
* the trend, compare and diffusion answers (answers.*) on a read-only connection, as the
  commands call them: median of ANSWER_RUNS after one uncounted run.
Targets (#29) are the million's; the same targets are printed beside the smaller archive's.
"""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb

from bench.archive import cached_archive
from bench.common import Figure, progress, run_cli
from bench.search import percentile
from bench.web import time_requests, yzdaily_web
from parsers.cities import CITIES
from parsers.nlp import Segmenter
from warehouse.db import BIG_MEMORY_LIMIT, open_warehouse

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SCALE_SIZES", "10000").split(","))
WEB_ROUNDS = int(os.environ.get("BENCH_SCALE_ROUNDS", "5"))
SHELL_RUNS = 5
ANSWER_RUNS = 3
TERM = "新质生产力"
WORD, PHRASE = TERM, "项目集中开工"  # an indexed term; a phrase the tokenizer splits
SHELL_TARGET_S = 0.3
WEB_P95_TARGET_MS = 100.0
ANSWER_TARGET_MS = 300.0
BEIJING = timezone(timedelta(hours=8))


def shell_search(db: Path, text: str, work: Path) -> float:
    """Median seconds of `yzdaily search TEXT --db DB` from the shell (after one run)."""
    runs = []
    for attempt in range(SHELL_RUNS + 1):
        run = run_cli(["search", text, "--db", str(db)], work / "data", work / "prefect")
        if attempt:
            runs.append(run.seconds)
    return statistics.median(runs)


def start_up(work: Path) -> float:
    """Median seconds of `yzdaily --version`: the floor of every command from the shell."""
    runs = [run_cli(["--version"], work / "data", work / "prefect").seconds for _ in range(4)]
    return statistics.median(runs[1:])


def search_in_process(db: Path, text: str, segmenter: Segmenter) -> float:
    """Median seconds of the answer `yzdaily search TEXT` prints, in this process (jieba
    loaded): what the search itself costs, without the start-up."""
    from answers.search import SearchRequest, search_answer
    from parsers.query import parse_query

    runs = []
    with open_warehouse(db, read_only=True) as con:
        for attempt in range(SHELL_RUNS + 1):
            started = time.perf_counter()
            search_answer(con, SearchRequest(parse_query(text)), lambda: segmenter)
            if attempt:
                runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def text_scan(db: Path, text: str) -> float:
    """Median seconds of counting Yangzhou's articles whose title or body holds `text`, on a
    reader's connection: the one scan a search's exact total and facets need (a part is
    matched as text: 市长 inside 副市长 too), the floor of a search answer until an index finds
    substrings."""
    runs = []
    with open_warehouse(db, read_only=True) as con:
        for attempt in range(ANSWER_RUNS + 1):
            started = time.perf_counter()
            con.execute(
                "select count(*) from articles where city = 'yangzhou'"
                " and (contains(title, ?) or contains(body, ?))",
                [text, text],
            ).fetchall()
            if attempt:
                runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def load_average() -> float:
    """The machine's load average over the last minute (2 cores here: 2 is a busy machine)."""
    return os.getloadavg()[0]


def answer_times(db: Path, uncapped: bool = False) -> dict[str, float]:
    """Median seconds of the trend, compare and diffusion answers, by name (inf: failed);
    `uncapped`: with the memory cap of the warehouse's big statements, not its readers'."""
    from answers.compare import CompareRequest, compare_answer, compare_cities
    from answers.diffusion import DiffusionRequest, diffusion_answer
    from answers.trend import TrendRequest, trend_answer

    today = datetime.now(BEIJING).date()
    answers: dict[str, Callable[[duckdb.DuckDBPyConnection], object]] = {
        "trend (Yangzhou, by month)": lambda con: trend_answer(
            con, TrendRequest((TERM,), by="month"), today
        ),
        "compare (13 cities, by year)": lambda con: compare_answer(
            con, CompareRequest((TERM,), "year", compare_cities(tuple(CITIES))), today
        ),
        "diffusion (every corpus)": lambda con: diffusion_answer(con, DiffusionRequest(TERM)),
    }
    found: dict[str, float] = {}
    with open_warehouse(db, read_only=True) as con:
        for name, answer in answers.items():
            runs = []
            try:
                if uncapped:
                    con.execute(f"set memory_limit = '{BIG_MEMORY_LIMIT}'")
                    # Spill beside the archive (in the bench cache), not in the working tree.
                    spill = (db.parent / "spill").as_posix().replace("'", "''")
                    con.execute(f"set temp_directory = '{spill}'")
                for attempt in range(ANSWER_RUNS + 1):
                    started = time.perf_counter()
                    answer(con)
                    if attempt:
                        runs.append(time.perf_counter() - started)
            except duckdb.Error as error:
                # An answer the warehouse cannot give (out of memory under the connection's
                # cap) has no time: it misses its target, the table says "inf".
                print(f"  {name} failed: {str(error).splitlines()[0]}")
                runs = [math.inf]
            found[name] = statistics.median(runs)
    return found


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"


def measure(size: int, work: Path, segmenter: Segmenter) -> list[Figure]:
    """Every #29 figure on the archive of `size` articles."""
    started = time.perf_counter()
    db = cached_archive(size)
    build = time.perf_counter() - started
    at = label(size)
    figures = [
        Figure(f"scale: {at} archive built (near 0: from the cache)", build, "s"),
        Figure(f"scale: load average at the start, {at}", load_average(), ""),
    ]
    progress(f"scale: {at}: shell searches")
    for kind, text in (("indexed word", WORD), ("split phrase", PHRASE)):
        seconds = shell_search(db, text, work)
        inside = search_in_process(db, text, segmenter)
        print(f"  {at}: yzdaily search {text}: median {seconds:.2f} s ({inside * 1000:.0f} ms"
              " of it the search, in process)")  # fmt: skip
        figures += [
            Figure(f"scale: shell search median ({kind}), {at}", seconds, "s", SHELL_TARGET_S),
            Figure(f"scale: the same search in process, {at}", inside * 1000, "ms"),
        ]
    progress(f"scale: {at}: /api/search, {WEB_ROUNDS} rounds")
    with yzdaily_web(db, work / "data") as base_url:
        timings = time_requests(base_url, WEB_ROUNDS)
    every = [t for values in timings.values() for t in values]
    p95 = percentile(every, 0.95) * 1000
    print(f"  {at}: /api/search p50 {statistics.median(every) * 1000:.0f} ms, p95 {p95:.0f} ms")
    for kind, values in timings.items():
        print(f"      {kind:<13} median {statistics.median(values) * 1000:7.1f} ms")
    figures.append(Figure(f"scale: web /api/search p95, {at}", p95, "ms", WEB_P95_TARGET_MS))
    scan = text_scan(db, WORD) * 1000
    print(f"  {at}: the text scan of an exact total ({WORD}, Yangzhou): median {scan:.0f} ms")
    figures.append(Figure(f"scale: text scan of a search's exact total, {at}", scan, "ms"))
    progress(f"scale: {at}: trend, compare, diffusion")
    for name, seconds in answer_times(db).items():
        print(f"  {at}: {name}: median {seconds * 1000:.0f} ms")
        figures.append(Figure(f"scale: {name}, {at}", seconds * 1000, "ms", ANSWER_TARGET_MS))
    if any(figure.value == math.inf for figure in figures):
        # What the failed answers would cost with memory enough: the size of the next step.
        progress(f"scale: {at}: the answers again, memory capped at {BIG_MEMORY_LIMIT}")
        for name, seconds in answer_times(db, uncapped=True).items():
            print(f"  {at}: {name}, {BIG_MEMORY_LIMIT} cap: median {seconds * 1000:.0f} ms")
            figures.append(
                Figure(f"scale: {name}, {at}, {BIG_MEMORY_LIMIT} memory cap", seconds * 1000, "ms")
            )
    figures.append(Figure(f"scale: load average at the end, {at}", load_average(), ""))
    return figures


def main() -> list[Figure]:
    """The figures at every size of BENCH_SCALE_SIZES."""
    with tempfile.TemporaryDirectory(prefix="yzdaily-bench-scale-") as tmp:
        work = Path(tmp)
        floor = start_up(work)
        print(f"  yzdaily --version (start-up floor): median {floor:.2f} s")
        figures = [Figure("scale: yzdaily --version (start-up floor)", floor, "s")]
        segmenter = Segmenter(cache_dir=work / "cache")
        for size in SIZES:
            figures += measure(size, work, segmenter)
    return figures


if __name__ == "__main__":
    from bench.common import print_table

    print_table(main())
