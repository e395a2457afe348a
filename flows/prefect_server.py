"""Prefect API servers this project starts itself, as child processes on loopback.

Two kinds, one way of starting, waiting for and stopping them:

* `yzdaily serve` needs a real `prefect server start` (Prefect cannot schedule on its
  temporary server): `server_start_command`.
* A one-shot run (`ingest`, `backfill`, `reprocess`, `import`) needs an API for the length of
  the run. Left to itself, Prefect starts its temporary server on the first flow call and waits
  for it (7-10 s here), then the run imports and loads what it needs. `temporary_api` starts the
  same server (Prefect's own command for it) as soon as the run is known to go ahead, so that
  the server's start-up overlaps ours: importing Prefect, loading jieba, reading the warehouse.

A fresh Prefect home costs a run Prefect's database migrations (13-18 s of a cold first run,
measured, #19). The first server that migrates a fresh home leaves a copy of the migrated,
still empty database in a per-user cache (`template_path`), and a later fresh home (a new data
dir) starts from that copy: only migrations newer than the copy run. The copy is per Prefect
version, and nothing of a run is in it (it is taken when the server first answers).

Each server runs in its own session (Ctrl-C in a terminal reaches us, not it: we stop it after
the run ends cleanly) and, on Linux, is sent SIGTERM if its parent dies (kill -9 of a run must
not leave a server behind).
"""

from __future__ import annotations

import ctypes
import importlib.metadata
import importlib.util
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

LOOPBACK = "127.0.0.1"
# `prefect server start` takes ~5 s warm and ~13 s cold (migrations); leave room for a slow disk.
START_TIMEOUT = 120.0
STOP_TIMEOUT = 10.0
PR_SET_PDEATHSIG = 1
SERVER_LOG = "server.log"  # of `prefect server start`, kept in the Prefect home
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class ServerError(RuntimeError):
    """A Prefect server could not be started; the message says why (with its log's tail)."""


@dataclass(frozen=True)
class PrefectServer:
    """A Prefect API server child process on loopback."""

    process: subprocess.Popen[bytes]
    url: str  # http://127.0.0.1:PORT
    log: Path
    # Where to keep a copy of its freshly migrated database once it answers (None: no copy).
    template: tuple[Path, Path] | None = None  # (its database, the copy)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"


# Prefect's SQLite database in its home (when PREFECT_API_DATABASE_CONNECTION_URL is unset).
DATABASE = "prefect.db"


def template_path() -> Path | None:
    """The per-user copy of a migrated, empty Prefect database for this Prefect version."""
    try:
        version = importlib.metadata.version("prefect")
    except importlib.metadata.PackageNotFoundError:
        return None
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "yzdaily" / f"prefect-{version}.db"


def seed_database(prefect_home: Path) -> tuple[Path, Path] | None:
    """Give a fresh Prefect home the template database, if there is one; if there is none,
    (its database, the template) to save once the server has migrated it."""
    if os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL"):
        return None  # a database of the user's own
    database, template = prefect_home / DATABASE, template_path()
    if template is None or database.exists():
        return None
    if not template.exists():
        return database, template
    partial = database.with_name(f".{DATABASE}.{os.getpid()}")
    try:
        prefect_home.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, partial)
        os.replace(partial, database)
    except OSError:
        partial.unlink(missing_ok=True)  # Prefect migrates an empty home as before
    return None


def save_template(database: Path, template: Path) -> None:
    """A consistent copy of a live SQLite database (the backup API: WAL included), in place
    by a rename; nothing if it cannot be written (the cache is a saving, not a need)."""
    with suppress(OSError, sqlite3.Error):
        template.parent.mkdir(parents=True, exist_ok=True)
        partial = template.with_name(f".{template.name}.{os.getpid()}")
        source, copy = sqlite3.connect(database), sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        os.replace(partial, template)


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def prefect_command() -> list[str]:
    """The `prefect` console script of this environment (the venv's, not whatever is on PATH)."""
    script = Path(sys.executable).parent / "prefect"
    return [str(script)] if script.exists() else [sys.executable, "-m", "prefect"]


def server_start_command(port: int, host: str = LOOPBACK) -> list[str]:
    """`prefect server start`: API, UI and the services that schedule runs."""
    return [*prefect_command(), "server", "start", "--host", host, "--port", str(port)]


def temporary_server_command(port: int) -> tuple[list[str], dict[str, str]]:
    """The command and extra environment Prefect itself uses for its temporary server
    (prefect.server.api.server.SubprocessASGIServer), found without importing Prefect."""
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("Prefect is not installed in this environment")
    app_dir = Path(next(iter(spec.submodule_search_locations))).parent
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(app_dir),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]
    extra = {
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    return command, extra


def _die_with_parent() -> None:
    # Runs in the child between fork and exec. Linux only; elsewhere a no-op.
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_server(
    command: Sequence[str],
    url: str,
    prefect_home: Path,
    log: Path,
    extra_env: dict[str, str] | None = None,
) -> PrefectServer:
    """Start a server in its own session, its output in `log`, its home `prefect_home`."""
    prefect_home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PREFECT_HOME=str(prefect_home.resolve()), **(extra_env or {}))
    # The server must not try to talk to another API, nor to itself as a client.
    env.pop("PREFECT_API_URL", None)
    env.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    return PrefectServer(process, url, log)


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether the Prefect API at `url` answers its health check."""
    # No proxy: the server is on loopback, and a proxy from the environment would not reach it.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url}/api/health", timeout=timeout) as response:
            return int(response.status) == 200
    except (OSError, urllib.error.URLError):
        return False


def log_tail(log: Path, lines: int = 15) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def wait_healthy(
    server: PrefectServer,
    timeout: float = START_TIMEOUT,
    check: Callable[[], None] = lambda: None,
) -> None:
    """Return when the server answers; ServerError if it exits or stays silent too long.

    `check` is called between polls (it raises to give up early).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        check()
        if server.process.poll() is not None:
            raise ServerError(
                f"the Prefect server exited with code {server.process.returncode} while"
                f" starting; its log ({server.log}) ends:\n{log_tail(server.log)}"
            )
        if healthy(server.url):
            if server.template is not None and not server.template[1].exists():
                save_template(*server.template)
            return
        time.sleep(0.1)
    raise ServerError(
        f"the Prefect server did not answer {server.url}/api/health within {timeout:.0f} s;"
        f" its log ({server.log}) ends:\n{log_tail(server.log)}"
    )


def stop_server(server: PrefectServer, timeout: float = STOP_TIMEOUT) -> None:
    """Stop the server's whole process group: SIGTERM, then SIGKILL after `timeout`."""
    process = server.process
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout)
    # Whatever is left in the group (the server itself, or a child that outlived it).
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextmanager
def prefect_api(
    prefect_home: Path, full: bool = False, port: int | None = None
) -> Iterator[PrefectServer | None]:
    """The API at PREFECT_API_URL when it is set (yields None); else a server of our own on
    loopback, started now and stopped on exit whatever happened (call `wait_healthy` before
    using it): with `full`, `prefect server start` (what `serve` needs to schedule runs), else
    Prefect's temporary server (what one run needs).

    Sets PREFECT_API_URL while it lasts (child processes inherit it), so call it before Prefect
    is imported: Prefect reads its settings then.
    """
    if os.environ.get("PREFECT_API_URL", "").strip():
        yield None
        return
    port = port or free_port()
    prefect_home.mkdir(parents=True, exist_ok=True)
    if full:
        command, extra, log = server_start_command(port), None, prefect_home / SERVER_LOG
    else:
        command, extra = temporary_server_command(port)
        # A log of its own per run: runs of other warehouses may share this Prefect home.
        handle, name = tempfile.mkstemp(prefix="temporary-server-", suffix=".log", dir=prefect_home)
        os.close(handle)
        log = Path(name)
    template = None if full else seed_database(prefect_home)
    server = start_server(command, f"http://{LOOPBACK}:{port}", prefect_home, log, extra)
    if template is not None:
        server = replace(server, template=template)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server
    finally:
        # A second signal must not cut the clean-up short and leave the server running.
        masked = {}
        if threading.current_thread() is threading.main_thread():
            masked = {sig: signal.signal(sig, signal.SIG_IGN) for sig in STOP_SIGNALS}
        try:
            stop_server(server)
        finally:
            for sig, handler in masked.items():
                signal.signal(sig, handler)
            os.environ.pop("PREFECT_API_URL", None)
            if not full:
                log.unlink(missing_ok=True)
