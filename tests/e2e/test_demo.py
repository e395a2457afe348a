"""`make demo` as a newcomer runs it: the demo, then the read commands it prints, as printed."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.demo import DEMO_DATA_DIR, DEMO_READ_COMMANDS, demo_command
from tests.environment import cli_environment

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_the_read_commands_the_demo_prints_work_as_printed(tmp_path: Path) -> None:
    env = cli_environment()
    env.update(PYTHONPATH=str(REPO), PREFECT_HOME=str(tmp_path / "prefect"))
    (tmp_path / ".venv").symlink_to(BIN.parent)  # the commands say .venv/bin/yzdaily
    demo = subprocess.run(
        [sys.executable, "-m", "tests.demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert demo.returncode == 0, demo.stderr[-2000:]
    printed = [line.strip() for line in demo.stdout.splitlines() if "--data-dir" in line]
    assert printed[1:] == [demo_command(c) for c in DEMO_READ_COMMANDS]

    def run(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            shlex.split(command),
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )

    for command in printed[1:]:
        if " web " in command:
            continue  # a server: tests/web start it
        done = run(command)
        assert done.returncode == 0 and done.stdout.strip(), (command, done.stderr)
    # Typed without the flag, a read command names the demo's warehouse instead of failing blind.
    bare = run(".venv/bin/yzdaily search 新质生产力")
    assert bare.returncode == 1 and "Traceback" not in bare.stderr
    assert f"--data-dir {DEMO_DATA_DIR}" in bare.stderr

    # Issue 24: answers an analyst can cite, on the demo as a newcomer gets it.
    data = f"--data-dir {DEMO_DATA_DIR}"
    mayors = run(f".venv/bin/yzdaily people --role 市长 --timeline --json {data}")
    assert mayors.returncode == 0, mayors.stderr
    tenures = json.loads(mayors.stdout)["rows"]
    # The real sequence, one holder at a time, the acting post before the post itself.
    assert [t["name"] for t in tenures] == ["张宝娟", "王进健", "王进健", "潘国强", "郑海涛"]
    assert [t["role"] for t in tenures][:2] == ["市长", "代市长"]
    assert all(t["conflict"] is None for t in tenures)
    emerging = run(f".venv/bin/yzdaily emerging --json {data}")
    assert emerging.returncode == 0, emerging.stderr
    rows = json.loads(emerging.stdout)["rows"]
    assert rows and rows[0]["term"] == "新质生产力"  # the designed rise, first, with defaults


def test_the_readme_lists_every_command_and_the_demos_read_commands() -> None:
    """Issue 27 item 5: the README names every command the CLI has, and its demo commands
    are the ones the demo prints (test above runs those as printed)."""
    from cli import build_parser

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    missing = [name for name in commands if f"yzdaily {name}" not in readme]
    assert not missing, f"commands the README does not list: {missing}"
    shown = [line.strip() for line in readme.splitlines() if "--data-dir data/demo" in line]
    demo = [demo_command(c) for c in DEMO_READ_COMMANDS]
    assert [line for line in shown if line.split("#")[0].strip() in demo] and all(
        line.split("#")[0].strip() in demo
        for line in shown
        if line.startswith(".venv/bin/yzdaily") and "web" not in line
    ), shown
