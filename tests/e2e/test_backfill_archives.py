"""Tier 4: `yzdaily backfill --archives` through the real CLI, against the sample sites years
later (their list shows only its newest page, older article pages are gone) and the Wayback
Machine and Common Crawl emulators on loopback, which hold the sites' past (issue 14).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers.sources import SOURCES
from tests.e2e.conftest import CliResult
from tests.e2e.test_ingest import expected_row
from tests.sample_site.commoncrawl import CommonCrawlServers
from tests.sample_site.history import ERROR_ONLY_PATH, History, build_history, forget_older
from tests.sample_site.sections import build_sample_sites
from tests.sample_site.server import SampleServer
from tests.sample_site.site import SampleArticle
from tests.sample_site.wayback import WaybackServer

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]
# Articles of the column the live site still serves: its list page's ten, and three more
# that no list reaches any more (the archives find them; they are fetched live).
KEEP_LIVE = 13


@dataclass
class Past:
    """The sample sites years later, their past in the archives, all served on loopback."""

    history: History
    site: SampleServer
    wayback: WaybackServer
    commoncrawl: CommonCrawlServers
    gone: set[str]  # article paths the live site no longer serves

    def flags(self) -> list[str]:
        return [
            "--base-url",
            self.site.base_url,
            "--wayback-url",
            self.wayback.base_url,
            "--cc-index-url",
            self.commoncrawl.index_url,
            "--cc-data-url",
            self.commoncrawl.data_url,
        ]

    def capture_requests(self) -> int:
        """Requests for captures: Wayback replays and Common Crawl record ranges."""
        data = [r for r in self.commoncrawl.data.requests if r.path != "/robots.txt"]
        return len(self.wayback.requests_of("replay")) + len(data)

    def article_requests(self) -> int:
        """Requests for article pages at the live site."""
        return sum(
            1
            for r in self.site.requests
            if any(source.is_article_url(r.path) for source in SOURCES.values())
        )


@pytest.fixture
def past() -> Iterator[Past]:
    site, sections = build_sample_sites()
    history = build_history(site, sections)  # the pages as they were, before they went
    gone = set(forget_older(site, KEEP_LIVE))
    # The archives answer a 429 with Retry-After to the first request of each kind.
    with (
        SampleServer(site) as server,
        WaybackServer(history, retry_after=1) as wayback,
        CommonCrawlServers(history, retry_after=1) as commoncrawl,
    ):
        yield Past(history, server, wayback, commoncrawl, gone)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def held_pages(history: History) -> dict[str, set[tuple[str, datetime]]]:
    """Article id -> (archive, capture time) of every capture that is the article's page."""
    held: dict[str, set[tuple[str, datetime]]] = {}
    snapshots = [("wayback", s) for s in history.wayback] + [
        ("commoncrawl", s) for crawl in history.commoncrawl.values() for s in crawl
    ]
    for archive, snapshot in snapshots:
        source = next((s for s in SOURCES.values() if s.is_article_url(snapshot.url)), None)
        if source is not None and snapshot.kind == "article":
            at = snapshot.at.replace(tzinfo=None)
            held.setdefault(source.article_id(snapshot.url), set()).add((archive, at))
    return held


def test_backfill_loads_what_the_archives_hold_once_live_first(
    run_cli: RunCli, past: Past, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "yzdaily.duckdb"
    history = past.history
    args = ["backfill", "--since", "2015-01-01", "--source", "all", "--delay", "0"]
    first = run_cli(*args, "--archives", "wayback,commoncrawl", *past.flags())
    assert "Traceback" not in first.stderr
    # The error page at an article URL is a failure: the run is partial (exit 3).
    assert first.returncode == 3, first.stderr

    truth: dict[str, SampleArticle] = {**history.not_archived, **history.truth}
    column = history.site.articles  # newest first
    listed = {SOURCES["zgjssw"].article_id(a.path) for a in column[: history.site.page_size]}
    # The other sources' lists are whole: their articles come from the list walk.
    sections = {
        SOURCES[name].article_id(a.path)
        for name, section in history.sections.items()
        for a in section.articles
    }
    expected = listed | sections | set(history.truth)
    loaded = {
        row[0]: row[1:]
        for row in rows(
            db,
            "select article_id, title, published_at, source, dateline, reporters,"
            " correspondents, editors, author, body, fetched_via, captured_at, url from articles",
        )
    }
    assert set(loaded) == expected
    assert history.unreadable.isdisjoint(loaded)
    held = held_pages(history)
    for article_id, row in loaded.items():
        assert row[:9] == expected_row(truth[article_id]), article_id
        fetched_via, captured_at, url = row[9], row[10], row[11]
        source = SOURCES[article_id.split(":", 1)[0]]
        assert url == source.canonical_url(article_id.split(":", 1)[1])
        path = article_id.split(":", 1)[1]
        if path in past.site.site.pages:
            assert (fetched_via, captured_at) == ("live", None), article_id
        else:
            assert path in past.gone or article_id in {
                SOURCES["zgjssw"].article_id(a.path) for a in history.old_articles
            }
            assert (fetched_via, captured_at) in held[article_id], article_id
    via = dict(rows(db, "select fetched_via, count(*) from articles group by all"))
    assert via["live"] >= KEEP_LIVE and via["wayback"] > 0 and via["commoncrawl"] > 0

    # The error page served with a 200 is a failure of that article, never a row.
    failures = rows(db, "select url, stage, reason, permanent from failures")
    unreadable = [f for f in failures if f[0].endswith(ERROR_ONLY_PATH)]
    assert len(unreadable) == 1 and unreadable[0][1] == "capture", failures
    assert "not an article" in unreadable[0][2] and unreadable[0][3] is True
    assert len(failures) == 1, failures

    # The fetch log keeps the URL asked of the archive and the page's own URL.
    archived = rows(
        db,
        "select url, original_url, fetched_via, captured_at from raw_fetches"
        " where fetched_via <> 'live'",
    )
    assert archived and all(row[3] is not None for row in archived)
    assert any(row[0].startswith(past.wayback.base_url + "/web/") for row in archived)
    assert any(row[0].startswith(past.commoncrawl.data_url + "/crawl-data/") for row in archived)
    assert all(row[1].startswith(("http://", "https://")) and row[1] != row[0] for row in archived)

    stats = run_cli("stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["by_fetched_via"] == via
    text = run_cli("stats")
    assert "fetched via" in text.stdout and "wayback" in text.stdout

    # Reprocess reads every archived page as the page it captured: the same rows again.
    before = rows(db, "select article_id, content_hash, fetched_via, captured_at from articles")
    reprocessed = run_cli("reprocess")
    assert reprocessed.returncode == 3, reprocessed.stderr  # the error page fails again
    after = rows(db, "select article_id, content_hash, fetched_via, captured_at from articles")
    assert sorted(after) == sorted(before)

    # A rerun asks the indexes again but fetches no capture and no article page again.
    captures, articles = past.capture_requests(), past.article_requests()
    second = run_cli(*args, "--archives", "commoncrawl,wayback", *past.flags())
    assert second.returncode == 3, second.stderr
    assert past.capture_requests() == captures
    assert past.article_requests() == articles
    assert rows(db, "select count(*) from articles")[0][0] == len(expected)


def test_backfill_without_archives_asks_no_archive(
    run_cli: RunCli, past: Past, tmp_path: Path
) -> None:
    done = run_cli("backfill", "--since", "2015-01-01", "--delay", "0", *past.flags())
    assert done.returncode == 0, done.stderr
    assert not past.wayback.requests and not past.commoncrawl.index.requests
    db = tmp_path / "data" / "yzdaily.duckdb"
    assert rows(db, "select count(*), min(fetched_via), max(fetched_via) from articles") == [
        (past.history.site.page_size, "live", "live")
    ]


@pytest.mark.parametrize(
    ("archives", "message"),
    [("wayback,archive.today", "unknown archive 'archive.today'"), (",", "name one archive")],
)
def test_a_bad_archives_value_is_a_usage_error(
    run_cli: RunCli, archives: str, message: str
) -> None:
    done = run_cli("backfill", "--since", "2015-01-01", "--archives", archives)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
