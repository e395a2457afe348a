"""Tier 4, issue 12: a site changes its layout; the run says so (exit 4) and loads nothing wrong.

A normal history first, then the newest pages lose their 来源 and 编辑 lines (still readable:
loaded, but the verdict is fail, naming the fields and both rates), then the newest pages load
their body by script (refused: failures, no rows), then the layout is repaired and a plain
rerun loads the refused pages, the verdict back to ok. Through the real CLI, real DuckDB.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import CliResult
from tests.e2e.test_ingest import FIELDS, expected_row, rows
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import SampleServer
from tests.sample_site.site import Page, SampleSite, build_site
from tests.sample_site.templates import OTHER_HEADLINES, render_page

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]
TEMPLATE = "modern2024"  # the layout the changed pages started from
SOURCE_SPAN = re.compile(r'<span class="source">.*?</span>')
EDITOR_DIV = re.compile(r'<div class="editor">.*?</div>')
CONTENT_DIV = re.compile(
    r'(<div class="article-content">).*?(\s*</div>\s*<div class="editor">)', re.S
)


def _modern_page(site: SampleSite, path: str) -> str:
    spec = next(s for s in site.specs if s.path == path)
    return render_page(spec, TEMPLATE).decode("utf-8")


def without_source_and_editor(site: SampleSite, path: str) -> Page:
    """The page as a redesign left it: readable, but its 来源 and 编辑 lines gone."""
    page = EDITOR_DIV.sub("", SOURCE_SPAN.sub("", _modern_page(site, path)))
    return Page(page.encode("utf-8"), "text/html; charset=utf-8")


def body_by_script(site: SampleSite, path: str) -> Page:
    """The page as a script-filled layout serves it: an empty container, then a sidebar."""
    truth = site.article(path)
    sidebar = "".join(
        f"<p>{title}{truth.published_at:%Y-%m-%d}</p>" for title in OTHER_HEADLINES[:6]
    )
    page = CONTENT_DIV.sub(
        rf"\1<script>loadArticle('{truth.id}');</script></div>"
        rf'<div class="hot"><h3>热点推荐</h3>{sidebar}\2',
        _modern_page(site, path),
    )
    assert "loadArticle" in page
    return Page(page.encode("utf-8"), "text/html; charset=utf-8")


def site_with(specs_count: int, broken: set[str], change: Callable[..., Page] | None) -> SampleSite:
    site = build_site(SPECS[:specs_count])
    for path in broken:
        if change is not None:
            site.pages[path] = change(site, path)
    return site


SPECS = generate_articles(60, seed=21)
OLD, BARE, SCRIPTED = SPECS[:40], SPECS[40:50], SPECS[50:]


def loaded(db: Path) -> dict[str, tuple[object, ...]]:
    sql = f"select split_part(article_id, ':', 2), {', '.join(FIELDS)} from articles"
    return {path: tuple(row) for path, *row in rows(db, sql)}


def test_a_layout_change_is_refused_or_flagged_then_repaired(
    run_cli: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "yzdaily.duckdb"
    with SampleServer(site_with(40, set(), None)) as server:

        def ingest() -> CliResult:
            return run_cli("ingest", "--base-url", server.base_url, "--delay", "0")

        first = ingest()
        assert first.returncode == 0, first.stderr
        assert "health zgjssw: ok" in first.stderr

        # 1. The newest pages lost their 来源 and 编辑 lines: loaded (the text is readable), but
        # the run fails the site's health, naming the fields and both rates.
        bare = {spec.path for spec in BARE}
        server.set_site(site_with(50, bare, without_source_and_editor))
        second = ingest()
        assert second.returncode == 4, second.stderr
        assert "Traceback" not in second.stderr
        assert re.search(r"health zgjssw: fail: .*source filled on 0% of 10 article", second.stderr)
        assert re.search(
            r"editors filled on 0% of 10 article\(s\) \(100% of 40 before\)", second.stderr
        )
        health = run_cli("health", "--json")
        assert health.returncode == 4
        (verdict,) = json.loads(health.stdout)["sites"]
        assert verdict["site"] == "zgjssw" and verdict["verdict"] == "fail"
        assert any("editors" in reason for reason in verdict["reasons"])
        assert verdict["fields"]["editors"] == {"recent": 0.0, "history": 1.0}
        good_rows = loaded(db)

        # 2. The newest pages load their body by script: refused, recorded, nothing loaded.
        scripted = {spec.path for spec in SCRIPTED}
        server.set_site(site_with(60, scripted, body_by_script))
        third = ingest()
        assert third.returncode == 4, third.stderr
        assert "10 of 10 article page(s) did not read as articles" in third.stderr
        assert loaded(db) == good_rows  # no sidebar for a body, the good rows untouched
        failing = rows(db, "select url, stage, reason from failures order by url")
        assert {url.removeprefix(server.base_url) for url, _, _ in failing} == scripted
        assert all(stage == "parse" and reason.startswith("body:") for _, stage, reason in failing)
        runs = run_cli("runs", "--json")
        assert [run["health"] for run in json.loads(runs.stdout)["rows"]] == ["fail", "fail", "ok"]

        # 3. The layout is repaired: a plain rerun loads the refused pages, health is ok again.
        repaired = site_with(60, set(), None)
        server.set_site(repaired)
        fourth = ingest()
        assert fourth.returncode == 0, fourth.stderr
        assert "health zgjssw: ok" in fourth.stderr
        after = loaded(db)
        for path in scripted:
            assert after[path] == expected_row(repaired.article(path)), path
        assert rows(db, "select count(*) from failures") == [(0,)]
        (verdict,) = json.loads(run_cli("health", "--json").stdout)["sites"]
        assert verdict["verdict"] == "ok" and verdict["reasons"] == []
        doctor = run_cli("doctor", "--json")
        checks = {check["name"]: check for check in json.loads(doctor.stdout)}
        assert checks["health zgjssw"]["verdict"] == "ok"
        assert checks["data tests"]["verdict"] == "ok", checks["data tests"]
