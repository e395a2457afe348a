"""Exit codes, and the one table from an exception to its exit code and message.

Exit codes (DESIGN.md 4.2): 0 all done; 1 fatal (the message says why); 2 bad usage or bad
input; 3 finished with some items failed (they are listed, and retried next run); 4 finished,
but a site's pages look different from what it used to serve (source health `fail`; wins
over 3); 130 interrupted (Ctrl-C).

`main` asks `exit_for(error)` about whatever a command raised: the first row of EXIT_CODES
whose class the error is an instance of gives the code and the line to print. The classes are
named by module, not imported: a read command does not import Prefect's server helpers to
know their errors (an error of a class whose module was never imported cannot happen).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from parsers.bounded import bounded

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_PARTIAL, EXIT_CHANGED = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130


def first_line(error: BaseException) -> str:
    """An exception's message, first line only (DuckDB's run on with hints and links)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def describe_os_error(error: BaseException) -> str:
    """`what: file` for an OSError, the way a person says it."""
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.strerror or error}: {error.filename}"
    return str(getattr(error, "strerror", None) or error)


def _error(error: BaseException) -> str:
    return f"error: {error}"


# (module, class, exit code, the line to print or None), first match wins: subclasses first.
EXIT_CODES: tuple[tuple[str, str, int, Callable[[BaseException], str] | None], ...] = (
    ("builtins", "KeyboardInterrupt", EXIT_INTERRUPTED, lambda _: "interrupted"),
    # The reader stopped early (`yzdaily search ... | head`): not an error of ours.
    ("builtins", "BrokenPipeError", EXIT_OK, None),
    # Bad usage or bad input: the message says what to give instead.
    ("config.settings", "SettingsError", EXIT_USAGE, _error),
    ("parsers.query", "QueryError", EXIT_USAGE, _error),
    ("parsers.lexicon", "LexiconEditError", EXIT_USAGE, _error),
    ("flows.golden", "GoldenError", EXIT_USAGE, _error),
    ("warehouse.export", "ExportError", EXIT_USAGE, _error),
    # The warehouse, its lock, Prefect's server, the web server: fatal, in one line.
    ("warehouse.db", "WarehouseError", EXIT_FATAL, _error),
    ("flows.lock", "WarehouseBusy", EXIT_FATAL, _error),
    ("flows.lock", "LockFileError", EXIT_FATAL, _error),
    ("hosting.server", "ServerError", EXIT_FATAL, _error),
    ("hosting.server", "PrefectApiError", EXIT_FATAL, _error),
    ("web.server", "WebServerError", EXIT_FATAL, _error),
    (
        "duckdb",
        "Error",
        EXIT_FATAL,
        lambda e: f"error: the warehouse query failed: {first_line(e)}",
    ),
    # The machine's, not the user's input: a read-only or full disk, a missing permission.
    ("builtins", "OSError", EXIT_FATAL, lambda e: f"error: {describe_os_error(e)}"),
)


@dataclass(frozen=True)
class Exit:
    """How a command that raised ends: its exit code and the line for stderr (or none)."""

    code: int
    message: str | None


def exit_for(error: BaseException) -> Exit | None:
    """The exit of a command that raised `error`; None for an error nobody expected (a bug:
    its traceback is the report)."""
    for module_name, class_name, code, say in EXIT_CODES:
        module = sys.modules.get(module_name)
        kind = getattr(module, class_name, None) if module is not None else None
        if isinstance(kind, type) and isinstance(error, kind):
            # Bounded (parsers/bounded.py): an error may quote anything, of any size.
            return Exit(code, bounded(say(error)) if say is not None else None)
    return None
