"""Tier 5: smoke tests against the real web archives. Skipped by default (`-m live`).

Run on a machine that can reach them: `.venv/bin/pytest -m live tests/test_live_archives.py`.
They ask little (a few requests each, 1 s apart) and check only what must hold on any day:
the archives' robots.txt lets us ask, the Wayback CDX answers in the format read here and
lists some of the column's URLs, a capture replays as raw bytes, collinfo.json lists the
crawls, and a crawl's index answers (captures or none). docs/HISTORY.md says what to record
when they run for the first time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from config.settings import CC_DATA_URL, CC_INDEX_URL, WAYBACK_URL, build_settings
from fetching.http import Fetcher
from fetching.web_archives import (
    build_archive_fetcher,
    build_cc_query,
    build_cdx_query,
    discover_crawl,
    discover_wayback,
    fetch_collinfo,
    fetch_commoncrawl,
    fetch_wayback,
)
from parsers.captures import select_articles
from parsers.encoding import decode_html
from parsers.models import ParseError
from parsers.sources import SOURCES

pytestmark = pytest.mark.live
PREFIXES = [prefix for source in SOURCES.values() for prefix in source.archive_prefixes()]


@pytest.fixture(scope="module")
def fetcher() -> Iterator[Fetcher]:
    with build_archive_fetcher(build_settings({}, timeout=60.0)) as client:
        yield client


def test_live_archives_robots_let_us_ask(fetcher: Fetcher) -> None:
    prefix = PREFIXES[0]
    for url in (
        build_cdx_query(WAYBACK_URL, prefix),
        f"{WAYBACK_URL}/web/2020id_/http://www.zgjssw.gov.cn/",
        f"{CC_INDEX_URL}/collinfo.json",
        build_cc_query(f"{CC_INDEX_URL}/CC-MAIN-2024-10-index", prefix),
        f"{CC_DATA_URL}/crawl-data/CC-MAIN-2024-10/warc.paths.gz",
    ):
        assert fetcher.allowed(url), f"robots.txt disallows {url}"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_live_wayback_cdx_lists_the_columns_urls(fetcher: Fetcher, prefix: str) -> None:
    # One page of the query (limit=25): the format holds and the host is there.
    found = list(itertools.islice(discover_wayback(fetcher, WAYBACK_URL, prefix, limit=25), 25))
    assert found, f"the Wayback Machine lists no 200 capture under {prefix}"
    host = prefix.split("/", 1)[0].removeprefix("www.")
    assert all(host in capture.original for capture in found)


def test_live_wayback_replays_an_article_as_served(fetcher: Fetcher) -> None:
    source = SOURCES["zgjssw"]
    found = list(
        itertools.islice(discover_wayback(fetcher, WAYBACK_URL, PREFIXES[0], limit=200), 200)
    )
    articles = select_articles(found, [source]).articles
    assert articles, "no article URL among the first 200 captures of the column"
    page = fetch_wayback(fetcher, WAYBACK_URL, articles[0].best)
    assert page.status == 200 and page.body
    assert b"wm-ipp" not in page.body  # the id_ form: no toolbar
    html, _ = decode_html(page.body, page.content_type)
    try:
        article = source.parse_article(html, page.original_url)
    except ParseError as refused:
        pytest.fail(f"an archived article page did not read: {refused} (update the goldens?)")
    assert article.title and article.body


def test_live_commoncrawl_lists_crawls_and_answers_for_the_column(fetcher: Fetcher) -> None:
    listed = fetch_collinfo(fetcher, CC_INDEX_URL)
    crawls = listed.crawls
    assert len(crawls) > 90 and crawls[0].starts_at is not None
    assert listed.bad == ()  # every crawl's index on the index host, every entry readable
    newest = crawls[0]
    found = list(itertools.islice(discover_crawl(fetcher, newest, PREFIXES[0]), 50))
    fetchable = [capture for capture in found if capture.fetchable]
    if fetchable:  # a crawl may hold none of the column: an answer, not an error
        page = fetch_commoncrawl(fetcher, CC_DATA_URL, fetchable[0])
        assert page.kind in ("response", "redirect")
        assert page.original_url == fetchable[0].original
