"""Tier 4, issue 12: `doctor --live` reads a site's newest pages; `golden add` keeps a page.

Against the sample site on 127.0.0.1 (the canary's `--base-url`), through the real CLI.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import CliResult
from tests.eval_gate import Case, evaluate
from tests.sample_site.server import SampleServer
from tests.sample_site.site import Page

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]


def test_live_canary_prints_every_field_of_the_newest_article(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path
) -> None:
    base = sample_server.base_url
    done = run_cli("doctor", "--live", "--source", "zgjssw", "--base-url", base, "--json")
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)
    newest = sample_server.site.articles[0]
    assert report["verdict"] == "ok"
    assert report["article_url"] == base + newest.path
    assert report["fields"]["title"] == newest.title
    assert report["fields"]["editors"] == list(newest.editors)
    assert {check["name"] for check in report["checks"]} >= {"list page", "date", "body", "editors"}
    assert not (tmp_path / "data" / "yzdaily.duckdb").exists()  # the canary writes nothing

    text = run_cli("doctor", "--live", "--source", "zgjssw", "--base-url", base)
    assert f"ok    title          {newest.title}" in text.stdout


def test_live_canary_fails_on_a_page_it_cannot_read(
    run_cli: RunCli, sample_server: SampleServer
) -> None:
    newest = sample_server.site.articles[0]
    sample_server.site.pages[newest.path] = Page(
        "<html><body><h1>页面正在维护</h1><p>热点推荐</p></body></html>".encode(), "text/html"
    )
    done = run_cli("doctor", "--live", "--source", "zgjssw", "--base-url", sample_server.base_url)
    assert done.returncode == 1
    assert "fail  article page" in done.stdout and "refused" in done.stdout
    assert "Traceback" not in done.stderr


def test_golden_add_saves_the_raw_page_and_a_draft_to_review(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path
) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    truth = sample_server.site.articles[3]
    url = sample_server.base_url + truth.path
    done = run_cli("golden", "add", url, "--site", "zgjssw", "--fixtures", str(fixtures))
    assert done.returncode == 0, done.stderr
    stem = truth.path.rsplit("/", 1)[1].removesuffix(".shtml")
    page = fixtures / "zgjssw" / f"{stem}.html"
    assert page.read_bytes() == sample_server.site.pages[truth.path].body
    draft = json.loads((fixtures / "zgjssw" / f"{stem}.expected.json").read_text("utf-8"))
    assert "_review" in draft and draft["title"] == truth.title
    assert draft["editors"] == list(truth.editors)
    # The draft, once reviewed, is a golden the gate counts.
    case = Case(
        "x", "zgjssw", draft["url"], page.read_bytes(), draft.get("_content_type"), False, draft
    )
    assert evaluate([case]).overall() == 1.0

    again = run_cli("golden", "add", url, "--site", "zgjssw", "--fixtures", str(fixtures))
    assert again.returncode == 2 and "exists" in again.stderr

    saved = tmp_path / "saved.html"
    saved.write_bytes(
        b"<html><body><p>\xe5\x85\xb3\xe4\xba\x8e\xe6\x88\x91\xe4\xbb\xac</p></body></html>"
    )
    refused = run_cli("golden", "add", str(saved), "--site", "zgjssw", "--fixtures", str(fixtures))
    assert refused.returncode == 0, refused.stderr
    assert "refused" in refused.stdout
    draft = json.loads((fixtures / "zgjssw" / "saved.expected.json").read_text("utf-8"))
    assert draft["refused"] in ("published_at", "title", "body")
