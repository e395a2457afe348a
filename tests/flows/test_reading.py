"""Tier 2 (issue 25): files are read through caps and only regular files are opened, the raw
archive included (fetching/reading.py, fetching/raw_archive.py)."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest

from fetching.raw_archive import ArchiveError, RawArchive
from fetching.reading import (
    BoundedStream,
    LineTooLong,
    OverCap,
    ReadRefused,
    megabytes,
    open_regular,
    read_capped,
)
from tests.hostile_files import HTML_LINES, MIB, write_gzip_bomb

PAGE = "<html><title>扬州</title><p>二次创业</p></html>".encode()


@pytest.fixture
def archive(tmp_path: Path) -> RawArchive:
    return RawArchive(tmp_path / "raw", max_bytes=MIB)


def test_a_page_stored_is_read_back(archive: RawArchive) -> None:
    assert archive.load(archive.save(PAGE)) == PAGE


def test_a_raw_copy_replaced_by_a_gzip_bomb_is_damaged_not_read_whole(
    archive: RawArchive,
) -> None:
    # Issue 25: a 3 GiB bomb in its place blew reprocess to 5 GB.
    sha256 = archive.save(PAGE)
    write_gzip_bomb(archive.path_for(sha256), 64 * MIB, HTML_LINES)
    with pytest.raises(ArchiveError, match=r"inflates past 1 MB \(YZDAILY_MAX_PAGE_BYTES\)$"):
        archive.load(sha256)


def test_a_raw_copy_bigger_than_any_gzipped_page_is_refused_by_its_size(
    archive: RawArchive,
) -> None:
    sha256 = archive.save(PAGE)
    archive.path_for(sha256).write_bytes(os.urandom(2 * MIB))
    with pytest.raises(ArchiveError, match=": 2 MB, more than a page of at most 1 MB takes"):
        archive.load(sha256)


def test_a_raw_copy_replaced_by_a_fifo_is_refused_without_waiting(archive: RawArchive) -> None:
    # Issue 25: reprocess waited for a writer for ever, its run left `running`.
    sha256 = archive.save(PAGE)
    path = archive.path_for(sha256)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(ArchiveError, match=r": not a regular file \(a FIFO\)$"):
        archive.load(sha256)
    archive.set_aside(sha256)  # the FIFO is moved out of the way; the next fetch stores a copy
    assert not path.exists()


def test_a_raw_copy_linked_to_a_device_is_refused(archive: RawArchive) -> None:
    sha256 = archive.save(PAGE)
    path = archive.path_for(sha256)
    path.unlink()
    path.symlink_to("/dev/zero")
    with pytest.raises(ArchiveError, match=r"not a regular file \(a character device\)"):
        archive.load(sha256)


def test_open_regular_refuses_what_is_no_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    for path, kind in ((tmp_path / "fifo", "a FIFO"), (tmp_path, "a folder")):
        with pytest.raises(ReadRefused, match=rf"not a regular file \({kind}\)"):
            open_regular(path)
    (tmp_path / "page.html").write_bytes(PAGE)
    with open_regular(tmp_path / "page.html") as handle:
        assert handle.read() == PAGE


def test_read_capped_stops_as_soon_as_it_passes_the_cap() -> None:
    bomb = io.BytesIO(gzip.compress(b"\0" * (8 * MIB)))
    stream = gzip.GzipFile(fileobj=bomb)
    with pytest.raises(OverCap, match="inflates past 1 MB"):
        read_capped(stream, MIB)
    assert bomb.tell() < 64 * 1024  # a few chunks inflated, not the whole
    assert read_capped(io.BytesIO(PAGE), MIB, inflating=False) == PAGE


@pytest.mark.parametrize("split", [1, 7, 65536])
def test_a_line_past_the_line_cap_is_refused_however_it_is_read(split: int) -> None:
    data = b"a\n" + b"x" * 200_000 + b"\nend\n"
    ok = BoundedStream(io.BytesIO(data), line_bytes=200_000)
    assert b"".join(iter(lambda: ok.read(split), b"")) == data
    stream = BoundedStream(io.BytesIO(data), line_bytes=199_999)
    with pytest.raises(LineTooLong, match="without a line break"):
        while stream.read(split):
            pass


def test_megabytes() -> None:
    assert [megabytes(n) for n in (5 * MIB, MIB // 4, 3 * 1024 * MIB)] == [
        "5 MB",
        "0.25 MB",
        "3,072 MB",
    ]
