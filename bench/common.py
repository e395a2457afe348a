"""Shared benchmark helpers: progress lines, the real CLI in a subprocess, figures and verdicts.

A `Figure` is one measured number with its target; `bench/__main__.py` prints them all in one
final table. A benchmark module's `main()` may return a list of them to join that table.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

CLI = Path(sys.executable).parent / "yzdaily"
# How often the CLI's peak RSS is read while it runs (VmHWM is a high-water mark, so only
# growth in the last interval before exit can be missed).
RSS_POLL_SECONDS = 0.1
_START = time.monotonic()


def progress(message: str) -> None:
    """One progress line on stderr, stamped with the seconds since the benchmarks started."""
    print(f"[{time.monotonic() - _START:6.1f} s] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Figure:
    """One measured number and its target (None: for information only)."""

    name: str
    value: float
    unit: str
    target: float | None = None  # met when value <= target

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "info"
        if self.value < 0:
            # A cost below zero is two runs' load moving between them, not a result.
            return "NOISE"
        return "met" if self.value <= self.target else "MISSED"


def _number(value: float) -> str:
    """3 significant digits, without exponents: 0.189, 16.4, 968, 1,705."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def print_table(figures: Sequence[Figure]) -> None:
    """The final table: figure, measured value, target and verdict."""
    width = max([len(f.name) for f in figures] + [6])
    print(f"\n{'figure':<{width}}  {'measured':>14}  {'target':>14}  verdict")
    print(f"{'-' * width}  {'-' * 14}  {'-' * 14}  -------")
    for f in figures:
        target = f"<= {_number(f.target)} {f.unit}" if f.target is not None else "-"
        measured = f"{_number(f.value)} {f.unit}"
        print(f"{f.name:<{width}}  {measured:>14}  {target:>14}  {f.verdict}")


@dataclass
class Clock:
    """Wall time and this thread's CPU time of a `with` block (server threads not counted)."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.thread_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._wall
        self.cpu_seconds = time.thread_time() - self._cpu


def _status_kb(pid: int, field_name: str) -> int | None:
    """A `kB` field of /proc/<pid>/status (None once the process is gone or a zombie)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _children(pid: int) -> list[int]:
    """Direct children of a process (Linux /proc/<pid>/task/*/children)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found.extend(int(child) for child in children.read().split())
        except OSError:
            continue
    return found


@dataclass
class CliRun:
    """One `yzdaily` run: exit code, wall and CPU time, peak RSS of the CLI and descendants."""

    args: tuple[str, ...]
    returncode: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # user + system of the CLI and the children it waited for
    cli_peak_kb: int = 0  # VmHWM of the CLI process itself
    descendants_peak_kb: dict[int, int] = field(default_factory=dict)  # pid -> VmHWM
    total_pss_peak_kb: int = 0  # the most PSS the CLI and its descendants held at one poll
    stderr: str = ""

    @property
    def cli_peak_mb(self) -> float:
        return self.cli_peak_kb / 1024

    @property
    def server_peak_mb(self) -> float:
        """The largest descendant's peak (Prefect's temporary API server)."""
        return max(self.descendants_peak_kb.values(), default=0) / 1024

    @property
    def command(self) -> str:
        return "yzdaily " + " ".join(self.args)


def _pss_kb(pid: int) -> int:
    """A process's proportional set size (its pages, those shared divided among their sharers:
    forked workers share their forkserver's), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


def _watch_rss(run: CliRun, pid: int, done: threading.Event) -> None:
    """Poll VmHWM of the CLI and of every descendant until the CLI exits; and the sum of
    their PSS at each poll (the memory the run holds at once, shared pages counted once)."""
    while not done.is_set():
        peak = _status_kb(pid, "VmHWM")
        if peak is not None:
            run.cli_peak_kb = max(run.cli_peak_kb, peak)
        together = _pss_kb(pid)
        pending = _children(pid)
        while pending:
            child = pending.pop()
            child_peak = _status_kb(child, "VmHWM")
            if child_peak is not None:
                run.descendants_peak_kb[child] = max(
                    run.descendants_peak_kb.get(child, 0), child_peak
                )
            together += _pss_kb(child)
            pending.extend(_children(child))
        run.total_pss_peak_kb = max(run.total_pss_peak_kb, together)
        done.wait(RSS_POLL_SECONDS)


def clean_env(data_dir: Path, prefect_home: Path) -> dict[str, str]:
    """The environment of a CLI run: ours without YZDAILY_*/PREFECT_*, plus the two dirs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YZDAILY_", "PREFECT_"))}
    env.update(YZDAILY_DATA_DIR=str(data_dir), PREFECT_HOME=str(prefect_home))
    return env


def run_cli(
    args: Sequence[str],
    data_dir: Path,
    prefect_home: Path,
    env: dict[str, str] | None = None,
    expected: int = 0,
) -> CliRun:
    """Run the installed `yzdaily` console script (in `env`, else `clean_env`); raise if it
    does not exit with `expected` (0: done)."""
    run = CliRun(tuple(args))
    log = data_dir.parent / f"{data_dir.name}-{args[0]}.stderr"
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(log, "w+", encoding="utf-8") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(CLI), *args],
            env=env or clean_env(data_dir, prefect_home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        done = threading.Event()
        watcher = threading.Thread(target=_watch_rss, args=(run, process.pid, done), daemon=True)
        watcher.start()
        # wait4, not wait: it also reports the CPU the CLI and its reaped children used.
        _, status, usage = os.wait4(process.pid, 0)
        run.seconds = time.perf_counter() - started
        process.returncode = run.returncode = os.waitstatus_to_exitcode(status)
        run.cpu_seconds = usage.ru_utime + usage.ru_stime
        done.set()
        watcher.join()
        stderr.seek(0)
        run.stderr = stderr.read()
    if run.returncode != expected:
        raise RuntimeError(f"{run.command} exited {run.returncode}:\n{run.stderr[-2000:]}")
    return run


def per_item(sizes: tuple[int, int], seconds: tuple[float, float]) -> tuple[float, float]:
    """(fixed seconds, seconds per item) of a line through two (size, seconds) points."""
    (n1, n2), (t1, t2) = sizes, seconds
    per = (t2 - t1) / (n2 - n1)
    return t1 - n1 * per, per
