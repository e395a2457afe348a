"""Start-up costs outside a run (#29 item 3): the console script's, and a kept Prefect
server's while no run uses it.

    .venv/bin/python -m bench.startup   (part of `make bench`; BENCH_ONLY=startup)

The console script: `yzdaily --version` (Python, the venv, the entry point) and `yzdaily
search --help` (the search command's own imports, no warehouse), each the median of
BENCH_STARTUP_RUNS runs (default 9) after one uncounted run; target 0.1 s, so that a shell
search can answer in 0.3 s (bench.scale measures the whole search).

The kept server: a one-shot run of a fresh Prefect home starts the home's kept server
(`hosting.keeper`: Prefect's temporary-server app on uvicorn, and a watch of the home's lease)
and leaves it up for the next run, YZDAILY_PREFECT_IDLE seconds (default 600). Here it is
started as a run starts it (`prefect_api(home, keep_for=...)`), waited for, and released;
then, with no run holding its lease, the CPU time of its whole process group (user + system,
/proc) and its RSS are read over BENCH_IDLE_SECONDS (default 60). The figure is the CPU share
of one core; target: under 1%.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import CLI, Figure, print_table, progress

SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "60"))
RUNS = int(os.environ.get("BENCH_STARTUP_RUNS", "9"))
MAX_START_SECONDS = 0.1
MAX_CORE_SHARE = 1.0  # percent of one core
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def group_members(pgid: int) -> list[int]:
    """Every process of the process group `pgid` (a server runs in its own session)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) == pgid:
                found.append(int(entry))
        except OSError:
            continue
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure_idle(pgid: int, seconds: float) -> tuple[float, float]:
    """(CPU percent of one core, largest RSS sum in MB) of the group over `seconds`."""
    members = group_members(pgid)
    before = sum(cpu_seconds(pid) for pid in members)
    started = time.monotonic()
    peak = 0.0
    while time.monotonic() - started < seconds:
        peak = max(peak, sum(rss_mb(pid) for pid in group_members(pgid)))
        time.sleep(1.0)
    elapsed = time.monotonic() - started
    # Processes that ended meanwhile would drop their CPU: the group is listed again.
    after = sum(cpu_seconds(pid) for pid in group_members(pgid))
    return (after - before) / elapsed * 100, peak


def cli_seconds(args: list[str]) -> float:
    """Median wall seconds of `yzdaily ARGS` (output discarded), after one uncounted run."""
    times = []
    for _ in range(RUNS + 1):
        started = time.perf_counter()
        subprocess.run([str(CLI), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:])


def cli_figures() -> list[Figure]:
    """The console script's start-up: --version, and the search command's imports."""
    version, search = cli_seconds(["--version"]), cli_seconds(["search", "--help"])
    progress(f"yzdaily --version {version:.3f} s, yzdaily search --help {search:.3f} s")
    return [
        Figure("yzdaily --version (median)", version, "s", MAX_START_SECONDS),
        Figure("yzdaily search start-up (search --help, median)", search, "s", MAX_START_SECONDS),
    ]


def main() -> list[Figure]:
    """The console script's start-up; then a kept server started in a fresh home, released,
    measured idle, stopped."""
    figures = cli_figures()
    from hosting.env import configure_prefect
    from hosting.server import prefect_api, stop_kept_server, wait_healthy

    with tempfile.TemporaryDirectory(prefix="yzdaily-bench-idle-") as tmp:
        home = Path(tmp) / "prefect"
        os.environ.pop("PREFECT_API_URL", None)
        configure_prefect(home, environ={})  # makes the home; leaves this process's env alone
        try:
            with prefect_api(home, keep_for=max(600.0, SECONDS * 3)) as server:
                assert server is not None
                wait_healthy(server)
            time.sleep(5)  # its start-up work is done (services' first loops, the template)
            progress(f"a kept Prefect server, idle (no run leases it), for {SECONDS:.0f} s")
            share, peak = measure_idle(server.pid, SECONDS)
        finally:
            stop_kept_server(home)
    progress(f"kept server idle: {share:.2f}% of a core, RSS {peak:.0f} MB")
    return [
        *figures,
        Figure("kept Prefect server, idle: CPU share of a core", share, "%", MAX_CORE_SHARE),
        Figure("kept Prefect server, idle: RSS", peak, "MB"),
    ]


if __name__ == "__main__":
    print_table(main())
