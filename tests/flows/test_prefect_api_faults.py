"""A Prefect API that fails a run ends it in one line naming the API, never a traceback (#31,
and the round-3b hostile-world issue): the user's PREFECT_API_URL answering 503, HTML, JSON cut
short or nothing at all, a fault once the run has begun, and a kept server of our own that
stopped answering, which is replaced. Real `yzdaily` processes, real sockets."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hosting.server import STATE, pid_alive, prefect_version, read_state, stop_kept_server
from tests.e2e.conftest import CLI
from tests.environment import cli_environment
from tests.fake_prefect_api import FakePrefectApi
from tests.sample_site.server import SampleServer
from tests.sample_site.site import build_site

pytestmark = pytest.mark.e2e


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"  # nobody listens there once the socket is closed


def ingest(base_url: str, data: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(CLI), "ingest", "--base-url", base_url, "--delay", "0", "-q"],
        env=cli_environment(data, data / "prefect", **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def one_line_naming(stderr: str, api_url: str) -> str:
    assert "Traceback" not in stderr, stderr
    [line] = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert api_url in line and "PREFECT_API_URL" in line, line
    return line


def test_a_users_prefect_api_that_fails_is_one_line(tmp_path: Path) -> None:
    with (
        SampleServer(build_site()) as site,
        FakePrefectApi("503") as busy,
        FakePrefectApi("html") as portal,
        FakePrefectApi("truncated") as cut,
    ):
        apis = {
            "answered HTTP 503": busy.api_url,
            "answered what is not Prefect's health check": portal.api_url,
            "answered what is not Prefect's health check (b'{\"id\"": cut.api_url,
            "cannot be reached": closed_port_url(),
        }
        # Side by side: each retries its API for a few seconds before it gives up.
        runs = {
            fault: ingest(site.base_url, tmp_path / str(n), PREFECT_API_URL=url)
            for n, (fault, url) in enumerate(apis.items())
        }
        done = {fault: run.communicate(timeout=120) for fault, run in runs.items()}
    for fault, (_, stderr) in done.items():
        assert runs[fault].returncode == 1, stderr
        assert fault in one_line_naming(stderr, apis[fault])


@pytest.mark.parametrize("mode", ["html", "truncated"])
def test_an_api_that_fails_once_the_run_has_begun_is_one_line(tmp_path: Path, mode: str) -> None:
    with SampleServer(build_site()) as site, FakePrefectApi(mode, healthy=True) as api:
        run = ingest(site.base_url, tmp_path / "data", PREFECT_API_URL=api.api_url)
        _, stderr = run.communicate(timeout=120)
    assert run.returncode == 1
    one_line_naming(stderr, api.api_url)


def test_a_kept_server_that_stopped_answering_is_replaced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    home = data / "prefect"
    home.mkdir(parents=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Our kept server, as its state file names it, long up and now answering 503 (a loaded
    # machine, or a server hung in its own work).
    hung = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_prefect_api", "503", str(port)],
        start_new_session=True,
        cwd=Path(__file__).parents[2],
    )
    try:
        state = {
            "pid": hung.pid,
            "url": f"http://127.0.0.1:{port}",
            "prefect_version": prefect_version(),
            "started": time.time() - 3600,
            "idle": 600,
        }
        (home / STATE).write_text(json.dumps(state), encoding="utf-8")
        with SampleServer(build_site()) as site:
            run = ingest(site.base_url, data, YZDAILY_PREFECT_IDLE="600")
            _, stderr = run.communicate(timeout=240)
        assert run.returncode == 0, stderr
        assert hung.wait(timeout=15) is not None  # stopped
        fresh = read_state(home / STATE)
        assert fresh is not None and fresh.pid != hung.pid and pid_alive(fresh.pid)
    finally:
        if hung.poll() is None:
            hung.kill()
        stop_kept_server(home)


@pytest.mark.parametrize("mode", ["503", "html", "truncated"])
def test_doctor_says_what_is_wrong_with_the_prefect_api(tmp_path: Path, mode: str) -> None:
    with FakePrefectApi(mode) as api:
        done = subprocess.run(
            [str(CLI), "doctor", "--json"],
            env=cli_environment(tmp_path / "data", PREFECT_API_URL=api.api_url),
            capture_output=True,
            text=True,
            timeout=120,
        )
    [check] = [c for c in json.loads(done.stdout) if c["name"] == "prefect"]
    assert check["verdict"] == "fail" and api.api_url in check["detail"], check
    assert "answered" in check["detail"] and "Traceback" not in done.stderr
