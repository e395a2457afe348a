"""Politeness toward the archives holds for every request (issue 25 item 5): a retry waits
for the host's delay like any request, and a robots.txt that urllib.robotparser would raise
on (a 5,000-digit Crawl-delay, `Disallow: http://[x/`) costs its bad lines, not the run.

Times are the servers' own (`time.monotonic()` of each request they answered)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from fetching.http import Fetcher, politeness_key, robots_lines
from fetching.web_archives import discover_commoncrawl, discover_wayback, fetch_wayback
from tests.archives.conftest import UA
from tests.sample_site.commoncrawl import CommonCrawlServers
from tests.sample_site.history import History
from tests.sample_site.server import RecordedRequest
from tests.sample_site.wayback import WaybackServer

PREFIX = "www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/"
DELAY = 0.3


def gaps(requests: list[RecordedRequest]) -> list[float]:
    times = [request.time for request in requests]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_a_retry_waits_for_the_archive_hosts_delay(history: History) -> None:
    # `Retry-After: 0` on the first request of each kind: urllib3 retries at once (no backoff
    # before a first retry), 15 ms later, unless the Fetcher makes the retry wait its turn.
    with (
        WaybackServer(history, retry_after=0) as wayback,
        Fetcher(UA, delay=DELAY, timeout=5, retries=2) as polite,
    ):
        found = list(discover_wayback(polite, wayback.base_url, PREFIX, date(2015, 1, 1)))
        fetch_wayback(polite, wayback.base_url, found[0])
    statuses = [r.status for r in wayback.requests]
    assert statuses.count(429) == 2  # one CDX query and one replay were retried
    assert min(gaps(wayback.requests)) >= DELAY - 0.05, gaps(wayback.requests)


def test_a_retried_index_query_waits_for_the_index_hosts_delay(history: History) -> None:
    with (
        CommonCrawlServers(history, retry_after=0, throttle=("index",)) as cc,
        Fetcher(UA, delay=DELAY, timeout=5, retries=2) as polite,
    ):
        list(discover_commoncrawl(polite, cc.index_url, PREFIX, date(2024, 1, 1)))
    assert [r.status for r in cc.index.requests].count(429) == 1
    assert min(gaps(cc.index.requests)) >= DELAY - 0.05, gaps(cc.index.requests)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://web.archive.org/cdx", "web.archive.org"),
        ("http://WEB.archive.org:80/web/x", "web.archive.org"),  # one host, two schemes
        ("https://web.archive.org:443/", "web.archive.org"),
        ("http://127.0.0.1:8001/x", "127.0.0.1:8001"),
        ("http://127.0.0.1:8002/x", "127.0.0.1:8002"),  # each emulator its own host
    ],
)
def test_politeness_counts_hosts_not_schemes(url: str, key: str) -> None:
    assert politeness_key(url) == key


HOSTILE_ROBOTS = (
    "User-agent: *\n"
    f"Crawl-delay: {'9' * 5000}\n"  # int() past Python's 4,300-digit limit: ValueError
    "Request-rate: ²/5\n"  # str.isdigit() takes `²`, int() does not
    "Disallow: http://[x/\n"  # urlparse: Invalid IPv6 URL
    "Disallow: /web/2020\n"
)


def test_a_robots_txt_the_parser_would_raise_on_costs_its_bad_lines_only(
    history: History, fetcher: Fetcher
) -> None:
    with WaybackServer(history, retry_after=None, robots=HOSTILE_ROBOTS) as wayback:
        found = list(discover_wayback(fetcher, wayback.base_url, PREFIX))
        assert found  # the index was asked and read
        of_2020 = next(c for c in found if c.timestamp14.startswith("2020"))
        of_2021 = next(c for c in found if c.timestamp14.startswith("2021"))
        assert not fetcher.allowed(f"{wayback.base_url}/web/{of_2020.timestamp14}id_/x")
        assert fetch_wayback(fetcher, wayback.base_url, of_2021).status == 200
    assert not any(r.path.startswith("/web/2020") for r in wayback.requests)


def test_robots_lines_keeps_every_line_it_can_read() -> None:
    kept = robots_lines(HOSTILE_ROBOTS + "Crawl-delay: 5\nCrawl-delay: 0.5\nSitemap: /s.xml\n")
    assert kept == [
        "User-agent: *",
        "Disallow: /web/2020",
        "Crawl-delay: 5",
        "Crawl-delay: 0.5",  # not a number to it: passed over, as before
        "Sitemap: /s.xml",
    ]
    assert len(robots_lines("Disallow: /x\n" * 100_000)) < 100_000  # read up to 500 KiB
