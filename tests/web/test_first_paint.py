"""Every page shows its text at once, before the bundled font has loaded (issue 27 item 1).

The bundled Noto Sans SC is 8 MB: with `font-display: block` a browser without a CJK font of
its own kept every Chinese character invisible while it loaded (6 of 35 loads showed only
lines and boxes). Here the font's response is held back, as a slow link holds it, and each
page is photographed straight after its document is parsed (through the DevTools protocol:
Playwright's own screenshots wait for fonts). Text is found when the picture holds more dark
pixels than the same page with every text made transparent.
"""

from __future__ import annotations

import base64
import io
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from PIL import Image
from playwright.sync_api import CDPSession, Page, Route

from tests.web.browser import chromium, chromium_missing
from tests.web.conftest import Archive, LiveServer

DARK = 110  # a pixel darker than this is ink (the UI's grey lines are lighter)
# Text adds hundreds of dark pixels to a header of a few links; no text adds none.
MIN_TEXT_PIXELS = 150
SETTLE_SECONDS = 0.5  # for the first paint after the document is parsed


@pytest.fixture(scope="module", autouse=True)
def chromium_is_there() -> None:
    missing = chromium_missing()
    if missing:
        pytest.fail(missing, pytrace=False)


def dark_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()  # pixels per grey level, 0 (black) to 255
    return sum(histogram[:DARK])


def photograph(page: Page, cdp: CDPSession, selector: str, path: Path) -> int:
    """The element's picture now, without waiting for fonts; its dark pixels."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    clip = {**box, "scale": 1}
    data = cdp.send("Page.captureScreenshot", {"format": "png", "clip": clip})
    png = base64.b64decode(data["data"])
    path.write_bytes(png)
    return dark_pixels(png)


def pages(archive: Archive) -> dict[str, str]:
    article = quote(archive.article_id(archive.zgjssw[0]), safe=":/")
    return {
        "search": "/?" + urlencode({"q": "新质生产力"}),
        "home": "/",
        "article": f"/article/{article}",
        "trend": "/trend?" + urlencode({"term": "新质生产力", "by": "year"}),
        "kwic": "/kwic?" + urlencode({"term": "新质生产力"}),
        "collocates": "/collocates?" + urlencode({"term": "新质生产力"}),
        "entities": "/entities",
        "people": "/people",
        "emerging": "/emerging",
        "health": "/health",
    }


def test_every_page_shows_its_text_while_the_font_loads(
    web: LiveServer, archive: Archive, tmp_path: Path
) -> None:
    held: list[Route] = []
    found: dict[str, tuple[int, int]] = {}
    with chromium() as browser:
        for name, path in pages(archive).items():
            page = browser.new_page()
            cdp = browser.new_cdp_session(page)
            # The font never arrives while we look.
            page.route("**/fonts/**", lambda route: held.append(route))
            page.goto(web.base_url + path, wait_until="domcontentloaded")
            page.wait_for_selector("main h1", state="attached")
            time.sleep(SETTLE_SECONDS)
            shown = {
                part: photograph(page, cdp, selector, tmp_path / f"{name}-{part}.png")
                for part, selector in (("header", "header.top"), ("main", "main"))
            }
            page.evaluate(
                "document.querySelectorAll('*').forEach("
                "e => e.style.setProperty('color', 'transparent', 'important'))"
            )
            time.sleep(0.2)
            for part, selector in (("header", "header.top"), ("main", "main")):
                blank = photograph(page, cdp, selector, tmp_path / f"{name}-{part}-blank.png")
                found[f"{name} {part}"] = (shown[part], blank)
            for route in held:
                route.abort()
            held.clear()
            page.close()
    missing = {
        name: counts for name, counts in found.items() if counts[0] < counts[1] + MIN_TEXT_PIXELS
    }
    assert not missing, f"no text while the font loads (dark pixels, shown vs none): {missing}"
