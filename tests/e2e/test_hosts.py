"""Tier 4: an ingest of every source through the real CLI, their work lists fetched as one
(issue 28 item 2): the columns take turns, and the rows are those each source loads.

The sample server serves every source on one host (`--base-url`), so here the three sources
are three columns of one host: they share its pace and take turns. Hosts side by side are
tests/flows/test_hosts.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers.sources import SOURCES, source_for_url
from tests.e2e.conftest import CliResult
from tests.e2e.test_ingest import FIELDS, expected_row
from tests.sample_site.sections import build_sample_sites
from tests.sample_site.server import SampleServer

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]


def loaded(db: Path, site: str) -> dict[str, tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            f"select url, {', '.join(FIELDS)} from articles where site = ?", [site]
        ).fetchall()
    return {str(row[0]): row[1:] for row in rows}


def test_every_source_loads_its_rows_while_the_columns_take_turns(
    run_cli: RunCli, tmp_path: Path
) -> None:
    site, sections = build_sample_sites()
    db = tmp_path / "data" / "yzdaily.duckdb"
    with SampleServer(site) as server:
        done = run_cli("ingest", "--source", "all", "--base-url", server.base_url, "--delay", "0")
        asked = [server.base_url + r.path for r in server.requests]
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr

    expected = {"zgjssw": site.articles} | {n: s.articles for n, s in sections.items()}
    for name, articles in expected.items():
        assert loaded(db, name) == {
            SOURCES[name].canonical_url(a.path): expected_row(a) for a in articles
        }, name

    # The article pages as asked: the sources' columns in turn while each has work left.
    article_sites = [source.name for url in asked if (source := source_for_url(url))]
    turns = len(expected) * min(len(articles) for articles in expected.values())
    rounds = [article_sites[start : start + 3] for start in range(0, turns, 3)]
    assert all(sorted(names) == sorted(expected) for names in rounds), article_sites[:turns]
