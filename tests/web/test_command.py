"""`yzdaily web` through the real console script: it binds 127.0.0.1, prints its URL, answers,
and stops cleanly (exit 0) on SIGTERM or Ctrl-C; a taken port is exit 1 with a message."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import CLI
from tests.web.conftest import Archive, cli_environment

pytestmark = pytest.mark.e2e
START_DEADLINE = 60.0
URL = re.compile(r"yzdaily web: (http://\S+/)")


@contextmanager
def yzdaily_web(archive: Archive, *args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`yzdaily web --db DB --port 0 ARGS` running, and the URL it printed."""
    process = subprocess.Popen(
        [str(CLI), "web", "--db", str(archive.db), "--port", "0", *args],
        env=cli_environment(archive.data_dir, archive.prefect_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # printed once the socket listens
        match = URL.search(first)
        assert match, (first, process.poll())
        yield process, match.group(1)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def answers(url: str) -> int:
    deadline = time.monotonic() + START_DEADLINE
    while True:
        try:
            return requests.get(url + "api/stats", timeout=10).status_code
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serves_on_loopback_and_stops_cleanly(archive: Archive, stop: signal.Signals) -> None:
    with yzdaily_web(archive) as (process, url):
        assert url.startswith("http://127.0.0.1:")
        assert answers(url) == 200
        page = requests.get(url + "?q=市长", timeout=30)
        assert page.status_code == 200 and "共 <strong" in page.text
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err


def test_a_port_in_use_is_exit_1_with_a_message(archive: Archive) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(CLI), "web", "--db", str(archive.db), "--port", str(port)],
            env=cli_environment(archive.data_dir, archive.prefect_home),
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    finally:
        taken.close()
    assert done.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [("--port", "70000"), ("--port", "http"), ("--bogus",)])
def test_bad_usage_is_exit_2(archive: Archive, args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [str(CLI), "web", "--db", str(archive.db), *args],
        env=cli_environment(archive.data_dir, archive.prefect_home),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2 and "error" in done.stderr


def test_a_missing_warehouse_is_served_as_503_until_it_exists(
    archive: Archive, tmp_path: Path
) -> None:
    missing = Archive(**{**archive.__dict__, "db": tmp_path / "later.duckdb"})
    with yzdaily_web(missing) as (process, url):
        assert answers(url) == 503
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert "no warehouse at" in err and process.returncode == 0
