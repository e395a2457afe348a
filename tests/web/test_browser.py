"""A real browser: headless Chromium (the OS's) against the real uvicorn. Type a query, see the
results, open an article from them, open the trend page and see its chart; nothing it loads
comes from another host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.sample_site.yznews import cross_posted_paths
from tests.web.browser import chromium, chromium_missing
from tests.web.conftest import Archive, LiveServer

TIMEOUT_MS = 30_000


@pytest.fixture(scope="module", autouse=True)
def chromium_is_there() -> None:
    missing = chromium_missing()
    if missing:
        pytest.fail(missing, pytrace=False)  # not a skip: CI installs it, a skip would hide it


def test_search_open_an_article_then_a_trend_chart(web: LiveServer, archive: Archive) -> None:
    matching = [a for a in archive.articles if "新质生产力" in archive.text(a)]
    by_title = {a.title: a for a in matching}
    requested: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("request", lambda request: requested.append(request.url))
        page.goto(web.base_url + "/")

        page.get_by_label("检索词").fill("新质生产力")
        page.keyboard.press("Enter")
        page.wait_for_selector("#total")
        # A story on two sites is one hit: the total counts stories.
        paths = {a.path for a in matching}
        twice = sum(paper in paths and portal in paths for paper, portal in cross_posted_paths())
        assert page.inner_text("#total") == str(len(matching) - twice)
        hits = page.locator("li.hit")
        assert hits.count() == min(20, len(matching) - twice)
        assert page.locator("li.hit p.snippet mark").first.inner_text() == "新质生产力"

        first = hits.first.locator("h3 a")
        title = first.inner_text()
        truth = by_title[title]
        first.click()
        page.wait_for_selector("#article-title")
        assert page.inner_text("#article-title") == truth.title
        assert page.inner_text("#source") == (truth.source or "—")
        assert page.inner_text("#reporters") == ("、".join(truth.reporters) or "—")
        assert page.inner_text("#editors") == ("、".join(truth.editors) or "—")
        paragraphs = page.locator("#body p").all_inner_texts()
        # The body as the warehouse holds it now (one of these articles was corrected).
        assert [p.strip() for p in paragraphs] == archive.text(truth).split("\n")[1:]
        assert page.get_attribute("#url a", "href") == archive.url(truth)

        page.get_by_role("link", name="趋势").click()
        page.wait_for_selector("#term-1")
        page.fill("#term-1", "新质生产力")
        page.locator("input[name=term]").nth(1).fill("二次创业")
        page.select_option("select[name=by]", "year")
        page.get_by_role("button", name="画图").click()
        page.wait_for_selector("svg.chart")
        assert page.locator("svg.chart g.series polyline.line").count() == 2
        terms = page.locator("svg.chart g.series").evaluate_all(
            "groups => groups.map(g => g.dataset.term)"
        )
        assert terms == ["新质生产力", "二次创业"]
        box = page.locator("svg.chart").bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
        assert page.locator("#trend-table tbody tr").count() == len(
            {a.published_at.year for a in archive.articles}
        )
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, requested
