"""docs/web-search.png: the search page over the sample warehouse, in the OS's Chromium.

    .venv/bin/python -m tests.web.screenshot [OUT.png]

Run it again when the search page changes (the README shows the picture).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from tests.sample_warehouse import sample_warehouse
from tests.web.browser import chromium
from web.pages import WebConfig
from web.server import ServerThread

OUT = Path("docs/web-search.png")
QUERY = {"q": "新质生产力", "limit": 10}
WIDTH, HEIGHT = 1100, 760
MAX_BYTES = 200_000


def main(argv: list[str]) -> int:
    """Serve the sample warehouse, open the search page, save the screenshot."""
    out = Path(argv[0]) if argv else OUT
    with tempfile.TemporaryDirectory() as cache:
        config = WebConfig(db_path=sample_warehouse(), jieba_cache_dir=Path(cache))
        with ServerThread(config) as server, chromium(WIDTH, HEIGHT) as browser:
            page = browser.new_page()
            page.goto(f"{server.base_url}/?{urlencode(QUERY)}")
            page.wait_for_load_state("networkidle")
            page.evaluate("document.fonts.ready")
            page.locator("#q").blur()  # no focus ring in the picture
            page.screenshot(path=str(out))
    size = out.stat().st_size
    print(f"{out}: {size:,} bytes")
    return 0 if size < MAX_BYTES else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
