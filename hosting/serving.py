"""A deployment's scheduled runs, run one at a time in this process (`yzdaily serve`, #29).

Prefect's own `serve()` starts a process for every run (`python -m prefect.engine`, or a
spawned one): each scheduled run paid Python's start, Prefect's import, ours and jieba's
tables again (3 s or more here) before it did anything. Here the deployment is registered
as `serve()` registers it (its schedules, its parameters, no work pool, so the server's
scheduler creates its runs ahead), and this process polls the API for its runs as Prefect's
runner polls: oldest first, Scheduled -> Pending, then waits for its start time and runs it
with Prefect's flow engine in this process (`run_flow(flow, flow_run=...)`, what the engine's
subprocess entry point does), so Prefect's history and UI show each run as before.

One run at a time: a run that falls due while another runs waits for it. A run started from
the UI or `prefect deployment run` is picked up the same way. A stop (SIGTERM, Ctrl-C: an
exception in the main thread, see cli/commands/serve.py) interrupts the run in progress;
its flow run is marked Cancelled, and the deployment's schedule is paused, as Prefect's
runner does on shutdown. Cancelling one run from the UI is not watched for (the runner
killed that run's process; here the run is this process): stop `serve` instead.

Import after `hosting.env.configure_prefect` and `prefect_api` (Prefect reads its settings
then).
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from prefect import get_client
from prefect.client.orchestration import SyncPrefectClient
from prefect.exceptions import Abort
from prefect.flow_engine import run_flow
from prefect.flows import Flow
from prefect.settings import get_current_settings
from prefect.states import Cancelled, Pending
from prefect.utilities.engine import propose_state_sync

from parsers.bounded import bounded

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
MAX_POLL_FAILURES = 3  # in a row: then serve stops with the API's error


def poll_seconds() -> float:
    """How often the API is asked for runs due: Prefect's runner's setting (default 10 s)."""
    return float(get_current_settings().runner.poll_frequency)


def serve_here(
    flow: Flow[..., Any],
    deployment: Any,  # prefect.deployments.runner.RunnerDeployment
    every: float | None = None,
) -> None:
    """Register `deployment` (of `flow`) and run its due runs in this process, until an
    exception (a stop) ends the loop; then pause its schedule. `every`: seconds between two
    asks for runs due (default: Prefect's runner's)."""
    deployment_id: UUID = deployment.apply()
    every = poll_seconds() if every is None else every
    with get_client(sync_client=True) as client:
        try:
            failures = 0
            while True:
                # As Prefect's runner's poll loop (critical_service_loop): an API that fails
                # now and then (a 503 on a loaded machine) is asked again; one that keeps
                # failing ends serve with its error.
                try:
                    due = due_runs(client, deployment_id, every)
                except Exception as error:
                    failures += 1
                    if failures >= MAX_POLL_FAILURES:
                        raise
                    say(f"warning: asking the Prefect API for runs failed ({error!r}); again")
                    time.sleep(every)
                    continue
                failures = 0
                if not due:
                    time.sleep(every)
                for flow_run_id, start in due:
                    time.sleep(max(0.0, (start - datetime.now(UTC)).total_seconds()))
                    run_one(client, flow, flow_run_id)
        finally:
            with signals_held():  # a second Ctrl-C must not leave the schedule running
                client.pause_deployment(deployment_id)


def say(message: str) -> None:
    """One bounded line on stderr, where serve's runs write theirs."""
    print(bounded(message), file=sys.stderr, flush=True)


def due_runs(
    client: SyncPrefectClient, deployment_id: UUID, within: float
) -> list[tuple[UUID, datetime]]:
    """The deployment's runs due within `within` seconds, oldest first, with their start
    times."""
    until = datetime.now(UTC) + timedelta(seconds=within)
    runs = client.get_scheduled_flow_runs_for_deployments(
        deployment_ids=[deployment_id], scheduled_before=until
    )
    starts = [(run.id, run.next_scheduled_start_time or datetime.now(UTC)) for run in runs]
    return sorted(starts, key=lambda due: due[1])


def run_one(
    client: SyncPrefectClient,
    flow: Flow[..., Any],
    flow_run_id: UUID,
) -> None:
    """Claim the run (Scheduled -> Pending, as Prefect's runner does) and run it here; a run
    another runner claimed, or that was cancelled or deleted meanwhile, is left alone."""
    try:
        state = propose_state_sync(client, Pending(), flow_run_id=flow_run_id)
    except Abort:
        return
    if not state.is_pending():
        return
    flow_run = client.read_flow_run(flow_run_id)
    try:
        # What Prefect's engine entry point does in a run's process: parameters from the
        # flow run (validated and coerced by the engine), states, task runs, the result.
        run_flow(flow, flow_run=flow_run, return_type="state")
    except Exception as error:
        # The engine's own fault (the API gone mid-run, say): it marked the run Crashed, as
        # a run process that died would be; the next run is served as usual.
        say(f"error: flow run {flow_run.name} crashed: {type(error).__name__}: {error}")
    except BaseException:
        # Stopped mid-run: the engine said Crashed; the run was cancelled by the stop.
        with signals_held():
            client.set_flow_run_state(
                flow_run_id, Cancelled(message="yzdaily serve stopped"), force=True
            )
        raise


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM ignored while the block runs (in the main thread): clean-up that a
    second signal must not cut short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
