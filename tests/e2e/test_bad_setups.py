"""Tier 4 (issue 13 item 8): a careless set-up gets one clear line and exit 1, never a
traceback, and leaves nothing behind: a --db that is no DuckDB file, a read-only disk, a
full disk. The disks are real: small tmpfs mounts (mounting them needs root; elsewhere these
tests are skipped)."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from tests.e2e.conftest import CliResult
from tests.e2e.test_ingest import rows
from tests.e2e.test_sources import SEED as SEED_PATH
from tests.sample_site.server import SampleServer
from warehouse.db import open_warehouse

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]
Mount = Callable[[str, str], Path]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Mount]:
    """mount(name, options): a tmpfs at tmp_path/name, unmounted after the test."""
    mounted: list[Path] = []

    def mount(name: str, options: str) -> Path:
        target = tmp_path / name
        target.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(target)
        return target

    yield mount
    for target in reversed(mounted):
        subprocess.run(["umount", "-l", str(target)], check=False)


def one_error_line(result: CliResult) -> str:
    """The run's one line of error (progress lines aside): no traceback, no other error."""
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1 and errors[0].startswith("error: "), result.stderr
    return errors[0]


def sqlite_file(path: Path) -> Path:
    with sqlite3.connect(path) as con:
        con.execute("create table notes (text)")
    return path


def text_file(path: Path) -> Path:
    path.write_text("这不是数据库\n", encoding="utf-8")
    return path


NOT_DUCKDB = {
    "text": (text_file, ""),
    # DuckDB reads a SQLite file through an extension it would download (issue 31).
    "sqlite": (sqlite_file, " (it is a SQLite database)"),
}


@pytest.mark.parametrize("kind", NOT_DUCKDB)
@pytest.mark.parametrize("command", ["ingest", "reprocess", "import", "stats", "search"])
def test_a_db_that_is_no_duckdb_file_is_one_line(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path, command: str, kind: str
) -> None:
    make, described = NOT_DUCKDB[kind]
    other = make(tmp_path / "notes.duckdb")
    before = other.read_bytes()
    extra = {
        "ingest": ["--base-url", sample_server.base_url, "--delay", "0"],
        "reprocess": [],
        "import": [str(SEED_PATH)],
        "stats": [],
        "search": ["扬州"],
    }[command]
    home = tmp_path / "home"
    home.mkdir()
    result = run_cli(command, *extra, "--db", str(other), env={"HOME": str(home)})
    assert result.returncode == 1
    line = one_error_line(result)
    assert f"{other} is not a DuckDB warehouse file{described}" in line
    assert "extension" not in result.stderr.lower()
    assert other.read_bytes() == before  # untouched
    assert not (home / ".duckdb").exists()  # DuckDB never went for an extension


@pytest.mark.parametrize("command", ["ingest", "reprocess", "import"])
def test_a_db_on_a_read_only_disk_is_one_line(
    run_cli: RunCli, sample_server: SampleServer, tmpfs: Mount, command: str
) -> None:
    read_only = tmpfs("read-only", "ro,size=1m")
    extra = {
        "ingest": ["--base-url", sample_server.base_url, "--delay", "0"],
        "reprocess": [],
        "import": [str(SEED_PATH)],
    }[command]
    result = run_cli(command, *extra, "--db", str(read_only / "yzdaily.duckdb"))
    assert result.returncode == 1
    assert "Read-only file system" in one_error_line(result)


def test_a_full_data_disk_is_one_line_and_leaves_no_temporary_file(
    run_cli: RunCli, sample_server: SampleServer, tmpfs: Mount, tmp_path: Path
) -> None:
    # Too small for jieba's 2 MB cache and for the raw pages of the sample site.
    full = tmpfs("full", "size=64k")
    db = tmp_path / "yzdaily.duckdb"
    result = run_cli(
        "ingest", "--base-url", sample_server.base_url, "--delay", "0",
        "--data-dir", str(full), "--db", str(db),
    )  # fmt: skip
    assert result.returncode == 1
    line = one_error_line(result)
    assert "No space left on device" in line
    leftovers = [p for p in full.rglob("*") if p.is_file() and p.name.startswith(("tmp", ".tmp"))]
    assert leftovers == []
    [(status, message)] = rows(db, "select status, message from runs")
    assert status == "failed" and "No space left on device" in message


def test_a_full_warehouse_disk_is_one_line(
    run_cli: RunCli, sample_server: SampleServer, tmpfs: Mount
) -> None:
    full = tmpfs("full", "size=2m")
    db = full / "yzdaily.duckdb"
    with open_warehouse(db):
        pass  # migrated: what is left of the disk, a filler takes
    with (full / "filler").open("wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError:
            pass  # full
    result = run_cli(
        "ingest", "--base-url", sample_server.base_url, "--delay", "0", "--db", str(db)
    )
    assert result.returncode == 1
    assert "No space left on device" in one_error_line(result)
    (full / "filler").unlink()
    with duckdb.connect(str(db), read_only=True) as con:  # the warehouse is not damaged
        assert con.execute("select count(*) from articles").fetchone() == (0,)


@pytest.mark.parametrize("options", ["ro,size=1m", "size=64k"])
def test_a_jieba_cache_that_cannot_be_written_still_segments(
    tmpfs: Mount, tmp_path: Path, options: str
) -> None:
    # A read-only or full cache dir: jieba's own cache and our pickled tables are savings, not
    # needs; the Segmenter builds from jieba's dictionary and reads the same as one with a cache.
    from parsers.nlp import Segmenter

    text = SEED_PATH.read_text(encoding="utf-8")
    unwritable = tmpfs("cache", options)
    segmenter = Segmenter(cache_dir=unwritable)
    assert segmenter.cut(text) == Segmenter(cache_dir=tmp_path / "cache-ok").cut(text)
    assert segmenter.keywords(segmenter.content_tokens(text))
    assert not [p for p in unwritable.iterdir() if p.name.startswith(".")]  # no partial file
