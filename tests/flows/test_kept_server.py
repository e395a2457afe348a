"""A one-shot run's Prefect server is kept for the next run of its home, until idle (#19).

Real servers (hosting.keeper on loopback), real leases; the CLI test runs `yzdaily`.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import SettingsError, build_settings
from hosting.server import (
    DATABASE,
    STATE,
    healthy,
    pid_alive,
    prefect_api,
    read_state,
    stop_kept_server,
    wait_healthy,
)
from tests.e2e.conftest import CLI
from tests.environment import cli_environment
from tests.sample_site.server import SampleServer
from tests.sample_site.site import build_site

pytestmark = pytest.mark.e2e


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    home = tmp_path / "prefect"
    yield home
    stop_kept_server(home)


def until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def test_the_next_run_of_a_home_uses_the_server_the_first_one_started(home: Path) -> None:
    with prefect_api(home, keep_for=60) as first:
        assert first is not None
        wait_healthy(first)
    # The run is over; its server is not.
    assert healthy(first.url)
    state = read_state(home / STATE)
    assert state is not None and state.pid == first.pid and state.url == first.url
    with prefect_api(home, keep_for=60) as second:
        assert second is not None and second.process is None  # found, not started
        wait_healthy(second)
        assert second.url == first.url and second.pid == first.pid
    assert stop_kept_server(home)
    assert not pid_alive(first.pid)
    assert not (home / STATE).exists()


def test_a_kept_server_stops_once_idle_but_never_while_a_run_holds_it(home: Path) -> None:
    with prefect_api(home, keep_for=2) as server:
        assert server is not None
        wait_healthy(server)
        time.sleep(4)  # twice the idle time, leased all along
        assert healthy(server.url)
    assert until(lambda: not pid_alive(server.pid), 15), "the idle server did not stop"
    assert not (home / STATE).exists()
    # The next run starts another.
    with prefect_api(home, keep_for=2) as again:
        assert again is not None and again.process is not None
        wait_healthy(again)
        assert again.pid != server.pid


def test_a_state_file_naming_a_dead_server_gets_a_new_one(home: Path) -> None:
    home.mkdir(parents=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = {
        "pid": dead.pid,
        "url": "http://127.0.0.1:9",
        "prefect_version": "0",
        "started": 0,
        "idle": 60,
    }
    (home / STATE).write_text(json.dumps(stale), encoding="utf-8")
    with prefect_api(home, keep_for=60) as server:
        assert server is not None and server.pid != dead.pid
        wait_healthy(server)
    state = read_state(home / STATE)
    assert state is not None and state.pid == server.pid


def test_a_server_whose_state_file_is_gone_stops_when_unleased(home: Path) -> None:
    with prefect_api(home, keep_for=600) as server:
        assert server is not None
        wait_healthy(server)
        (home / STATE).unlink()  # as when the home is removed, or a newer server took over
        time.sleep(2.5)
        assert healthy(server.url), "stopped while a run still held it"
    assert until(lambda: not pid_alive(server.pid), 15)


def test_idle_zero_is_the_temporary_server_of_one_run(home: Path) -> None:
    with prefect_api(home) as server:
        assert server is not None
        wait_healthy(server)
    assert not pid_alive(server.pid)
    assert not (home / STATE).exists()


def test_the_idle_setting_is_checked() -> None:
    assert build_settings({"YZDAILY_PREFECT_IDLE": "120"}).prefect_idle == 120
    assert build_settings({}).prefect_idle == 600
    for bad in ("-1", "nan", "1e9"):
        with pytest.raises(SettingsError, match="YZDAILY_PREFECT_IDLE"):
            build_settings({"YZDAILY_PREFECT_IDLE": bad})
    with pytest.raises(SettingsError, match="YZDAILY_PREFECT_IDLE='soon' is not valid"):
        build_settings({"YZDAILY_PREFECT_IDLE": "soon"})


def test_runs_of_the_cli_share_the_kept_server_and_each_is_a_flow_run(tmp_path: Path) -> None:
    home = tmp_path / "prefect"
    env = cli_environment(tmp_path / "data", home, YZDAILY_PREFECT_IDLE="60")
    try:
        with SampleServer(build_site()) as site:
            args = [str(CLI), "ingest", "--base-url", site.base_url, "--delay", "0"]
            pids = []
            for _ in range(2):
                done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=240)
                assert done.returncode == 0, done.stderr
                state = read_state(home / STATE)
                assert state is not None and healthy(state.url)
                pids.append(state.pid)
        assert pids[0] == pids[1]
        with sqlite3.connect(home / DATABASE) as con:
            flows = con.execute(
                "select count(*) from flow_run where state_type = 'COMPLETED'"
            ).fetchone()[0]
        assert flows == 2  # both runs are in Prefect's history (and its UI)

        # #29: no heartbeat thread in a one-shot run (its join cost 0.5 s a run). The server
        # persists events a few seconds late: once both runs' completions are there, so
        # would a heartbeat be (the engine sends the first as the flow starts).
        def events(name: str) -> int:
            with sqlite3.connect(home / DATABASE) as con:
                found = con.execute("select count(*) from events where event = ?", [name])
                return int(found.fetchone()[0])

        assert until(lambda: events("prefect.flow-run.Completed") >= 2, 60)
        assert events("prefect.flow-run.heartbeat") == 0
    finally:
        stop_kept_server(home)
