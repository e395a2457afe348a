"""Tier 1: the shape of the CLI package (issue 17 item 10, issue 26 item 2): a module per
command, each listed by `yzdaily --help`, no module importing the package's __init__, no
import cycle in flows/, one table from exception to exit code, and --help that shows the
defaults."""

from __future__ import annotations

import argparse
import ast
import errno
import importlib
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cli import build_parser, main
from cli.base import Action, Command
from cli.errors import EXIT_CODES, Exit, exit_for
from config.settings import SettingsError
from flows.golden import GoldenError
from flows.lock import WarehouseBusy
from parsers.query import QueryError
from tests.environment import cli_environment
from warehouse.db import WarehouseError
from warehouse.export import ExportError

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "flows"
CLI = ROOT / "cli"


def module_name(path: Path) -> str:
    parts = path.relative_to(FLOWS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, package: str = "flows") -> set[str]:
    """The modules of `package` that `path` imports, anywhere in it (lazy imports in
    functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == package or name.startswith(f"{package}.")}


def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in FLOWS.rglob("*.py")}
    return {name: imports_of(path) & set(modules) - {name} for name, path in modules.items()}


def test_no_module_of_the_package_imports_its_init() -> None:
    for path in CLI.rglob("*.py"):
        if path.parent == CLI and path.name in ("__init__.py", "__main__.py"):  # __main__ runs
            continue  # main, by its nature
        assert "cli" not in imports_of(path, "cli"), path.name


def test_no_import_cycle_among_flows() -> None:
    edges = graph()  # the old cli <-> flows.cli_query <-> flows.serve was one
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges.get(name, ())):
            if state.get(target) == 1:
                raise AssertionError(" -> ".join([*trail, name, target]))
            if target not in state:
                visit(target, [*trail, name])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [])


def commands_of(path: Path) -> list[type[Command]]:
    """The commands a module of cli/commands/ defines (its group's actions aside)."""
    module = importlib.import_module(f"cli.commands.{path.stem}")
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Command)
        and not issubclass(value, Action)
        and value.__module__ == module.__name__
    ]


def test_the_old_modules_are_gone_and_each_command_has_its_module(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Issue 26 item 2: a command lives in one place, its module of cli/commands/.
    assert not (FLOWS / "cli.py").exists() and not (FLOWS / "cli_query.py").exists()
    groups = ("run", "serve", "admin", "query", "analytics", "web")
    assert not [name for name in groups if (CLI / f"{name}.py").exists()]
    modules = sorted(p for p in (CLI / "commands").glob("*.py") if p.name != "__init__.py")
    found = {path.name: commands_of(path) for path in modules}
    assert all(len(commands) == 1 for commands in found.values()), found
    commands = sorted((c[0] for c in found.values()), key=lambda command: command.order)
    assert len({command.order for command in commands}) == len(commands)  # a deliberate order
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    listed = re.findall(r"^    (\S+)", capsys.readouterr().out, flags=re.MULTILINE)
    assert listed == [command.name for command in commands]


def test_the_command_table_says_what_the_modules_say() -> None:
    # `yzdaily --help` lists the commands from cli.commands.COMMANDS without importing them.
    from cli import command_classes
    from cli.commands import COMMANDS

    found = [(c.name, c.__module__.rsplit(".", 1)[1], c.help) for c in command_classes()]
    assert found == [tuple(listed) for listed in COMMANDS]
    assert build_parser(every=False).format_help() == build_parser().format_help()


IMPORTED = """
import sys
import cli
try:
    code = cli.main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
heavy = ("prefect", "jieba", "fastapi", "starlette", "bs4", "web", "flows.ingest", "cli.commands.")
print(code, sorted({m for m in sys.modules if m.startswith(heavy)}))
"""


@pytest.mark.parametrize(
    ("argv", "code", "modules"),
    [
        (["--version"], 0, []),
        (["--help"], 0, []),
        (["search", "--help"], 0, ["cli.commands.search"]),
        (["search", "扬州", "--db", "{db}"], 1, ["cli.commands.search"]),
        (["stats", "--db", "{db}"], 1, ["cli.commands.stats"]),
    ],
)
def test_a_command_imports_its_own_module_and_no_heavy_library(
    tmp_path: Path, argv: list[str], code: int, modules: list[str]
) -> None:
    # #29: the console script's start-up is the floor of every shell search.
    args = [arg.format(db=tmp_path / "none.duckdb") for arg in argv]
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, *args],
        capture_output=True,
        text=True,
        env=cli_environment(tmp_path),
        timeout=120,
    )
    assert done.stdout.splitlines()[-1] == f"{code} {modules}", done.stderr


def test_every_command_has_a_handler() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    modules = [p for p in (ROOT / "cli" / "commands").glob("*.py") if p.name != "__init__.py"]
    assert len(commands.choices) == len(modules)
    for name, sub in commands.choices.items():
        assert callable(sub.get_default("handler")), name


def test_the_readmes_example_command_is_a_real_one() -> None:
    # How to add a command (README): the example is cli/commands/stats.py's class, as it is.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## How to add a command\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"\n\n((?:    .*\n|\n)+?)\n(?! )", section)
    assert block is not None
    example = "\n".join(line.removeprefix("    ") for line in block.group(1).splitlines())
    assert example.startswith("class Stats(ReadCommand") and example.count("\n") >= 10
    assert example in (CLI / "commands" / "stats.py").read_text(encoding="utf-8")


def test_a_dash_word_is_an_exclusion_in_search_and_an_error_elsewhere(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = build_parser().parse_args(["search", "新质生产力", "-无人机", "--limit", "5"])
    assert (args.query, args.limit) == (["新质生产力", "-无人机"], 5)
    for command in (["kwic", "新质生产力"], ["stats"], ["terms", "add", "新质生产力"]):
        with pytest.raises(SystemExit) as stop:
            build_parser().parse_args([*command, "-无人机"])
        assert stop.value.code == 2
        assert "unrecognized arguments: -无人机" in capsys.readouterr().err


WITNESS = """
import atexit, os, sys, threading, time
import cli

class Witness:
    # Freed in the interpreter's teardown, if there is one; writes with what it holds (the
    # teardown may have cleared the modules' names by then).
    def __del__(self, write=os.write) -> None:
        write(1, b"torn down\\n")

def leave_work(event: str, args: tuple[object, ...]) -> None:
    # What a command's libraries leave to the exit, as it runs (here when `stats` opens the
    # warehouse): an atexit handler and a thread still at work.
    if event == "import" and args[0] == "warehouse.db":
        atexit.register(print, "handler ran")
        threading.Thread(target=lambda: (time.sleep(0.3), print("thread joined"))).start()

witness = Witness()
sys.addaudithook(leave_work)
sys.argv = ["yzdaily", "stats", "--db", sys.argv[1]]
{run}
"""


@pytest.mark.parametrize(
    ("run", "torn_down"), [("cli.console()", False), ("sys.exit(cli.main())", True)]
)
def test_the_console_script_ends_after_the_exit_handlers_without_the_teardown(
    tmp_path: Path, run: str, torn_down: bool
) -> None:
    # The teardown costs 0.4-0.6 s after a command (#19, docs/BENCHMARKS.md); `main` with a
    # normal exit shows that the witness sees a teardown when there is one.
    program = WITNESS.format(run=run)
    done = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path / "none.duckdb")],
        capture_output=True,
        text=True,
        env=cli_environment(tmp_path),
        timeout=120,
    )
    assert done.returncode == 1 and "no warehouse at" in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["thread joined", "handler ran"]  # joined, run, flushed: in order
    assert ("torn down" in lines) is torn_down


def test_importing_cli_imports_only_the_standard_library() -> None:
    # The console registers its exit first so that it runs last: any library imported before
    # it could register an atexit handler that the exit would skip.
    program = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import cli\n"
        "print(sorted(m for m in set(sys.modules) - before"
        " if m.split('.')[0] not in sys.stdlib_module_names))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "['cli']"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (SettingsError("YZDAILY_DELAY='x' is bad"), Exit(2, "error: YZDAILY_DELAY='x' is bad")),
        (QueryError("give a word"), Exit(2, "error: give a word")),
        (GoldenError("exists"), Exit(2, "error: exists")),
        (ExportError("not empty"), Exit(2, "error: not empty")),
        (WarehouseError("no warehouse at x"), Exit(1, "error: no warehouse at x")),
        (WarehouseBusy("busy"), Exit(1, "error: busy")),
        (
            duckdb.IOException("IO Error: disk full\nhint: ..."),
            Exit(1, "error: the warehouse query failed: IO Error: disk full"),
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/data/x"),
            Exit(1, "error: Read-only file system: /data/x"),
        ),
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), Exit(0, None)),
        (KeyboardInterrupt(), Exit(130, "interrupted")),
        (ValueError("a bug"), None),  # unexpected: its traceback is the report
    ],
)  # fmt: skip
def test_one_table_from_exception_to_exit_code(error: BaseException, expected: Exit) -> None:
    assert exit_for(error) == expected


def test_every_error_line_is_bounded_and_safe() -> None:
    # Issue 30: an error may quote anything (DuckDB a statement, warcio a file's first line).
    error = duckdb.OutOfMemoryException("Out of Memory Error: " + "\x1b[2J\x00" * 1_000_000)
    ending = exit_for(error)
    assert ending is not None and ending.code == 1 and ending.message is not None
    assert len(ending.message) <= 500
    assert "\x1b" not in ending.message and "\x00" not in ending.message
    assert ending.message.startswith("error: the warehouse query failed: Out of Memory Error: ")


def test_the_table_names_classes_that_exist() -> None:
    import importlib

    for module, name, _, _ in EXIT_CODES:
        assert isinstance(getattr(importlib.import_module(module), name), type), name


def test_main_maps_a_command_error_through_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert capsys.readouterr().err.startswith("error: no warehouse at")
    assert main(["search", "，。", "--db", str(tmp_path / "none.duckdb")]) == 2


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["trend"], "(default month)"),
        (["top"], "(default year)"),
        (["top"], "(default tfidf)"),
        (["entities"], "(default year)"),
        (["collocates"], "(default llr)"),
        (["export"], "(default parquet)"),
    ],
)
def test_help_shows_the_defaults(
    command: list[str], shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main([*command, "--help"])
    assert stop.value.code == 0
    assert shown in " ".join(capsys.readouterr().out.split())
