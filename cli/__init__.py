"""The `yzdaily` command line: the entry point, which finds the commands and runs one.

    base.py       the shape of a command: a class on `Command` (a `Group` of `Action`s for
                  `terms suggest|add`), declaring its name, its words in --help, its options
                  and its `run`
    commands/     one module per command, found by `command_classes` as Scrapy's cmdline
                  finds its commands; `yzdaily --help` lists them by their `order`, from
                  the table `commands.COMMANDS`, so that a run imports only its command's
                  module (`yzdaily --version` imports none)
    options.py    the options several commands share, one helper each, and their settings
    read.py       what the read commands share: the warehouse read-only, a range, a TERM
    output.py     an answer printed as the flags ask (table, --json, --csv)
    running.py    what the commands that write share: the writer lock, Prefect, the summary
    errors.py     the exit codes, and the one table from exception to exit code
    chart.py      trend --chart

Exit codes: 0 done, 1 fatal, 2 bad usage, 3 some items failed, 4 a site's pages changed
(errors.py). Read commands import neither Prefect nor jieba: they start fast. No module of
the package imports this one.
"""

# Only the standard library at import, the rest when a function needs it: the console script
# registers its exit before any library it imports can register an atexit handler (console).
from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cli.base import Command, Handler


def command_classes() -> list[type[Command]]:
    """The command of each module of cli/commands/, in `yzdaily --help`'s order (every module
    imported: the tests compare them with `COMMANDS`)."""
    import pkgutil

    import cli.commands as commands

    found: list[type[Command]] = []
    for module_info in pkgutil.iter_modules(commands.__path__, f"{commands.__name__}."):
        found += _commands_of(module_info.name)
    return sorted(found, key=lambda command: command.order)


def _commands_of(module_name: str) -> list[type[Command]]:
    """The commands a module of cli/commands/ defines (not its group's actions)."""
    import inspect

    from cli.base import Action, Command

    module = importlib.import_module(module_name)
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Command)
        and not issubclass(value, Action)  # its group lists it
        and value.__module__ == module.__name__  # not the base classes it imports
        and not inspect.isabstract(value)
    ]


def given_command(argv: Sequence[str]) -> str | None:
    """The command that `argv` names, if it names one: its first argument that is no option
    (`yzdaily` itself has only --help and --version, which take no value)."""
    from cli.commands import COMMANDS

    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if any(listed.name == first for listed in COMMANDS) else None


def build_parser(only: str | None = None, *, every: bool = True) -> argparse.ArgumentParser:
    """The argument parser of the commands; each command's parser has its `handler`, its
    command's run. With `every=False` only the command `only` (if any) is built, importing
    its module alone; the others are listed for `yzdaily --help`, from `COMMANDS`."""
    from cli.base import CommandParser
    from cli.commands import COMMANDS
    from config import __version__

    parser = argparse.ArgumentParser(
        prog="yzdaily",
        description="Archive Yangzhou Daily (扬州日报) policy articles into DuckDB and query them.",
        epilog="Settings: defaults < environment (YZDAILY_DB, YZDAILY_DATA_DIR, YZDAILY_DELAY,"
        " ...) < flags. Exit codes: 0 done, 1 fatal, 2 bad usage, 3 some items failed, 4 a site's"
        " pages look different from what it used to serve (see `yzdaily health`).",
    )
    parser.add_argument("--version", action="version", version=f"yzdaily {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=CommandParser
    )
    for listed in COMMANDS:
        if not every and listed.name != only:
            # Listed, never parsed: argv names another command (or none).
            commands.add_parser(listed.name, help=listed.help, command=None)
            continue
        [kind] = _commands_of(f"cli.commands.{listed.module}")
        command = kind()
        command.add_to(commands).set_defaults(handler=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `yzdaily` console script."""
    from cli.errors import exit_for
    from flows.terminal import echo

    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(given_command(argv), every=False).parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except BaseException as error:
        ending = exit_for(error)
        if ending is None:
            raise
        if isinstance(error, BrokenPipeError):
            # Point stdout at /dev/null so that the interpreter's final flush fails no more.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if ending.message is not None:
            echo(ending.message, file=sys.stderr)
        return ending.code


def console() -> None:
    """The `yzdaily` console script: `main()`, then an exit that skips the interpreter's
    teardown. By then every command has closed what it opened (its `with` blocks: warehouse,
    files, servers); what the teardown would add is freeing Prefect's and jieba's objects one
    by one, 0.4-0.6 s of every command here (#19), which the process's exit frees at once.
    What a normal exit does that matters still happens, in the interpreter's own order: it
    joins the non-daemon threads, runs the atexit handlers (logging, Prefect's event workers
    drain), and the last of them flushes stdout and stderr and ends the process."""
    code: list[int] = []
    # atexit runs its handlers last registered first: this one, registered before the command
    # imports anything, runs after every handler that the command's libraries register.
    atexit.register(_exit_before_teardown, code)
    code.append(main())


def _exit_before_teardown(code: list[int]) -> None:
    """End the process with main's exit code; nothing if main did not return (argparse's
    --help and usage errors, a bug's traceback): those end as Python ends them."""
    if not code:
        return
    for stream in (sys.stdout, sys.stderr):
        # OSError: the reader went away (`yzdaily search | head`), nothing is left to say.
        with suppress(OSError):
            stream.flush()
    os._exit(code[0])
