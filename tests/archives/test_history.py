"""Discovery, selection, fetch and parse together: every article the archives hold is found
once, across hosts, times and archives, and reads as its truth; what is not an article is
refused (the order the backfill flow will follow, without the warehouse)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from config.settings import Settings, build_settings
from fetching.http import Fetcher
from fetching.web_archives import CaptureError, build_archive_fetcher, discover, fetch_capture
from parsers.captures import ArticleCaptures, Capture, Selection, select_articles
from parsers.encoding import decode_html
from parsers.models import Article, ParseError
from parsers.sources import SOURCES
from tests.sample_site.commoncrawl import CommonCrawlServers
from tests.sample_site.history import ZGJSSW_OLD, History
from tests.sample_site.scoring import FIELDS
from tests.sample_site.wayback import WaybackServer

SINCE = date(2015, 1, 1)


@pytest.fixture
def settings(wayback: WaybackServer, commoncrawl: CommonCrawlServers) -> Settings:
    return build_settings(
        {},
        archives=("wayback", "commoncrawl"),
        wayback_url=wayback.base_url,
        cc_index_url=commoncrawl.index_url,
        cc_data_url=commoncrawl.data_url,
        delay=0.0,
    )


@pytest.fixture
def archive_fetcher(settings: Settings) -> Iterator[Fetcher]:
    with build_archive_fetcher(settings) as fetcher:
        assert not fetcher.allowed_hosts and fetcher.delay == settings.delay
        yield fetcher


def discover_all(fetcher: Fetcher, settings: Settings) -> list[Capture]:
    captures: list[Capture] = []
    for source in SOURCES.values():
        for prefix in source.archive_prefixes():
            for archive in settings.archives:
                captures += discover(fetcher, settings, archive, prefix, SINCE)
    return captures


def read_article(
    fetcher: Fetcher, settings: Settings, entry: ArticleCaptures
) -> tuple[Article | None, list[str]]:
    """The first capture, best first, that reads as an article; and why the others did not."""
    refusals: list[str] = []
    source = SOURCES[entry.site]
    for capture in entry.fetchable:
        try:
            page = fetch_capture(fetcher, settings, capture)
            html, _ = decode_html(page.body, page.content_type)
            return source.parse_article(html, page.original_url), refusals
        except (CaptureError, ParseError) as error:
            refusals.append(f"{capture.archive} {capture.timestamp14}: {error}")
    return None, refusals


@pytest.fixture
def selection(settings: Settings, archive_fetcher: Fetcher) -> Selection:
    return select_articles(discover_all(archive_fetcher, settings), list(SOURCES.values()))


def test_every_article_held_is_selected_once(selection: Selection, history: History) -> None:
    ids = [entry.article_id for entry in selection.articles]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(history.truth) | history.unreadable
    assert not set(ids) & set(history.not_archived)
    # What is not an article page was left out at once: lists, the image, robots.txt.
    assert selection.count("not_article") >= 5
    by_site = Counter(entry.site for entry in selection.articles)
    assert set(by_site) == set(SOURCES)


def test_one_article_on_two_hosts_at_several_times_in_both_archives_is_one_entry(
    selection: Selection,
) -> None:
    def hosts(entry: ArticleCaptures) -> set[str]:
        return {c.original.split("/")[2] for c in entry.captures}

    both = [
        entry
        for entry in selection.articles
        if len(hosts(entry)) == 2 and entry.archives == ("wayback", "commoncrawl")
    ]
    assert both
    entry = both[0]
    assert len({c.timestamp14 for c in entry.captures}) >= 3
    assert entry.best.timestamp >= max(c.timestamp for c in entry.fetchable)


def test_every_article_reads_as_its_truth_and_error_pages_are_refused(
    selection: Selection, history: History, settings: Settings, archive_fetcher: Fetcher
) -> None:
    fell_back = 0
    for entry in selection.articles:
        article, refusals = read_article(archive_fetcher, settings, entry)
        if entry.article_id in history.unreadable:
            # Its only capture is an error page served with a 200: a failure, never a row.
            assert article is None and refusals
            assert all("title" in r or "body" in r or "published_at" in r for r in refusals)
            continue
        assert article is not None, refusals
        truth = history.truth[entry.article_id]
        assert {f: getattr(article, f) for f in FIELDS} == {f: getattr(truth, f) for f in FIELDS}
        assert article.url == entry.url == SOURCES[entry.site].canonical_url(truth.path)
        fell_back += bool(refusals)
    # The article whose newest capture is an error page was read from an older one.
    assert fell_back == 1


def test_the_older_url_form_is_found_in_the_archives(
    selection: Selection, history: History
) -> None:
    old = {SOURCES["zgjssw"].article_id(a.path) for a in history.old_articles}
    found = {e.article_id for e in selection.articles if e.article_id in old}
    assert found == old
    assert all(
        c.original.startswith(ZGJSSW_OLD)
        for e in selection.articles
        if e.article_id in old
        for c in e.captures
    )
