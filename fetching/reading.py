"""Bounded reading of files nobody vouches for: imported files and the raw archive (issue 25).

A 1 MB gzip file can hold gigabytes, a WARC a "line" of gigabytes with no newline, a sparse
file a gigabyte of nothing, a FIFO no end at all. Scrapy's DOWNLOAD_MAXSIZE is the model:
every read here is held to caps, and what passes one is refused as soon as it does, never
read on. The caps are settings (config/settings.py):

    YZDAILY_MAX_PAGE_BYTES   a page, before and after decompression (default 5 MB, the
                             Fetcher's cap: a page over it is no article page)
    YZDAILY_MAX_LINE_BYTES   bytes without a newline in a file read line by line (a WARC)
    YZDAILY_FILE_SECONDS     the time reading one file may take (its pages' parsing apart)

    with open_regular(path) as handle:                  # a FIFO or device: refused, not waited on
        body = read_capped(gzip.GzipFile(fileobj=handle), cap)   # ReadRefused past `cap`

Only regular files are opened: `open_regular` looks before it opens, opens without waiting
(O_NONBLOCK: a FIFO's open would wait for a writer for ever) and looks again at what it
opened. Memory stays bounded because nothing is read whole without a cap: gzip decompresses
at most what was asked for at a time.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, TextIO

from config.settings import (
    DEFAULT_FILE_SECONDS,
    DEFAULT_MAX_LINE_BYTES,
    DEFAULT_MAX_PAGE_BYTES,
    Settings,
)
from parsers.bounded import MAX_TEXT_CHARS, bounded

READ_CHUNK = 65536
MB = 1024 * 1024


class ReadRefused(Exception):
    """A file, page or record refused by a cap or for what it is; the message says why (to
    follow what it is about: `inflates past 5 MB (YZDAILY_MAX_PAGE_BYTES)`)."""


class OverCap(ReadRefused):
    """More bytes than a page may hold: a failure of that page (or file), not of what holds
    it (a WARC reads on to its next record)."""


class TooSlow(ReadRefused):
    """The file's deadline passed."""


class LineTooLong(ReadRefused):
    """More bytes without a newline than the line cap allows."""


@dataclass(frozen=True)
class ReadLimits:
    """The caps one file is read under (config/settings.py has their defaults and says why)."""

    page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    line_bytes: int = DEFAULT_MAX_LINE_BYTES
    seconds: float = DEFAULT_FILE_SECONDS
    # What the deadline is measured by (tests give a clock of their own: no sleeping).
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)

    @classmethod
    def of(cls, settings: Settings) -> ReadLimits:
        """The caps a run's settings set."""
        return cls(settings.max_page_bytes, settings.max_line_bytes, settings.file_seconds)

    def deadline(self) -> Deadline:
        """A deadline for one file, running from now."""
        return Deadline(self.seconds, self.clock)


class Readable(Protocol):
    """What `read_capped` reads from: a file, a gzip stream, a WARC record's content."""

    def read(self, size: int = -1, /) -> bytes: ...


def megabytes(size: float) -> str:
    """`5 MB`, `0.25 MB`, `3,072 MB`: a size as caps and refusals print it (MB of 2**20)."""
    return f"{size / MB:,.4g} MB"


def compressed_bound(size: int) -> int:
    """The most bytes gzip takes for a body of `size` bytes (incompressible data grows by a
    few bytes per 64 KB block, plus its header and trailer)."""
    return size + size // 100 + 1024


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, by its mode: `a FIFO`, `a folder` ..."""
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return kind
    return "not a file"


def open_regular(path: Path) -> BinaryIO:
    """`path` opened to read, if it is a regular file (links followed); ReadRefused if it is a
    FIFO, a socket, a device or a folder, OSError if it cannot be opened (ELOOP for a link
    loop). Nothing waits: a FIFO found in its place after the first look is opened without
    waiting for a writer and refused by the second."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise ReadRefused(f"not a regular file ({kind_of(mode)})")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ReadRefused(f"not a regular file ({kind_of(mode)})")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class Deadline:
    """The seconds reading one file may take, counted only while it is read: `pause()` while
    the pages read so far are parsed and committed, `resume()` when reading goes on."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._spent = 0.0
        self._since: float | None = clock()

    def pause(self) -> None:
        if self._since is not None:
            self._spent += self._clock() - self._since
            self._since = None

    def resume(self) -> None:
        if self._since is None:
            self._since = self._clock()

    def elapsed(self) -> float:
        running = self._clock() - self._since if self._since is not None else 0.0
        return self._spent + running

    def check(self) -> None:
        """ReadRefused once the time is up."""
        if self.elapsed() > self.seconds:
            raise TooSlow(
                f"not read within {self.seconds:g} s (YZDAILY_FILE_SECONDS): too slow or too big"
            )


class BoundedStream:
    """A binary stream read through the line cap and the deadline: ReadRefused when more than
    `line_bytes` bytes come without a newline (warcio reads a WARC's headers line by line,
    each line whole in memory) or when the deadline passes. Any one read returns at most
    READ_CHUNK bytes (`read()` too: callers loop)."""

    def __init__(
        self, raw: Readable, line_bytes: int | None = None, deadline: Deadline | None = None
    ) -> None:
        self._raw = raw
        self._line_bytes = line_bytes
        self._deadline = deadline
        self._run = 0  # bytes since the last newline
        self._count = 0

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > READ_CHUNK:
            size = READ_CHUNK
        if self._deadline is not None:
            self._deadline.check()
        # read1: what one read brings. A buffered read(n) gathers n bytes, and a gzip stream
        # cut short raises before returning the whole records it had already inflated.
        read = getattr(self._raw, "read1", self._raw.read)
        chunk: bytes = read(size)
        self._count += len(chunk)
        if self._line_bytes is not None and chunk:
            first = chunk.find(b"\n")
            if first < 0:
                self._run += len(chunk)
                longest = self._run
            else:
                # A line between two newlines of one chunk is shorter than READ_CHUNK, which
                # the line cap never is (settings).
                longest = self._run + first
                self._run = len(chunk) - chunk.rfind(b"\n") - 1
            if longest > self._line_bytes:
                raise LineTooLong(
                    f"more than {megabytes(self._line_bytes)} without a line break"
                    " (YZDAILY_MAX_LINE_BYTES)"
                )
        return chunk

    def tell(self) -> int:
        """Bytes read so far (warcio asks, to report offsets)."""
        return self._count

    def readable(self) -> bool:
        return True


def read_capped(
    stream: Readable, cap: int, deadline: Deadline | None = None, inflating: bool = True
) -> bytes:
    """Everything `stream` holds, read a chunk at a time; ReadRefused as soon as it passes
    `cap` bytes (`inflates past 5 MB`) or the deadline passes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if deadline is not None:
            deadline.check()
        chunk = stream.read(READ_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            verb = "inflates" if inflating else "grows"
            raise OverCap(f"{verb} past {megabytes(cap)} (YZDAILY_MAX_PAGE_BYTES)")
        chunks.append(chunk)


class BoundedLines:
    """A text stream that passes each line written to it on to `target` bounded and made safe
    (parsers/bounded.py), holding at most MAX_TEXT_CHARS of a line however long it is."""

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self._kept = ""
        self._dropped = 0

    def write(self, text: str) -> int:
        for part in text.splitlines(keepends=True):
            room = MAX_TEXT_CHARS - len(self._kept)
            line = part.rstrip("\r\n")
            self._kept += line[:room]
            self._dropped += max(0, len(line) - room)
            if part != line:
                self.flush()
        return len(text)

    def flush(self) -> None:
        if self._kept or self._dropped:
            more = f" … [{self._dropped:,} more characters]" if self._dropped else ""
            self._target.write(bounded(self._kept) + more + "\n")
            self._kept, self._dropped = "", 0
        self._target.flush()


@contextlib.contextmanager
def bounded_stderr() -> Iterator[None]:
    """Lines written to stderr meanwhile bounded and made safe: warcio writes its warnings
    there itself, quoting the line it could not place (up to the line cap, raw bytes)."""
    lines = BoundedLines(sys.stderr)
    try:
        with contextlib.redirect_stderr(lines):
            yield
    finally:
        lines.flush()
