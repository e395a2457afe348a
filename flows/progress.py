"""What a run tells the person watching it: plain lines, or a progress bar on a terminal.

--quiet: nothing but errors and the final summary; default: one line per list page and per
batch, and on a terminal a bar for long work; --verbose: also each article and Prefect's logs.
"""

from __future__ import annotations

import sys
from typing import TextIO

from flows.terminal import echo

QUIET, NORMAL, VERBOSE = 0, 1, 2
BAR_WIDTH = 30


class Reporter:
    """Progress output for one run, to stderr."""

    def __init__(self, verbosity: int = NORMAL, stream: TextIO | None = None) -> None:
        self.verbosity = verbosity
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._bar_shown = False

    def _clear_bar(self) -> None:
        if self._bar_shown:
            self.stream.write("\r\033[K")
            self._bar_shown = False

    def line(self, message: str, level: int = NORMAL) -> None:
        """A line of progress, shown at this verbosity or above."""
        if self.verbosity >= level:
            self._clear_bar()
            echo(message, file=self.stream, flush=True)

    def __call__(self, message: str) -> None:
        self.line(message)

    def detail(self, message: str) -> None:
        """A line for --verbose only (one per article, say)."""
        self.line(message, VERBOSE)

    def advance(self, done: int, total: int, what: str = "articles") -> None:
        """Redraw the progress bar (terminals only; plain output has the batch lines)."""
        if not self.tty or self.verbosity == QUIET or total <= 0:
            return
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {what}")
        self.stream.flush()
        self._bar_shown = done < total
        if done >= total:
            self.stream.write("\n")
