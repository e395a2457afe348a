"""Peak memory of `yzdaily ingest` and `yzdaily reprocess` on big archives (issue 29 item 5),
and the time a reprocess of a million archived pages would take, estimated (item 4).

    .venv/bin/python -m bench.memory                                # the 10k archive
    BENCH_SCALE_SIZES=10000,1000000 .venv/bin/python -m bench.memory   # and the million
    BENCH_REPROCESS_SAMPLE=0 .venv/bin/python -m bench.memory       # without the estimate

Each archive is bench.archive's generated warehouse (`cached_archive`, the sizes of
BENCH_SCALE_SIZES, as bench.scale). The cached file is never written: each measurement copies
it into a temporary data dir, and the copy goes when the measurement ends. Into the copy:

* `yzdaily ingest` of NEW_ARTICLES new articles from the sample site (a real HTTP server on
  loopback), as a scheduled run brings a few hundred new articles into a big archive;
* then `yzdaily reprocess` (default workers). The generated articles have no archived raw
  pages (bench.archive generates rows, not pages), so this reprocess parses only the
  NEW_ARTICLES the ingest archived; what it holds of the rest of the archive (the IDF of
  every term, the recount of document frequencies, the postings it re-clusters) is what
  this measures.

Peak RSS is the CLI process's own high-water mark (VmHWM, bench.common.run_cli); a pool
reprocess's workers are their own processes: the largest one's peak is printed beside it.
One uncounted warm-up ingest of a tiny site first, so that every counted run uses the
Prefect server it kept (its memory is not the run's).

**The estimate** (no million raw pages exist here: generating and ingesting them would take a
day). A sample of BENCH_REPROCESS_SAMPLE (default 10,000) sample-site articles is ingested into
a fresh data dir, then `yzdaily reprocess` (default workers: both cores) re-parses its archived
pages; its wall time per page, times a million, is the first estimate (linear: it assumes
a page costs at 1M what it costs at 10k). What it leaves out is what grows with the archive:
each batch's commit replaces its articles' derived rows, which scans those tables (266 million
postings at 1M). So the second figure adds the cost per page a reprocess pays on the 1M
archive beyond what it pays on the 10k one (the reprocess of the ingested pages above, both
sizes, same pages, same batches): measured, then multiplied too. Both are estimates, and say so.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from bench.archive import cached_archive
from bench.common import Figure, print_table, progress, run_cli
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import SampleServer
from tests.sample_site.site import build_site

# The same sizes as bench.scale: 10,000 by default, the million opt-in (its copy is 6.6 GB).
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SCALE_SIZES", "10000").split(","))
NEW_ARTICLES = 200
SAMPLE = int(os.environ.get("BENCH_REPROCESS_SAMPLE", "10000"))
MILLION = 1_000_000
SEED = 2029
WARMUP_ARTICLES = 10
MAX_RSS_MB = 450.0
# Copies of a big archive go here (TMPDIR or /tmp by default): YZDAILY_BENCH_WORK to choose.
WORK_DIR = os.environ.get("YZDAILY_BENCH_WORK")


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"


def measure(
    size: int, server: SampleServer, work: Path, seconds: dict[tuple[int, str], float]
) -> list[Figure]:
    """Peak RSS of an ingest of NEW_ARTICLES into a copy of the `size` archive, then of a
    reprocess there (their wall times into `seconds`); the copy is removed afterwards."""
    archive = cached_archive(size)
    data_dir = work / f"archive-{size}"
    data_dir.mkdir()
    at = label(size)
    try:
        progress(f"memory: copying the {at} archive ({archive.stat().st_size / 1e9:.1f} GB)")
        shutil.copyfile(archive, data_dir / "yzdaily.duckdb")
        figures = []
        commands = (
            ("ingest", ["ingest", "--base-url", server.base_url, "--delay", "0"]),
            ("reprocess", ["reprocess"]),
        )
        for name, command in commands:
            progress(f"memory: yzdaily {name} into the {at} archive")
            run = run_cli(command, data_dir, work / "prefect")
            seconds[size, name] = run.seconds
            workers = [kb / 1024 for kb in run.descendants_peak_kb.values()]
            print(
                f"  {at}: {name}: {run.seconds:.1f} s, CLI peak RSS {run.cli_peak_mb:.0f} MB"
                + (f", largest child {max(workers):.0f} MB" if workers else "")
            )
            what = f"{NEW_ARTICLES} new articles" if name == "ingest" else "the ingested ones"
            figures.append(
                Figure(
                    f"memory: {name} ({what}) into the {at} archive: CLI peak RSS",
                    run.cli_peak_mb,
                    "MB",
                    MAX_RSS_MB,
                )
            )
            if workers:
                figures.append(
                    Figure(
                        f"memory: {name} into the {at} archive: largest child's peak RSS",
                        max(workers),
                        "MB",
                        MAX_RSS_MB,
                    )
                )
        return figures
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def reprocess_estimate(
    server: SampleServer, work: Path, seconds: dict[tuple[int, str], float]
) -> list[Figure]:
    """A reprocess of SAMPLE archived pages through the CLI: its rate, its memory, and the
    million-page estimates (see the module's docstring)."""
    progress(f"memory: building a {SAMPLE:,}-article sample site")
    site = build_site(generate_articles(SAMPLE, seed=SEED + 2), page_size=50)
    for path in site.pages:
        site.pages[path]  # rendered before the clock, as bench.ingest does
    server.set_site(site)
    data_dir = work / "sample"
    at = label(SAMPLE)
    try:
        progress(f"memory: yzdaily ingest of the {at} sample (not counted)")
        args = ["ingest", "--base-url", server.base_url, "--delay", "0", "--max-pages", "100000"]
        ingest = run_cli(args, data_dir, work / "prefect")
        progress(f"memory: yzdaily reprocess of the {at} sample's archived pages")
        run = run_cli(["reprocess"], data_dir, work / "prefect")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    per_page = run.seconds / SAMPLE
    workers = max((kb / 1024 for kb in run.descendants_peak_kb.values()), default=0.0)
    print(
        f"  {at} sample: ingest {ingest.seconds:.0f} s; reprocess {run.seconds:.0f} s"
        f" ({per_page * 1000:.1f} ms a page, CLI peak RSS {run.cli_peak_mb:.0f} MB, largest"
        f" child {workers:.0f} MB)"
    )
    figures = [
        Figure(f"reprocess, {at} sample pages through the CLI: ms per page", per_page * 1000, "ms"),
        Figure(f"memory: reprocess of {at} archived pages: CLI peak RSS", run.cli_peak_mb, "MB",
               MAX_RSS_MB),
        Figure(f"memory: reprocess of {at} archived pages: largest child's peak RSS", workers,
               "MB", MAX_RSS_MB),
        Figure(f"reprocess, 1M raw pages: ESTIMATE, {at} sample's rate x 100", per_page * MILLION,
               "s"),
    ]  # fmt: skip
    small, big = (seconds.get((size, "reprocess")) for size in (10_000, MILLION))
    if small is not None and big is not None:
        grows = (big - small) / NEW_ARTICLES
        print(
            f"  a reprocessed page costs {grows * 1000:.0f} ms more on the 1M archive than on"
            f" the 10k one ({NEW_ARTICLES} pages: {big:.0f} s against {small:.0f} s)"
        )
        figures += [
            Figure("reprocess: a page's extra cost on the 1M archive (its commit)", grows * 1000,
                   "ms"),
            Figure("reprocess, 1M raw pages: ESTIMATE, sample's rate + the 1M extra, x 1M",
                   (per_page + grows) * MILLION, "s"),
        ]  # fmt: skip
    return figures


def stop_kept_servers(work: Path) -> None:
    """Stop the kept Prefect server the runs left in `work`'s Prefect home."""
    from hosting.server import stop_kept_server

    stop_kept_server(work / "prefect")


def main() -> list[Figure]:
    """The figures at every size of BENCH_SCALE_SIZES."""
    site = build_site(generate_articles(NEW_ARTICLES, seed=SEED), page_size=50)
    warmup = build_site(generate_articles(WARMUP_ARTICLES, seed=SEED + 1))
    figures: list[Figure] = []
    with (
        tempfile.TemporaryDirectory(prefix="yzdaily-bench-memory-", dir=WORK_DIR) as tmp,
        contextlib.ExitStack() as cleanup,
    ):
        work = Path(tmp)
        (work / "prefect").mkdir()
        cleanup.callback(stop_kept_servers, work)
        with SampleServer(warmup) as server:
            progress("memory: warm-up ingest (not counted: Prefect's server starts)")
            args = ["ingest", "--base-url", server.base_url, "--delay", "0"]
            run_cli(args, work / "warmup", work / "prefect")
            server.set_site(site)
            seconds: dict[tuple[int, str], float] = {}
            for size in SIZES:
                figures += measure(size, server, work, seconds)
            if SAMPLE:
                figures += reprocess_estimate(server, work, seconds)
    return figures


if __name__ == "__main__":
    print_table(main())
