"""The ingest flow as a deployment runs it: plain parameters in, the writer lock held.

A deployment's parameters travel as JSON through the Prefect API, and `ingest` takes a
`Settings` dataclass with `validate_parameters=False`: a scheduled run would receive a dict.
So deployments (`yzdaily serve`, `prefect.yaml`) run this flow instead. It takes primitives
(Prefect validates and coerces them: "2024-01-01" becomes a date), builds `Settings` the way
the CLI does (defaults < YZDAILY_* environment < these parameters) and runs the ingest flow's
body under the warehouse's writer lock, so a scheduled run and a manual `yzdaily ingest` never
write at once: whichever comes second stops with a message.

Import this module only after `hosting.env.configure_prefect` (as for flows.ingest);
Prefect's run subprocesses inherit the configured environment from `yzdaily serve` or the worker.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from prefect import State, flow
from prefect.states import Failed

from config.settings import SettingsError, build_settings
from flows.ingest import ingest
from flows.lock import LockFileError, WarehouseBusy, writer_lock
from flows.terminal import echo
from warehouse.runs import RunRecord

FLOW_NAME = "scheduled-ingest"


def summary(run: RunRecord) -> str:
    """One line per run for the serve log, like the CLI's."""
    line = (
        f"{run.flow} {run.status}: {run.pages} list page(s), {run.discovered} to do,"
        f" {run.fetched} fetched, {run.not_modified} not modified, {run.new} new,"
        f" {run.changed} changed"
    )
    return f"{line} ({run.message})" if run.message else line


@flow(name=FLOW_NAME)
def scheduled_ingest(
    data_dir: str | None = None,
    db: str | None = None,
    source: str | None = None,
    base_url: str | None = None,
    since: date | None = None,
    max_pages: int | None = None,
    delay: float | None = None,
    timeout: float | None = None,
) -> State:
    """Ingest new articles; parameters left out come from YZDAILY_* variables or defaults."""
    try:
        # Defaults < YZDAILY_* environment < these parameters, as for the CLI.
        settings = build_settings(
            data_dir=Path(data_dir) if data_dir else None,
            db_path=Path(db) if db else None,
            source=source or None,
            base_url=base_url or None,
            since=since,
            max_pages=max_pages,
            delay=delay,
            timeout=timeout,
        )
    except SettingsError as error:
        echo(f"error: {error}", file=sys.stderr, flush=True)
        return Failed(message=str(error))
    try:
        with writer_lock(settings.db_path):
            # The body of `ingest`, in this flow run: one flow run per scheduled run, not two.
            state = ingest.fn(settings)
    except (WarehouseBusy, LockFileError) as error:
        echo(f"error: {error}", file=sys.stderr, flush=True)
        return Failed(message=str(error))
    run = state.data
    if isinstance(run, RunRecord):
        echo(summary(run), file=sys.stderr, flush=True)
    if state.is_failed():
        # The runs table has the record; Prefect wants a failed state's data to be an error.
        return Failed(message=state.message)
    return state
