"""Text from the warehouse or the network, made safe to print on a terminal.

A stored title, a failure's reason, a URL from a list page or a server's header can hold
escape sequences (ESC ] 0 ; title BEL retitles the window, ESC c resets the terminal, CR
overwrites the line). Everything the CLI prints goes through `echo`, which shows each control
character as a visible escape (`\\x1b`), so the text is still there to read and cannot act.
Newline and tab are kept: they are ours, in the layout of the output. JSON output escapes
every control character too (`json_safe`). Tables (`format_table`) are laid out by rich, by
display width, from cells made safe first.

    terminal_safe("标题\\x1b]0;pwned\\x07")  -> "标题\\\\x1b]0;pwned\\\\x07"
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Collection, Mapping, Sequence
from typing import TextIO

# C0 but newline and tab, DEL, C1, and the bidirectional overrides that reorder what is shown.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# json.dumps escapes C0 itself; with ensure_ascii=False it leaves DEL, C1 and the overrides.
JSON_UNESCAPED_CONTROL = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
TABLE_WIDTH = 100_000  # columns a table may take: wide enough that rich wraps nothing


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every control character but newline and tab shown as an escape."""
    return CONTROL.sub(_visible, text)


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls as \\u escapes (the same JSON value)."""
    return JSON_UNESCAPED_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 link`, `2 links`: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def echo(text: str = "", file: TextIO | None = None, flush: bool = False) -> None:
    """Print a line (to stdout, or `file`) with its control characters made visible."""
    print(terminal_safe(text), file=file or sys.stdout, flush=flush)


def format_table(
    rows: Sequence[Sequence[str]],
    headers: Sequence[str] | None = None,
    right: Collection[int] = (),
    min_widths: Mapping[int, int] | None = None,
    gap: int = 1,
) -> str:
    """Rows laid out in columns by display width (a CJK character takes two), by rich.

    No box and no colour, nothing wrapped: the same plain text on a terminal and in a pipe, so
    that scripts can read it. Every cell is made `terminal_safe` before it is measured (the
    escape shown is what takes the room); `right` holds the indexes of right-aligned columns.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    count = max([len(headers or ())] + [len(row) for row in rows])
    table = Table(
        box=None,
        show_header=headers is not None,
        header_style=None,
        pad_edge=False,
        padding=(0, gap, 0, 0),
        show_edge=False,
    )
    for index in range(count):
        table.add_column(
            Text(terminal_safe(headers[index])) if headers and index < len(headers) else "",
            justify="right" if index in right else "left",
            min_width=(min_widths or {}).get(index),
            no_wrap=True,
        )
    for row in rows:
        table.add_row(*(Text(terminal_safe(cell)) for cell in row))
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=TABLE_WIDTH,
        color_system=None,
        force_terminal=False,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    console.print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())
