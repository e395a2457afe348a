"""Links to outside pages carry http(s) only (issue 25 item 4): a URL column that says
`javascript:alert(document.domain)//` (a WARC record's target URI can say anything, and so can
a warehouse written by another tool) is shown as text, never rendered as a live link."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from tests.warehouse.test_load import make_record
from warehouse.db import open_warehouse
from warehouse.load import upsert_articles
from web.app import web_link
from web.pages import WebConfig
from web.server import ServerThread

# What a URL column may hold when something other than yzdaily wrote it.
HOSTILE_URLS = (
    "javascript:alert(document.domain)//",
    "JavaScript:alert(document.domain)//https://www.zgjssw.gov.cn/",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "http://www.zgjssw.gov.cn/\njavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "http:alert(1)",
)
WEB_URL = "https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202601/t20260105_1.shtml"


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_urls_are_linked(url: str) -> None:
    assert web_link(url) is None


@pytest.mark.parametrize("url", [WEB_URL, "HTTP://news.yznews.com.cn/2026-02/10/content_1.htm"])
def test_web_urls_are_linked_as_they_are(url: str) -> None:
    assert web_link(url) == url


@dataclass(frozen=True)
class Warehouse:
    db: Path
    ids: dict[str, str]  # article id -> its URL column


@pytest.fixture
def written_elsewhere(tmp_path: Path) -> Warehouse:
    """A warehouse whose URL column another tool wrote: no yzdaily parser checked it."""
    db = tmp_path / "elsewhere.duckdb"
    records = []
    ids: dict[str, str] = {}
    for number, url in enumerate((*HOSTILE_URLS, WEB_URL), start=1):
        record = make_record(number)
        record = replace(record, article=replace(record.article, url=url))
        records.append(record)
        ids[record.article_id] = url
    with open_warehouse(db) as con:
        upsert_articles(con, records, datetime(2026, 1, 6, 8))
    return Warehouse(db, ids)


@pytest.fixture
def server(written_elsewhere: Warehouse, tmp_path: Path) -> Iterator[ServerThread]:
    config = WebConfig(db_path=written_elsewhere.db, jieba_cache_dir=tmp_path / "cache")
    with ServerThread(config) as running:
        yield running


def test_the_article_page_links_its_url_only_when_it_is_http(
    server: ServerThread, written_elsewhere: Warehouse
) -> None:
    import requests

    for article_id, url in written_elsewhere.ids.items():
        response = requests.get(
            f"{server.base_url}/article/{quote(article_id, safe=':/')}", timeout=30
        )
        assert response.status_code == 200, (article_id, response.status_code)
        shown = BeautifulSoup(response.text, "lxml").select_one("#url")
        assert shown is not None
        links = [str(a.get("href")) for a in shown.find_all("a")]
        if url == WEB_URL:
            assert links == [WEB_URL]
            continue
        assert links == [], (url, links)  # shown, not linked
        assert shown.get_text() == url.replace("\r", "")
        every_href = [str(a.get("href")) for a in BeautifulSoup(response.text, "lxml")("a")]
        assert not [h for h in every_href if "script:" in h.lower() or h.startswith("data:")]
