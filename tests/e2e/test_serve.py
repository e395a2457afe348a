"""Tier 4: `yzdaily serve` through the real console script, against the sample site.

`serve` starts its own `prefect server start` on loopback (no PREFECT_API_URL here), serves the
ingest every few seconds, and must stop, server and all, within seconds of SIGTERM. Every wait
polls against a deadline: the sleeps only pace the polling.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pytest

from tests.e2e.conftest import CLI, processes_with_env
from tests.environment import cli_environment
from tests.sample_site.server import SampleServer

pytestmark = pytest.mark.e2e
T = TypeVar("T")
API_LINE = re.compile(r"Prefect API http://127\.0\.0\.1:(\d+)/api")
STOP_WITHIN = 20.0  # seconds from SIGTERM to every process gone (measured: ~5-8 s)


def wait_for(what: str, probe: Callable[[], T | None], timeout: float, log: Path) -> T:
    """Poll `probe` until it returns something truthy; fail with the serve log if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"no {what} within {timeout:.0f} s; serve's output:\n{log.read_text()[-4000:]}")


def read_runs(db: Path) -> list[tuple[Any, ...]] | None:
    """The runs table, or None while the file is missing or a batch holds the write lock."""
    if not db.exists():
        return None
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(
                "select status, new, started_at, finished_at from runs order by started_at"
            ).fetchall()
    except duckdb.Error:  # a commit in progress holds the file (or the schema is not there yet)
        return None


def answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def serve(
    prefect_home: Path, data_dir: Path, log: Path, *args: str
) -> Iterator[subprocess.Popen[bytes]]:
    """`yzdaily serve ARGS` in the background; everything it left is killed if a test fails."""
    env = cli_environment()
    env.update(YZDAILY_DATA_DIR=str(data_dir), PREFECT_HOME=str(prefect_home))
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(CLI), "serve", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in processes_with_env(f"YZDAILY_DATA_DIR={data_dir}"):
            os.kill(pid, signal.SIGKILL)


def stop(
    process: subprocess.Popen[bytes], data_dir: Path, log: Path, signum: int = signal.SIGTERM
) -> float:
    """Send `signum`; seconds until serve and every process it started are gone."""
    stopped_at = time.monotonic()
    process.send_signal(signum)
    try:
        process.wait(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve still running {STOP_WITHIN} s after {signum!r}:\n{log.read_text()}")
    wait_for(
        "exit of serve's children",
        lambda: not processes_with_env(f"YZDAILY_DATA_DIR={data_dir}"),
        STOP_WITHIN,
        log,
    )
    return time.monotonic() - stopped_at


class ProcessWatch:
    """Every process that carries the test's data dir in its environment, seen at polls 0.1 s
    apart while the block runs: pid -> (process group, command line), as last seen (a child
    is a copy of serve until it runs its own command: the server's start is one)."""

    def __init__(self, data_dir: Path) -> None:
        self.entry = f"YZDAILY_DATA_DIR={data_dir}"
        self.seen: dict[int, tuple[int, str]] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._done.wait(0.1):
            for pid in processes_with_env(self.entry):
                try:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                    self.seen[pid] = (os.getpgid(pid), command.decode(errors="replace"))
                except OSError:
                    continue

    def __enter__(self) -> ProcessWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def test_serve_runs_the_ingest_on_schedule_and_stops_on_sigterm(
    prefect_home: Path, sample_server: SampleServer, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    db = data_dir / "yzdaily.duckdb"
    log = tmp_path / "serve.log"
    args = ("--interval", "5", "--delay", "0", "--base-url", sample_server.base_url)
    with serve(prefect_home, data_dir, log, *args) as process, ProcessWatch(data_dir) as watch:
        port = int(wait_for("Prefect API", lambda: API_LINE.search(log.read_text()), 90, log)[1])
        assert answers(port)

        # Two runs at least, each recorded by the flow; the file is readable between runs.
        # A run's row is there from its start (`running`): wait for two that finished.
        def two_runs() -> list[tuple[Any, ...]] | None:
            runs = read_runs(db)
            finished = [run for run in runs or [] if run[0] != "running"]
            return finished if len(finished) >= 2 else None

        runs = wait_for("two recorded runs", two_runs, 90, log)
        assert process.poll() is None, log.read_text()
        took = stop(process, data_dir, log)

    output = log.read_text()
    assert process.returncode == 0, output
    assert "Traceback" not in output, output
    assert "serve stopped" in output
    assert took < STOP_WITHIN
    assert not answers(port), "the Prefect server serve started still answers"

    statuses = [status for status, *_ in runs]
    assert statuses[:2] == ["completed", "completed"], output
    truth = sorted(article.path for article in sample_server.site.articles)
    assert runs[0][1] == len(truth)  # the first run loads the site ...
    assert [new for _, new, *_ in runs[1:]] == [0] * (len(runs) - 1)  # ... later ones find none
    # One run at a time: each run ended before the next began.
    for (*_, finished), (_, _, started, _) in pairwise(runs):
        assert finished <= started
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = con.execute("select split_part(article_id, ':', 2) from articles").fetchall()
    assert sorted(path for (path,) in loaded) == truth
    # #29: the runs ran in serve's own process. Prefect's serve() started a process per run
    # in serve's process group (3 s or more each); only the server has a group of its own.
    serve_group = os.getpgid(os.getpid())  # serve was started in the test's group
    assert process.pid in watch.seen
    serve_command = watch.seen[process.pid][1]
    others = {
        pid: (group, command)
        for pid, (group, command) in watch.seen.items()
        # Not serve, nor a copy of serve caught between its fork and its exec.
        if pid != process.pid and command != serve_command
    }
    assert others and all(group != serve_group for group, _ in others.values()), watch.seen


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_cleanly_while_its_server_is_starting(
    prefect_home: Path, tmp_path: Path, signum: int
) -> None:
    data_dir = tmp_path / "data"
    log = tmp_path / "serve.log"
    # Nothing is fetched: the server never gets as far as scheduling a run.
    with serve(prefect_home, data_dir, log, "--base-url", "http://127.0.0.1:9") as process:
        starting = re.compile(r"starting the Prefect server on http://127\.0\.0\.1:(\d+)")
        port = int(wait_for("server start", lambda: starting.search(log.read_text()), 60, log)[1])
        stop(process, data_dir, log, signum)
    assert process.returncode == 0, log.read_text()
    assert "Traceback" not in log.read_text()
    assert not answers(port)


def test_serve_rejects_a_bad_cron_expression(prefect_home: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    log = tmp_path / "serve.log"
    with serve(prefect_home, data_dir, log, "--cron", "every morning") as process:
        process.wait(timeout=120)
    output = log.read_text()
    assert process.returncode == 2, output
    assert "every morning" in output and "Traceback" not in output
    assert not processes_with_env(f"YZDAILY_DATA_DIR={data_dir}")


PREFECT_YAML = Path(__file__).resolve().parents[2] / "prefect.yaml"
# Run in a subprocess: importing Prefect here would fix its settings for the whole session.
CHECK_DEPLOYMENT = """
import importlib, json, sys
import yaml
from prefect import Flow
from prefect.cli.deploy._models import PrefectYamlModel
from prefect.client.schemas.schedules import CronSchedule

config = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
PrefectYamlModel.model_validate(config)
out = []
for deployment in config["deployments"]:
    module, _, name = deployment["entrypoint"].rpartition(".")
    flow = getattr(importlib.import_module(module), name)
    assert isinstance(flow, Flow), type(flow)
    for schedule in deployment["schedules"]:
        CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])
    out.append({
        "name": deployment["name"],
        "flow": flow.name,
        "flow_parameters": sorted(flow.parameters.properties),
        "parameters": sorted(deployment["parameters"]),
        "schedules": deployment["schedules"],
        "pool": deployment["work_pool"]["name"],
        "limit": deployment["concurrency_limit"]["limit"],
    })
print(json.dumps(out))
"""


def test_prefect_yaml_deploys_the_scheduled_ingest_flow(tmp_path: Path) -> None:
    env = cli_environment()
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_LOGGING_LEVEL="WARNING")
    done = subprocess.run(
        [sys.executable, "-c", CHECK_DEPLOYMENT, str(PREFECT_YAML)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,  # the entrypoint is a module path: it must not depend on the directory
    )
    assert done.returncode == 0, done.stderr
    [deployment] = json.loads(done.stdout)
    assert deployment["flow"] == "scheduled-ingest"
    assert set(deployment["parameters"]) <= set(deployment["flow_parameters"])
    assert deployment["schedules"] == [
        {"cron": "0 7,19 * * *", "timezone": "Asia/Shanghai", "active": True}
    ]
    assert (deployment["pool"], deployment["limit"]) == ("yzdaily", 1)
