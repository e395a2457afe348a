"""Tier 2: `yzdaily import` reads a big WARC in chunks, and keeps what precedes a break; every
file is read under caps (issues 25 and 30): bombs, endless lines, sparse files, zip archives
and link loops are failures of their file (or of their page), found without reading them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from fetching.raw_archive import RawArchive
from fetching.reading import ReadLimits
from flows.importer import FileResult, ImportFileError, file_results, read_file
from flows.parsing import parse_job
from parsers.sites.zgjssw import ZGJSSW as zgjssw
from tests.e2e.hostile import TERMINAL_CONTROL
from tests.hostile_files import (
    HTML_LINES,
    MIB,
    WARCINFO,
    gzip_bomb,
    write_endless_line_warc,
    write_gzip_bomb,
    write_sparse,
    write_warc,
    write_zip_bomb,
)
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import build_site
from tests.sample_warehouse import segmenter

PUBLIC = "https://www.zgjssw.gov.cn"
NOW = datetime(2026, 11, 29, 8, 0)


@pytest.fixture(scope="module")
def pages() -> list[tuple[str, bytes]]:
    site = build_site(generate_articles(7, seed=3))
    return [(PUBLIC + a.path, site.pages[a.path].body) for a in site.articles]


def test_a_warc_is_read_in_chunks(tmp_path: Path, pages: list[tuple[str, bytes]]) -> None:
    warc = tmp_path / "pages.warc.gz"
    write_warc(warc, pages)
    chunks = list(read_file(warc, RawArchive(tmp_path / "raw"), "all", NOW, 3))
    assert [chunk.pages for chunk in chunks] == [3, 3, 1]
    writes = [parse_job(segmenter(), None, chunk.bodies) for chunk in chunks]
    loaded = [r.article.url for write in writes for r in write.records]
    assert loaded == [url for url, _ in pages]
    assert all(not write.failures for write in writes)


def test_a_warc_broken_midway_keeps_the_whole_records_before_the_break(
    tmp_path: Path, pages: list[tuple[str, bytes]]
) -> None:
    whole = tmp_path / "whole.warc.gz"
    offsets = write_warc(whole, pages)
    broken = tmp_path / "broken.warc.gz"
    cut = offsets[5] + (offsets[6] - offsets[5]) // 2  # inside the sixth record
    broken.write_bytes(whole.read_bytes()[:cut])

    chunks = read_file(broken, RawArchive(tmp_path / "raw"), "all", NOW, 2)
    got = [next(chunks), next(chunks), next(chunks)]
    with pytest.raises(ImportFileError, match="truncated"):
        next(chunks)
    assert [chunk.pages for chunk in got] == [2, 2, 1]  # the fifth, whole, record too
    writes = [parse_job(segmenter(), None, chunk.bodies) for chunk in got]
    loaded = [r.article_id for write in writes for r in write.records]
    assert loaded == [zgjssw.article_id(url) for url, _ in pages[:5]]


# Caps lowered so that a few inflated megabytes pass them (the defaults: 5 MB and 10 minutes).
LOW = ReadLimits(page_bytes=MIB, line_bytes=MIB, seconds=60)
INFLATED = 16 * MIB


def failure_of(path: Path, tmp_path: Path, limits: ReadLimits = LOW) -> str:
    """The one failure `path` gives as an imported file, after no page."""
    chunks = read_file(path, RawArchive(tmp_path / "raw"), "all", NOW, 10, limits)
    results = list(file_results(path, chunks))
    assert [result.pages for result in results] == [0]
    [failure] = results[0].write.failures
    assert failure.stage == "import" and failure.url == path.absolute().as_uri()
    return failure.reason


def archived(tmp_path: Path) -> int:
    """Bytes in the raw archive: what reading stored."""
    raw = tmp_path / "raw"
    return sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) if raw.exists() else 0


def test_a_gzipped_page_that_inflates_past_the_page_cap_is_refused(tmp_path: Path) -> None:
    # Issue 25: an .html.gz bomb was taken for a WARC, and warcio read its one "line" whole.
    bomb = write_gzip_bomb(tmp_path / "page.html.gz", INFLATED, HTML_LINES, b"<html>\n")
    assert failure_of(bomb, tmp_path) == "inflates past 1 MB (YZDAILY_MAX_PAGE_BYTES)"
    assert archived(tmp_path) == 0


def test_a_gzipped_page_under_the_cap_is_imported(
    tmp_path: Path, pages: list[tuple[str, bytes]]
) -> None:
    body = pages[0][1]
    packed = tmp_path / "saved.html.gz"
    packed.write_bytes(b"".join(gzip_bomb(len(body), body)))
    [chunk] = list(read_file(packed, RawArchive(tmp_path / "raw"), "all", NOW, 10, LOW))
    assert [body for _, body in chunk.bodies] == [pages[0][1]]
    write = parse_job(segmenter(), None, chunk.bodies)
    # A saved page without its URL is identified by its content (the inflated bytes).
    assert [r.article_id for r in write.records] == ["file:" + hashlib.sha256(body).hexdigest()]


def test_a_warc_record_whose_content_encoding_inflates_past_the_cap_fails_alone(
    tmp_path: Path, pages: list[tuple[str, bytes]]
) -> None:
    # Issue 25: warcio undoes a record's gzip Content-Encoding; read whole, 3 GiB of it.
    bomb_url = pages[1][0]
    warc = tmp_path / "pages.warc.gz"
    write_warc(warc, pages[:3], encoded={bomb_url: b"".join(gzip_bomb(INFLATED, HTML_LINES))})
    chunks = list(read_file(warc, RawArchive(tmp_path / "raw"), "all", NOW, 10, LOW))
    [failure] = [f for chunk in chunks for f in chunk.write.failures]
    assert (failure.url, failure.stage) == (bomb_url, "import")
    assert failure.reason == "the page inflates past 1 MB (YZDAILY_MAX_PAGE_BYTES)"
    read = [fetch.url for chunk in chunks for fetch, _ in chunk.bodies]
    assert read == [pages[0][0], pages[2][0]]  # the record after the bomb too
    assert archived(tmp_path) < MIB


def test_a_warc_record_bigger_than_a_page_is_refused_before_it_is_read(
    tmp_path: Path, pages: list[tuple[str, bytes]]
) -> None:
    big_url = pages[0][0]
    warc = tmp_path / "pages.warc"
    write_warc(warc, [(big_url, HTML_LINES * 2), pages[1]], gzipped=False)
    chunks = list(read_file(warc, RawArchive(tmp_path / "raw"), "all", NOW, 10, LOW))
    [failure] = [f for chunk in chunks for f in chunk.write.failures]
    assert failure.url == big_url and failure.reason.startswith("a record of 2 MB, more than")
    assert [fetch.url for chunk in chunks for fetch, _ in chunk.bodies] == [pages[1][0]]


@pytest.mark.parametrize("first_record", [False, True], ids=["at-once", "after-a-record"])
def test_a_warc_that_inflates_to_one_endless_line_is_refused(
    tmp_path: Path, first_record: bool
) -> None:
    # Issue 25: a .warc.gz inflating to 3 GiB with no newline grew the process past 6 GB.
    bomb = write_endless_line_warc(tmp_path / "endless.warc.gz", INFLATED, first_record)
    reason = failure_of(bomb, tmp_path)
    if first_record:
        assert reason == "more than 1 MB without a line break (YZDAILY_MAX_LINE_BYTES)"
    else:
        assert reason == "not a WARC file: it begins with 65,536 NUL bytes"


def test_a_warc_of_nul_bytes_is_refused_from_its_first_bytes(tmp_path: Path) -> None:
    # Issue 30: warcio quoted its whole first "line" (16 MB of NUL bytes) as the reason.
    nothing = write_sparse(tmp_path / "b.warc", INFLATED)
    assert failure_of(nothing, tmp_path) == "not a WARC file: it begins with 65,536 NUL bytes"


@pytest.mark.parametrize("name", ["big.html", "big.txt", "big.warc", "big.htm.gz"])
def test_a_sparse_file_of_nothing_is_refused_unread(tmp_path: Path, name: str) -> None:
    # Issue 25/30: 1 GiB sparse files ran past 10 minutes at 4.4 GB. No cap needs lowering:
    # a gigabyte of holes is refused by its first bytes (or by its size) under the defaults.
    sparse = write_sparse(tmp_path / name, 1024 * MIB)
    if name.endswith(".gz"):  # a gzipped file that is no gzip file
        sparse.write_bytes(b"\x1f\x8b" + b"\0" * 64)
        write_sparse(sparse, 1024 * MIB)
    reason = failure_of(sparse, tmp_path, ReadLimits())
    assert "NUL bytes" in reason or "corrupt" in reason, reason
    assert archived(tmp_path) == 0


def test_a_page_bigger_than_the_cap_is_refused_by_its_size(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    page.write_bytes(b"<html>" + HTML_LINES * 2)
    reason = failure_of(page, tmp_path)
    assert reason == "2 MB, more than an article page may be (1 MB, YZDAILY_MAX_PAGE_BYTES)"


@pytest.mark.parametrize("name", ["pages.zip", "page.html", "notes.txt"])
def test_a_zip_archive_is_refused_whatever_its_name(tmp_path: Path, name: str) -> None:
    # Issue 25: a 1 MB zip holding 1 GiB. It is never inflated, nor archived as a page.
    bomb = write_zip_bomb(tmp_path / name, INFLATED)
    reason = failure_of(bomb, tmp_path)
    assert reason.startswith("a zip archive, not a page or a text copy of one"), reason
    assert archived(tmp_path) == 0


def test_a_link_loop_is_a_failure_of_its_path(tmp_path: Path) -> None:
    # Issue 25: Path.resolve raised RuntimeError on it, and the import crashed.
    from flows.importer import expand_paths

    (tmp_path / "a.html").symlink_to(tmp_path / "b.html")
    (tmp_path / "b.html").symlink_to(tmp_path / "a.html")
    plan = expand_paths([tmp_path])
    assert plan.files == [tmp_path / "a.html", tmp_path / "b.html"] and not plan.skipped
    reason = failure_of(tmp_path / "a.html", tmp_path)
    assert reason == "a symbolic link loop: it leads to no file"


def test_a_fifo_in_place_of_a_file_is_refused_without_waiting(tmp_path: Path) -> None:
    # Planned as a file, then replaced by a FIFO: opening it must not wait for a writer.
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    assert failure_of(fifo, tmp_path) == "not a regular file (a FIFO)"


class Clock:
    """A clock the test moves (no sleeping)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.05  # every look at the clock costs a little time
        return self.now


def test_reading_a_file_past_its_deadline_fails_it_and_keeps_what_was_read(
    tmp_path: Path, pages: list[tuple[str, bytes]]
) -> None:
    clock = Clock()
    warc = tmp_path / "pages.warc.gz"
    write_warc(warc, pages)
    limits = ReadLimits(page_bytes=MIB, line_bytes=MIB, seconds=1, clock=clock)
    chunks = read_file(warc, RawArchive(tmp_path / "raw"), "all", NOW, 1, limits)
    results: list[FileResult] = list(file_results(warc, chunks))
    failure = results[-1].write.failures[0]
    assert failure.reason.startswith("not read within 1 s (YZDAILY_FILE_SECONDS)")
    assert 1 <= sum(result.pages for result in results[:-1]) < len(pages)


def test_the_deadline_counts_reading_only_not_the_parsing_between_chunks(
    tmp_path: Path, pages: list[tuple[str, bytes]]
) -> None:
    clock = Clock()
    warc = tmp_path / "pages.warc.gz"
    write_warc(warc, pages)
    limits = ReadLimits(page_bytes=MIB, line_bytes=MIB, seconds=30, clock=clock)
    chunks: Iterator[FileResult] = read_file(
        warc, RawArchive(tmp_path / "raw"), "all", NOW, 1, limits
    )
    read = 0
    for chunk in chunks:
        read += chunk.pages
        clock.now += 60  # a minute parsing and committing each chunk: not the file's time
    assert read == len(pages)


def test_warcios_own_warnings_on_stderr_are_bounded_and_safe(
    tmp_path: Path, pages: list[tuple[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    # warcio writes to stderr itself when a record is not followed by its blank lines,
    # quoting the line it found there: raw bytes, up to the line cap (issues 25 and 30).
    single = tmp_path / "one.warc"
    write_warc(single, pages[:1], gzipped=False)
    # Where the warcinfo record's two closing blank lines belong: a line of junk.
    junk = b"\x1b]0;pwned\x07\x1b[2J" + b"x" * 100_000 + b"\r\n\r\n"
    warc = tmp_path / "junk.warc"
    warc.write_bytes(WARCINFO.removesuffix(b"\r\n\r\n") + junk + single.read_bytes())
    chunks = list(read_file(warc, RawArchive(tmp_path / "raw"), "all", NOW, 10, LOW))
    assert [fetch.url for chunk in chunks for fetch, _ in chunk.bodies] == [pages[0][0]]
    err = capsys.readouterr().err
    assert "Record not followed by newline" in err
    assert not TERMINAL_CONTROL.findall(err)
    assert max(len(line) for line in err.splitlines()) <= 600
