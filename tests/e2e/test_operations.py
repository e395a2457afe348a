"""Tier 4, issue 7: backfill by date range, the run log, doctor, --quiet."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from parsers.dates import url_date
from tests.e2e.conftest import CliResult
from tests.e2e.test_ingest import rows
from tests.sample_site.server import SampleServer
from tests.sample_site.site import build_site, default_specs

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]
SINCE, UNTIL = date(2022, 6, 1), date(2024, 6, 30)


def test_backfill_loads_exactly_its_range_and_fetches_nothing_outside(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path
) -> None:
    site = build_site(default_specs(), page_size=5)
    sample_server.set_site(site)
    result = run_cli(
        "backfill", "--base-url", sample_server.base_url, "--delay", "0",
        "--since", SINCE.isoformat(), "--until", UNTIL.isoformat(), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    in_range = {a.path for a in site.articles if SINCE <= a.published_at.date() <= UNTIL}
    assert len(in_range) >= 5
    db = tmp_path / "data" / "yzdaily.duckdb"
    loaded = {p for (p,) in rows(db, "select split_part(article_id, ':', 2) from articles")}
    assert loaded == in_range

    articles_fetched = {r.path for r in sample_server.requests if "/t20" in r.path}
    assert articles_fetched == in_range
    # Paging stopped at the first list page wholly older than --since.
    pages = [p for p in site.list_paths()]
    requested = [r.path for r in sample_server.requests if "/index" in r.path]
    first_older = next(
        i
        for i, start in enumerate(range(0, len(site.articles), 5))
        if all(a.published_at.date() < SINCE for a in site.articles[start : start + 5])
    )
    assert requested == pages[: first_older + 1]
    run = json.loads(result.stdout)
    assert (run["flow"], run["status"], run["new"]) == ("backfill", "completed", len(in_range))

    # A backfill over known articles fetches none of them again.
    sample_server.requests.clear()
    again = run_cli(
        "backfill", "--base-url", sample_server.base_url, "--delay", "0",
        "--since", SINCE.isoformat(), "--until", UNTIL.isoformat(),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert not [r for r in sample_server.requests if "/t20" in r.path]

    # An ingest afterwards still finds the newer articles the backfill skipped.
    sample_server.requests.clear()
    ingest = run_cli("ingest", "--base-url", sample_server.base_url, "--delay", "0", "--quiet")
    assert ingest.returncode == 0, ingest.stderr
    assert "list page 0:" not in ingest.stderr and "ingest completed" in ingest.stderr
    newer = {a.path for a in site.articles if a.published_at.date() > UNTIL}
    assert newer <= {r.path for r in sample_server.requests if "/t20" in r.path}
    assert all(url_date(p) is not None for p in newer)

    log = run_cli("runs", "--json")
    assert log.returncode == 0
    assert [(r["flow"], r["status"]) for r in json.loads(log.stdout)["rows"]] == [
        ("ingest", "completed"),
        ("backfill", "completed"),
        ("backfill", "completed"),
    ]
    listing = run_cli("runs").stdout.splitlines()
    assert "backfill" in listing[1] and "ingest" in listing[0]
    # The duration printed at the end of the run is the one `runs` shows (issue 17 item 9).
    (summary,) = [line for line in ingest.stderr.splitlines() if line.startswith("ingest ")]
    took = re.search(r"\((\d+\.\d s)\)$", summary)
    assert took is not None, summary
    assert f" {took.group(1)} " in listing[0], (summary, listing[0])


def test_backfill_usage_errors(run_cli: RunCli) -> None:
    assert run_cli("backfill").returncode == 2  # --since is required
    bad = run_cli("backfill", "--since", "2024-02-01", "--until", "2024-01-01")
    assert bad.returncode == 2 and "before --since" in bad.stderr


def test_doctor_gives_a_verdict_per_check_offline(run_cli: RunCli) -> None:
    result = run_cli("doctor", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {c["name"]: c["verdict"] for c in json.loads(result.stdout)}
    assert checks["versions"] == checks["data dir"] == checks["prefect"] == "ok"
    assert checks["schema"] == "warn"  # no warehouse yet
    assert checks["host www.zgjssw.gov.cn"] in ("ok", "warn")
    assert "Traceback" not in result.stderr
