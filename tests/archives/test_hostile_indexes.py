"""Hostile web archive indexes against the discovery of a backfill (fetching/web_archives.py):
one bad entry costs that entry (issue 25 item 3), an index is asked only on its own host
(item 5), and discovery is bounded per host and run and read on by the next (issue 30 item 3).

The emulators on loopback answer as the archives do, with a test's faults injected
(`WaybackServer.cdx_hook`, `CommonCrawlServers.line_hook` and `extra_collinfo`).
"""

from __future__ import annotations

import gzip
import json
import tracemalloc
from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from config.settings import Settings, build_settings
from fetching.http import Fetcher
from fetching.web_archives import (
    CaptureError,
    CrawlsFailed,
    IndexReading,
    IndexStopped,
    build_archive_fetcher,
    discover_commoncrawl,
    discover_source_captures,
    discover_wayback,
    fetch_commoncrawl,
    index_walk_key,
)
from parsers.captures import Capture, parse_timestamp
from parsers.sources import SOURCES
from tests.sample_site.apiserver import Answer, ApiServer, Request
from tests.sample_site.commoncrawl import CommonCrawlServers, IndexedRecord
from tests.sample_site.history import History
from tests.sample_site.wayback import DEFAULT_FIELDS, WaybackServer
from warehouse.frontier import Walk

ZGJSSW = SOURCES["zgjssw"]
NEW_PREFIX, OLD_PREFIX = ZGJSSW.archive_prefixes()
SINCE = date(2015, 1, 1)
FIVE_THOUSAND_DIGITS = "9" * 5000
NESTED = "[" * 200_000 + "]" * 200_000
JSON_TYPE = "application/json"


def settings_for(
    wayback: WaybackServer | None = None,
    commoncrawl: CommonCrawlServers | None = None,
    **more: object,
) -> Settings:
    archives = (("wayback",) if wayback else ()) + (("commoncrawl",) if commoncrawl else ())
    endpoints: dict[str, object] = {}
    if wayback is not None:
        endpoints["wayback_url"] = wayback.base_url
    if commoncrawl is not None:
        endpoints["cc_index_url"] = commoncrawl.index_url
        endpoints["cc_data_url"] = commoncrawl.data_url
    return build_settings({}, archives=archives, since=SINCE, delay=0.0, **endpoints, **more)


def prefix_of(request: Request) -> str:
    return (request.param("url") or "").rstrip("*")


def with_bad_row(wayback: WaybackServer, request: Request, row: list[str]) -> Answer:
    """The emulator's own answer to the query, with `row` among its rows (second)."""
    answer = wayback.cdx(request)
    rows = json.loads(answer.body)
    rows.insert(2, row)
    return Answer(200, json.dumps(rows).encode(), JSON_TYPE)


# --- one bad entry costs that entry ------------------------------------------------------------


def test_bad_cdx_rows_and_a_nested_answer_cost_themselves_not_the_discovery(
    wayback: WaybackServer, history: History
) -> None:
    article = "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202103/t20210301_1.shtml"
    absurd = ["cn,gov,zgjssw)/x", "20210301000000", article, "text/html", "200", "D", ""]
    absurd[DEFAULT_FIELDS.index("length")] = FIVE_THOUSAND_DIGITS

    def hostile(request: Request) -> Answer | None:
        if prefix_of(request) == OLD_PREFIX:
            return Answer(200, NESTED.encode(), JSON_TYPE)  # RecursionError in Python's json
        if request.param("resumeKey") is None:
            return with_bad_row(wayback, request, absurd)
        return None

    wayback.cdx_hook = hostile
    settings = settings_for(wayback)
    with build_archive_fetcher(settings) as fetcher:
        found = discover_source_captures(fetcher, settings, ZGJSSW)
    failures = {failure.url: failure for failure in found.write.failures}
    first_page = f"{index_walk_key(settings, 'wayback', NEW_PREFIX)}#cdx-row-3"
    assert failures[first_page].stage == "discover" and not failures[first_page].permanent
    assert "length has 5,000 digits" in failures[first_page].reason
    assert article in failures[first_page].reason  # which capture was lost
    nested = index_walk_key(settings, "wayback", OLD_PREFIX)
    assert "nested more than 8 levels deep" in failures[nested].reason
    assert len(failures) == 2 and all(len(f.reason) < 400 for f in failures.values())
    # The other rows of the new host's answer stand: its articles are all selected.
    new_host = {
        ZGJSSW.article_id(s.url)
        for s in history.wayback
        if s.kind == "article" and s.url.startswith("https://www.zgjssw.gov.cn/")
    }
    assert new_host and new_host <= {a.article_id for a in found.selection.articles}
    assert any("could not be read" in warning for warning in found.warnings)


def test_a_later_discovery_that_reads_the_entry_clears_its_failure(
    wayback: WaybackServer,
) -> None:
    settings = settings_for(wayback)
    bad = f"{index_walk_key(settings, 'wayback', NEW_PREFIX)}#cdx-row-3"
    with build_archive_fetcher(settings) as fetcher:
        found = discover_source_captures(fetcher, settings, ZGJSSW, failing={bad})
    assert bad in found.write.succeeded and not found.write.failures


def test_bad_index_lines_cost_themselves_and_other_hosts_are_never_asked(
    commoncrawl: CommonCrawlServers, history: History
) -> None:
    lost: list[str] = []

    def hostile(record: IndexedRecord, text: str) -> str:
        if not lost and record.snapshot.kind == "article":
            lost.append(record.snapshot.url)
            return text.replace(f'"offset": "{record.offset}"', f'"offset": {"7" * 5000}')
        return text

    with ApiServer(lambda request: Answer(200, b'{"pages": 1}', JSON_TYPE)) as elsewhere:
        commoncrawl.line_hook = hostile
        commoncrawl.extra_collinfo = [
            {"id": "CC-MAIN-2099-01", "name": "x", "cdx-api": f"{elsewhere.base_url}/x-index"},
            {"id": "CC-MAIN-2099-02", "name": "y", "cdx-api": "javascript:alert(1)"},
            {"id": ["CC-MAIN-2099-03"], "cdx-api": f"{commoncrawl.index_url}/z-index"},
        ]
        settings = settings_for(commoncrawl=commoncrawl)
        with build_archive_fetcher(settings) as fetcher:
            found = discover_source_captures(fetcher, settings, ZGJSSW)
        assert elsewhere.requests == []  # the list pointed there; the run did not go
    reasons = {failure.url.rsplit("/", 1)[-1]: failure.reason for failure in found.write.failures}
    elsewhere_reason = reasons["collinfo.json#collinfo.json-crawl-cc-main-2099-01"]
    assert "names an index elsewhere" in elsewhere_reason and elsewhere.base_url in elsewhere_reason
    assert "javascript" in reasons["collinfo.json#collinfo.json-crawl-cc-main-2099-02"]
    entries = len(commoncrawl.collinfo())
    assert "has no id" in reasons[f"collinfo.json#collinfo.json-entry-{entries}"]
    line = next(f for f in found.write.failures if "#index-line-" in f.url)
    assert "offset is a number of 5,000 digits" in line.reason and lost[0] in line.reason
    assert found.selection.articles  # every other line of every crawl was read


def test_crawls_failed_names_a_bad_collinfo_entry(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher
) -> None:
    commoncrawl.extra_collinfo = [{"id": "CC-MAIN-2099-01", "cdx-api": "http://[x/"}]
    with pytest.raises(CrawlsFailed) as failed:
        list(discover_commoncrawl(fetcher, commoncrawl.index_url, NEW_PREFIX))
    (failure,) = failed.value.failures
    assert failure.url.endswith("collinfo.json#collinfo.json-crawl-cc-main-2099-01")


# --- bounded discovery -------------------------------------------------------------------------


class EndlessIndex:
    """A CDX server that never stops: `rows` rows a page, a new resume key on every page."""

    def __init__(self, rows: int, url: str = "http://www.zgjssw.gov.cn/img/{n}.jpg") -> None:
        self.rows = rows
        self.url = url
        self.keys: list[str | None] = []  # the resume key each query came with

    def __call__(self, request: Request) -> Answer:
        key = request.param("resumeKey")
        self.keys.append(key)
        page = int(key.removeprefix("page-")) if key else 0
        rows: list[list[str]] = [["timestamp", "original", "statuscode"]]
        for n in range(page * self.rows, (page + 1) * self.rows):
            rows.append(["20210301000000", self.url.format(n=n), "200"])
        rows += [[], [f"page-{page + 1}"]]
        return Answer(200, json.dumps(rows).encode(), JSON_TYPE)


@pytest.fixture
def endless(wayback: WaybackServer) -> Iterator[EndlessIndex]:
    index = EndlessIndex(rows=200)
    wayback.cdx_hook = index
    yield index


def test_an_endless_index_stops_at_the_runs_page_bound_and_says_so(
    wayback: WaybackServer, endless: EndlessIndex
) -> None:
    settings = settings_for(wayback, max_index_pages=5)
    with build_archive_fetcher(settings) as fetcher:
        found = discover_source_captures(fetcher, settings, ZGJSSW)
    assert len(endless.keys) == 5  # the bound is per host and run: both prefixes share it
    (stopped, not_asked) = found.warnings
    assert "stopped after 5 index requests" in stopped and "YZDAILY_MAX_INDEX_PAGES" in stopped
    assert "next backfill reads on" in stopped and "stopped after" in not_asked
    assert not found.write.failures  # a bound is no fault of the archive
    (walk,) = found.walks.values()  # the prefix never asked keeps whatever it had
    assert walk == Walk(complete=False, resume_after="page-5")
    assert found.captures == 5 * endless.rows and found.selection.count("not_article") == 1000


def test_the_row_bound_stops_too(wayback: WaybackServer, endless: EndlessIndex) -> None:
    settings = settings_for(wayback, max_index_rows=500)
    with build_archive_fetcher(settings) as fetcher:
        found = discover_source_captures(fetcher, settings, ZGJSSW)
    assert len(endless.keys) == 3  # 600 rows read: past 500, no page more
    assert "600 index rows" in found.warnings[0] and "YZDAILY_MAX_INDEX_ROWS" in found.warnings[0]


def test_the_next_run_reads_on_where_the_bound_stopped(
    wayback: WaybackServer, endless: EndlessIndex
) -> None:
    settings = settings_for(wayback, max_index_pages=3)
    with build_archive_fetcher(settings) as fetcher:
        first = discover_source_captures(fetcher, settings, ZGJSSW)
        second = discover_source_captures(fetcher, settings, ZGJSSW, walks=first.walks)
    # The first run asked the new host's prefix; the second asks the other first (never
    # walked), then reads on from page 3 where the first stopped.
    assert endless.keys[:3] == [None, "page-1", "page-2"]
    assert endless.keys[3:] == [None, "page-1", "page-2"]
    asked = [parse_qs(urlsplit(r.target).query)["url"][0] for r in wayback.requests_of("cdx")]
    assert asked == [f"{NEW_PREFIX}*"] * 3 + [f"{OLD_PREFIX}*"] * 3
    walks = {**first.walks, **second.walks}
    assert {w.resume_after for w in walks.values()} == {"page-3"}
    resumed: list[Capture] = []
    with Fetcher("t", delay=0) as fetcher, pytest.raises(IndexStopped) as stop:
        resumed.extend(
            discover_wayback(
                fetcher,
                wayback.base_url,
                NEW_PREFIX,
                SINCE,
                reading=IndexReading(max_pages=1),
                resume_key="page-3",
            )
        )
    assert endless.keys[-1] == "page-3" and len(resumed) == endless.rows
    assert stop.value.resume_after == "page-4"


def test_a_repeating_resume_key_stops_the_walk_as_a_failure(wayback: WaybackServer) -> None:
    index = EndlessIndex(rows=2)
    wayback.cdx_hook = lambda request: index(Request(*_without_key(request)))
    settings = settings_for(wayback)
    with build_archive_fetcher(settings) as fetcher:
        found = discover_source_captures(fetcher, settings, ZGJSSW)
    assert all("resume key repeats" in failure.reason for failure in found.write.failures)
    assert len(found.write.failures) == 2 and len(index.keys) == 4  # two pages a prefix


def _without_key(request: Request) -> tuple[str, str, str, dict[str, list[str]], dict[str, str]]:
    """The request as if it came without its resume key: the index answers page 0 again."""
    query = {name: values for name, values in request.query.items() if name != "resumeKey"}
    return (request.method, request.target, request.path, query, dict(request.headers))


def test_what_discovery_leaves_out_is_counted_not_held(wayback: WaybackServer) -> None:
    # 20 pages of 2,000 rows, none an article: held, they would take tens of megabytes.
    index = EndlessIndex(rows=2000)
    wayback.cdx_hook = index
    settings = settings_for(wayback, max_index_pages=20)
    with build_archive_fetcher(settings) as fetcher:
        tracemalloc.start()
        try:
            found = discover_source_captures(fetcher, settings, ZGJSSW)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert found.captures == 40_000 and found.selection.count("not_article") == 40_000
    assert found.selection.articles == ()
    assert peak < 16 * 1024 * 1024, f"{peak:,} bytes at the peak"


def test_an_index_stopped_before_a_prefix_is_asked_keeps_its_walk(
    wayback: WaybackServer, endless: EndlessIndex
) -> None:
    settings = settings_for(wayback, max_index_pages=1)
    reading = IndexReading(max_pages=1)
    reading.pages[urlsplit(wayback.base_url).netloc] = 1  # spent by another source
    earlier = {index_walk_key(settings, "wayback", NEW_PREFIX): Walk(False, "page-7")}
    with build_archive_fetcher(settings) as fetcher:
        found = discover_source_captures(fetcher, settings, ZGJSSW, reading=reading, walks=earlier)
        with pytest.raises(IndexStopped) as stopped:
            next(discover_wayback(fetcher, wayback.base_url, NEW_PREFIX, reading=reading))
    assert endless.keys == []  # nothing asked: the walk stays where it was
    assert found.walks == earlier and "stopped after 1 index requests" in found.warnings[0]
    assert stopped.value.resume_after is None


@pytest.mark.parametrize(
    "filename",
    ["//elsewhere.example/x.warc.gz", "../../etc/passwd", "crawl-data/../../x", "a?b", "@evil/x"],
)
def test_a_warc_file_the_index_names_off_the_data_host_is_never_asked(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher, filename: str
) -> None:
    record = next(r for r in commoncrawl.all_records() if r.snapshot.kind == "article")
    line = record.line()
    capture = Capture(
        "commoncrawl",
        line["url"],
        parse_timestamp(line["timestamp"], "test"),
        status=200,
        length=record.length,
        offset=record.offset,
        filename=filename,
    )
    with pytest.raises(CaptureError, match="no path on the data host") as refused:
        fetch_commoncrawl(fetcher, commoncrawl.data_url, capture)
    assert refused.value.permanent and commoncrawl.data.requests == []


# --- WARC records -------------------------------------------------------------------------------

WARC_HEAD = (
    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
    b"WARC-Date: 2021-03-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
    b"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
)
HTTP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>hi</html>"


@pytest.mark.parametrize(
    ("length", "said"),
    [
        (b"99999999999999999999", "OverflowError"),  # warcio: cannot fit 'int' into an index
        (b"9" * 5000, "not a response"),
        (b"-5", "not a response"),
    ],
)
def test_a_warc_record_with_absurd_headers_is_that_captures_failure(
    commoncrawl: CommonCrawlServers, fetcher: Fetcher, length: bytes, said: str
) -> None:
    url = "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202103/t20210301_1.shtml"
    head = WARC_HEAD.replace(b"{url}", url.encode()).replace(b"{length}", length)
    record = gzip.compress(head + HTTP + b"\r\n\r\n")
    commoncrawl.warcs["crawl-data/hostile.warc.gz"] = record
    capture = Capture(
        "commoncrawl",
        url,
        parse_timestamp("20210301000000", "test"),
        status=200,
        length=len(record),
        offset=0,
        filename="crawl-data/hostile.warc.gz",
    )
    with pytest.raises(CaptureError, match=said) as failed:
        fetch_commoncrawl(fetcher, commoncrawl.data_url, capture)
    assert failed.value.permanent and len(failed.value.reason) <= 300
