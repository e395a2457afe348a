"""How a command prints what it found: an answer as its flags ask (`emit`: --json its object,
--csv its rows, else its table or the command's own layout), a value as JSON; every text
made terminal-safe first (flows/terminal.py). answers/ is imported only when a command prints.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from flows.terminal import echo, format_table, json_safe, terminal_safe

if TYPE_CHECKING:
    from answers.base import Answer


def print_json(value: object) -> None:
    """`value` as indented JSON on stdout, control characters escaped."""
    from answers.base import json_text

    echo(json_safe(json_text(value, indent=2)))


def emit(answer: Answer, args: argparse.Namespace, text: str | None = None) -> None:
    """An answer as the command's flags ask (answers/base.py): --json its object, --csv its
    rows, else its table (or `text`, a command's own layout of the same answer); its notes
    on stderr, after it."""
    from answers.base import csv_rows

    if getattr(args, "json", False):
        print_json(answer.to_json())
    elif getattr(args, "csv", False):
        writer = csv.writer(sys.stdout, lineterminator="\n")
        for row in csv_rows(answer.csv()):
            echo_csv_row(writer, row)
    elif text is not None:
        if text:
            echo(text)
    else:
        table = answer.table()
        if table.rows:
            echo(format_table([list(row) for row in table.rows], headers=table.columns, gap=2))
    for note in answer.notes:
        echo(f"note: {note}", file=sys.stderr)


def echo_csv_row(writer: Any, row: Sequence[object]) -> None:
    """One CSV row through `writer`, with control characters made visible as `echo` does."""
    writer.writerow([terminal_safe(cell) if isinstance(cell, str) else cell for cell in row])
