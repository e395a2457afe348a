"""`make bench`: every benchmark in one run, then one table of figures, targets and verdicts.

    .venv/bin/python -m bench

bench.ingest: ingest and reprocess against the floor, peak RSS, a run with nothing new.
bench.search: search and trend latency on archives built by parsing pages (10k, 100k).
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

import os
import sys
import time
from collections.abc import Callable

from bench import hostile, ingest, memory, scale, search, segmenters, startup, web
from bench.common import Figure, print_table, progress

# Every module, in the order `make bench` runs them; BENCH_ONLY names a subset.
MODULES: tuple[tuple[str, Callable[[], list[Figure]]], ...] = (
    ("ingest", ingest.main),
    ("search", search.main),
    ("startup", startup.main),
    ("web", web.main),
    ("scale", scale.main),
    ("memory", memory.main),
    ("segmenters", segmenters.main),
    ("hostile", hostile.main),
)


def main() -> int:
    """Run the benchmarks; exit 0 even when a target is missed (the table says which)."""
    started = time.monotonic()
    only = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
    figures: list[Figure] = []
    for name, run in MODULES:
        if not only or name in only:
            progress(f"bench.{name}")
            figures += run()
    print_table(figures)
    print(f"\nbenchmarks took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
