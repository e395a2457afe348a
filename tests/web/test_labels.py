"""The web page's words are Chinese (issue 27 item 3): one label per site, field, status,
verdict and flow (web/labels.py), and every message the lower layers write in English shown
in Chinese; dates are typed as YYYY-MM-DD, never in the browser's locale."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from parsers.sources import SOURCES
from tests.web.conftest import LiveServer
from web.labels import FIELD_LABELS, SITE_LABELS, reads, zh

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"\b(completed|partial|failed|running|ok|warn|fail|ingest|filled)\b")


def test_every_site_has_a_chinese_label() -> None:
    assert set(SITE_LABELS) == set(SOURCES)
    assert all(CJK.search(label) for label in SITE_LABELS.values()), SITE_LABELS
    assert SITE_LABELS["jsnews"] == "中国江苏网"


@pytest.mark.parametrize(
    "message",
    [
        "editors filled on 0% of 10 article(s) (100% of 40 before)",
        "median body 120 characters (850 before)",
        "3 new article(s) in 2.0 days (5.5 a day before)",
        "list page http://x/index_1.shtml yielded no article links",
        "4 of 10 article page(s) did not read as articles (40%)",
        "no article read: fields not judged",
        "too little history to judge fields (12 article(s) before; 30 needed)",
        "2 URL(s) failing; see `yzdaily failures`",
        "did not finish (killed or crashed); the next run resumes its work",
    ],
)
def test_health_and_run_messages_read_in_chinese(message: str) -> None:
    assert reads(message), message
    assert CJK.search(zh(message)) and not ENGLISH_WORD.search(zh(message)), zh(message)


def test_a_message_no_pattern_reads_is_shown_as_written() -> None:
    assert zh("something new went wrong") == "something new went wrong"


def test_the_health_page_is_chinese(web: LiveServer) -> None:
    soup = BeautifulSoup(web.get("/health").text, "lxml")
    verdicts = [v.text for v in soup.select(".site-health .verdict")]
    assert verdicts and set(verdicts) <= {"正常", "注意", "异常"}
    fields = [th.text for th in soup.select(".site-health tbody th")]
    assert fields and all(CJK.search(name) for name in fields), fields
    assert set(fields) <= set(FIELD_LABELS.values())
    runs = soup.select("#runs-table tbody tr")
    assert runs
    for row in runs:
        flow, status = (td.text for td in row.select("td")[:2])
        assert flow in {"采集", "补采", "重新解析", "导入"} and status in {
            "完成",
            "部分失败",
            "失败",
            "运行中",
        }
    assert not ENGLISH_WORD.search(
        " ".join(li.text for li in soup.select(".reasons li, .notes li"))
    )


def test_date_fields_are_typed_as_iso_dates(web: LiveServer) -> None:
    """A date input of type date shows the browser's locale (mm/dd/yyyy in en-US): every date
    field is text in the form YYYY-MM-DD, as the parameters and the CLI take it."""
    for path in ("/", "/trend", "/kwic", "/collocates", "/entities", "/emerging"):
        soup = BeautifulSoup(web.get(path).text, "lxml")
        dates = soup.select("input[name=since], input[name=until]")
        assert dates, path
        for field in dates:
            assert field["type"] == "text" and field["placeholder"] == "YYYY-MM-DD", (path, field)
