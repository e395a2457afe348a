"""Hostile files at the issues' sizes (issues 25 and 30): peak memory of an import and of a
reprocess that meet every bomb, under the default caps.

    .venv/bin/python -m bench.hostile        (part of `make bench`; BENCH_ONLY=hostile)

The folder imported holds, between two good saved pages (`a.html`, `c.html`): a 1 MB zip of
1 GiB, an `.html.gz` that inflates to 1 GiB of page-like lines, a WARC whose one article
record's gzip Content-Encoding inflates to 3 GiB, a `.warc.gz` inflating to 3 GiB with no
newline after its first record and one inflating to 3 GiB of NUL bytes, 1 GiB sparse files
named `.html`, `.txt` and `.warc`, and `b.warc`, 16 MiB of NUL bytes (issue 30 item 1). Before
the caps each grew the process by gigabytes or took minutes. Then the raw copy of one page is
replaced by a 3 GiB gzip bomb and another's by a FIFO, and the archive is reprocessed.

Peak RSS is each process's high-water mark (VmHWM, read every 0.1 s: bench.common). A
warm-up import first (not counted) starts the Prefect server the measured runs use, as a
user's runs do. The figures: the CLI process's peak RSS; the most the CLI and every process
it started (the parse pool's forkserver and workers, when the files are big enough to start
one) held at once, by PSS (pages the workers share with their forkserver counted once); and
the sum of their peak RSS, an upper bound. The target is the issue's: under 1 GB whatever
the input.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from bench.common import CliRun, Figure, print_table, progress, run_cli
from bench.ingest import stop_kept_servers
from tests.hostile_files import (
    HTML_LINES,
    MIB,
    gzip_bomb,
    write_endless_line_warc,
    write_gzip_bomb,
    write_sparse,
    write_warc,
    write_zip_bomb,
)
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import SampleSite, build_site

GIB = 1024 * MIB
TARGET_MB = 1024.0
PUBLIC = "https://www.zgjssw.gov.cn"
EXIT_PARTIAL = 3


def saved_page(site: SampleSite, index: int) -> bytes:
    """A sample article as a browser saves it: with the URL it was saved from."""
    article = site.articles[index]
    url = PUBLIC + article.path
    mark = f"<!-- saved from url=({len(url):04d}){url} -->\n".encode("ascii")
    body = site.pages[article.path].body
    bom = b"\xef\xbb\xbf"
    return bom + mark + body.removeprefix(bom) if body.startswith(bom) else mark + body


def make_folder(folder: Path, site: SampleSite) -> None:
    """Every hostile file of the issues, at their sizes, between two good pages."""
    folder.mkdir()
    (folder / "a.html").write_bytes(saved_page(site, 0))
    (folder / "c.html").write_bytes(saved_page(site, 1))
    progress("making a 1 MB zip of 1 GiB")
    write_zip_bomb(folder / "pages.zip", GIB)
    progress("making the gzip bombs (1 and 3 GiB inflated)")
    write_gzip_bomb(folder / "page.html.gz", GIB, HTML_LINES, b"<html>\n")
    bomb_url = PUBLIC + site.articles[3].path
    write_warc(
        folder / "encoded.warc.gz",
        [(PUBLIC + a.path, site.pages[a.path].body) for a in site.articles[2:5]],
        encoded={bomb_url: b"".join(gzip_bomb(3 * GIB))},
    )
    write_endless_line_warc(folder / "endless.warc.gz", 3 * GIB)
    write_endless_line_warc(folder / "nothing.warc.gz", 3 * GIB, first_record=False)
    for name in ("sparse.html", "sparse.txt", "sparse.warc"):
        write_sparse(folder / name, GIB)
    write_sparse(folder / "b.warc", 16 * MIB)


def figures_of(what: str, run: CliRun) -> list[Figure]:
    """Peak RSS of the CLI; the most memory it and everything it started held at once (PSS),
    and the sum of their peaks (an upper bound: it counts the pages forked workers share once
    per worker, and peaks of different moments); its wall time."""
    peaks = run.cli_peak_mb + sum(run.descendants_peak_kb.values()) / 1024
    together = run.total_pss_peak_kb / 1024
    return [
        Figure(f"{what}: peak RSS, CLI process", run.cli_peak_mb, "MB", TARGET_MB),
        Figure(f"{what}: peak PSS, CLI and children", together, "MB", TARGET_MB),
        Figure(f"{what}: sum of peak RSS, CLI and children", peaks, "MB", TARGET_MB),
        Figure(f"{what}: wall", run.seconds, "s"),
    ]


def replace_raw_copies(data_dir: Path) -> None:
    """The raw copy of a.html's page replaced by a 3 GiB gzip bomb, c.html's by a FIFO."""
    import duckdb

    db = data_dir / "yzdaily.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("select raw_sha256 from articles order by url limit 2").fetchall()
    (bomb, fifo) = (data_dir / "raw" / sha[:2] / sha[2:4] / f"{sha}.gz" for (sha,) in found)
    write_gzip_bomb(bomb, 3 * GIB)
    fifo.unlink()
    os.mkfifo(fifo)


def main() -> list[Figure]:
    """Import the folder of bombs, then reprocess with two raw copies replaced; the figures."""
    with tempfile.TemporaryDirectory(prefix="yzdaily-bench-hostile-") as tmp:
        work = Path(tmp)
        prefect_home = work / "prefect"
        prefect_home.mkdir()
        site = build_site(generate_articles(6, seed=25))
        started = time.monotonic()
        make_folder(work / "bombs", site)
        progress(f"made the hostile folder in {time.monotonic() - started:.0f} s")
        warmup = work / "warmup"
        warmup.mkdir()
        (warmup / "a.html").write_bytes(saved_page(site, 5))
        with contextlib.ExitStack() as cleanup:
            cleanup.callback(stop_kept_servers, work)
            progress("warm-up import (not counted: starts and keeps the Prefect server)")
            run_cli(("import", str(warmup)), work / "data-warmup", prefect_home)
            data_dir = work / "data"
            progress("yzdaily import <every bomb>")
            imported = run_cli(
                ("import", str(work / "bombs")), data_dir, prefect_home, expected=EXIT_PARTIAL
            )
            progress("reprocess, a raw copy a 3 GiB gzip bomb, another a FIFO")
            replace_raw_copies(data_dir)
            reprocessed = run_cli(("reprocess",), data_dir, prefect_home, expected=EXIT_PARTIAL)
    for run in (imported, reprocessed):
        print(f"\n{run.command} (exit {run.returncode}, {run.seconds:.1f} s):")
        print("\n".join(run.stderr.strip().splitlines()[-14:]))
    return figures_of("import of every bomb", imported) + figures_of(
        "reprocess of a bomb and a FIFO", reprocessed
    )


if __name__ == "__main__":
    print_table(main())
