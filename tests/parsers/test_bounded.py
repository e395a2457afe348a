"""Tier 1 (issue 30): error text is bounded wherever it comes from (parsers/bounded.py)."""

from __future__ import annotations

import pytest

from parsers.bounded import bounded
from tests.e2e.hostile import TERMINAL_CONTROL

WARCIO = "Unknown archive format, first line: ['" + "\x00" * (16 * 1024 * 1024) + "']"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("HTTP 404 not found", "HTTP 404 not found"),
        ("标题\x1b]0;pwned\x07", "标题\\x1b]0;pwned\\x07"),
        ("IO Error: disk full\nhint: see\r\n\tthe docs", "IO Error: disk full hint: see the docs"),
        ("\x9b31m a\u202eb", "\\x9b31m a\\u202eb"),
        ("名字\udcc9\udcfa.txt", "名字\\udcc9\\udcfa.txt"),  # a name that is not UTF-8
        ("x" * 100, "x" * 100),
        # Cut to fit the summary within the limit: 77 + 23 characters, 76 + 24.
        ("x" * 101, "x" * 77 + " … [24 more characters]"),
        ("\x00" * 200, "\\x00" * 19 + " … [181 more characters]"),
    ],
)
def test_bounded_text(text: str, shown: str) -> None:
    assert bounded(text, 100) == shown
    assert len(bounded(text, 100)) <= 100


def test_megabytes_of_error_text_become_a_few_hundred_characters() -> None:
    # warcio's own words about a 16 MB file of NUL bytes (issue 30 item 1).
    text = bounded(WARCIO)
    assert len(text) <= 500 and not TERMINAL_CONTROL.findall(text)
    opening = "Unknown archive format, first line: ['"
    assert text.startswith(opening + "\\x00\\x00")
    # What is shown and what is summarised add up to the whole text.
    shown, summary = text.split(" … ")
    nuls_shown = (len(shown) - len(opening)) // len("\\x00")
    left_out = int(summary.removeprefix("[").split()[0].replace(",", ""))
    assert len(opening) + nuls_shown + left_out == len(WARCIO)


@pytest.mark.parametrize("text", [WARCIO, "a\nb", "x" * 501, "\x1b" * 600, "短" * 1000])
def test_bounded_is_idempotent(text: str) -> None:
    once = bounded(text)
    assert bounded(once) == once
