"""Tier 4: the real `yzdaily` command against the sample site on 127.0.0.1, real DuckDB file.

The sample site renders its articles in several templates and encodings; its ground truth is
computed from the same data the pages are rendered from. The parser's golden tests see only
some templates, so these runs also cover templates the parser was not tuned on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pytest

from config.settings import USER_AGENT
from tests.e2e.conftest import CliResult
from tests.sample_site.server import SampleServer
from tests.sample_site.site import SampleArticle, build_site, default_specs

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]
FIELDS = (
    "title",
    "published_at",
    "source",
    "dateline",
    "reporters",
    "correspondents",
    "editors",
    "author",
    "body",
)


Row = TypeVar("Row")


def rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def expected_row(article: SampleArticle) -> tuple[Any, ...]:
    return (
        article.title,
        article.published_at,
        article.source,
        article.dateline,
        list(article.reporters),
        list(article.correspondents),
        list(article.editors),
        article.author,
        "\n".join(article.paragraphs),
    )


def article_paths(server: SampleServer) -> list[str]:
    return [r.path for r in server.requests if r.path.endswith(".shtml") and "/index" not in r.path]


def ingest(run_cli: RunCli, server: SampleServer, *extra: str) -> CliResult:
    return run_cli("ingest", "--base-url", server.base_url, "--delay", "0", *extra)


def test_ingest_then_reingest(run_cli: RunCli, sample_server: SampleServer, tmp_path: Path) -> None:
    db = tmp_path / "data" / "yzdaily.duckdb"
    site = sample_server.site
    truth = {a.path: a for a in site.articles}

    first = ingest(run_cli, sample_server)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr

    # Every field of every article, whatever its template or encoding.
    loaded = {
        path: row[1:]
        for path, *row in rows(
            db,
            f"select split_part(article_id, ':', 2), article_id, {', '.join(FIELDS)} from articles",
        )
    }
    assert sorted(loaded) == sorted(truth)
    mismatches = {
        path: (truth[path].template, got, expected_row(truth[path]))
        for path, got in loaded.items()
        if tuple(got) != expected_row(truth[path])
    }
    assert not mismatches, json.dumps(mismatches, ensure_ascii=False, default=str, indent=1)

    # Requests carry our User-Agent; each article page was fetched once.
    assert {r.headers.get("User-Agent") for r in sample_server.requests} == {USER_AGENT}
    first_fetches = article_paths(sample_server)
    assert sorted(first_fetches) == sorted(truth)

    # At least five keywords each, and no byline name among them.
    keyword_counts = dict(
        rows(db, "select article_id, count(*) from article_keywords group by article_id")
    )
    assert len(keyword_counts) == len(truth)
    assert min(keyword_counts.values()) >= 5
    leaked = rows(
        db,
        "select a.article_id, k.keyword from article_keywords k join articles a using (article_id)"
        " where list_contains(a.reporters || a.correspondents || a.editors, k.keyword)",
    )
    assert leaked == []

    # A second run loads nothing twice and fetches no article page again.
    before = rows(db, "select * from articles order by article_id")
    sample_server.requests.clear()
    second = ingest(run_cli, sample_server, "--json")
    assert second.returncode == 0, second.stderr
    run = json.loads(second.stdout)
    assert (run["status"], run["new"], run["discovered"]) == ("completed", 0, 0)
    # Nothing new costs two requests: robots.txt and a 304 for the first list page.
    assert run["not_modified"] == 1
    assert [(r.path.rsplit("/", 1)[1], r.status) for r in sample_server.requests] == [
        ("robots.txt", 200),
        ("index.shtml", 304),
    ]
    assert article_paths(sample_server) == []
    assert rows(db, "select * from articles order by article_id") == before

    # Stats see both runs' result.
    stats = run_cli("stats", "--json")
    assert stats.returncode == 0, stats.stderr
    payload = json.loads(stats.stdout)
    assert payload["articles"] == len(truth)
    assert sum(payload["by_year"].values()) == len(truth)
    assert payload["last_run"]["status"] == "completed"
    assert rows(db, "select count(*) from runs") == [(2,)]


def test_new_articles_are_picked_up_and_only_they_are_fetched(
    run_cli: RunCli, sample_server: SampleServer
) -> None:
    specs = default_specs()  # oldest first
    # The site as it was before its three newest articles were published.
    sample_server.set_site(build_site(specs[:-3]))
    assert ingest(run_cli, sample_server).returncode == 0
    sample_server.requests.clear()
    sample_server.set_site(build_site(specs))
    again = ingest(run_cli, sample_server, "--json")
    assert again.returncode == 0, again.stderr
    run = json.loads(again.stdout)
    assert run["new"] == 3
    newest = [a.path for a in build_site(specs).articles[:3]]
    assert sorted(article_paths(sample_server)) == sorted(newest)


def test_broken_article_is_reported_and_the_rest_loaded(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path
) -> None:
    site = build_site()
    broken = site.articles[0].path
    site.pages[broken] = type(site.pages[broken])(
        body="<html><body><p>系统维护中</p></body></html>".encode(),
        content_type="text/html; charset=utf-8",
    )
    sample_server.set_site(site)
    result = ingest(run_cli, sample_server)
    assert result.returncode == 3, result.stderr
    assert broken in result.stderr and "published_at" in result.stderr
    db = tmp_path / "data" / "yzdaily.duckdb"
    assert rows(db, "select count(*) from articles") == [(len(site.articles) - 1,)]
    assert rows(db, "select status, failed from runs") == [("partial", 1)]


def test_unreachable_site_fails_fast_naming_the_host(run_cli: RunCli) -> None:
    result = run_cli("ingest", "--base-url", "http://no-such-host.invalid")
    assert result.returncode == 1
    assert "no-such-host.invalid" in result.stderr and "make demo" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("ingest", "--since", "yesterday"),
        ("ingest", "--max-pages", "0"),
        ("ingest", "--delay", "-1"),
        ("nonsense",),
    ],
)
def test_bad_usage_exits_2(run_cli: RunCli, args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_help_and_stats_without_a_warehouse(run_cli: RunCli) -> None:
    help_text = run_cli("--help")
    assert help_text.returncode == 0 and "ingest" in help_text.stdout
    assert run_cli("ingest", "--help").returncode == 0
    stats = run_cli("stats")
    assert stats.returncode == 1
    assert "yzdaily ingest" in stats.stderr and "Traceback" not in stats.stderr
