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

A temporary server still costs every run its start (7 s here: Prefect's server imports for
3.5 s and starts its services), which is most of a run with nothing new. So by default a
one-shot run's server is kept (`prefect_api(keep_for=...)`, YZDAILY_PREFECT_IDLE, default
600 s): the first run of a Prefect home starts `hosting.keeper` detached and records it
in the home's state file; later runs of that home (any data dir using it) find it there and
use it while they hold the home's lease file locked shared; the keeper stops itself once no
run has held a lease for the idle time. YZDAILY_PREFECT_IDLE=0 gives a server per run.

Each server runs in its own session (Ctrl-C in a terminal reaches us, not it: we stop it after
the run ends cleanly). A temporary server is, on Linux, sent SIGTERM if its parent dies (kill -9
of a run must not leave a server behind); a kept one outlives its run by design, and ends idle.
"""

from __future__ import annotations

import ctypes
import fcntl
import importlib.metadata
import importlib.util
import json
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

from parsers.bounded import bounded

LOOPBACK = "127.0.0.1"
# How long a run retries a Prefect API that does not answer its health check, and how often.
API_PATIENCE_SECONDS = 10.0
API_RETRY_SECONDS = 1.0
HEALTH_BODY_BYTES = 256  # Prefect's health check answers `true`
# `prefect server start` takes ~5 s warm and ~13 s cold (migrations); leave room for a slow disk.
START_TIMEOUT = 120.0
STOP_TIMEOUT = 10.0
PR_SET_PDEATHSIG = 1
SERVER_LOG = "server.log"  # of `prefect server start`, kept in the Prefect home
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class ServerError(RuntimeError):
    """A Prefect server could not be started; the message says why (with its log's tail)."""


class PrefectApiError(RuntimeError):
    """The Prefect API a run uses failed it: one line naming the API, the fault and what to do."""


@dataclass(frozen=True)
class PrefectServer:
    """A Prefect API server process on loopback: our child, or a kept one another run started."""

    process: subprocess.Popen[bytes] | None  # None: a kept server found in the state file
    url: str  # http://127.0.0.1:PORT
    log: Path
    # Where to keep a copy of its freshly migrated database once it answers (None: no copy).
    template: tuple[Path, Path] | None = None  # (its database, the copy)
    pid: int = 0

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def exit_code(self) -> int | None:
        """The server's exit code once it has exited (-1 when it is not our child), else None."""
        if self.process is not None:
            return self.process.poll()
        return None if pid_alive(self.pid) else -1


def pid_alive(pid: int) -> bool:
    """Whether process `pid` runs (an exited child of ours is reaped here, not counted)."""
    if pid <= 0:
        return False
    with suppress(ChildProcessError):  # not our child: the kernel's answer below
        if os.waitpid(pid, os.WNOHANG)[0]:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


# A kept server's files in the Prefect home: where it listens, its lease, its start lock, its log.
STATE = "yzdaily-server.json"
LEASE = "yzdaily-server.lease"
START_LOCK = "yzdaily-server.lock"
KEPT_LOG = "yzdaily-server.log"


@dataclass(frozen=True)
class ServerState:
    """A kept server as its state file records it."""

    pid: int
    url: str
    prefect_version: str
    started: float  # time.time() when it was started
    idle: float  # seconds it waits for the next run


def read_state(path: Path) -> ServerState | None:
    """The state file's server; None when there is none or the file cannot be read."""
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
        return ServerState(
            pid=int(values["pid"]),
            url=str(values["url"]),
            prefect_version=str(values["prefect_version"]),
            started=float(values["started"]),
            idle=float(values["idle"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_state(path: Path, state: ServerState) -> None:
    """The state file, replaced whole (a reader never sees half of it)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(state.__dict__), encoding="utf-8")
    os.replace(partial, path)


def prefect_version() -> str:
    try:
        return importlib.metadata.version("prefect")
    except importlib.metadata.PackageNotFoundError:
        return ""


# Prefect's SQLite database in its home (when PREFECT_API_DATABASE_CONNECTION_URL is unset).
DATABASE = "prefect.db"


def template_path() -> Path | None:
    """The per-user copy of a migrated, empty Prefect database for this Prefect version."""
    version = prefect_version()
    if not version:
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
    return command, dict(TEMPORARY_SERVER_ENV)


# How Prefect runs its temporary server: no UI, the services a temporary server needs.
TEMPORARY_SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
# A home seeded from the template holds a database of this Prefect version, migrated and with
# its block types registered: a server there need not check either (1 s of its start).
SEEDED_SERVER_ENV = {
    "PREFECT_API_DATABASE_MIGRATE_ON_START": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
}


def kept_server_command(prefect_home: Path, port: int, idle: float) -> list[str]:
    """`hosting.keeper`: Prefect's temporary-server app that stops itself when idle."""
    return [
        sys.executable,
        "-m",
        "hosting.keeper",
        "--port",
        str(port),
        "--lease",
        str(prefect_home / LEASE),
        "--state",
        str(prefect_home / STATE),
        "--idle",
        str(idle),
    ]


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
    detached: bool = False,
) -> PrefectServer:
    """Start a server in its own session, its output in `log`, its home `prefect_home`;
    unless `detached`, one that is stopped when this process dies."""
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
            preexec_fn=_die_with_parent if sys.platform == "linux" and not detached else None,
        )
    return PrefectServer(process, url, log, pid=process.pid)


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether the Prefect server at `url` (scheme, host and port) answers its health check."""
    return api_fault(f"{url}/api", timeout) is None


def api_fault(api_url: str, timeout: float = 2.0) -> str | None:
    """What is wrong with the Prefect API at `api_url` (its .../api URL), in a few words; None
    when its health check answers as Prefect's does (200, `true`)."""
    # No proxy: our servers are on loopback, where a proxy from the environment would not reach.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            body = response.read(HEALTH_BODY_BYTES)
    except urllib.error.HTTPError as error:
        return f"answered HTTP {error.code} {bounded(str(error.reason), 60)}"
    except (OSError, urllib.error.URLError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        return f"cannot be reached ({bounded(str(reason), 120)})"
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    if answer is not True:
        return f"answered what is not Prefect's health check ({bounded(repr(body), 60)})"
    return None


def check_api(api_url: str, ours: bool = False, patience: float = API_PATIENCE_SECONDS) -> None:
    """Return once the Prefect API at `api_url` answers its health check, retrying for
    `patience` seconds (a loaded server answers 503 for a moment); PrefectApiError if not.
    `ours`: a server yzdaily started, not the user's PREFECT_API_URL."""
    deadline = time.monotonic() + patience
    while True:
        fault = api_fault(api_url)
        if fault is None:
            return
        if time.monotonic() >= deadline:
            raise PrefectApiError(api_error_message(api_url, fault, ours))
        time.sleep(min(API_RETRY_SECONDS, max(deadline - time.monotonic(), 0.0)))


def api_error_message(api_url: str, fault: str, ours: bool) -> str:
    """The one line for a Prefect API that failed a run: which API, what, and what to do."""
    if ours:
        advice = "it is yzdaily's own server: run the command again (a fresh one is started)"
    else:
        advice = "check that server (PREFECT_API_URL), or unset PREFECT_API_URL to let yzdaily"
        advice += " start one of its own"
    return f"the Prefect API at {api_url} {fault}; {advice}"


# Where Prefect's client code lives: an exception raised from there is the API's fault.
CLIENT_CODE = (f"{os.sep}prefect{os.sep}client{os.sep}", f"{os.sep}httpx{os.sep}")


@contextmanager
def api_faults_as_errors(api_url: str | None, ours: bool) -> Iterator[None]:
    """Turn a fault of the Prefect API inside the block (Prefect's "Failed to reach API", an
    HTTP error of its client, an answer its client could not read) into PrefectApiError."""
    try:
        yield
    except Exception as error:
        if api_url is None or not _from_prefect_client(error):
            raise
        fault = describe_api_fault(error)
        raise PrefectApiError(api_error_message(api_url, fault, ours)) from error


def _from_prefect_client(error: BaseException) -> bool:
    if isinstance(error, RuntimeError) and str(error).startswith("Failed to reach API"):
        return True
    httpx = sys.modules.get("httpx")
    if httpx is not None and isinstance(error, httpx.HTTPError):
        return True
    trace = error.__traceback__
    while trace is not None:  # the innermost frames come last
        if any(part in trace.tb_frame.f_code.co_filename for part in CLIENT_CODE):
            return True
        trace = trace.tb_next
    return False


def describe_api_fault(error: BaseException) -> str:
    """A Prefect client error in a few words: the status it got, else its first line."""
    if isinstance(error, RuntimeError) and str(error).startswith("Failed to reach API"):
        return "does not answer Prefect's client"
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    if isinstance(status, int):
        return f"answered HTTP {status}"
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    return f"failed ({type(error).__name__}: {bounded(text, 160)})"


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
        code = server.exit_code()
        if code is not None:
            raise ServerError(
                f"the Prefect server exited with code {code} while"
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
    _stop_group(server.pid, timeout)
    if server.process is not None:
        server.process.wait()


def _stop_group(pid: int, timeout: float) -> None:
    """SIGTERM to the process group `pid` leads (a server's session), SIGKILL after `timeout`."""
    with suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    # Whatever is left in the group (the server itself, or a child that outlived it).
    with suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _start_temporary(prefect_home: Path, port: int, full: bool) -> PrefectServer:
    """`prefect server start` (full), else Prefect's temporary server, stopped with the run."""
    if full:
        return start_server(
            server_start_command(port), _url(port), prefect_home, prefect_home / SERVER_LOG
        )
    command, extra = temporary_server_command(port)
    # A log of its own per run: runs of other warehouses may share this Prefect home.
    handle, name = tempfile.mkstemp(prefix="temporary-server-", suffix=".log", dir=prefect_home)
    os.close(handle)
    return _seeded(
        prefect_home,
        lambda env: start_server(command, _url(port), prefect_home, Path(name), extra | env),
    )


def _seeded(prefect_home: Path, start: Callable[[dict[str, str]], PrefectServer]) -> PrefectServer:
    """Seed a fresh home from the template, then `start(extra environment)`."""
    fresh = not (prefect_home / DATABASE).exists()
    template = seed_database(prefect_home)
    seeded = fresh and (prefect_home / DATABASE).exists()
    server = start(dict(SEEDED_SERVER_ENV) if seeded else {})
    return replace(server, template=template) if template is not None else server


def _url(port: int) -> str:
    return f"http://{LOOPBACK}:{port}"


def _running_kept_server(prefect_home: Path) -> PrefectServer | None:
    """The kept server the state file names, if it may still serve: alive, of this Prefect
    version, and answering (or started so lately that it may still be starting)."""
    state = read_state(prefect_home / STATE)
    if state is None or state.prefect_version != prefect_version() or not pid_alive(state.pid):
        return None
    server = PrefectServer(None, state.url, prefect_home / KEPT_LOG, pid=state.pid)
    if healthy(state.url) or time.time() - state.started <= START_TIMEOUT:
        return server  # up, or still starting (the run waits for it)
    # Up long since but silent or answering errors (503 on a loaded machine): a few more
    # seconds, then it is replaced: stopped, and a fresh one started by the caller.
    deadline = time.monotonic() + API_PATIENCE_SECONDS
    while time.monotonic() < deadline:
        time.sleep(API_RETRY_SECONDS)
        if healthy(state.url):
            return server
    _stop_group(state.pid, STOP_TIMEOUT)
    (prefect_home / STATE).unlink(missing_ok=True)
    return None


def _start_kept(prefect_home: Path, idle: float) -> PrefectServer:
    port = free_port()
    log = prefect_home / KEPT_LOG
    server = _seeded(
        prefect_home,
        lambda env: start_server(
            kept_server_command(prefect_home, port, idle),
            _url(port),
            prefect_home,
            log,
            TEMPORARY_SERVER_ENV | env,
            detached=True,
        ),
    )
    state = ServerState(server.pid, server.url, prefect_version(), time.time(), idle)
    write_state(prefect_home / STATE, state)
    return server


@contextmanager
def _kept(prefect_home: Path, idle: float) -> Iterator[PrefectServer]:
    """The home's kept server, started if none serves, leased while the block lasts."""
    with (prefect_home / LEASE).open("a") as lease:
        # Shared: runs lease one server together; waits while a keeper stops (it holds the
        # lease exclusively until it has exited and removed the state file).
        fcntl.flock(lease, fcntl.LOCK_SH)
        with (prefect_home / START_LOCK).open("a") as start:
            fcntl.flock(start, fcntl.LOCK_EX)  # one run at a time finds or starts the server
            server = _running_kept_server(prefect_home) or _start_kept(prefect_home, idle)
        yield server


@contextmanager
def prefect_api(
    prefect_home: Path, full: bool = False, port: int | None = None, keep_for: float = 0.0
) -> Iterator[PrefectServer | None]:
    """The API at PREFECT_API_URL when it is set (yields None); else a server of our own on
    loopback (call `wait_healthy` before using it): with `full`, `prefect server start` (what
    `serve` needs to schedule runs), stopped on exit whatever happened; else, with `keep_for`
    seconds, the home's kept server (started if none serves, left running for the next run);
    else Prefect's temporary server, stopped on exit.

    Sets PREFECT_API_URL while it lasts (child processes inherit it), so call it before Prefect
    is imported: Prefect reads its settings then.
    """
    if os.environ.get("PREFECT_API_URL", "").strip():
        yield None
        return
    prefect_home.mkdir(parents=True, exist_ok=True)
    if keep_for > 0 and not full:
        with _kept(prefect_home, keep_for) as server:
            os.environ["PREFECT_API_URL"] = server.api_url
            try:
                yield server
            finally:
                os.environ.pop("PREFECT_API_URL", None)
        return
    server = _start_temporary(prefect_home, port or free_port(), full)
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
                server.log.unlink(missing_ok=True)


def stop_kept_server(prefect_home: Path, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the home's kept server now, if one runs (tests and benchmarks end with this);
    whether one was stopped."""
    state = read_state(prefect_home / STATE)
    if state is None or not pid_alive(state.pid):
        return False
    _stop_group(state.pid, timeout)
    (prefect_home / STATE).unlink(missing_ok=True)
    return True


def prepare_template(timeout: float = START_TIMEOUT) -> Path | None:
    """Make the template database now, if there is none (`make setup` runs this once, so that
    a machine's first run does not spend 15 s in Prefect's migrations); its path, or None
    when Prefect is not installed or uses a database of the user's own."""
    if os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL"):
        return None  # never seeded from the template: nothing to prepare
    template = template_path()
    if template is None or template.exists():
        return template
    with tempfile.TemporaryDirectory(prefix="yzdaily-prefect-") as home:
        server = _start_temporary(Path(home), free_port(), full=False)
        try:
            wait_healthy(server, timeout)  # saves the template once it answers
        finally:
            stop_server(server)
    return template


if __name__ == "__main__":
    print(f"Prefect's migrated database: {prepare_template()}")
