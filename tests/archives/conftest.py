"""The web archive emulators on loopback (tests/sample_site/wayback.py, commoncrawl.py) over
the sample sites' past (tests/sample_site/history.py), and a Fetcher for them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fetching.http import Fetcher
from tests.sample_site.commoncrawl import CommonCrawlServers
from tests.sample_site.history import History, build_history
from tests.sample_site.wayback import WaybackServer

UA = "yzdaily-test/1.0 (+https://example.invalid)"


@pytest.fixture(scope="session")
def history() -> History:
    return build_history()


@pytest.fixture
def wayback(history: History) -> Iterator[WaybackServer]:
    # No 429 unless a test asks for one: each costs its Retry-After in real time.
    with WaybackServer(history, retry_after=None) as server:
        yield server


@pytest.fixture
def commoncrawl(history: History) -> Iterator[CommonCrawlServers]:
    with CommonCrawlServers(history, retry_after=None) as servers:
        yield servers


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(UA, delay=0, timeout=5, retries=2) as client:
        yield client
