"""The worked commands of docs/ANALYTICS.md, run on the demo's warehouse (issue 27 item 5).

    .venv/bin/python -m tests.docs_examples            # check: exit 1 when the doc drifted
    .venv/bin/python -m tests.docs_examples --update   # rewrite the doc's output lines

The demo's warehouse is what a newcomer has after `make demo`: the same sample sites, loaded
by the real `yzdaily ingest --source all` over loopback (tests.demo). Each `$ yzdaily ...`
line of a ```console block runs through the real entry point against it, and the lines the
document shows under it must be the first lines it prints. `make test` checks it
(tests/test_analytics_doc.py); `--update` writes what the commands print now.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import io
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cli import main as cli_main
from config.settings import DB_FILENAME
from tests.environment import cli_environment
from tests.sample_site.sections import build_sample_sites
from tests.sample_site.server import SampleServer

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ANALYTICS.md"
CLI = Path(sys.executable).parent / "yzdaily"
CONSOLE = re.compile(r"```console\n(.*?)```", re.DOTALL)
PROMPT = "$ yzdaily "
# Output lines shown for a command the document has not shown any of yet.
DEFAULT_SHOWN = 6


@cache
def demo_warehouse() -> Path:
    """The demo's warehouse, ingested as `make demo` ingests it, once per process."""
    work = Path(tempfile.mkdtemp(prefix="yzdaily-demo-wh-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    site, _ = build_sample_sites()
    env = cli_environment(work / "data", work / "prefect")
    with SampleServer(site) as server:
        args = ["ingest", "--source", "all", "--base-url", server.base_url, "--delay", "0"]
        done = subprocess.run(
            [str(CLI), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            stdin=subprocess.DEVNULL,
        )
    if done.returncode != 0:
        raise RuntimeError(f"the demo's ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    return work / "data" / DB_FILENAME


@dataclass
class Example:
    """A command of a console block and the output lines the document shows under it."""

    command: str  # as written after `$ yzdaily `
    shown: list[str]

    @property
    def args(self) -> list[str]:
        return shlex.split(self.command)


def examples(block: str) -> list[Example]:
    """The commands of one console block, each with its shown lines."""
    found: list[Example] = []
    for line in block.splitlines():
        if line.startswith(PROMPT):
            found.append(Example(line.removeprefix(PROMPT), []))
        elif line.strip() and found:
            found[-1].shown.append(line.rstrip())
    return found


def printed(args: list[str], db: Path, lexicon: Path | None = None) -> list[str]:
    """What `yzdaily ARGS` prints on stdout against the warehouse (a lexicon edit on a copy)."""
    if args[:2] == ["terms", "add"]:
        if lexicon is None:
            raise ValueError("terms add needs a copy of the lexicon to write to")
        args = [*args, "--lexicon", str(lexicon)]
    else:
        args = [*args, "--db", str(db)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli_main(args)
    if code != 0:
        raise RuntimeError(f"yzdaily {' '.join(args)} exited {code}")
    return [line.rstrip() for line in out.getvalue().splitlines()]


def drift(example: Example, output: list[str]) -> str | None:
    """Why the shown lines are not what the command prints first; None when they are."""
    if not example.shown:
        return "shows no output line"
    if output[: len(example.shown)] != example.shown:
        return "\n".join(
            [f"$ yzdaily {example.command}", "  shown:", *example.shown, "  printed:", *output]
        )
    return None


def _with_lexicon_copy() -> Path:
    work = Path(tempfile.mkdtemp(prefix="yzdaily-lexicon-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    copy = work / "lexicon.txt"
    shutil.copyfile(ROOT / "parsers" / "data" / "lexicon.txt", copy)
    return copy


def updated(text: str, db: Path) -> str:
    """The document with every console block's output lines as the commands print them."""

    def rewrite(match: re.Match[str]) -> str:
        lines: list[str] = []
        for example in examples(match.group(1)):
            output = printed(example.args, db, _with_lexicon_copy())
            lines.append(PROMPT + example.command)
            lines.extend(output[: max(len(example.shown), 1) if example.shown else DEFAULT_SHOWN])
        return "```console\n" + "\n".join(lines) + "\n```"

    return CONSOLE.sub(rewrite, text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the doc's output lines")
    args = parser.parse_args()
    db = demo_warehouse()
    text = DOC.read_text(encoding="utf-8")
    if args.update:
        DOC.write_text(updated(text, db), encoding="utf-8")
        print(f"updated {DOC.relative_to(ROOT)} from the demo's warehouse")
        return 0
    problems = [
        problem
        for block in CONSOLE.findall(text)
        for example in examples(block)
        if (problem := drift(example, printed(example.args, db, _with_lexicon_copy())))
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
