"""Tier 4, issue 12: other sites' pages imported as zgjssw pages: read right or refused.

The foreign page shapes (tests/sample_site/foreign.py: news agencies, government portals, a
TV station, a paywall, a search page, ...) are saved as files and imported with
`yzdaily import DIR --source zgjssw` through the real CLI: every readable one loads with every
field right, every other one is a `failures` row naming the field, none is loaded wrong, and
the summary counts the refusals by reason.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import CliResult
from tests.e2e.test_ingest import rows
from tests.sample_site.foreign import FOREIGN_SHAPES, Read, Refused, save_foreign_pages

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]
FIELDS = ("title", "kicker", "subtitle", "published_at", "source", "dateline", "reporters")
FIELDS += ("correspondents", "editors", "author", "body")


def test_foreign_pages_are_read_right_or_refused_never_loaded_wrong(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = tmp_path / "foreign"
    save_foreign_pages(folder)
    db = tmp_path / "data" / "yzdaily.duckdb"
    done = run_cli("import", str(folder), "--source", "zgjssw", "--json")
    refused = {s.name: s.expected for s in FOREIGN_SHAPES if isinstance(s.expected, Refused)}
    read = {s.name: s.expected for s in FOREIGN_SHAPES if isinstance(s.expected, Read)}
    # More than 5% of the pages are not zgjssw articles: the site's health fails.
    assert done.returncode == 4, done.stderr
    assert "Traceback" not in done.stderr
    by_reason = Counter(expected.field for expected in refused.values())
    ordered = sorted(by_reason.items(), key=lambda item: (-item[1], item[0]))
    summary = ", ".join(f"{field} {count}" for field, count in ordered)
    assert f"{len(refused)} file(s) or page(s) not loaded ({summary})" in done.stderr
    run = json.loads(done.stdout)
    assert run["new"] == len(read) and run["failed"] == len(refused)

    loaded = {
        Path(str(url)).stem: row
        for url, *row in rows(db, f"select url, {', '.join(FIELDS)} from articles")
    }
    assert set(loaded) == set(read)
    for name, truth in read.items():
        wanted = [getattr(truth, f) if f != "body" else "\n".join(truth.paragraphs) for f in FIELDS]
        wanted = [list(v) if isinstance(v, tuple) else v for v in wanted]
        assert loaded[name] == wanted, name

    failing = {
        Path(str(url)).stem: (stage, reason)
        for url, stage, reason in rows(db, "select url, stage, reason from failures")
    }
    assert set(failing) == set(refused)
    for name, expected in refused.items():
        stage, reason = failing[name]
        assert stage == "parse" and re.match(rf"{expected.field}: ", reason), (name, reason)
