"""Hostile files, made on the spot (issues 25 and 30): gzip and zip bombs, a WARC record whose
Content-Encoding inflates past any page, a WARC "line" with no end, sparse files of nothing.

Tests make them small (a few MB inflated, the caps lowered through settings); `bench.hostile`
makes them at the issues' sizes (gigabytes inflated). A gzip bomb is written in time and
memory of its compressed size: one megabyte of its content is deflated once, flushed whole
(Z_FULL_FLUSH: byte-aligned, no reference back), and that block repeated, so that 3 GiB
inflated costs about 3 MB and a few seconds (its CRC is the one cost of the inflated size).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MIB = 1024 * 1024
ZEROS = b"\0" * MIB
# A megabyte of what an HTML page is made of: not binary to a sniffer, lines of a sane length.
HTML_LINES = ("<p>扬州日报讯 二次创业 新质生产力</p>\n".encode() * (MIB // 48 + 1))[:MIB]
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


def gzip_bomb(inflated: int, unit: bytes = ZEROS, prefix: bytes = b"") -> Iterator[bytes]:
    """The bytes of one gzip member that inflates to `prefix` then `unit` repeated up to
    `inflated` bytes in all (`unit` a megabyte, or a divisor of the rest)."""
    repeats, rest = divmod(inflated - len(prefix), len(unit))
    yield GZIP_HEADER
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    yield deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(unit) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(prefix)
    for _ in range(repeats):
        yield block
        crc = zlib.crc32(unit, crc)
    yield deflate.compress(unit[:rest]) + deflate.flush()
    crc = zlib.crc32(unit[:rest], crc)
    yield struct.pack("<II", crc, inflated & 0xFFFFFFFF)


def write_gzip_bomb(path: Path, inflated: int, unit: bytes = ZEROS, prefix: bytes = b"") -> Path:
    """A gzip file at `path` inflating to `inflated` bytes (see gzip_bomb)."""
    with path.open("wb") as out:
        for part in gzip_bomb(inflated, unit, prefix):
            out.write(part)
    return path


def write_zip_bomb(path: Path, inflated: int, member: str = "page.html") -> Path:
    """A zip archive at `path` holding one member of `inflated` NUL bytes."""
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(member, "w", force_zip64=True) as out,
    ):
        for _ in range(inflated // MIB):
            out.write(ZEROS)
        out.write(ZEROS[: inflated % MIB])
    return path


def write_sparse(path: Path, size: int) -> Path:
    """A file of `size` NUL bytes that takes no disk (a hole)."""
    with path.open("wb") as out:
        out.truncate(size)
    return path


def write_warc(
    target: Path,
    pages: Sequence[tuple[str, bytes]],
    encoded: dict[str, bytes] | None = None,
    gzipped: bool = True,
    content_types: dict[str, str] | None = None,
) -> list[int]:
    """A WARC of 200 responses (gzipped per record); the byte offset where each starts.
    `encoded` maps a URL to a gzip Content-Encoding payload sent in its page's stead,
    `content_types` to its Content-Type (default: UTF-8 HTML)."""
    offsets = []
    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        for url, body in pages:
            offsets.append(out.tell())
            content_type = (content_types or {}).get(url, "text/html; charset=utf-8")
            fields = [("Content-Type", content_type)]
            payload = body
            if encoded and url in encoded:
                fields.append(("Content-Encoding", "gzip"))
                payload = encoded[url]
            headers = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(payload), http_headers=headers
            )
            writer.write_record(record)
    return offsets


WARCINFO = (
    b"WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:0>\r\n"
    b"Content-Type: application/warc-fields\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
)


def write_endless_line_warc(path: Path, inflated: int, first_record: bool = True) -> Path:
    """A .warc.gz inflating to `inflated` bytes, nearly all of them one line: after a whole
    warcinfo record (`first_record`), a record whose header line never ends; else no newline
    at all."""
    prefix = WARCINFO + b"WARC/1.0\r\nWARC-Target-URI: http://x/" if first_record else b""
    unit = b"a" * MIB if first_record else ZEROS
    return write_gzip_bomb(path, inflated, unit, prefix)
