"""What a run tells the person watching it: plain lines, or a progress bar on a terminal.

--quiet: nothing but errors and the final summary; default: one line per list page and per
batch, and on a terminal a bar for long work (rich's, kept below the lines printed meanwhile);
--verbose: also each article and Prefect's logs.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from flows.terminal import echo, terminal_safe

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

QUIET, NORMAL, VERBOSE = 0, 1, 2
BAR_WIDTH = 30


class Reporter:
    """Progress output for one run, to stderr."""

    def __init__(self, verbosity: int = NORMAL, stream: TextIO | None = None) -> None:
        self.verbosity = verbosity
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._bar: tuple[Progress, TaskID] | None = None

    def line(self, message: str, level: int = NORMAL) -> None:
        """A line of progress, shown at this verbosity or above."""
        if self.verbosity < level:
            return
        if self._bar is not None:
            from rich.text import Text

            progress, _ = self._bar
            # Printed above the bar, which rich redraws below it.
            progress.console.print(Text(terminal_safe(message)), soft_wrap=True)
            return
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
        if self._bar is None:
            self._bar = self._start_bar(total)
        progress, task = self._bar
        progress.update(task, completed=done, total=total, description=terminal_safe(what))
        progress.refresh()
        if done >= total:
            progress.stop()
            self._bar = None

    def _start_bar(self, total: int) -> tuple[Progress, TaskID]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(file=self.stream, highlight=False, markup=False, emoji=False)
        progress = Progress(
            BarColumn(bar_width=BAR_WIDTH),
            MofNCompleteColumn(),
            TextColumn("{task.description}", markup=False),
            console=console,
            auto_refresh=False,  # redrawn by advance() only: no thread of its own
            redirect_stdout=False,
            redirect_stderr=False,
        )
        task = progress.add_task("", total=total)
        progress.start()
        return progress, task
