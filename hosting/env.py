"""Prefect's settings, applied before Prefect is imported (it reads them at import time).

Without PREFECT_API_URL, Prefect starts a temporary local API server on the first flow call.
These defaults keep that quiet and self-contained: its home under our data dir, telemetry off
(offline it logs an ERROR), warnings only, and a startup timeout a cold machine can meet.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path

QUIET_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
}
# Our flows say in one line why a run failed (a full disk, say); Prefect's own account of it,
# the task's or flow's exception with its traceback, is for --verbose.
QUIET_RUN_LOGGERS = {
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "CRITICAL",
}


def configure_prefect(
    prefect_home: Path, environ: MutableMapping[str, str] | None = None, verbose: bool = False
) -> None:
    """Set Prefect's environment for this process; values the user set are kept."""
    environ = os.environ if environ is None else environ
    if verbose:
        environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    else:
        for name, value in QUIET_RUN_LOGGERS.items():
            environ.setdefault(name, value)
    # An empty PREFECT_API_URL floods stderr with errors: treat it as unset.
    if not environ.get("PREFECT_API_URL", "").strip():
        environ.pop("PREFECT_API_URL", None)
    if "PREFECT_HOME" not in environ:
        # Prefect fails with a misleading timeout when PREFECT_HOME's parent is missing.
        prefect_home.mkdir(parents=True, exist_ok=True)
        environ["PREFECT_HOME"] = str(prefect_home.resolve())
    for name, value in QUIET_DEFAULTS.items():
        environ.setdefault(name, value)


def effective_prefect_home(default: Path) -> Path:
    """The Prefect home in force: PREFECT_HOME if the user set one (configure_prefect keeps
    it), else `default` (the data dir's)."""
    return Path(os.environ.get("PREFECT_HOME") or default)


# The user's say on heartbeats (Prefect's own names for the setting): kept when given.
HEARTBEAT_VARIABLES = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")


@contextmanager
def without_heartbeats(environ: MutableMapping[str, str] | None = None) -> Iterator[None]:
    """A one-shot run's flow without Prefect's heartbeat thread, unless the user set its
    frequency. The engine joins that thread as the flow ends, and it sleeps in 1-second steps:
    0.5 s on average of a run with nothing new to do (#29), to send one event that only an
    automation watching for crashed runs reads; the CLI waits for its run itself, and a killed
    run's row in `runs` says so. Imports Prefect (call it where the flow is about to run);
    there is no environment value for "off" (the setting takes 30 s or more)."""
    environ = os.environ if environ is None else environ
    if any(environ.get(name, "").strip() for name in HEARTBEAT_VARIABLES):
        yield
        return
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
