"""The shape of a `yzdaily` command (Scrapy's `ScrapyCommand` is the model): a class on
`Command` in a module of its own under cli/commands/, where the entry point finds it.

    class Doctor(Command, name="doctor", order=21):   # `yzdaily doctor`, its place in --help
        warehouse = "path"          # --db and --data-dir first ("read": and --wait)
        output = ("json",)          # --json after its own options ("json", "csv": or --csv)
        help = "check the set-up: ..."          # its line in `yzdaily --help`
        description = "Each check ..."          # `yzdaily doctor --help`, reflowed

        def add_options(self, parser): ...      # its own arguments, in --help's order
        def run(self, args) -> int: ...         # what it does; the exit code

A `ReadCommand` reads the warehouse and answers as a table, --json or --csv; a command of
actions (`yzdaily terms suggest|add`) is a `Group` listing its `Action`s, each shaped as a
command. Nothing here imports Prefect, jieba or duckdb: `run` imports what the command
needs, so that `yzdaily --help` and the read commands start fast.
"""

from __future__ import annotations

import argparse
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Literal

from cli.options import Format, add_db, add_output, add_wait

Handler = Callable[[argparse.Namespace], int]
# "path": the warehouse's --db and --data-dir; "read": also --wait, for a command that reads
# it while an ingest may be committing (cli/read.py, read_warehouse).
Warehouse = Literal["none", "path", "read"]


class Command(ABC):
    """A `yzdaily` command: its name, its words in --help, its options and what it does."""

    name: ClassVar[str]
    order: ClassVar[int]  # smaller first in `yzdaily --help`; an Action's group orders it
    help: ClassVar[str]  # its line in the list of commands
    description: ClassVar[str]  # a paragraph: argparse reflows it, whatever its line breaks
    warehouse: ClassVar[Warehouse] = "none"
    # Added after the command's own options; the writing runs, whose --json sits before
    # --quiet and --verbose, add theirs where it goes (add_output).
    output: ClassVar[tuple[Format, ...]] = ()

    def __init_subclass__(
        cls, *, name: str | None = None, order: int | None = None, **kwargs: Any
    ) -> None:
        """The class statement names the command and its place: `class Stats(ReadCommand,
        name="stats", order=25)`."""
        super().__init_subclass__(**kwargs)
        if name is not None:
            cls.name = name
        if order is not None:
            cls.order = order

    # Not abstract: a command may have no options of its own (stats, failures).
    def add_options(self, parser: argparse.ArgumentParser) -> None:  # noqa: B027
        """The command's own arguments and options, in the order --help shows them."""

    @abstractmethod
    def run(self, args: argparse.Namespace) -> int:
        """Do what `args` ask; the exit code (cli/errors.py)."""

    def claim(self, args: argparse.Namespace, unknown: list[str]) -> list[str]:
        """Of the arguments no option matched, those that are not the command's: by default
        all of them, which argparse then refuses (exit 2)."""
        return unknown

    def add_to(self, commands: Any) -> CommandParser:
        """The command's parser, added to `commands` (what add_subparsers returns; argparse
        keeps its class private) with every option in --help's order: the warehouse's, the
        command's own, its output flags."""
        parser: CommandParser = commands.add_parser(
            self.name, help=self.help, description=self.description, command=self
        )
        if self.warehouse != "none":
            add_db(parser)
        if self.warehouse == "read":
            add_wait(parser)
        self.add_options(parser)
        if self.output:
            add_output(parser, self.output)
        return parser


class ReadCommand(Command):
    """A command that answers from the warehouse: it opens it read-only, waiting while an ingest
    commits (--wait), and prints its answer as a table, --json or --csv (cli/output.py)."""

    warehouse = "read"
    output = ("json", "csv")


class Action(Command):
    """A command under a group (`yzdaily terms add`): its group lists it, not the entry point."""


class Group(Command):
    """A command of actions (`yzdaily terms suggest|add`): it runs the action given."""

    actions: ClassVar[tuple[type[Action], ...]]

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        chosen = parser.add_subparsers(metavar="ACTION", required=True)
        for kind in self.actions:
            action = kind()
            action.add_to(chosen).set_defaults(group_action=action)

    def run(self, args: argparse.Namespace) -> int:
        """The action's run (argparse refuses a group without one)."""
        action: Action = args.group_action
        return action.run(args)


class CommandParser(argparse.ArgumentParser):
    """A command's parser: the arguments no option of it matched go to its command's `claim`
    first (search takes a `-word` as an exclusion: `yzdaily search 新质生产力 -无人机`)."""

    def __init__(self, *, command: Command | None, **kwargs: Any) -> None:
        # None: a command listed in `yzdaily --help` but not built, as argv names another.
        super().__init__(**kwargs)
        self.command = command

    def parse_known_args(
        self, args: Iterable[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:  # Any: argparse's namespace, or the one given
        parsed, unknown = super().parse_known_args(args, namespace)
        if self.command is None:
            return parsed, unknown
        return parsed, self.command.claim(parsed, unknown)
