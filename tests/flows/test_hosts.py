"""Tier 3: hosts are fetched side by side, each at its own pace, and the columns of one host
take turns (issue 28 item 2).

Real sample servers on 127.0.0.1 (each its own host: politeness counts ports), a real
Fetcher, a real raw archive and the batch fetch every ingest uses. Times are the servers' own
(`time.monotonic()` of each request they answered). The checks are structural, with wide
margins: a fetch over three hosts takes about one host's time, not the sum of them.
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fetching.http import Fetcher
from fetching.raw_archive import RawArchive
from flows.stages import HostsDown, column_of, fetch_batch, paced_order
from parsers.models import ArticleRef
from tests.sample_site.server import Fault, RecordedRequest, SampleServer
from tests.sample_site.site import build_site

UA = "yzdaily-test"
DELAY = 1.0
PAGES_PER_HOST = 3
# Requests reach the server a little earlier or later than the Fetcher timed them.
JITTER = 0.05


def gaps(requests: list[RecordedRequest]) -> list[float]:
    return [later.time - earlier.time for earlier, later in itertools.pairwise(requests)]


def article_refs(server: SampleServer, count: int) -> list[ArticleRef]:
    return [ArticleRef(server.base_url + a.path, a.title) for a in server.site.articles[:count]]


@pytest.fixture
def three_hosts() -> Iterator[list[SampleServer]]:
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(SampleServer(build_site())) for _ in range(3)]


def test_hosts_are_fetched_side_by_side_each_no_faster_than_its_delay(
    three_hosts: list[SampleServer], tmp_path: Path
) -> None:
    # The work list as a run hands it over: one host's articles after another's.
    work = [ref for server in three_hosts for ref in article_refs(server, PAGES_PER_HOST)]
    with Fetcher(UA, delay=DELAY, timeout=5, retries=0) as fetcher:
        started = time.monotonic()
        batch = fetch_batch(fetcher, RawArchive(tmp_path / "raw"), paced_order(work), {})
        took = time.monotonic() - started
    assert batch.fatal is None and not batch.write.failures
    assert sorted(batch.write.settled) == sorted(ref.url for ref in work)
    # Each host: robots.txt, then its pages, each at least a delay after the one before.
    one_host = PAGES_PER_HOST * DELAY
    for server in three_hosts:
        assert server.requests[0].path == "/robots.txt"
        assert len(server.requests) == PAGES_PER_HOST + 1
        assert min(gaps(server.requests)) >= DELAY - JITTER, gaps(server.requests)
    # One host after another: each host's requests would start after the last one's ended.
    # Side by side: every host is asked while every other is (an order, not a timing, so a
    # loaded machine cannot make it fail), and the whole takes less than the sum.
    firsts = [server.requests[0].time for server in three_hosts]
    lasts = [server.requests[-1].time for server in three_hosts]
    assert max(firsts) < min(lasts), (firsts, lasts)
    assert took < 3 * one_host, took


def test_threads_sharing_one_host_keep_its_crawl_delay_retries_and_robots_included(
    tmp_path: Path,
) -> None:
    with SampleServer(build_site()) as server:
        # The host asks for 1 s, more than --delay: that is its pace.
        server.faults["/robots.txt"] = Fault(
            "replace", times=-1, body=b"User-agent: *\nCrawl-delay: 1\n"
        )
        refs = article_refs(server, 3)
        server.faults[refs[0].url.removeprefix(server.base_url)] = Fault("status", status=503)
        with Fetcher(UA, delay=0.1, timeout=5, retries=1) as fetcher:
            fetch = [threading.Thread(target=fetcher.get, args=(ref.url,)) for ref in refs]
            for thread in fetch:
                thread.start()
            for thread in fetch:
                thread.join()
            assert fetcher.pace(server.base_url) == 1.0
    paths = [r.path for r in server.requests]
    assert paths.count("/robots.txt") == 1  # fetched once, whichever thread came first
    assert len(paths) == 1 + len(refs) + 1  # and the one retry
    assert min(gaps(server.requests)) >= 1.0 - JITTER, gaps(server.requests)


def test_the_columns_of_one_host_take_turns(tmp_path: Path) -> None:
    with SampleServer(build_site()) as server:
        yangzhou = article_refs(server, 3)
        # Another city's column of the same host (the sample site does not serve it: 404s).
        nantong = [
            ArticleRef(f"{server.base_url}/shixianchuanzhen/nantong/202510/t20251022_{n}.shtml", "")
            for n in range(1, 4)
        ]
        # As a work list holds them: one column's links, then the other's.
        work = paced_order(yangzhou + nantong)
        with Fetcher(UA, delay=0, timeout=5, retries=0) as fetcher:
            batch = fetch_batch(fetcher, RawArchive(tmp_path / "raw"), work, {})
    asked = [r.path for r in server.requests if r.path != "/robots.txt"]
    columns = [path.split("/")[2] for path in asked]
    assert columns == ["yangzhou", "nantong"] * 3
    # Each column in its own order.
    assert [p for p in asked if "yangzhou" in p] == [
        ref.url.removeprefix(server.base_url) for ref in yangzhou
    ]
    assert {f.url for f in batch.write.failures} == {ref.url for ref in nantong}


def test_hosts_take_turns_in_the_work_list_and_each_keeps_its_order() -> None:
    a = [ArticleRef(f"http://a.example/news/202510/t{n}.shtml", "") for n in range(4)]
    b = [ArticleRef(f"http://b.example/news/202510/t{n}.shtml", "") for n in range(2)]
    assert paced_order(a + b) == [a[0], b[0], a[1], b[1], a[2], a[3]]


@pytest.mark.parametrize(
    ("url", "column"),
    [
        # A source's own name for its column.
        (
            "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202510/t20251022_1.shtml",
            "zgjssw:扬州",
        ),
        # Whatever host serves it (the sample site): each city column is named by the adapter.
        (
            "http://example.org/shixianchuanzhen/nantong/202510/t20251022_1.shtml",
            "zgjssw:南通",
        ),
        # Any other URL: its path up to the month (or day) folder.
        ("http://example.org/news/city/202510/t20251022_1.shtml", "/news/city/"),
        ("http://example.org/a/b/2025-10/22/content_1.htm", "/a/b/"),
        ("http://example.org/yaowen/20251022/1.html", "/yaowen/"),
        ("http://example.org/page.html", "/"),
        ("http://example.org/list/page.html", "/list/"),
    ],
)
def test_column_of(url: str, column: str) -> None:
    assert column_of(url) == column


def closed_port() -> int:
    """A loopback port nothing listens on: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_host_that_goes_away_ends_its_part_only(tmp_path: Path) -> None:
    gone = f"http://127.0.0.1:{closed_port()}"
    with SampleServer(build_site()) as server:
        live = article_refs(server, 4)
        away = [
            ArticleRef(f"{gone}/shixianchuanzhen/yangzhou/202510/t2025102{n}_9.shtml", "")
            for n in range(4)
        ]
        down = HostsDown()
        archive = RawArchive(tmp_path / "raw")
        with Fetcher(UA, delay=0, timeout=5, retries=0) as fetcher:
            first = fetch_batch(fetcher, archive, paced_order(live[:2] + away[:2]), {}, down)
            second = fetch_batch(fetcher, archive, paced_order(live[2:] + away[2:]), {}, down)
            alone = fetch_batch(fetcher, archive, away[2:], {}, down)
    # The live host's pages are all fetched; none of the gone host's leaves the frontier.
    assert first.write.settled == [ref.url for ref in live[:2]]
    assert second.write.settled == [ref.url for ref in live[2:]]
    assert first.fatal is None and second.fatal is None
    assert not first.write.failures and not second.write.failures
    assert down.reason(gone) is not None and "cannot reach" in (down.reason(gone) or "")
    # A batch of gone hosts only: nothing more can be done (the runner stops there).
    assert alone.fatal == down.reason(gone) and not alone.write.settled
