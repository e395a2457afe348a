"""Tier 4 fixtures: the sample site on a real loopback server, and the real `yzdaily` command."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.environment import warm_cli_environment
from tests.sample_site.server import SampleServer
from tests.sample_site.site import build_site

CLI = Path(sys.executable).parent / "yzdaily"


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(prefect_home: Path, tmp_path: Path) -> Iterator[object]:
    """Run the installed console script in a subprocess with a clean, test-owned environment:
    a new data dir (but for jieba's cache), the session's Prefect home and its kept server."""
    base = warm_cli_environment(tmp_path / "data", prefect_home)

    def run(*args: str, timeout: float = 240, env: dict[str, str] | None = None) -> CliResult:
        """`env` adds to (or overrides) the test's environment for this run."""
        done = subprocess.run(
            [str(CLI), *args],
            env=base | (env or {}),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)

    yield run


@pytest.fixture
def sample_server() -> Iterator[SampleServer]:
    with SampleServer(build_site()) as server:
        yield server


def processes_with_env(entry: str) -> list[int]:
    """Pids of live processes whose environment holds `entry` (ours: the test's data dir)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if entry.encode() in environ and state != "Z":
            found.append(int(proc.name))
    return found
