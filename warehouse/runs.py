"""The run log: one row per run, written as `running` when the run starts and again when it
ends. A row still `running` when the next writer starts (runs hold the writer lock, one at a
time) belongs to a run that was killed or crashed: the next run marks it `failed`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

import duckdb

from parsers.bounded import bounded

RUN_STATUSES = ("running", "completed", "partial", "failed")
UNFINISHED_MESSAGE = "did not finish (killed or crashed); the next run resumes its work"


@dataclass
class RunRecord:
    """Counters of one run, as every stage reports them (Media Cloud style)."""

    run_id: str
    flow: str
    started_at: datetime
    finished_at: datetime | None = None
    status: str = "failed"
    pages: int = 0
    discovered: int = 0
    fetched: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    not_modified: int = 0
    failed: int = 0
    message: str | None = None
    health: str | None = None  # the worst site verdict (ok, warn, fail); None: none judged
    failures: list[str] = field(default_factory=list)
    # One line per site judged: `health zgjssw: fail: editors filled on 0% ...` (not stored
    # in `runs`: the table site_health has the details).
    health_reports: list[str] = field(default_factory=list)
    # Not failures, but what someone should look at (a list page with no links); they are
    # appended to `message` in the runs table.
    warnings: list[str] = field(default_factory=list)

    def stored_values(self) -> dict[str, object]:
        """The values of the `runs` row, by column (warnings join the message)."""
        values = asdict(self)
        values.pop("failures")
        values.pop("health_reports")
        warnings = values.pop("warnings")
        # Each part bounded (parsers/bounded.py): a message may quote an error of any size.
        parts = [bounded(text) for text in [self.message, *warnings] if text]
        values["message"] = "; ".join(parts) or None
        return values


def run_markdown(run: RunRecord) -> str:
    """The run's counters as a Markdown table, then its source health (a Prefect artifact)."""
    rows = "\n".join(
        f"| {name} | {value if value is not None else ''} |"
        for name, value in run.stored_values().items()
    )
    health = "".join(f"\n- {line}" for line in run.health_reports)
    return f"| field | value |\n|---|---|\n{rows}\n" + (
        f"\nSource health:{health}\n" if health else ""
    )


def record_run(con: duckdb.DuckDBPyConnection, run: RunRecord) -> None:
    """Insert or replace the run's row."""
    if run.status not in RUN_STATUSES:
        raise ValueError(f"run status must be one of {RUN_STATUSES}, not {run.status!r}")
    values = run.stored_values()
    columns = list(values)
    placeholders = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{col} = excluded.{col}" for col in columns if col != "run_id")
    con.execute(
        f"insert into runs ({', '.join(columns)}) values ({placeholders})"
        f" on conflict (run_id) do update set {updates}",
        list(values.values()),
    )


def begin_run(con: duckdb.DuckDBPyConnection, run: RunRecord) -> int:
    """Mark runs left `running` as failed (the caller holds the writer lock, so none of them
    is still going), then record this one as running; returns how many were marked."""
    row = con.execute(
        "update runs set status = 'failed', message = ? where status = 'running' returning 1",
        [UNFINISHED_MESSAGE],
    ).fetchall()
    record_run(con, replace(run, status="running"))
    return len(row)
