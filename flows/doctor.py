"""`yzdaily doctor`: is this installation able to run? One verdict per check, never a traceback."""

from __future__ import annotations

import os
import platform
import socket
import tempfile
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urlsplit

from config import __version__
from config.settings import Settings

HOST_TIMEOUT = 3.0  # seconds: a doctor should answer quickly, offline too


@dataclass(frozen=True)
class Check:
    """One check's verdict (ok, warn, fail) and what it found."""

    name: str
    verdict: str
    detail: str


def check_versions() -> Check:
    found = [f"python {platform.python_version()}", f"yzdaily {__version__}"]
    for package in ("prefect", "duckdb", "jieba", "requests", "beautifulsoup4"):
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            return Check("versions", "fail", f"{package} is not installed: run `make setup`")
    return Check("versions", "ok", ", ".join(found))


def check_data_dir(settings: Settings) -> Check:
    directory = settings.data_dir
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".doctor-"):
            pass
    except OSError as error:
        return Check("data dir", "fail", f"{directory} is not writable: {error.strerror}")
    return Check("data dir", "ok", f"{directory.resolve()} is writable")


def check_schema(settings: Settings) -> Check:
    from warehouse.db import WarehouseError, migrations, open_warehouse, schema_version

    latest = migrations()[-1][0]
    if not settings.db_path.exists():
        return Check("schema", "warn", f"no warehouse yet at {settings.db_path}: run an ingest")
    try:
        with open_warehouse(settings.db_path, read_only=True, wait=1.0) as con:
            version = schema_version(con)
    except WarehouseError as error:
        text = str(error)
        if "older schema" in text:
            return Check("schema", "warn", f"{text}")
        return Check("schema", "fail", text)
    return Check("schema", "ok", f"{settings.db_path}: migration {version} of {latest}")


def check_prefect(settings: Settings) -> Check:
    api = os.environ.get("PREFECT_API_URL", "").strip()
    if not api:
        return Check("prefect", "ok", _local_server(settings))
    from hosting.server import api_fault

    # The same check, and the same words, as a run's before it starts (one line, no traceback).
    fault = api_fault(api, timeout=HOST_TIMEOUT)
    if fault is None:
        return Check("prefect", "ok", f"PREFECT_API_URL={api} answers its health check")
    return Check("prefect", "fail", f"the Prefect API at {api} {fault} (PREFECT_API_URL)")


def _local_server(settings: Settings) -> str:
    """What a run does without PREFECT_API_URL: the kept server it would use, or a new one."""
    from hosting.env import effective_prefect_home
    from hosting.server import STATE, healthy, pid_alive, read_state

    note = "no PREFECT_API_URL"
    if settings.prefect_idle <= 0:
        return f"{note}: each run starts a temporary local server (YZDAILY_PREFECT_IDLE=0)"
    home = effective_prefect_home(settings.prefect_home)
    state = read_state(home / STATE)
    kept = f"kept {settings.prefect_idle:g} s after a run (YZDAILY_PREFECT_IDLE)"
    if state is not None and pid_alive(state.pid) and healthy(state.url):
        return f"{note}: runs use the local server at {state.url} (pid {state.pid}), {kept}"
    return f"{note}: the next run starts a local server in {home}, {kept}"


def check_host(url: str) -> Check:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=HOST_TIMEOUT):
            pass
    except socket.gaierror:
        return Check(
            f"host {host}", "warn", "name does not resolve: offline? (`make demo` works offline)"
        )
    except OSError as error:
        return Check(f"host {host}", "warn", f"no connection to port {port}: {error}")
    return Check(f"host {host}", "ok", f"port {port} answers")


def check_health(settings: Settings) -> list[Check]:
    """Each site's source health, as the latest run that read it judged it."""
    from warehouse.db import WarehouseError, open_warehouse
    from warehouse.health import latest_health

    if not settings.db_path.exists():
        return []
    try:
        with open_warehouse(settings.db_path, read_only=True, wait=1.0) as con:
            sites = latest_health(con)
    except WarehouseError:
        return []  # the schema check has said why
    if not sites:
        return [Check("health", "ok", "no run has read a site yet")]
    return [
        Check(
            f"health {site['site']}",
            site["verdict"],
            "; ".join(site["reasons"] or site["notes"]) or "as usual (see `yzdaily health`)",
        )
        for site in sites
    ]


def check_data(settings: Settings) -> Check | None:
    """The warehouse's declarative data tests (warehouse/data_tests.toml)."""
    from warehouse.data_tests import run_data_tests, undeclared
    from warehouse.db import WarehouseError, open_warehouse

    if not settings.db_path.exists():
        return None
    try:
        with open_warehouse(settings.db_path, read_only=True, wait=1.0) as con:
            results = run_data_tests(con)
            missing = undeclared(con)
    except WarehouseError:
        return None  # the schema check has said why
    broken = [f"{r.test.name}: {r.failing} row(s)" for r in results if r.failing]
    if broken:
        shown = "; ".join(broken[:5]) + (f"; and {len(broken) - 5} more" if len(broken) > 5 else "")
        return Check("data tests", "fail", f"{len(broken)} of {len(results)} failed: {shown}")
    note = f" (no tests declared for {', '.join(missing)})" if missing else ""
    return Check("data tests", "warn" if missing else "ok", f"{len(results)} passed{note}")


def run_checks(settings: Settings) -> list[Check]:
    """Every check, in the order a user would fix them."""
    from parsers.sources import selected

    hosts = [check_host(source.first_list_url(settings.base_url)) for source in selected("all")]
    return [
        check_versions(),
        check_data_dir(settings),
        check_schema(settings),
        check_prefect(settings),
        *hosts,
        *check_health(settings),
        *([data] if (data := check_data(settings)) else []),
    ]
