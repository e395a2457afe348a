"""What a kept Prefect server costs while no run uses it (#29 item 3): CPU and memory.

    .venv/bin/python -m bench.idle      (part of `make bench`; BENCH_ONLY=idle)

A one-shot run of a fresh Prefect home starts the home's kept server (`hosting.keeper`:
Prefect's temporary-server app on uvicorn, and a watch of the home's lease) and leaves it up
for the next run, YZDAILY_PREFECT_IDLE seconds (default 600). Here it is started as a run
starts it (`prefect_api(home, keep_for=...)`), waited for, and released; then, with no run
holding its lease, the CPU time of its whole process group (user + system, /proc) and its
RSS are read over BENCH_IDLE_SECONDS (default 60). The figure is the CPU share of one core;
target: under 1%.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.common import Figure, print_table, progress

SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "60"))
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


def main() -> list[Figure]:
    """Start a kept server in a fresh home, release it, measure it idle; stop it."""
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
        Figure("kept Prefect server, idle: CPU share of a core", share, "%", MAX_CORE_SHARE),
        Figure("kept Prefect server, idle: RSS", peak, "MB"),
    ]


if __name__ == "__main__":
    print_table(main())
