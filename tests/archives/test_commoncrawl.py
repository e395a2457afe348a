"""The Common Crawl client (fetching/web_archives.py) against the index and data emulators on
loopback, with real gzipped WARC files written by warcio from the sample sites' pages."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from fetching.http import Fetcher
from fetching.web_archives import (
    CaptureError,
    CrawlsFailed,
    DiscoveryError,
    discover_commoncrawl,
    discover_crawl,
    fetch_collinfo,
    fetch_commoncrawl,
)
from parsers.captures import Capture, parse_timestamp
from tests.archives.conftest import UA
from tests.sample_site.apiserver import Answer, ApiServer, Request
from tests.sample_site.commoncrawl import CommonCrawlServers, IndexedRecord
from tests.sample_site.history import EMPTY_CRAWLS, History
from tests.sample_site.wayback import surt

PREFIX = "www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/"
OLD_PREFIX = "zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/"


def expected(cc: CommonCrawlServers, prefix: str) -> list[tuple[str, str, str]]:
    """(crawl, url, timestamp) of every record the index holds under the prefix."""
    key = surt(prefix)
    return sorted(
        (r.crawl, r.snapshot.url, r.snapshot.timestamp)
        for r in cc.all_records()
        if r.urlkey.startswith(key)
    )


def index_queries(cc: CommonCrawlServers, crawl: str) -> list[str]:
    return [r.target for r in cc.index.requests if r.path == f"/{crawl}-index"]


def capture_of(record: IndexedRecord) -> Capture:
    line = record.line()
    return Capture(
        "commoncrawl",
        line["url"],
        parse_timestamp(line["timestamp"], "test"),
        status=int(line["status"]),
        mimetype=line["mime"],
        length=record.length,
        offset=record.offset,
        filename=record.filename,
        crawl=record.crawl,
    )


def test_collinfo_gives_every_crawl_with_an_absolute_index_api(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher
) -> None:
    crawls = fetch_collinfo(fetcher, commoncrawl.index_url).crawls
    assert [c.id for c in crawls] == [c.id for c in reversed(commoncrawl.crawls)]  # newest first
    assert all(c.cdx_api == f"{commoncrawl.index_url}/{c.id}-index" for c in crawls)
    undated = {c.id for c in crawls if c.starts_at is None and c.ends_at is None}
    assert undated == {"CC-MAIN-2017-13", "CC-MAIN-2019-35"}


@pytest.mark.parametrize(("prefix", "paged"), [(PREFIX, True), (OLD_PREFIX, False)])
def test_every_capture_is_discovered_once_across_pages_and_crawls(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher, prefix: str, paged: bool
) -> None:
    found = list(discover_commoncrawl(fetcher, commoncrawl.index_url, prefix))
    got = sorted((c.crawl or "", c.original, c.timestamp14) for c in found)
    assert got == expected(commoncrawl, prefix)
    assert len(set(got)) == len(got)  # once each
    # Some crawl's answer took several pages: the paging was used, not just page 0.
    pages = [
        len([t for t in index_queries(commoncrawl, c.id) if "&page=" in t])
        for c in commoncrawl.crawls
    ]
    assert (max(pages) >= 2) is paged


def test_a_crawl_without_captures_is_none_not_an_error(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher
) -> None:
    found = list(discover_commoncrawl(fetcher, commoncrawl.index_url, PREFIX))
    assert not any(c.crawl in EMPTY_CRAWLS for c in found)
    coarse, empty = EMPTY_CRAWLS
    # The coarse one counts a page, whose answer is the 404 "No Captures found for: ...".
    statuses = [r.status for r in commoncrawl.index.requests if r.path == f"/{coarse}-index"]
    assert statuses == [200, 404]
    assert "showNumPages=true" in index_queries(commoncrawl, coarse)[0]
    # The other counts none, and no page is asked.
    assert len(index_queries(commoncrawl, empty)) == 1


def test_only_crawls_that_may_hold_the_range_are_asked(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher
) -> None:
    since = date(2024, 1, 1)
    found = list(discover_commoncrawl(fetcher, commoncrawl.index_url, PREFIX, since))
    asked = {c.id for c in commoncrawl.crawls if index_queries(commoncrawl, c.id)}
    # The crawls ending before 2024 are not asked; those without a period are.
    assert asked == {"CC-MAIN-2024-10", "CC-MAIN-2026-08", "CC-MAIN-2017-13", "CC-MAIN-2019-35"}
    assert all("&from=20240101" in t for c in asked for t in index_queries(commoncrawl, c))
    assert found and all(c.timestamp14 >= "20240101" for c in found)
    assert {c.crawl for c in found} == {"CC-MAIN-2024-10", "CC-MAIN-2026-08"}


def test_a_429_is_waited_out_on_index_and_data(history: History, fetcher: Fetcher) -> None:
    with CommonCrawlServers(history, retry_after=1) as cc:
        found = list(discover_commoncrawl(fetcher, cc.index_url, PREFIX, date(2026, 1, 1)))
        page = fetch_commoncrawl(fetcher, cc.data_url, next(c for c in found if c.fetchable))
    assert page.kind == "response"
    for server in (cc.index, cc.data):
        asked = [r for r in server.requests if r.path not in ("/robots.txt", "/collinfo.json")]
        first, second = asked[:2]
        assert (first.status, first.target) == (429, second.target)
        assert second.status != 429 and second.time - first.time >= 1.0


def test_byte_ranges_read_into_the_pages_bytes(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher
) -> None:
    found = [
        c
        for prefix in (PREFIX, OLD_PREFIX)
        for c in discover_commoncrawl(fetcher, commoncrawl.index_url, prefix)
    ]
    records = {(r.snapshot.url, r.snapshot.timestamp): r for r in commoncrawl.all_records()}
    pages = 0
    for capture in found:
        record = records[(capture.original, capture.timestamp14)]
        if record.snapshot.kind in ("redirect", "revisit"):
            continue
        page = fetch_commoncrawl(fetcher, commoncrawl.data_url, capture)
        assert page.body == record.snapshot.body  # the page's bytes, in its own encoding
        assert (page.kind, page.status) == ("response", record.snapshot.status)
        assert page.content_type == record.snapshot.content_type
        assert page.captured_at == record.snapshot.at
        assert page.original_url == capture.original
        assert page.requested_url == f"{commoncrawl.data_url}/{record.filename}"
        pages += 1
    assert pages >= 20
    data = [r for r in commoncrawl.data.requests if r.path != "/robots.txt"]
    assert all(r.status == 206 for r in data)
    ranges = [r.headers["Range"] for r in data]
    fetched = [c for c in found if c.fetchable]
    assert ranges == [f"bytes={c.offset}-{(c.offset or 0) + (c.length or 0) - 1}" for c in fetched]
    assert len({r.path for r in data}) > 2  # several WARC files, several crawls


def record_of(cc: CommonCrawlServers, kind: str) -> IndexedRecord:
    return next(r for r in cc.all_records() if r.snapshot.kind == kind)


def test_a_redirect_record_is_reported_as_such(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher
) -> None:
    record = record_of(commoncrawl, "redirect")
    found = list(discover_commoncrawl(fetcher, commoncrawl.index_url, OLD_PREFIX))
    capture = next(c for c in found if c.is_redirect)
    assert capture.redirect == record.snapshot.location and not capture.fetchable
    page = fetch_commoncrawl(fetcher, commoncrawl.data_url, capture)
    assert (page.kind, page.status, page.location) == ("redirect", 301, record.snapshot.location)


def test_a_revisit_record_is_reported_as_such(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher
) -> None:
    record = record_of(commoncrawl, "revisit")
    page = fetch_commoncrawl(fetcher, commoncrawl.data_url, capture_of(record))
    assert (page.kind, page.body) == ("revisit", b"")
    assert record.snapshot.refers_to is not None
    assert page.refers_to == record.snapshot.refers_to.url


def test_a_capture_whose_location_is_wrong_is_that_captures_failure(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher
) -> None:
    first, second = [r for r in commoncrawl.all_records() if r.snapshot.kind == "article"][:2]
    capture = capture_of(first)
    cases = [
        # Another capture's record: the index and the file disagree.
        (
            replace(capture, offset=second.offset, length=second.length, filename=second.filename),
            "the index and the file disagree",
        ),
        (replace(capture, offset=(capture.offset or 0) + 10), "not a readable WARC record"),
        (
            replace(capture, length=(capture.length or 0) // 2),
            "not a readable WARC record|truncated",
        ),
        (replace(capture, filename="crawl-data/CC-MAIN-1999-01/none.warc.gz"), "HTTP 404"),
        (replace(capture, offset=None), "no WARC file, offset and length"),
        (replace(capture, offset=10**9), "HTTP 416"),
    ]
    for wrong, message in cases:
        with pytest.raises(CaptureError, match=message) as failed:
            fetch_commoncrawl(fetcher, commoncrawl.data_url, wrong)
        assert failed.value.capture == wrong
    # The right one still reads: one capture's failure is no one else's.
    assert fetch_commoncrawl(fetcher, commoncrawl.data_url, capture).body == first.snapshot.body


@pytest.fixture
def whole_file_server(commoncrawl: CommonCrawlServers) -> Iterator[ApiServer]:
    # A data server that ignores Range and sends the whole file (a 200).
    def respond(request: Request) -> Answer:
        data = commoncrawl.warcs.get(request.path.lstrip("/"))
        return Answer(404) if data is None else Answer(200, data, "application/octet-stream")

    with ApiServer(respond) as server:
        yield server


def test_a_data_server_ignoring_the_range_still_gives_the_record(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher, whole_file_server: ApiServer
) -> None:
    record = next(r for r in commoncrawl.all_records() if r.snapshot.kind == "article")
    page = fetch_commoncrawl(fetcher, whole_file_server.base_url, capture_of(record))
    assert page.body == record.snapshot.body


def test_the_data_hosts_robots_txt_is_honoured(history: History, fetcher: Fetcher) -> None:
    robots = "User-agent: *\nDisallow: /crawl-data/CC-MAIN-2021-04/\n"
    with CommonCrawlServers(history, retry_after=None, data_robots=robots) as cc:
        barred = next(r for r in cc.all_records() if r.crawl == "CC-MAIN-2021-04")
        free = next(r for r in cc.all_records() if r.crawl == "CC-MAIN-2024-10")
        with pytest.raises(CaptureError, match=r"robots\.txt") as refused:
            fetch_commoncrawl(fetcher, cc.data_url, capture_of(barred))
        assert fetch_commoncrawl(fetcher, cc.data_url, capture_of(free)).body
    assert refused.value.permanent
    assert not any("CC-MAIN-2021-04" in r.path for r in cc.data.requests)


def test_requests_are_spaced_per_archive_host(history: History) -> None:
    delay = 0.3
    with (
        CommonCrawlServers(history, retry_after=None) as cc,
        Fetcher(UA, delay=delay, timeout=5, retries=0) as polite,
    ):
        found = list(discover_commoncrawl(polite, cc.index_url, PREFIX, date(2024, 1, 1)))
        for capture in [c for c in found if c.fetchable][:3]:
            fetch_commoncrawl(polite, cc.data_url, capture)
    for server in (cc.index, cc.data):
        times = [r.time for r in server.requests]
        assert len(times) >= 4
        assert min(b - a for a, b in itertools.pairwise(times)) >= delay - 0.1
    # Per host: the data host's first request did not wait for the index host's last one.
    assert cc.data.requests[0].time - cc.index.requests[-1].time < delay


def _index_with(crawls: dict[str, Answer]) -> ApiServer:
    """An index whose collinfo lists these crawls, each answering its page count so."""
    holder: list[ApiServer] = []

    def respond(request: Request) -> Answer:
        base = holder[0].base_url
        if request.path == "/robots.txt":
            return Answer(404)
        if request.path == "/collinfo.json":
            listed = [{"id": c, "name": c, "cdx-api": f"{base}/{c}-index"} for c in crawls]
            return Answer(200, json.dumps(listed).encode(), "application/json")
        crawl = request.path.removeprefix("/").removesuffix("-index")
        if request.param("showNumPages") == "true":
            return crawls[crawl]
        line = {"url": "https://www.zgjssw.gov.cn/a", "timestamp": "20240101000000"}
        return Answer(200, json.dumps(line).encode(), "text/x-ndjson")

    server = ApiServer(respond)
    holder.append(server)
    return server


def test_a_failing_crawl_does_not_stop_the_others(fetcher: Fetcher) -> None:
    crawls = {
        "CC-MAIN-2024-10": Answer(200, b"<html>oops</html>", "text/html"),
        "CC-MAIN-2024-18": Answer(200, b'{"pages": 1}', "application/json"),
    }
    found: list[Capture] = []
    with _index_with(crawls) as server, pytest.raises(CrawlsFailed) as failed:
        found.extend(discover_commoncrawl(fetcher, server.base_url, PREFIX))
    assert [c.crawl for c in found] == ["CC-MAIN-2024-18"]
    (failure,) = failed.value.failures
    assert "CC-MAIN-2024-10" in failure.reason and "page count" in failure.reason


def test_a_broken_collinfo_is_a_discovery_error(fetcher: Fetcher) -> None:
    def respond(request: Request) -> Answer:
        return Answer(404) if request.path == "/robots.txt" else Answer(200, b"[{}]")

    with ApiServer(respond) as server, pytest.raises(DiscoveryError, match="has no id"):
        list(discover_commoncrawl(fetcher, server.base_url, PREFIX))


def test_one_crawl_can_be_asked_alone(commoncrawl: CommonCrawlServers, fetcher: Fetcher) -> None:
    crawl = next(
        c
        for c in fetch_collinfo(fetcher, commoncrawl.index_url).crawls
        if c.id == "CC-MAIN-2021-04"
    )
    found = list(discover_crawl(fetcher, crawl, PREFIX))
    assert found and {c.crawl for c in found} == {"CC-MAIN-2021-04"}
