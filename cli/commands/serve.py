"""`yzdaily serve`: run the ingest on a schedule, in the foreground, until stopped.

Prefect cannot schedule on the temporary server it starts by itself, so `serve` talks to the
Prefect API at PREFECT_API_URL when it is set, and otherwise starts `prefect server start` on
127.0.0.1 (its database under the data dir's `prefect/`), waits until it answers, and stops it
on exit. The ingest is a deployment of `flows.scheduled`, registered as Prefect's `serve()`
registers one, whose runs `hosting.serving` runs in this process, one at a time (no process
start per run: Prefect's `serve()` started one for each, 3 s or more before it did anything,
#29); the warehouse is opened only while a batch loads, so analysts can query between (and
during) runs.

SIGTERM or SIGINT (Ctrl-C) stops everything within seconds: a run in progress is interrupted
and marked cancelled (each batch commits whole, so the next run completes its work), the
schedule is paused, then the server's whole process group is stopped.

This module imports neither Prefect nor jieba at import time: `yzdaily --help` stays fast.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from types import FrameType
from typing import Any

from cli.base import Command
from cli.errors import EXIT_FATAL, EXIT_OK, EXIT_USAGE
from cli.options import add_limits, add_source, build_command_settings, iso_date, positive_int
from config.settings import Settings
from flows.terminal import echo
from hosting.server import PrefectServer, check_api, prefect_api, wait_healthy

DEFAULT_CRON = "0 7,19 * * *"  # 07:00 and 19:00 Beijing time: after the morning and evening posts
TIMEZONE = "Asia/Shanghai"
DEPLOYMENT_NAME = "yzdaily"


class Stop(BaseException):
    """SIGTERM arrived: serve stops, whatever it is doing (starting, waiting, running a run).

    A BaseException, like KeyboardInterrupt: library code that catches Exception (some imports
    do) must not swallow it. In case something swallows it all the same, `StopSignal.check`
    raises it again at the next step.
    """


class StopSignal:
    """SIGTERM handler: remembers the signal and raises Stop."""

    def __init__(self) -> None:
        self.received: int | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        raise Stop(signal.Signals(signum).name)

    def check(self) -> None:
        """Raise Stop if a signal came (and was swallowed by whatever it interrupted)."""
        if self.received is not None:
            raise Stop(signal.Signals(self.received).name)


def deployment_parameters(settings: Settings) -> dict[str, Any]:
    """The run's settings as `flows.scheduled.scheduled_ingest` parameters (JSON values).

    Paths are absolute: a run's working directory is the runner's business, not ours.
    """
    parameters: dict[str, Any] = {
        "data_dir": str(settings.data_dir.resolve()),
        "db": str(settings.db_path.resolve()),
        "source": settings.source,
        "base_url": settings.base_url,
        "since": settings.since.isoformat() if settings.since else None,
        "max_pages": settings.max_pages,
        "delay": settings.delay,
        "timeout": settings.timeout,
    }
    return {name: value for name, value in parameters.items() if value is not None}


def describe_schedule(args: argparse.Namespace) -> str:
    if args.interval:
        return f"every {args.interval} s"
    return f"cron {args.cron!r} ({TIMEZONE})"


def build_schedule(args: argparse.Namespace) -> Any:
    """The deployment's schedule; ValueError naming the problem for a bad cron expression."""
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.schedules import Cron, Interval

    if args.interval:
        return Interval(args.interval, timezone=TIMEZONE)
    CronSchedule(cron=args.cron, timezone=TIMEZONE)  # validates: raises ValueError
    return Cron(args.cron, timezone=TIMEZONE)


def drop_leftover_runs(flow_name: str, deployment_name: str) -> int:
    """Delete the scheduled runs an earlier `serve` of the deployment left; how many.

    Stopping `serve` pauses the deployment but keeps the runs the server had scheduled ahead.
    Served again, those past due would all start at once, with the earlier run's parameters.
    The ingest is incremental, so the next run due catches up whatever they would have done.
    """
    from prefect import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.exceptions import ObjectNotFound

    dropped = 0
    with get_client(sync_client=True) as client:
        try:
            deployment = client.read_deployment_by_name(f"{flow_name}/{deployment_name}")
        except ObjectNotFound:
            return 0
        scheduled = FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
        )
        ours = DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id]))
        while runs := client.read_flow_runs(
            flow_run_filter=scheduled, deployment_filter=ours, limit=200
        ):
            for run in runs:
                client.delete_flow_run(run.id)
            dropped += len(runs)
    return dropped


def banner(
    args: argparse.Namespace,
    settings: Settings,
    api_url: str,
    server: PrefectServer | None,
    dropped: int,
) -> str:
    """What serve tells the person who started it."""
    from flows.scheduled import FLOW_NAME

    lines = [
        f"serving ingest {describe_schedule(args)} -> {settings.db_path}",
        f"Prefect API {api_url}" + (f" (UI {server.url})" if server else ""),
        f"run now: PREFECT_API_URL={api_url} prefect deployment run"
        f" '{FLOW_NAME}/{DEPLOYMENT_NAME}'",
    ]
    if dropped:
        lines.append(f"dropped {dropped} run(s) an earlier serve had scheduled")
    lines.append("stop with Ctrl-C or SIGTERM")
    return "\n".join(lines)


def _serve(settings: Settings, schedule: Any, flow: Any) -> None:
    from prefect.types.entrypoint import EntrypointType

    from hosting.serving import serve_here

    deployment = flow.to_deployment(
        name=DEPLOYMENT_NAME,
        schedules=[schedule],
        parameters=deployment_parameters(settings),
        description=f"Incremental ingest of {settings.source} into the DuckDB warehouse.",
        # A module path, not a file path: a worker finds the flow whatever its directory.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    # Each run in this process, one at a time: a run due while another runs waits for it.
    serve_here(flow, deployment)


class Serve(Command, name="serve", order=30):
    """`yzdaily serve`: schedule the ingest with Prefect until SIGTERM or Ctrl-C."""

    warehouse = "path"
    help = "run the ingest on a schedule (Prefect serve) until stopped"
    description = f"""Serve the ingest flow with Prefect: by default at 07:00 and 19:00
        ({TIMEZONE}). Uses the Prefect API at PREFECT_API_URL if set, otherwise starts `prefect
        server start` on 127.0.0.1 with its database under the data dir, and stops it on exit.
        One run at a time; the warehouse is not held between runs. Stop with Ctrl-C or SIGTERM."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--cron",
            default=DEFAULT_CRON,
            help=f"cron expression in {TIMEZONE} time (default {DEFAULT_CRON!r})",
        )
        when.add_argument(
            "--interval", type=positive_int, metavar="SECONDS", help="run every N seconds instead"
        )
        add_source(parser)
        parser.add_argument(
            "--base-url", help="site root or column URL to crawl instead of the public site"
        )
        parser.add_argument(
            "--since", type=iso_date, help="ignore articles listed before this date"
        )
        add_limits(parser)
        parser.add_argument(
            "--port",
            type=positive_int,
            help="port of the Prefect server that serve starts (default: a free one; its UI is"
            " there too). Not used when PREFECT_API_URL is set",
        )

    def run(self, args: argparse.Namespace) -> int:
        settings = build_command_settings(args)
        from hosting.env import configure_prefect, effective_prefect_home

        configure_prefect(settings.prefect_home, verbose=False)
        stopper = StopSignal()
        previous = signal.signal(signal.SIGTERM, stopper)
        try:
            with prefect_api(
                effective_prefect_home(settings.prefect_home), full=True, port=args.port
            ) as server:
                api_url = server.api_url if server else os.environ["PREFECT_API_URL"]
                if server is not None:
                    echo(f"starting the Prefect server on {server.url} ...", file=sys.stderr)
                # Prefect reads PREFECT_API_URL when it is imported: only now, after prefect_api.
                # The imports (a few seconds) overlap the server's start.
                try:
                    schedule = build_schedule(args)
                except ValueError as error:
                    echo(f"error: --cron {args.cron!r} is not valid: {error}", file=sys.stderr)
                    return EXIT_USAGE
                from flows.scheduled import FLOW_NAME, scheduled_ingest

                stopper.check()
                if server is not None:
                    wait_healthy(server, check=stopper.check)
                else:
                    check_api(api_url)  # the user's API: one line if it is down (exit 1)
                try:
                    dropped = drop_leftover_runs(FLOW_NAME, DEPLOYMENT_NAME)
                    echo(
                        banner(args, settings, api_url, server, dropped),
                        file=sys.stderr,
                        flush=True,
                    )
                    stopper.check()
                    _serve(settings, schedule, scheduled_ingest)
                except Exception as error:  # an API refusal, say: a message, not a traceback
                    echo(f"error: serving failed: {type(error).__name__}: {error}", file=sys.stderr)
                    return EXIT_FATAL
        except (Stop, KeyboardInterrupt):
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        echo("serve stopped", file=sys.stderr)
        return EXIT_OK
