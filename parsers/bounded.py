"""Error text that is safe to store and print, whatever produced it (issue 30).

A reason comes from anywhere: warcio quotes the whole first "line" of a file that is no WARC
(megabytes of NUL bytes), requests a server's header, DuckDB a statement, Prefect a response.
Stored as it is, one such text filled a failures row past DuckDB's memory limit and ended
the run; printed, it floods the terminal or acts on it. `bounded` is the one helper every
reason passes through before it is stored (failures rows, run messages) or printed (the CLI's
error lines): one line, control characters shown as escapes, at most a few hundred
characters, the rest summarised with its size.

    bounded("Unknown archive format, first line: ['\\x00\\x00...16 MB of them']")
    -> "Unknown archive format, first line: ['\\\\x00\\\\x00 ... [16,777,160 more characters]"
"""

from __future__ import annotations

import re

MAX_TEXT_CHARS = 500
# C0 but the line breaks and tab (made spaces), DEL, C1, the bidirectional overrides that
# reorder what a terminal shows, and lone surrogates (a name that is not UTF-8, decoded with
# surrogateescape: no database or terminal takes them).
CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
BREAKS = re.compile(r"[\t\n\r]+")
# The shortest limit that leaves room for some text beside the summary of what was cut.
MIN_LIMIT = 60


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` on one line (line breaks and tabs as a space), control characters as escapes."""
    return CONTROL.sub(_escape, BREAKS.sub(" ", text))


def _summary(rest: int) -> str:
    return f" … [{rest:,} more characters]"


def bounded(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """`text` as one safe line of at most `limit` characters: control characters as escapes
    (`\\x1b`), and past the limit its start, then how many characters were left out.
    Idempotent: bounded text passes unchanged."""
    limit = max(limit, MIN_LIMIT)
    # Only the start is ever looked at: an escape makes a character longer, never shorter.
    shown = one_line(text[:limit])
    if len(text) <= limit and len(shown) <= limit:
        return shown
    # The most characters of `text` whose escaped form fits beside the summary (the escaped
    # length only grows with the characters kept: a binary search).
    low, high = 0, limit
    while low < high:
        kept = (low + high + 1) // 2
        if len(one_line(text[:kept])) + len(_summary(len(text) - kept)) <= limit:
            low = kept
        else:
            high = kept - 1
    return one_line(text[:low]).rstrip() + _summary(len(text) - low)
