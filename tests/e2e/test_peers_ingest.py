"""Tier 4, #28: `yzdaily ingest --city ...` walks zgjssw's columns (市县传真's thirteen cities
and 要闻) on the sample site through the real CLI: every corpus as the site serves it, 扬州's
rows as a 扬州-only ingest loads them, and a failing list page costs its own column's walk
only."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from parsers.cities import CORPORA, PROVINCE
from parsers.sites.zgjssw import ZGJSSW
from tests.e2e.conftest import CliResult
from tests.e2e.test_ingest import rows
from tests.sample_site.history import ZGJSSW_NEW, Snapshot
from tests.sample_site.peers import build_peer_site, column_of, corpus_articles, peer_specs
from tests.sample_site.server import Fault, SampleServer
from tests.sample_site.site import render_list_page
from tests.sample_site.wayback import WaybackServer

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]
# Small list pages: every column with more than three articles has a second list page.
PAGE_SIZE = 3
YANGZHOU_ROWS = (
    "select article_id, content_hash, title, published_at from articles"
    " where city = 'yangzhou' order by article_id"
)


@pytest.fixture
def peer_server() -> Iterator[SampleServer]:
    with SampleServer(build_peer_site(page_size=PAGE_SIZE)) as server:
        yield server


def ingest(run_cli: RunCli, server: SampleServer, db: Path, *extra: str) -> CliResult:
    return run_cli(
        "ingest", "--base-url", server.base_url, "--delay", "0", "--db", str(db), "--json", *extra
    )


def loaded_paths(db: Path) -> dict[str, set[str]]:
    """Article paths by corpus, as the warehouse holds them."""
    found: dict[str, set[str]] = {}
    for city, article_id in rows(db, "select city, article_id from articles"):
        found.setdefault(city, set()).add(article_id.split(":", 1)[1])
    return found


def test_ingest_every_column_as_the_site_serves_it(
    run_cli: RunCli, peer_server: SampleServer, tmp_path: Path
) -> None:
    everything, alone = tmp_path / "all.duckdb", tmp_path / "yangzhou.duckdb"
    truth = corpus_articles(peer_server.site)
    assert set(truth) == set(CORPORA)

    done = ingest(run_cli, peer_server, everything, "--city", "all")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == sum(len(items) for items in truth.values())
    assert loaded_paths(everything) == {
        corpus: {article.path for article in items} for corpus, items in truth.items()
    }
    # Each corpus's column name, as the adapter tells it from the URL.
    columns = dict(rows(everything, "select distinct city, column_name from articles"))
    assert columns == {corpus: column_of(corpus)[1] for corpus in CORPORA}
    # Every column's walk is its own, and each reached its end.
    walks = dict(rows(everything, "select list_url, complete from crawl_walks"))
    assert walks == {
        f"{peer_server.base_url}{column_of(corpus)[0]}index.shtml": True for corpus in CORPORA
    }

    # 扬州's rows are a 扬州-only ingest's, byte for byte: the other columns change nothing.
    only = ingest(run_cli, peer_server, alone)
    assert only.returncode == 0, only.stderr
    assert set(loaded_paths(alone)) == {"yangzhou"}
    assert rows(everything, YANGZHOU_ROWS) == rows(alone, YANGZHOU_ROWS)
    assert len(rows(alone, YANGZHOU_ROWS)) == len(truth["yangzhou"])


def test_the_work_list_takes_the_columns_in_turn(
    run_cli: RunCli, peer_server: SampleServer, tmp_path: Path
) -> None:
    done = ingest(run_cli, peer_server, tmp_path / "wh.duckdb", "--city", "nantong,province")
    assert done.returncode == 0, done.stderr
    articles = [
        r.path for r in peer_server.requests if r.path.endswith(".shtml") and "/index" not in r.path
    ]
    # One of each column in turn while both have work (8 articles each).
    firsts = [path.split("/")[1 if path.startswith("/yaowen/") else 2] for path in articles[:8]]
    assert firsts == ["nantong", "yaowen"] * 4


def test_a_failing_list_page_costs_its_own_column_only(
    run_cli: RunCli, peer_server: SampleServer, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    truth = corpus_articles(peer_server.site)
    nantong = column_of("nantong")[0]
    broken = f"{nantong}index_1.shtml"
    peer_server.faults[broken] = Fault("status", times=-1, status=404)
    chosen = ("yangzhou", "nantong", PROVINCE)

    first = ingest(run_cli, peer_server, db, "--city", ",".join(chosen))
    assert first.returncode == 3, first.stderr
    assert json.loads(first.stdout)["status"] == "partial"
    assert rows(db, "select url, stage from failures") == [(peer_server.base_url + broken, "list")]
    loaded = loaded_paths(db)
    # The other columns are whole; 南通 has its first list page's articles, its walk unfinished.
    for corpus in ("yangzhou", PROVINCE):
        assert loaded[corpus] == {article.path for article in truth[corpus]}
    assert loaded["nantong"] == {article.path for article in truth["nantong"][:PAGE_SIZE]}
    walks = dict(rows(db, "select list_url, complete from crawl_walks"))
    assert walks == {
        f"{peer_server.base_url}{column_of(corpus)[0]}index.shtml": corpus != "nantong"
        for corpus in chosen
    }

    # The page is back: the next run reads on past 南通's first page, never taking the
    # failed page for the end of its list.
    del peer_server.faults[broken]
    second = ingest(run_cli, peer_server, db, "--city", ",".join(chosen))
    assert second.returncode == 0, second.stderr
    assert loaded_paths(db)["nantong"] == {article.path for article in truth["nantong"]}
    assert rows(db, "select count(*) from failures") == [(0,)]
    assert rows(db, "select distinct complete from crawl_walks") == [(True,)]


def test_sites_covering_yangzhou_alone_are_skipped_for_other_cities(
    run_cli: RunCli, peer_server: SampleServer, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    done = run_cli(
        "ingest", "--source", "yznews", "--city", "nantong", "--base-url",
        peer_server.base_url, "--delay", "0", "--db", str(db),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "yznews: covers Yangzhou alone: skipped for nantong" in done.stderr
    assert [r.path for r in peer_server.requests if r.path != "/robots.txt"] == []


def test_backfill_asks_the_archives_for_each_chosen_column(
    run_cli: RunCli, peer_server: SampleServer, tmp_path: Path
) -> None:
    """Years later: 南通's and 要闻's lists show their newest article only, the older article
    pages are gone; the Wayback Machine holds them (on the new host), and a backfill of those
    two columns loads them from there, each column's prefixes asked on their own."""
    db = tmp_path / "wh.duckdb"
    site = peer_server.site
    chosen = ("nantong", PROVINCE)
    captures, captured = [], set()
    for corpus in chosen:
        path, name = column_of(corpus)
        for article in site.corpora[corpus][1:]:  # the newest stays live and listed
            page = site.pages[article.path]
            at = (article.published_at + timedelta(days=1)).replace(tzinfo=UTC)
            captures.append(
                Snapshot(
                    ZGJSSW_NEW + article.path, at, 200, page.content_type, page.body, "article"
                )
            )
            captured.add(f"zgjssw:{article.path}")
            del site.pages[article.path]
        listed = render_list_page(peer_specs()[corpus][:1], 0, 1, path, name)
        site.pages[path] = site.pages[f"{path}index.shtml"] = listed
    with WaybackServer(captures, retry_after=None) as wayback:
        done = run_cli(
            "backfill", "--since", "2015-01-01", "--city", ",".join(chosen), "--archives",
            "wayback", "--wayback-url", wayback.base_url, "--base-url", peer_server.base_url,
            "--delay", "0", "--db", str(db), "--json",
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert loaded_paths(db) == {
        corpus: {article.path for article in site.corpora[corpus]} for corpus in chosen
    }
    via = dict(rows(db, "select article_id, fetched_via from articles"))
    assert {article_id for article_id, how in via.items() if how == "wayback"} == captured
    # One index walk per archive prefix of each column, both hosts: each column its own.
    walked = {key for (key,) in rows(db, "select list_url from crawl_walks")}
    for corpus in chosen:
        for prefix in ZGJSSW.archive_prefixes(ZGJSSW.columns((corpus,))[0]):
            assert any(prefix in key for key in walked), (prefix, walked)
    assert not any("yangzhou" in key for key in walked)
