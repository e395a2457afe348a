"""Tier 4: `yzdaily backfill --archives` through the real CLI against hostile web archives
(issues 25 and 30): a bad index entry is a recorded failure of that entry and the run goes
on; an index that never ends costs a run its bound, said as a warning, and the next backfill
reads on where it stopped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_backfill_archives import KEEP_LIVE, Past, RunCli, past, rows
from tests.sample_site.apiserver import Answer, ApiServer, Request
from tests.sample_site.commoncrawl import IndexedRecord

pytestmark = pytest.mark.e2e
__all__ = ["past"]  # the fixture, used here by name
JSON_TYPE = "application/json"
NEW_PREFIX = "www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/"
OLD_PREFIX = "zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/"
BACKFILL = ("backfill", "--since", "2015-01-01", "--delay", "0")


def test_hostile_index_entries_are_failures_of_themselves_and_the_backfill_goes_on(
    run_cli: RunCli, past: Past, tmp_path: Path
) -> None:
    wayback, commoncrawl = past.wayback, past.commoncrawl
    absurd_row = ["20210301000000", "https://www.zgjssw.gov.cn/x.shtml", "text/html", "9" * 5000]

    def cdx(request: Request) -> Answer | None:
        prefix = (request.param("url") or "").rstrip("*")
        if prefix == OLD_PREFIX:
            # 200,000 nested arrays: Python's json raises RecursionError.
            return Answer(200, ("[" * 200_000 + "]" * 200_000).encode(), JSON_TYPE)
        if prefix == NEW_PREFIX and request.param("resumeKey") is None:
            answer = json.loads(wayback.cdx(request).body)
            header = answer[0]
            row = dict(
                zip(["timestamp", "original", "mimetype", "length"], absurd_row, strict=True)
            )
            answer.insert(1, [row.get(name, "-") for name in header])
            return Answer(200, json.dumps(answer).encode(), JSON_TYPE)
        return None

    target = next(r for r in commoncrawl.all_records() if r.snapshot.kind == "article")

    def line(record: IndexedRecord, text: str) -> str:
        if record is not target:
            return text
        return text.replace(f'"offset": "{record.offset}"', f'"offset": {"7" * 5000}', 1)

    wayback.cdx_hook = cdx
    commoncrawl.line_hook = line
    with ApiServer(lambda request: Answer(200, b'{"pages": 1}', JSON_TYPE)) as elsewhere:
        commoncrawl.extra_collinfo = [
            {"id": "CC-MAIN-2099-01", "name": "x", "cdx-api": f"{elsewhere.base_url}/x-index"}
        ]
        done = run_cli(
            *BACKFILL, "--source", "zgjssw", "--archives", "wayback,commoncrawl", *past.flags()
        )
        assert elsewhere.requests == []  # the crawl list pointed there; the run did not go
    assert "Traceback" not in done.stderr and "crashed" not in done.stderr + done.stdout
    assert done.returncode == 3, done.stderr  # some items failed, recorded

    db = tmp_path / "data" / "yzdaily.duckdb"
    failures = rows(db, "select url, stage, reason from failures where stage = 'discover'")
    reasons = {url: reason for url, _, reason in failures}
    row = next(reason for url, reason in reasons.items() if url.endswith("#cdx-row-2"))
    assert "length has 5,000 digits" in row and absurd_row[1] in row
    nested = next(reason for url, reason in reasons.items() if f"url={OLD_PREFIX}" in url)
    assert "nested more than 8 levels deep" in nested
    line_failure = next(reason for url, reason in reasons.items() if "#index-line-" in url)
    assert "offset is a number of 5,000 digits" in line_failure
    elsewhere_crawl = f"{commoncrawl.index_url}/collinfo.json#collinfo.json-crawl-cc-main-2099-01"
    assert "names an index elsewhere" in reasons[elsewhere_crawl]
    assert len(reasons) == 4, reasons
    assert all(len(reason) < 400 for reason in reasons.values())
    # What the archives held besides the bad entries was loaded.
    archived = rows(db, "select count(*) from articles where fetched_via <> 'live'")[0][0]
    assert archived > 0
    assert rows(db, "select count(*) from articles where fetched_via = 'live'")[0][0] >= KEEP_LIVE


class EndlessIndex:
    """A CDX server that never stops: 100 rows a page, a new resume key on every page."""

    def __init__(self) -> None:
        self.keys: list[str | None] = []

    def __call__(self, request: Request) -> Answer:
        key = request.param("resumeKey")
        self.keys.append(key)
        page = int(key.removeprefix("page-")) if key else 0
        rows_: list[list[str]] = [["timestamp", "original", "statuscode"]]
        for n in range(page * 100, (page + 1) * 100):
            rows_.append(["20210301000000", f"http://www.zgjssw.gov.cn/img/{n}.jpg", "200"])
        rows_ += [[], [f"page-{page + 1}"]]
        return Answer(200, json.dumps(rows_).encode(), JSON_TYPE)


def test_an_index_that_never_ends_costs_a_run_its_bound_and_the_next_run_reads_on(
    run_cli: RunCli, past: Past, tmp_path: Path
) -> None:
    endless = EndlessIndex()
    past.wayback.cdx_hook = endless
    bound = {"YZDAILY_MAX_INDEX_PAGES": "4"}
    args = (*BACKFILL, "--source", "zgjssw", "--archives", "wayback", *past.flags())
    first = run_cli(*args, env=bound, timeout=120)
    assert first.returncode == 0, first.stderr  # a bound is no failure
    assert len(endless.keys) == 4  # both prefixes share the bound of the host
    said = first.stdout + first.stderr
    assert "stopped after 4 index requests" in said and "YZDAILY_MAX_INDEX_PAGES=4" in said
    db = tmp_path / "data" / "yzdaily.duckdb"
    message = rows(db, "select message from runs order by started_at desc limit 1")[0][0]
    assert "stopped after 4 index requests" in message
    walks = rows(db, "select list_url, complete, resume_after from crawl_walks where not complete")
    assert [(complete, resume) for _, complete, resume in walks] == [(False, "page-4")]

    second = run_cli(*args, env=bound, timeout=120)
    assert second.returncode == 0, second.stderr
    # The prefix the first run never reached is read first, then the endless one reads on.
    assert endless.keys[4:] == [None, "page-1", "page-2", "page-3"]
    endless.keys.clear()
    third = run_cli(*args, env=bound, timeout=120)
    assert third.returncode == 0, third.stderr
    assert endless.keys[0] == "page-4"  # where the first run stopped
