"""Text from the warehouse or the network, made safe to print on a terminal.

A stored title, a failure's reason, a URL from a list page or a server's header can hold
escape sequences (ESC ] 0 ; title BEL retitles the window, ESC c resets the terminal, CR
overwrites the line). Everything the CLI prints goes through `echo`, which shows each control
character as a visible escape (`\\x1b`), so the text is still there to read and cannot act.
Newline and tab are kept: they are ours, in the layout of the output. JSON output escapes
every control character too (`json_safe`).

    terminal_safe("标题\\x1b]0;pwned\\x07")  -> "标题\\\\x1b]0;pwned\\\\x07"
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

# C0 but newline and tab, DEL, C1, and the bidirectional overrides that reorder what is shown.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# json.dumps escapes C0 itself; with ensure_ascii=False it leaves DEL, C1 and the overrides.
JSON_UNESCAPED_CONTROL = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every control character but newline and tab shown as an escape."""
    return CONTROL.sub(_visible, text)


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls as \\u escapes (the same JSON value)."""
    return JSON_UNESCAPED_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def echo(text: str = "", file: TextIO | None = None, flush: bool = False) -> None:
    """Print a line (to stdout, or `file`) with its control characters made visible."""
    print(terminal_safe(text), file=file or sys.stdout, flush=flush)
