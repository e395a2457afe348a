"""The Wayback client (fetching/web_archives.py) against the Wayback emulator on loopback."""

from __future__ import annotations

import itertools
import json
import socket
from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

import fetching.http
from fetching.http import Fetcher
from fetching.web_archives import CaptureError, DiscoveryError, discover_wayback, fetch_wayback
from parsers.captures import Capture, parse_timestamp
from tests.archives.conftest import UA
from tests.sample_site.apiserver import Answer, ApiServer, Request
from tests.sample_site.history import ZGJSSW_NEW, ZGJSSW_OLD, History, Snapshot
from tests.sample_site.wayback import WaybackServer, surt

PREFIX = "www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/"
OLD_PREFIX = "zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/"


def expected_urls(history: History, prefix: str, since: str = "", until: str = "9") -> list[str]:
    """What the CDX must list: each URL's first 200 capture under the prefix, in key order."""
    key = surt(prefix)
    first: dict[str, Snapshot] = {}
    for snapshot in sorted(history.wayback, key=lambda s: (surt(s.url), s.listed_timestamp)):
        stamp = snapshot.listed_timestamp
        under = surt(snapshot.url).startswith(key) and snapshot.status == 200
        if under and since <= stamp <= until.ljust(14, "9"):
            first.setdefault(surt(snapshot.url), snapshot)
    return [snapshot.url for snapshot in first.values()]


def capture_of(snapshot: Snapshot) -> Capture:
    return Capture("wayback", snapshot.url, parse_timestamp(snapshot.listed_timestamp, "test"))


@pytest.mark.parametrize("prefix", [PREFIX, OLD_PREFIX])
def test_every_capture_is_discovered_once_across_resume_pages(
    wayback: WaybackServer, fetcher: Fetcher, history: History, prefix: str
) -> None:
    found = list(discover_wayback(fetcher, wayback.base_url, prefix, date(2015, 1, 1), None))
    expected = expected_urls(history, prefix, "20150101")
    assert [c.original for c in found] == expected
    assert len(expected) > 3 * wayback.page_size  # the answer took several pages
    assert all(c.archive == "wayback" and c.status == 200 for c in found)
    asked = [parse_qs(urlsplit(r.target).query) for r in wayback.requests_of("cdx")]
    assert len(asked) == -(-len(expected) // wayback.page_size)
    assert "resumeKey" not in asked[0] and all("resumeKey" in q for q in asked[1:])


def test_the_query_is_the_issues(wayback: WaybackServer, fetcher: Fetcher) -> None:
    list(discover_wayback(fetcher, wayback.base_url, PREFIX, date(2019, 1, 1), date(2020, 12, 31)))
    first = wayback.requests_of("cdx")[0].target
    assert first == (
        "/cdx/search/cdx?url=www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/*&output=json"
        "&from=20190101&to=20201231&filter=statuscode:200&collapse=urlkey&showResumeKey=true"
    )


def test_from_and_to_narrow_the_captures(
    wayback: WaybackServer, fetcher: Fetcher, history: History
) -> None:
    found = list(
        discover_wayback(fetcher, wayback.base_url, PREFIX, date(2021, 1, 1), date(2022, 6, 30))
    )
    expected = expected_urls(history, PREFIX, "20210101", "20220630")
    assert [c.original for c in found] == expected and expected
    assert all("20210101" <= c.timestamp14 <= "20220630235959" for c in found)


def test_a_429_is_waited_out_for_its_retry_after(history: History, fetcher: Fetcher) -> None:
    with WaybackServer(history, retry_after=1) as wayback:
        found = list(discover_wayback(fetcher, wayback.base_url, PREFIX, date(2015, 1, 1)))
        capture = found[0]
        page = fetch_wayback(fetcher, wayback.base_url, capture)
    assert found and page.status == 200
    for kind in ("cdx", "replay"):
        first, second = wayback.requests_of(kind)[:2]
        assert first.status == 429 and second.status != 429
        assert second.target == first.target  # the same request, asked again
        assert second.time - first.time >= 1.0


def test_a_retry_after_beyond_the_bound_fails_the_query_for_now(
    history: History, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An archive asking for longer than MAX_RETRY_AFTER is not slept out (issue 13): the query
    # fails now, says so, and a later run asks again.
    monkeypatch.setattr(fetching.http, "MAX_RETRY_AFTER", 0.3)
    with (
        WaybackServer(history, retry_after=30) as wayback,
        pytest.raises(DiscoveryError, match="tried again next run"),
    ):
        list(discover_wayback(fetcher, wayback.base_url, PREFIX, date(2015, 1, 1)))
    assert [r.status for r in wayback.requests_of("cdx")] == [429]


def test_a_capture_is_its_bytes_as_served(
    wayback: WaybackServer, fetcher: Fetcher, history: History
) -> None:
    snapshots = [s for s in history.wayback if s.kind == "article" and not s.indexed_at][:6]
    for snapshot in snapshots:
        page = fetch_wayback(fetcher, wayback.base_url, capture_of(snapshot))
        assert page.body == snapshot.body  # byte for byte, no toolbar, in its own encoding
        assert page.content_type == snapshot.content_type
        assert (page.kind, page.status, page.captured_at) == ("response", 200, snapshot.at)
        assert page.original_url == snapshot.url
        assert page.requested_url == page.archive_url
        assert (
            page.requested_url == f"{wayback.base_url}/web/{snapshot.timestamp}id_/{snapshot.url}"
        )
    assert {s.content_type for s in snapshots} > {"text/html; charset=utf-8"}  # GB pages too


def test_a_replay_redirect_to_a_nearby_time_is_followed(
    wayback: WaybackServer, fetcher: Fetcher, history: History
) -> None:
    (drifted,) = history.drifted
    listed = next(
        c for c in discover_wayback(fetcher, wayback.base_url, PREFIX) if c.original == drifted.url
    )
    assert listed.timestamp14 == drifted.listed_timestamp != drifted.timestamp
    page = fetch_wayback(fetcher, wayback.base_url, listed)
    assert page.body == drifted.body
    assert page.captured_at == drifted.at  # the time of the capture served, not the listed one
    assert page.archive_url == f"{wayback.base_url}/web/{drifted.timestamp}id_/{drifted.url}"
    replays = wayback.requests_of("replay")
    assert [r.status for r in replays] == [302, 200]


@pytest.fixture
def elsewhere() -> Iterator[ApiServer]:
    with ApiServer(lambda request: Answer(200, b"<html>not a capture</html>")) as server:
        yield server


def test_a_replay_redirect_to_another_host_is_refused(
    wayback: WaybackServer, fetcher: Fetcher, history: History, elsewhere: ApiServer
) -> None:
    snapshot = next(s for s in history.wayback if s.kind == "article")
    location = f"{elsewhere.base_url}{snapshot.path}"
    wayback.replay_redirects[f"/web/{snapshot.timestamp}id_/{snapshot.url}"] = location
    with pytest.raises(CaptureError, match="not followed") as refused:
        fetch_wayback(fetcher, wayback.base_url, capture_of(snapshot))
    assert refused.value.capture.original == snapshot.url and refused.value.permanent
    assert elsewhere.requests == []  # never asked


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("{base}/web/{ts}id_/{other}", "another page"),
        ("{base}/web/{ts}/{url}", "not to a capture as served"),  # the page with a toolbar
        ("{base}/web/{ts}im_/{url}", "not to a capture as served"),
    ],
)
def test_a_replay_redirect_on_the_archive_to_something_else_is_refused(
    wayback: WaybackServer, fetcher: Fetcher, history: History, target: str, message: str
) -> None:
    article = next(s for s in history.wayback if s.kind == "article")
    other = next(s for s in history.wayback if s.kind == "article" and s.path != article.path)
    wayback.replay_redirects[f"/web/{article.timestamp}id_/{article.url}"] = target.format(
        base=wayback.base_url, ts=article.timestamp, other=other.url, url=article.url
    )
    with pytest.raises(CaptureError, match=message):
        fetch_wayback(fetcher, wayback.base_url, capture_of(article))


def test_a_site_fetcher_is_refused_for_the_archive(
    wayback: WaybackServer, history: History
) -> None:
    # Its allowed hosts would let a replay redirect reach the live site.
    with Fetcher(UA, delay=0, allowed_hosts=("www.zgjssw.gov.cn",)) as site_fetcher:
        with pytest.raises(ValueError, match="without allowed_hosts"):
            fetch_wayback(site_fetcher, wayback.base_url, capture_of(history.wayback[0]))
        with pytest.raises(ValueError, match="without allowed_hosts"):
            next(discover_wayback(site_fetcher, wayback.base_url, PREFIX))


def test_the_archives_robots_txt_is_honoured(history: History, fetcher: Fetcher) -> None:
    with WaybackServer(
        history, retry_after=None, robots="User-agent: *\nDisallow: /web/2020\n"
    ) as wayback:
        found = list(discover_wayback(fetcher, wayback.base_url, PREFIX))
        of_2020 = next(c for c in found if c.timestamp14.startswith("2020"))
        of_2021 = next(c for c in found if c.timestamp14.startswith("2021"))
        with pytest.raises(CaptureError, match=r"robots\.txt") as refused:
            fetch_wayback(fetcher, wayback.base_url, of_2020)
        assert fetch_wayback(fetcher, wayback.base_url, of_2021).status == 200
    assert refused.value.permanent
    assert not any(r.path.startswith("/web/2020") for r in wayback.requests)
    assert len(wayback.requests_of("robots")) == 1  # asked once per host


def test_a_cdx_disallowed_by_robots_is_a_discovery_error(
    history: History, fetcher: Fetcher
) -> None:
    with (
        WaybackServer(
            history, retry_after=None, robots="User-agent: *\nDisallow: /cdx/\n"
        ) as wayback,
        pytest.raises(DiscoveryError, match=r"disallowed by robots\.txt"),
    ):
        list(discover_wayback(fetcher, wayback.base_url, PREFIX))
    assert wayback.requests_of("cdx") == []


def test_requests_to_the_archive_are_spaced_by_the_delay(history: History) -> None:
    delay = 0.3
    with (
        WaybackServer(history, retry_after=None) as wayback,
        Fetcher(UA, delay=delay, timeout=5, retries=0) as polite,
    ):
        found = list(discover_wayback(polite, wayback.base_url, OLD_PREFIX, date(2015, 1, 1)))
        for capture in found[:3]:
            fetch_wayback(polite, wayback.base_url, capture)
    times = [r.time for r in wayback.requests]
    assert len(times) >= 6  # robots.txt, the CDX pages, the replays
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= delay - 0.1  # the server's own clock: no request came early


def test_a_capture_the_archive_lacks_is_that_captures_failure(
    wayback: WaybackServer, fetcher: Fetcher
) -> None:
    missing = Capture(
        "wayback", ZGJSSW_NEW + "/nothing/here.shtml", parse_timestamp("20200101000000", "t")
    )
    with pytest.raises(CaptureError, match="HTTP 404") as failed:
        fetch_wayback(fetcher, wayback.base_url, missing)
    assert failed.value.status == 404 and failed.value.permanent and not failed.value.unreachable


def test_an_unreachable_archive_says_so(history: History) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = f"http://127.0.0.1:{port}"
    with Fetcher(UA, delay=0, timeout=2, retries=0) as client:
        with pytest.raises(DiscoveryError) as discovery:
            list(discover_wayback(client, down, PREFIX))
        with pytest.raises(CaptureError) as capture:
            fetch_wayback(client, down, capture_of(history.wayback[0]))
    assert discovery.value.unreachable and capture.value.unreachable


def _cdx_server(answer: str) -> ApiServer:
    def respond(request: Request) -> Answer:
        if request.path == "/robots.txt":
            return Answer(404)
        return Answer(200, answer.encode(), "application/json")

    return ApiServer(respond)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("<html><body>Service temporarily unavailable</body></html>", "not JSON"),
        (json.dumps([["urlkey", "original"], ["k", ZGJSSW_OLD + "/a"]]), "lacks timestamp"),
        # The same resume key again and again: the index would page forever.
        (
            json.dumps(
                [["timestamp", "original"], ["20200101000000", ZGJSSW_NEW + "/a"], [], ["k1"]]
            ),
            "resume key repeats",
        ),
    ],
)
def test_a_broken_cdx_answer_is_a_discovery_error(
    fetcher: Fetcher, answer: str, message: str
) -> None:
    with _cdx_server(answer) as server, pytest.raises(DiscoveryError, match=message):
        list(discover_wayback(fetcher, server.base_url, PREFIX))
