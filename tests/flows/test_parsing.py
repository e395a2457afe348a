"""The parse step every writing run shares (flows/parsing.py) against pages that should not
load: dated where no page can be (2099-01-01, 1900-01-01, URL and page agreeing), or at a URL
that is no web address (a WARC record's target can say anything): issue 25 items 4 and 5."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from flows.parsing import parse_job, utc_today
from tests.sample_site.site import build_site
from tests.sample_warehouse import segmenter
from warehouse.fetchlog import RawFetch

SITE = build_site()
ARTICLE = SITE.articles[0]  # /shixianchuanzhen/yangzhou/202609/t20260923_8399326.shtml
HOST = "https://www.zgjssw.gov.cn"
NOW = datetime(2026, 12, 7, 8)
TODAY = date(2026, 12, 7)


def redated(day: date) -> tuple[str, bytes]:
    """The sample article at `day`: its URL and the date on its page agree."""
    was = ARTICLE.published_at.date()
    html = SITE.pages[ARTICLE.path].body.decode("utf-8").replace(str(was), str(day))
    path = ARTICLE.path.replace(was.strftime("%Y%m/t%Y%m%d"), day.strftime("%Y%m/t%Y%m%d"))
    return HOST + path, html.encode("utf-8")


def fetched(url: str, body: bytes, original_url: str | None = None) -> RawFetch:
    return RawFetch(
        url, url, 200, "text/html; charset=utf-8", {}, NOW, "a" * 64, len(body), original_url
    )


def test_the_sample_page_loads_as_it_is() -> None:
    url, body = redated(ARTICLE.published_at.date())
    write = parse_job(segmenter(), None, [(fetched(url, body), body)])
    assert not write.failures and [r.article.title for r in write.records] == [ARTICLE.title]


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2099, 1, 1), "dated 2099-01-01, after 2026-12-08 (today 2026-12-07 and a day)"),
        (date(2026, 12, 9), "dated 2026-12-09, after 2026-12-08"),
        (date(1900, 1, 1), "dated 1900-01-01, before the site could publish it (1995-01-01"),
    ],
)
def test_a_page_dated_where_no_page_can_be_is_a_parse_failure_naming_the_date(
    day: date, said: str
) -> None:
    url, body = redated(day)
    write = parse_job(segmenter(), None, [(fetched(url, body), body)], today=TODAY)
    assert write.records == []
    (failure,) = write.failures
    assert failure.url == url and failure.stage == "parse"
    assert failure.reason.startswith("published_at: ") and said in failure.reason


def test_tomorrow_is_still_a_publication_date() -> None:
    # Beijing's day starts 8 hours before UTC's: a page of 00:30 is dated tomorrow in UTC.
    url, body = redated(date(2026, 12, 8))
    write = parse_job(segmenter(), None, [(fetched(url, body), body)], today=TODAY)
    assert not write.failures and len(write.records) == 1


def test_without_a_today_the_clock_decides() -> None:
    url, body = redated(date(2099, 1, 1))
    write = parse_job(segmenter(), None, [(fetched(url, body), body)])
    (failure,) = write.failures
    assert f"today {utc_today()} and a day" in failure.reason


@pytest.mark.parametrize(
    "scheme",
    ["javascript:alert(document.domain)//", "JAVASCRIPT://", "data:text/html,", "ftp://"],
)
def test_a_page_at_a_url_that_is_no_web_address_is_refused_at_load(scheme: str) -> None:
    # As an archived capture (a WARC record's target URI) and as a page fetched at that URL.
    _, body = redated(ARTICLE.published_at.date())
    url = scheme + "www.zgjssw.gov.cn" + ARTICLE.path
    replay = "https://web.archive.org/web/20260923000000id_/" + url
    write = parse_job(
        segmenter(),
        None,
        [(fetched(replay, body, original_url=url), body), (fetched(url, body), body)],
    )
    assert write.records == []
    assert [f.url for f in write.failures] == [replay, url]
    assert all(f.reason.startswith("url: not an http(s) URL") for f in write.failures)
