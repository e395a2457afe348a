"""The parse pool (flows/pool.py, #19): the same rows from 1 and 2 workers, a dying worker
costs its page only, through real worker processes and the real CLI."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.parsing import parse_job
from flows.pool import (
    POOL_MIN_PAGES,
    WORKER_DIED,
    ParsePool,
    default_workers,
    job_size,
    pool_size,
)
from parsers.nlp import Segmenter
from tests.e2e.conftest import CLI
from tests.environment import warm_cli_environment
from tests.sample_site.server import SampleServer
from tests.sample_site.site import build_site
from warehouse.fetchlog import BatchWrite, RawFetch

BASE = "http://127.0.0.1:8000"
# A page whose body holds this kills the worker parsing it (see crash_on_marker).
KILLER = b"<!-- kill the worker parsing this page -->"


def sample_pages() -> list[tuple[RawFetch, bytes]]:
    """The sample site's article pages as archived pages, in site order."""
    site = build_site()
    pages = []
    for article in site.articles:
        page = site.pages[article.path]
        sha256 = hashlib.sha256(page.body).hexdigest()
        url = BASE + article.path
        fetch = RawFetch(
            url, url, 200, page.content_type, {}, datetime(2026, 1, 1), sha256, len(page.body)
        )
        pages.append((fetch, page.body))
    return pages


def crash_on_marker(
    segmenter: Segmenter,
    idf: Mapping[str, float] | None,
    pages: Sequence[tuple[RawFetch, bytes]],
) -> BatchWrite:
    """parse_job, except that a page holding KILLER ends the worker process on the spot (what a
    segfault in lxml or the OOM killer does)."""
    if any(KILLER in body for _, body in pages):
        os._exit(9)
    return parse_job(segmenter, idf, pages)


def parsed(write: BatchWrite) -> tuple[Any, ...]:
    return (write.records, write.failures, write.succeeded)


def run_jobs(
    pool: ParsePool, job: Any, pages: list[tuple[RawFetch, bytes]], size: int
) -> BatchWrite:
    """Every page through the pool in jobs of `size`, results merged in order."""
    chunks = [pages[start : start + size] for start in range(0, len(pages), size)]
    total = BatchWrite()
    for pending in [pool.submit(job, chunk) for chunk in chunks]:
        write = pool.result(pending)
        total.records += write.records
        total.failures += write.failures
        total.succeeded += write.succeeded
    return total


def test_two_workers_give_what_one_process_gives(tmp_path: Path) -> None:
    pages = sample_pages()
    # A page that does not parse: a recorded failure, in both paths.
    pages.insert(3, (replace(pages[0][0], sha256="0" * 64), b"<html>no article</html>"))
    with ParsePool(1, tmp_path / "cache") as alone:
        expected = run_jobs(alone, parse_job, pages, 4)
    with ParsePool(2, tmp_path / "cache") as pool:
        got = run_jobs(pool, parse_job, pages, 4)
        assert pool.restarts == 0
    assert len(expected.records) == len(pages) - 1
    assert len(expected.failures) == 1
    assert parsed(got) == parsed(expected)


def test_a_page_that_kills_its_worker_costs_that_page_only(tmp_path: Path) -> None:
    pages = sample_pages()
    victim_fetch, victim_body = pages[5]
    pages[5] = (victim_fetch, victim_body.replace(b"</body>", KILLER + b"</body>"))
    with ParsePool(2, tmp_path / "cache") as pool:
        got = run_jobs(pool, crash_on_marker, pages, 3)
        assert pool.restarts >= 1
        # The pool works on after the crash.
        after = pool.result(pool.submit(parse_job, pages[:2]))
    assert [f.url for f in got.failures] == [victim_fetch.url]
    assert got.failures[0].reason == WORKER_DIED
    assert got.failures[0].stage == "parse"
    assert len(got.records) == len(pages) - 1
    assert set(got.succeeded) == {f.url for f, _ in pages} - {victim_fetch.url}
    assert len(after.records) == 2


def test_a_small_run_parses_in_its_own_process_unless_told_otherwise() -> None:
    assert pool_size(None, POOL_MIN_PAGES - 1) == 1
    assert pool_size(None, POOL_MIN_PAGES) == default_workers()
    assert pool_size(2, 10) == 2
    assert pool_size(1, 10**6) == 1


def test_job_size_gives_every_worker_several_jobs() -> None:
    assert job_size(300, 1, 100) == 100
    assert job_size(300, 2, 100) == 38
    assert job_size(20, 2, 100) == 10
    assert job_size(100_000, 2, 100) == 100


ARTICLES = "select * exclude (updated_at) from articles order by article_id"
DERIVED = (
    "article_keywords",
    "article_terms",
    "article_entities",
    "person_mentions",
    "failures",
)


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {t: con.execute(f"select * from {t} order by all").fetchall() for t in DERIVED}
        tables["articles"] = con.execute(ARTICLES).fetchall()
        tables["failures"] = con.execute(
            "select url, site, stage, reason, permanent from failures order by url"
        ).fetchall()
    return tables


@pytest.mark.e2e
def test_reprocess_with_two_workers_writes_the_rows_of_one(
    prefect_home: Path, tmp_path: Path
) -> None:
    def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
        # Small batches: the sample corpus makes several jobs, so both workers parse.
        env = warm_cli_environment(data, prefect_home, YZDAILY_BATCH_SIZE="3")
        return subprocess.run(
            [str(CLI), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )

    one, two = tmp_path / "one", tmp_path / "two"
    with SampleServer(build_site()) as server:
        done = cli(one, "ingest", "--base-url", server.base_url, "--delay", "0", "-q")
        assert done.returncode == 0, done.stderr
    # Lose the derived rows: only the raw archive is left to rebuild them from.
    with duckdb.connect(str(one / "yzdaily.duckdb")) as con:
        for table in DERIVED[:-1]:
            con.execute(f"delete from {table}")
    shutil.copytree(one, two)
    for data, workers in ((one, "1"), (two, "2")):
        done = cli(data, "reprocess", "--workers", workers, "-q")
        assert done.returncode == 0, done.stderr
    got, expected = snapshot(two / "yzdaily.duckdb"), snapshot(one / "yzdaily.duckdb")
    assert expected["article_terms"] and expected["article_keywords"]
    assert got == expected


def modules_loaded(names: Sequence[str]) -> list[str]:
    """Runs in a process the forkserver forks: which of `names` it has before any import."""
    import sys

    return [name for name in names if name in sys.modules]


def test_workers_are_forked_with_jieba_and_its_tables_already_loaded() -> None:
    # parsers.nlp imports jieba only when a Segmenter is built: the forkserver must import
    # posseg (its tag table) and jieba.analyse (its IDF table) itself, once for every worker.
    from concurrent.futures import ProcessPoolExecutor

    from flows.pool import start_forkserver

    wanted = ["jieba", "jieba.posseg", "jieba.analyse", "parsers.nlp", "bs4"]
    with ProcessPoolExecutor(max_workers=1, mp_context=start_forkserver()) as executor:
        assert executor.submit(modules_loaded, wanted).result(timeout=120) == wanted


def pool_processes(entry: str) -> list[str]:
    """Command lines of live processes whose environment holds `entry` (the run's data dir)."""
    from tests.e2e.conftest import processes_with_env

    lines = []
    for pid in processes_with_env(entry):
        try:
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue  # gone meanwhile
    return lines


@pytest.mark.e2e
def test_no_pool_process_outlives_a_run_killed_with_kill_9(
    prefect_home: Path, tmp_path: Path
) -> None:
    """kill -9 of the run's process alone (the OOM killer's way, not the process group's):
    its forkserver, workers and resource tracker exit too (#31: 640 MB were left running)."""
    data = tmp_path / "data"
    env = warm_cli_environment(data, prefect_home, YZDAILY_BATCH_SIZE="1")
    with SampleServer(build_site()) as server:
        done = subprocess.run(
            [str(CLI), "ingest", "--base-url", server.base_url, "--delay", "0", "-q"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr
    victim = subprocess.Popen(
        [str(CLI), "reprocess", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert victim.stderr is not None
    marker = f"YZDAILY_DATA_DIR={data}"
    for line in victim.stderr:
        if line.startswith("reprocessed "):
            break  # the pool is parsing
    else:
        raise AssertionError(f"reprocess ended (exit {victim.wait()}) before parsing")
    workers = [cmd for cmd in pool_processes(marker) if "multiprocessing" in cmd]
    assert len(workers) >= 3, workers  # the forkserver and two workers at least
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    deadline = time.monotonic() + 20
    while left := pool_processes(marker):
        assert time.monotonic() < deadline, f"still running after the run was killed: {left}"
        time.sleep(0.2)
