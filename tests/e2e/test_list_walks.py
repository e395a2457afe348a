"""Tier 4, issue 31: a list page that fails once costs nothing, through the real `yzdaily`.

30 articles on 3 list pages; the second list page fails once (a 404, a body over the size cap,
a redirect off the site) and is then fixed. The failing page is no end of the list: the first
run records a `list` failure and exits 3 with the walk unfinished; the next run reads on past
the first page (no 304, no "nothing new") and loads every article.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import CliResult
from tests.e2e.test_ingest import rows
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import Fault, SampleServer
from tests.sample_site.site import build_site

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]

FAILS_ONCE = {
    "404": Fault("status", times=1, status=404),
    "oversize": Fault("oversize", times=1, size=6 * 1024 * 1024),
    "off-site redirect": Fault("redirect", times=1, location="http://elsewhere.invalid/x.shtml"),
}


@pytest.mark.parametrize("fault", FAILS_ONCE.values(), ids=FAILS_ONCE.keys())
def test_a_list_page_that_fails_once_loses_no_article(
    run_cli: RunCli, tmp_path: Path, fault: Fault
) -> None:
    db = tmp_path / "data" / "yzdaily.duckdb"
    with SampleServer(build_site(generate_articles(30, seed=31), page_size=10)) as server:
        broken = server.base_url + server.site.list_paths()[1]
        server.faults[server.site.list_paths()[1]] = fault
        ingest = ("ingest", "--base-url", server.base_url, "--delay", "0", "--json")

        first = run_cli(*ingest)
        assert first.returncode == 3, first.stderr
        assert json.loads(first.stdout)["status"] == "partial"
        assert rows(db, "select url, stage, permanent from failures") == [(broken, "list", False)]
        assert rows(db, "select complete from crawl_walks") == [(False,)]
        assert rows(db, "select count(*) from articles") == [(10,)]

        second = run_cli(*ingest)
        assert second.returncode == 0, second.stderr
        assert rows(db, "select count(*) from articles") == [(30,)]
        assert rows(db, "select count(*) from failures") == [(0,)]
        assert rows(db, "select complete from crawl_walks") == [(True,)]

        # Settled: the next run is a conditional request for the first page, and nothing else.
        server.requests.clear()
        third = run_cli(*ingest)
        assert third.returncode == 0 and json.loads(third.stdout)["new"] == 0
        pages = [r for r in server.requests if r.path != "/robots.txt"]
        assert [(r.path.rsplit("/", 1)[1], r.status) for r in pages] == [("index.shtml", 304)]
