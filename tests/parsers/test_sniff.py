"""Tier 1 (issue 30): a file is told from its first bytes before it is read whole
(parsers/sniff.py)."""

from __future__ import annotations

import pytest

from parsers.sniff import binary_kind, describe_head, warc_problem


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"PK\x03\x04\x14\x00" + b"\x00" * 100, "a zip archive"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"),
        (b"\x00" * 4096, "binary data (4,096 NUL bytes in its first 4,096)"),
        # Not NUL-heavy, but one byte in ten a control byte: binary all the same.
        (bytes(range(256)) * 4, "binary data (112 control bytes in its first 1,024)"),
        ("<html><title>扬州\x1b]0;x\x07</title>".encode() * 50, None),  # a hostile page is text
        ("扬州日报".encode("gb18030") * 100, None),
        ("\ufeff<html>".encode("utf-16"), None),  # UTF-16, announced by its BOM
        (b"", None),
    ],
)
def test_binary_kind(head: bytes, kind: str | None) -> None:
    assert binary_kind(head) == kind


WARCINFO = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n"


@pytest.mark.parametrize(
    ("head", "problem"),
    [
        (WARCINFO, None),
        (WARCINFO.replace(b"\r\n", b"\n"), None),
        (b"\x00" * 65536, "not a WARC file: it begins with 65,536 NUL bytes"),
        (b"<html><body>", "not a WARC file: it begins with b'<html><body>'"),
        (
            b"PK\x03\x04" + b"\x00" * 40,
            "not a WARC file: it begins with the bytes of a zip archive",
        ),
        (
            b"WARC/1.0\r\nWARC-Type: response\r\nX: " + b"a" * 65000,
            "not a WARC file: the first record's header does not end within its first 65,034 bytes",
        ),
        (
            b"WARC/1.0\r\nWARC-Type: response\r\n\r\n",
            "not a WARC file: the first record's header has no WARC-Type or Content-Length",
        ),
        (b"", "not a WARC file: it begins with nothing (the file is empty)"),
    ],
)
def test_warc_problem(head: bytes, problem: str | None) -> None:
    assert warc_problem(head) == problem


def test_describe_head_shows_a_short_start() -> None:
    assert describe_head(b"x" * 100) == repr(b"x" * 24) + "..."
