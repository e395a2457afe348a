"""What a file holds, told from its first bytes, before anything reads it whole (issue 30).

A file of 16 MB of NUL bytes named `b.warc`, a zip archive named `page.html`, an image saved
with a page: none can be an article, and each says so in its first kilobytes. These are read
first, and a file they refuse is a failure of that file, never read further.

    binary_kind(b"PK\\x03\\x04...")     -> "a zip archive"
    binary_kind(b"\\x00" * 4096)        -> "binary data (4,096 NUL bytes in its first 4,096)"
    binary_kind("<html>扬州".encode())  -> None (text)
    warc_problem(b"WARC/1.0\\r\\nWARC-Type: warcinfo\\r\\nContent-Length: 0\\r\\n\\r\\n") -> None
"""

from __future__ import annotations

import re

SNIFF_BYTES = 4096
# Magic numbers of what people save beside pages, named in the refusal.
BINARY_MAGIC = (
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "a zip archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ\x00", "an xz file"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard file"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"PAR1", "a Parquet file"),
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 text has a NUL in every other byte
# Bytes no text of a page holds (C0 but tab, line breaks, form feed and ESC, which hostile
# pages do carry; and DEL). Text has next to none; binary data about one byte in eight.
BINARY_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B} | {0x7F}
MAX_NUL_SHARE = 0.01  # more NUL bytes than this: binary (a stray NUL in a page is not)
MAX_BINARY_SHARE = 0.05
# The first record of a WARC: `WARC/1.0` (1.1, 0.17, 0.18 also), header lines, a blank line.
WARC_VERSION = re.compile(rb"WARC/(?:1\.[01]|0\.1[78])\r?\n")
WARC_HEADER_END = re.compile(rb"\r?\n\r?\n")
WARC_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*\d+[ \t]*\r?$", re.I | re.M)
WARC_TYPE = re.compile(rb"^warc-type:[ \t]*\S", re.I | re.M)


def binary_kind(head: bytes) -> str | None:
    """What the first bytes of a file say it is when it cannot be a page or a text copy
    (`a zip archive`, `binary data (...)`); None when they read as text."""
    for magic, name in BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if not head or head.startswith(UTF16_BOMS):
        return None
    nul = head.count(0)
    if nul > len(head) * MAX_NUL_SHARE:
        return f"binary data ({nul:,} NUL bytes in its first {len(head):,})"
    odd = sum(1 for byte in head if byte in BINARY_BYTES)
    if odd > len(head) * MAX_BINARY_SHARE:
        return f"binary data ({odd:,} control bytes in its first {len(head):,})"
    return None


def describe_head(head: bytes, shown: int = 24) -> str:
    """The first bytes of a file as a person reads them: `32 NUL bytes`, `b'<html>...'`."""
    if not head:
        return "nothing (the file is empty)"
    if head.count(0) == len(head):
        return f"{len(head):,} NUL bytes"
    kind = next((name for magic, name in BINARY_MAGIC if head.startswith(magic)), None)
    if kind is not None:
        return f"the bytes of {kind}"
    preview = repr(head[:shown])
    return preview + ("..." if len(head) > shown else "")


def warc_problem(head: bytes) -> str | None:
    """Why the first bytes of a (decompressed) file are not the start of a WARC record, or
    None: its version line, then header lines naming the record's type and length, then a
    blank line, all within `head` (the caller reads tens of kilobytes)."""
    if not WARC_VERSION.match(head):
        return f"not a WARC file: it begins with {describe_head(head)}"
    end = WARC_HEADER_END.search(head)
    if end is None:
        return (
            f"not a WARC file: the first record's header does not end within its first"
            f" {len(head):,} bytes"
        )
    header = head[: end.start()]
    if not WARC_TYPE.search(header) or not WARC_CONTENT_LENGTH.search(header):
        return "not a WARC file: the first record's header has no WARC-Type or Content-Length"
    return None
