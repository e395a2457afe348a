"""Tier 1: the archives' index answers read (parsers/captures.py), and the selection of articles."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from parsers.captures import (
    Archive,
    Capture,
    Crawl,
    IndexFormatError,
    capture_rank,
    parse_cc_index,
    parse_cc_pages,
    parse_cdx_json,
    parse_collinfo,
    parse_replay_url,
    record_range,
    replay_url,
    same_resource,
    select_articles,
)
from parsers.sources import SOURCES

HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
ARTICLE = "http://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
OLD_HOST = "http://zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
OLD_FORM = "http://zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/201608/t2962195.shtml"
ROW = [
    "cn,gov,zgjssw)/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml",
    "20201023004800",
    ARTICLE,
    "text/html",
    "200",
    "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
    "10234",
]


def at(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def cdx(*rows: list[str]) -> str:
    return json.dumps([HEADER, *rows])


# --- Wayback CDX JSON -------------------------------------------------------------------------


def test_cdx_row_becomes_a_capture_with_every_field() -> None:
    answer = parse_cdx_json(cdx(ROW))
    assert answer.resume_key is None and answer.bad == ()
    captures = answer.captures
    assert captures == (
        Capture(
            archive="wayback",
            original=ARTICLE,
            timestamp=datetime(2020, 10, 23, 0, 48, tzinfo=UTC),
            urlkey=ROW[0],
            status=200,
            mimetype="text/html",
            digest="3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
            length=10234,
        ),
    )
    assert captures[0].timestamp14 == "20201023004800"


@pytest.mark.parametrize(
    ("text", "originals", "resume"),
    [
        ("", [], None),  # the CDX server answers nothing at all for no captures, at times
        ("  \n", [], None),
        ("[]", [], None),
        (json.dumps([HEADER]), [], None),
        (cdx(ROW, ROW), [ARTICLE, ARTICLE], None),
        # More rows remain: `[]`, then the key to ask with.
        (
            json.dumps([HEADER, ROW, [], ["cn%2Cgov%2Czgjssw%29%2F+20201023004800"]]),
            [ARTICLE],
            "cn%2Cgov%2Czgjssw%29%2F+20201023004800",
        ),
        # A page of nothing but the key (every row of it filtered out).
        (json.dumps([HEADER, [], ["k"]]), [], "k"),
    ],
)
def test_cdx_pages_and_resume_keys(text: str, originals: list[str], resume: str | None) -> None:
    answer = parse_cdx_json(text)
    assert [c.original for c in answer.captures] == originals
    assert answer.resume_key == resume and answer.bad == ()


def test_cdx_fields_reordered_or_left_out_by_fl() -> None:
    text = json.dumps([["original", "statuscode", "timestamp"], [ARTICLE, "200", "20201023004800"]])
    (capture,) = parse_cdx_json(text).captures
    assert (capture.original, capture.status, capture.timestamp14) == (
        ARTICLE,
        200,
        "20201023004800",
    )
    assert capture.mimetype is None and capture.digest is None and capture.length is None


def test_cdx_dashes_are_unknown_values() -> None:
    row = [*ROW[:3], "warc/revisit", "-", "-", "-"]
    (capture,) = parse_cdx_json(cdx(row)).captures
    assert (capture.status, capture.digest, capture.length) == (None, None, None)
    assert capture.is_revisit and not capture.fetchable


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<html>Service Unavailable</html>", "not JSON"),
        ('{"error": "x"}', "not an array"),
        (json.dumps(["urlkey"]), "header row is not an array"),
        (json.dumps([["urlkey", "original"], ["k", ARTICLE]]), "lacks timestamp"),
        (json.dumps([HEADER, ROW, [], ["a", "b"]]), "resume key row"),
        (json.dumps([HEADER, ROW, [], [""]]), "resume key row"),
        # 200,000 nested arrays: Python's json would end the run with a RecursionError.
        ("[" * 200_000 + "]" * 200_000, "nested more than 8 levels deep"),
        (json.dumps([HEADER, [[[[[[[[["deep"]]]]]]]]]]), "nested more than 8 levels deep"),
    ],
)
def test_a_cdx_answer_that_is_none_as_a_whole_is_named(text: str, message: str) -> None:
    with pytest.raises(IndexFormatError, match=message):
        parse_cdx_json(text)


FIVE_THOUSAND_DIGITS = "9" * 5000


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ROW[:3], "row 2 has 3 values"),
        ("row", "row 2 is not an array"),
        ([], "row 2 has 0 values"),
        ([*ROW[:6], ["10234"]], "not a string"),
        ([*ROW[:6], None], "not a string"),
        ([ROW[0], "2020", *ROW[2:]], "not YYYYMMDDhhmmss"),
        ([ROW[0], "20201340004800", *ROW[2:]], "not a real time"),
        ([ROW[0], "٢٠٢٠١٠٢٣٠٠٤٨٠٠", *ROW[2:]], "not YYYYMMDDhhmmss"),  # other scripts' digits
        ([*ROW[:4], "ok", *ROW[5:]], "status 'ok' is not a number"),
        ([*ROW[:4], "999", *ROW[5:]], "status 999 is no HTTP status"),
        ([*ROW[:6], "²"], "length '²' is not a number"),
        ([ROW[0], ROW[1], "", *ROW[3:]], "no URL"),
        ([ROW[0], ROW[1], "http://x/" + "a" * 5000, *ROW[3:]], "a URL of 5,009 characters"),
        # A 5,000-digit field: int() raises ValueError past Python's own limit.
        ([*ROW[:6], FIVE_THOUSAND_DIGITS], "length has 5,000 digits"),
    ],
)
def test_a_malformed_cdx_row_is_that_rows_loss_named(row: object, message: str) -> None:
    good = [*ROW[:2], ARTICLE.replace("6842645", "6842646"), *ROW[3:]]
    answer = parse_cdx_json(json.dumps([HEADER, row, good, [], ["next"]]))
    assert [c.original for c in answer.captures] == [good[2]]  # the row beside it stands
    assert answer.resume_key == "next"
    (bad,) = answer.bad
    assert bad.where == "CDX row 2" and message in bad.reason and len(bad.reason) < 300
    assert bad.anchor == "cdx-row-2"


def test_a_5000_digit_number_in_a_cdx_row_is_that_rows_loss() -> None:
    text = json.dumps([HEADER, ROW]).replace('"10234"', FIVE_THOUSAND_DIGITS)
    answer = parse_cdx_json(text + "")
    assert answer.captures == ()
    (bad,) = answer.bad
    assert "holds a number of 5,000 digits, not a string" in bad.reason
    assert bad.url == ARTICLE  # the row names its URL: the failure says which capture


def test_a_cut_off_cdx_answer_never_crashes_the_reader() -> None:
    # Every prefix of a real answer (a connection broken midway): read, or a clear error.
    text = json.dumps([HEADER, ROW, ROW, [], ["key"]])
    refused = 0
    for end in range(1, len(text)):
        try:
            parse_cdx_json(text[:end])
        except IndexFormatError:
            refused += 1
    assert refused == len(text) - 1  # no part of a JSON array is JSON: every one refused
    assert len(parse_cdx_json(text).captures) == 2


# --- Common Crawl -----------------------------------------------------------------------------

CC_LINE = {
    "urlkey": ROW[0],
    "timestamp": "20210120083015",
    "url": ARTICLE,
    "mime": "text/html",
    "mime-detected": "text/html",
    "status": "200",
    "digest": "AAAA",
    "length": "5120",
    "offset": "812345",
    "filename": "crawl-data/CC-MAIN-2021-04/segments/1610703514046.20/warc/x.warc.gz",
    "languages": "zho",
    "encoding": "UTF-8",
}
CC_REDIRECT = CC_LINE | {
    "url": OLD_HOST,
    "status": "301",
    "mime": "text/html",
    "redirect": ARTICLE,
}
CC_REVISIT = CC_LINE | {"mime": "warc/revisit", "timestamp": "20220120083015"}


def ndjson(*lines: dict[str, str]) -> str:
    return "".join(json.dumps(line) + "\n" for line in lines)


def test_cc_lines_become_captures_with_their_record_location() -> None:
    (capture,) = parse_cc_index(ndjson(CC_LINE), crawl="CC-MAIN-2021-04").captures
    assert capture.archive == "commoncrawl"
    assert (capture.original, capture.timestamp14, capture.status) == (
        ARTICLE,
        "20210120083015",
        200,
    )
    assert (capture.filename, capture.offset, capture.length) == (CC_LINE["filename"], 812345, 5120)
    assert capture.crawl == "CC-MAIN-2021-04" and capture.fetchable and capture.is_html
    assert record_range(capture) == "bytes=812345-817464"


def test_cc_redirect_and_revisit_records_are_told_apart() -> None:
    redirect, revisit = parse_cc_index(ndjson(CC_REDIRECT, CC_REVISIT)).captures
    assert redirect.is_redirect and redirect.redirect == ARTICLE and not redirect.fetchable
    assert revisit.is_revisit and not revisit.is_redirect and not revisit.fetchable


@pytest.mark.parametrize("text", ["", "\n\n", "   "])
def test_cc_empty_answers_hold_no_captures(text: str) -> None:
    assert parse_cc_index(text).captures == ()


def test_cc_blank_lines_between_entries_are_skipped() -> None:
    assert len(parse_cc_index(ndjson(CC_LINE) + "\n" + ndjson(CC_LINE)).captures) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (json.dumps({"message": "No Captures found for: x"}), "answered an error: No Captures"),
        (json.dumps({"error": "Page 3 invalid"}), "answered an error: Page 3"),
    ],
)
def test_an_index_answering_an_error_is_named(text: str, message: str) -> None:
    with pytest.raises(IndexFormatError, match=message):
        parse_cc_index(text)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json}", "index line 2 is not JSON"),
        ("[1, 2]", "index line 2 is not a JSON object"),
        ('{"url": ' * 50 + "1" + "}" * 50, "nested more than 8 levels deep"),
        (json.dumps({k: v for k, v in CC_LINE.items() if k != "url"}), "no URL"),
        (json.dumps({k: v for k, v in CC_LINE.items() if k != "timestamp"}), "no timestamp"),
        (json.dumps(CC_LINE | {"offset": "x1"}), "offset 'x1' is not a number"),
        (json.dumps(CC_LINE | {"status": ["200"]}), "not a string"),
        # A 5,000-digit offset, as a number and as a string: no run ends on int()'s limit.
        (
            json.dumps(CC_LINE | {"offset": 0}).replace('"offset": 0', '"offset": ' + "7" * 5000),
            "offset is a number of 5,000 digits",
        ),
        (json.dumps(CC_LINE | {"offset": "7" * 5000}), "offset has 5,000 digits"),
    ],
)
def test_a_malformed_cc_line_is_that_lines_loss_named(line: str, message: str) -> None:
    good = CC_LINE | {"url": ARTICLE.replace("6842645", "6842646")}
    answer = parse_cc_index(ndjson(good) + line + "\n" + ndjson(CC_LINE))
    assert [c.original for c in answer.captures] == [good["url"], ARTICLE]
    (bad,) = answer.bad
    assert bad.where == "index line 2" and message in bad.reason and len(bad.reason) < 300


@pytest.mark.parametrize(
    ("text", "pages"),
    [('{"pages": 3, "pageSize": 5, "blocks": 11}', 3), ('{"pages": 0}', 0)],
)
def test_cc_page_counts(text: str, pages: int) -> None:
    assert parse_cc_pages(text) == pages


@pytest.mark.parametrize("text", ['{"pages": -1}', '{"pages": "3"}', "[3]", "{}", "nope"])
def test_bad_cc_page_counts_are_errors(text: str) -> None:
    with pytest.raises(IndexFormatError):
        parse_cc_pages(text)


COLLINFO = [
    {
        "id": "CC-MAIN-2024-10",
        "name": "February/March 2024 Index",
        "timegate": "https://index.commoncrawl.org/CC-MAIN-2024-10/",
        "cdx-api": "https://index.commoncrawl.org/CC-MAIN-2024-10-index",
        "from": "2024-02-20T21:10:55",
        "to": "2024-03-05T15:40:45",
    },
    {
        "id": "CC-MAIN-2017-13",
        "name": "March 2017 Index",
        "cdx-api": "https://index.commoncrawl.org/CC-MAIN-2017-13-index",
    },
]


def test_collinfo_lists_crawls_with_their_period_when_given() -> None:
    newer, older = parse_collinfo(json.dumps(COLLINFO)).crawls
    assert newer == Crawl(
        "CC-MAIN-2024-10",
        "February/March 2024 Index",
        "https://index.commoncrawl.org/CC-MAIN-2024-10-index",
        datetime(2024, 2, 20, 21, 10, 55, tzinfo=UTC),
        datetime(2024, 3, 5, 15, 40, 45, tzinfo=UTC),
    )
    assert (older.id, older.starts_at, older.ends_at) == ("CC-MAIN-2017-13", None, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (json.dumps({"id": "x"}), "not a list"),
        ("[" * 100 + "]" * 100, "nested more than 8 levels deep"),
    ],
)
def test_a_collinfo_that_is_no_list_of_crawls_is_named(text: str, message: str) -> None:
    with pytest.raises(IndexFormatError, match=message):
        parse_collinfo(text)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("CC-MAIN-2024-10", "entry 1 is not an object"),
        ({"name": "x", "cdx-api": "u"}, "entry 1 has no id"),
        ({"id": "CC-MAIN-2019-35"}, r"entry 1 (CC-MAIN-2019-35) has no cdx-api"),
        (COLLINFO[0] | {"from": "last spring"}, "from is 'last spring', not a time"),
        (COLLINFO[0] | {"to": 20240305}, "to is 20240305, not a time"),
    ],
)
def test_a_malformed_collinfo_entry_is_that_crawls_loss_named(entry: object, message: str) -> None:
    listed = parse_collinfo(json.dumps([entry, COLLINFO[1]]))
    assert [crawl.id for crawl in listed.crawls] == [COLLINFO[1]["id"]]
    (bad,) = listed.bad
    assert bad.where == "collinfo.json entry 1" and message in bad.reason


CRAWL_2024 = parse_collinfo(json.dumps(COLLINFO)).crawls[0]


@pytest.mark.parametrize(
    ("since", "until", "overlaps"),
    [
        (None, None, True),
        (date(2015, 1, 1), None, True),
        (date(2024, 3, 5), None, True),  # its last day
        (date(2024, 3, 6), None, False),
        (None, date(2024, 2, 20), True),  # its first day
        (None, date(2024, 2, 19), False),
        (date(2020, 1, 1), date(2021, 1, 1), False),
        (date(2024, 2, 25), date(2024, 2, 26), True),
    ],
)
def test_crawl_periods_meet_the_range(
    since: date | None, until: date | None, overlaps: bool
) -> None:
    assert CRAWL_2024.overlaps(since, until) is overlaps


def test_a_crawl_without_a_period_is_always_asked() -> None:
    older = parse_collinfo(json.dumps(COLLINFO)).crawls[1]
    assert older.overlaps(date(2030, 1, 1), date(2030, 2, 1))


# --- archive URLs -----------------------------------------------------------------------------


def test_replay_url_is_the_raw_id_form() -> None:
    capture = parse_cdx_json(cdx(ROW)).captures[0]
    assert replay_url("https://web.archive.org/", capture) == (
        f"https://web.archive.org/web/20201023004800id_/{ARTICLE}"
    )


@pytest.mark.parametrize(
    ("url", "parsed"),
    [
        (
            f"https://web.archive.org/web/20201023004800id_/{ARTICLE}",
            ("20201023004800", "id_", ARTICLE),
        ),
        (f"/web/20201023004800/{ARTICLE}", ("20201023004800", None, ARTICLE)),
        (
            f"http://127.0.0.1:5/web/2020im_/{ARTICLE}?from=timeline",
            ("2020", "im_", f"{ARTICLE}?from=timeline"),
        ),
        ("https://web.archive.org/cdx/search/cdx?url=x", None),
        (ARTICLE, None),
    ],
)
def test_parse_replay_url(url: str, parsed: tuple[str, str | None, str] | None) -> None:
    target = parse_replay_url(url)
    assert (None if target is None else (target.timestamp, target.flag, target.original)) == parsed


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (ARTICLE, ARTICLE.replace("http://", "https://"), True),
        (ARTICLE, ARTICLE.replace("www.", ""), True),
        (ARTICLE, ARTICLE.replace("www.", "WWW."), True),
        (ARTICLE, OLD_HOST, False),  # another host: another key in the archives
        (ARTICLE, ARTICLE + "?from=timeline", False),
        (ARTICLE, ARTICLE.replace("6842645", "6842646"), False),
    ],
)
def test_same_resource(first: str, second: str, same: bool) -> None:
    assert same_resource(first, second) is same


def test_record_range_needs_a_location() -> None:
    capture = parse_cdx_json(cdx(ROW)).captures[0]
    with pytest.raises(ValueError, match="no offset and length"):
        record_range(capture)


# --- selection --------------------------------------------------------------------------------


def capture(
    original: str,
    stamp: str = "20201023004800",
    archive: Archive = "wayback",
    status: int | None = 200,
    mimetype: str | None = "text/html",
) -> Capture:
    return Capture(archive, original, at(stamp), status=status, mimetype=mimetype)


ZGJSSW = SOURCES["zgjssw"]
EVERY_SOURCE = list(SOURCES.values())


def test_two_hosts_one_article_and_non_articles_left_out() -> None:
    found = [
        capture(ARTICLE),
        capture(OLD_HOST, "20201024010101"),
        capture(ARTICLE.replace("http://", "https://") + "?from=timeline", "20211024010101"),
        capture("http://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/index_1.shtml"),
        capture(
            "http://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202010/W0201022.jpg",
            mimetype="image/jpeg",
        ),
        capture("http://www.zgjssw.gov.cn/robots.txt", mimetype="text/plain"),
    ]
    selection = select_articles(found, EVERY_SOURCE)
    (article,) = selection.articles
    assert article.article_id == "zgjssw:/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
    assert (
        article.url
        == "https://www.zgjssw.gov.cn" + "/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
    )
    assert len(article.captures) == 3 and article.site == "zgjssw"
    assert article.best.timestamp14 == "20211024010101"  # the newest
    assert selection.count("not_article") == 3


def test_an_article_path_on_another_host_is_not_the_sites() -> None:
    mirror = ARTICLE.replace("www.zgjssw.gov.cn", "mirror.example.com")
    selection = select_articles([capture(mirror)], EVERY_SOURCE)
    assert selection.articles == () and selection.count("foreign_host") == 1


def test_only_the_sources_asked_for_are_selected() -> None:
    yznews = "http://news.yznews.com.cn/2026-02/10/content_41246746.htm"
    selection = select_articles([capture(ARTICLE), capture(yznews)], [ZGJSSW])
    assert [a.site for a in selection.articles] == ["zgjssw"]
    assert selection.count("not_article") == 1


def test_captures_rank_200_html_newest_then_wayback() -> None:
    newest = capture(ARTICLE, "20240101000000")
    older = capture(ARTICLE, "20200101000000")
    same_time_cc = capture(ARTICLE, "20240101000000", archive="commoncrawl")
    revisit = capture(ARTICLE, "20250101000000", archive="commoncrawl", mimetype="warc/revisit")
    redirect = capture(OLD_HOST, "20250101000000", archive="commoncrawl", status=301)
    unknown_type = capture(ARTICLE, "20250101000000", mimetype=None)
    ranked = sorted(
        [redirect, revisit, older, same_time_cc, unknown_type, newest], key=capture_rank
    )
    assert ranked == [newest, same_time_cc, older, unknown_type, revisit, redirect]
    (article,) = select_articles(ranked, EVERY_SOURCE).articles
    assert article.captures == tuple(ranked)
    assert article.fetchable == (newest, same_time_cc, older, unknown_type)
    assert article.archives == ("wayback", "commoncrawl")


def test_one_capture_listed_twice_counts_once() -> None:
    (article,) = select_articles([capture(ARTICLE), capture(ARTICLE)], EVERY_SOURCE).articles
    assert len(article.captures) == 1


@pytest.mark.parametrize(
    ("url", "since", "until", "kept"),
    [
        (ARTICLE, date(2020, 10, 22), None, True),
        (ARTICLE, date(2020, 10, 23), None, False),
        (ARTICLE, None, date(2020, 10, 21), False),
        # The older form names a month: an article of any day in it may be in the range.
        (OLD_FORM, date(2016, 8, 31), None, True),
        (OLD_FORM, date(2016, 9, 1), None, False),
        (OLD_FORM, None, date(2016, 8, 1), True),
        (OLD_FORM, None, date(2016, 7, 31), False),
    ],
)
def test_articles_are_kept_by_their_url_date(
    url: str, since: date | None, until: date | None, kept: bool
) -> None:
    # The capture's own time (2020) is not the article's: the URL's date decides.
    selection = select_articles([capture(url)], EVERY_SOURCE, since, until)
    assert bool(selection.articles) is kept
    assert selection.count("out_of_range") == (0 if kept else 1)


def test_articles_already_loaded_are_left_out() -> None:
    known = {ZGJSSW.article_id(ARTICLE)}
    selection = select_articles([capture(ARTICLE), capture(OLD_FORM)], EVERY_SOURCE, known=known)
    assert [a.article_id for a in selection.articles] == [ZGJSSW.article_id(OLD_FORM)]
    assert selection.count("known") == 1
