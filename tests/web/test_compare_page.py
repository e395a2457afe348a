"""The compare page in a real browser (headless Chromium against the real uvicorn) over the
designed warehouse of peers (tests/peer_warehouse.py): reached from the trend page, it shows
each corpus's first mention on one axis, Yangzhou highlighted, and the shares of the designed
truth; `city` on the other pages and the API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest

from parsers.cities import CITIES, HOME, city_label
from tests.peer_warehouse import TERM, designed_firsts, designed_shares, peer_warehouse
from tests.web.browser import chromium, chromium_missing
from web.pages import WebConfig
from web.server import ServerThread

TIMEOUT_MS = 30_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def peers_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    config = WebConfig(
        db_path=peer_warehouse(),
        jieba_cache_dir=tmp_path_factory.mktemp("jieba"),
        today=lambda: date(2026, 12, 1),
    )
    with ServerThread(config) as server:
        yield server


def test_compare_page_from_the_trend_page(peers_web: ServerThread, tmp_path: Path) -> None:
    missing = chromium_missing()
    if missing:
        pytest.fail(missing, pytrace=False)
    firsts = designed_firsts(TERM)
    shares = designed_shares(TERM, (HOME, *(c for c in CITIES if c != HOME)))
    with chromium(1100, 1400) as browser:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{peers_web.base_url}/trend?{urlencode({'term': TERM, 'by': 'year'})}")
        page.get_by_role("link", name="与各市比较").click()
        page.wait_for_selector("#diffusion-figure svg")
        # The timeline: a dot per corpus that used the term, Yangzhou's highlighted.
        assert page.locator("svg.diffusion g.mark:not(.never) circle").count() == len(firsts)
        highlighted = page.locator("svg.diffusion g.mark.highlight")
        assert highlighted.count() == 1
        assert highlighted.locator("title").text_content() == (
            f"{city_label(HOME)}：{firsts[HOME].day}"
        )
        # The diffusion table, earliest first, with the designed days and lags.
        rows = page.locator("#diffusion-table tbody tr")
        used = sorted(firsts.items(), key=lambda item: item[1].day)
        for number, (city, truth) in enumerate(used):
            cells = rows.nth(number).locator("th, td").all_inner_texts()
            assert cells[0] == city_label(city)
            assert cells[1] == truth.day.isoformat()
            lag = truth.lag_after_province
            assert cells[2] == ("—" if lag is None else f"+{lag}" if lag > 0 else str(lag))
            assert cells[3] == (f"+{truth.lag_after_first}" if truth.lag_after_first else "0")
        assert rows.nth(len(used)).locator("td").first.inner_text() == "未提及"
        # The comparison: Yangzhou's column first, the designed counts, the peers' median.
        headers = page.locator("#compare-table thead th").all_inner_texts()
        assert headers[2] == city_label(HOME)
        body = page.locator("#compare-table tbody tr")
        assert body.count() == len(shares)
        for number, (year, (counts, middle, _)) in enumerate(sorted(shares.items())):
            cells = body.nth(number).locator("th, td").all_inner_texts()
            assert cells[1].startswith(year)
            stories, total = counts[HOME]
            assert cells[2] == f"{stories} / {total} ({stories / total:.1%})"
            assert cells[headers.index("同侪中位数")] == f"{middle:.1%}"
        shot = tmp_path / "compare.png"
        page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(PNG_MAGIC)


def test_city_on_the_api_and_pages(peers_web: ServerThread) -> None:
    import requests

    base = peers_web.base_url
    yangzhou = requests.get(f"{base}/api/trend", params={"term": TERM, "by": "year"}, timeout=30)
    nantong = requests.get(
        f"{base}/api/trend", params={"term": TERM, "by": "year", "city": "nantong"}, timeout=30
    )
    assert [p["stories"] for p in yangzhou.json()["points"]] == [1, 2, 1]
    assert [p["stories"] for p in nantong.json()["points"]] == [1, 1, 0]
    assert nantong.json()["city"] == "nantong" and "city" not in yangzhou.json()
    bad = requests.get(f"{base}/trend", params={"term": TERM, "city": "atlantis"}, timeout=30)
    assert bad.status_code == 400 and "no city" in bad.text and "atlantis" in bad.text
    compare = requests.get(f"{base}/api/compare", params={"term": TERM}, timeout=30).json()
    assert compare["cities"][0] == HOME and len(compare["cities"]) == len(CITIES)
    diffusion = requests.get(f"{base}/api/diffusion", params={"term": TERM}, timeout=30).json()
    assert diffusion["rows"][0]["city"] == "nantong"
    page = requests.get(f"{base}/kwic", params={"term": TERM, "city": "taizhou"}, timeout=30)
    assert page.status_code == 200 and 'value="taizhou" selected' in page.text
