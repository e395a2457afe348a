"""`make bench`: every benchmark in one run, then one table of figures, targets and verdicts.

    .venv/bin/python -m bench

bench.ingest: ingest and reprocess against the floor, peak RSS, a run with nothing new.
bench.search: search and trend latency (when the module is there). Its `main()` may return a
list of `bench.common.Figure` to join the final table; anything else it returns is ignored.
bench.web: `/api/search` over HTTP at 2,000 articles (p95 against its target).
bench.scale: issue 29's figures (shell search, /api/search, trend, compare, diffusion) on
generated archives kept in a cache (bench.archive).
bench.memory: peak RSS of ingest and reprocess in copies of bench.archive's archives (the
sizes of BENCH_SCALE_SIZES), and a reprocess of a 10k-page sample with the million-page
estimate (issue 29 items 4 and 5; BENCH_REPROCESS_SAMPLE=0 leaves the sample out).
bench.segmenters: jieba-fast and rjieba against our plain cut (when they are installed).
bench.startup: the console script's start-up (--version, search --help), and what a kept
Prefect server costs while no run uses it (CPU share of a core, RSS) over BENCH_IDLE_SECONDS
(default 60).
bench.hostile: peak RSS of an import of every bomb of issues 25 and 30, and of a reprocess
whose raw archive holds a gzip bomb and a FIFO (target: under 1 GB).

Sizes: BENCH_SIZES (bench.ingest, default 150,600), BENCH_REPEATS (default 1),
BENCH_SEARCH_SIZES (bench.search, default 10000,100000), BENCH_SCALE_SIZES (bench.scale,
default 10000; 10000,1000000 for the issue's million, whose first build takes ~25 min),
BENCH_SCALE_ROUNDS (default 5), BENCH_REPROCESS_SAMPLE (bench.memory, default 10000),
BENCH_IDLE_SECONDS (bench.startup, default 60). BENCH_ONLY=ingest,segmenters runs only those
modules.
"""

from __future__ import annotations

import importlib
import os
import sys
import time

from bench import hostile, ingest, memory, scale, segmenters, startup, web
from bench.common import Figure, print_table, progress


def search_figures() -> list[Figure]:
    """Run bench.search if it exists; its figures if it returns any."""
    try:
        search = importlib.import_module("bench.search")
    except ModuleNotFoundError as error:
        if error.name != "bench.search":
            raise
        progress("bench.search is not there yet: search and trend latency are not measured")
        return []
    progress("bench.search")
    result = search.main()
    if isinstance(result, list):
        return [figure for figure in result if isinstance(figure, Figure)]
    return []


def main() -> int:
    """Run the benchmarks; exit 0 even when a target is missed (the table says which)."""
    started = time.monotonic()
    only = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
    figures: list[Figure] = []
    if not only or "ingest" in only:
        figures += ingest.main()
    if not only or "search" in only:
        figures += search_figures()
    if not only or "startup" in only:
        progress("bench.startup")
        figures += startup.main()
    if not only or "web" in only:
        progress("bench.web")
        figures += web.main()
    if not only or "scale" in only:
        progress("bench.scale")
        figures += scale.main()
    if not only or "memory" in only:
        progress("bench.memory")
        figures += memory.main()
    if not only or "segmenters" in only:
        progress("bench.segmenters")
        figures += segmenters.main()
    if not only or "hostile" in only:
        progress("bench.hostile")
        figures += hostile.main()
    print_table(figures)
    print(f"\nbenchmarks took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
