"""Tier 5: smoke tests against the real sites, one per source. Skipped by default (`-m live`).

Run on a machine that can reach the sites: `.venv/bin/pytest -m live`. They check only what
must hold on any day: the first list page gives article links, and the newest article parses
with a title, a date and a body. See docs/SOURCES.md for what to do when one fails.
"""

from __future__ import annotations

import pytest

from config.settings import USER_AGENT
from fetching.http import Fetcher
from parsers.encoding import decode_html
from parsers.sources import SOURCES

pytestmark = pytest.mark.live


@pytest.mark.parametrize("name", list(SOURCES))
def test_live_list_and_newest_article_parse(name: str) -> None:
    source = SOURCES[name]
    with Fetcher(USER_AGENT, delay=1.0, timeout=20, allowed_hosts=source.allowed_hosts) as fetcher:
        first = source.first_list_url(None)
        page = fetcher.get(first)
        html, _ = decode_html(page.body, page.content_type)
        listing = source.parse_list(html, first)
        assert listing.refs, f"{name}: no article links on {first}"
        newest = listing.refs[0]
        article_page = fetcher.get(newest.url)
        text, _ = decode_html(article_page.body, article_page.content_type)
        article = source.parse_article(text, newest.url)
    assert article.title and article.body
    assert source.is_article_url(newest.url)
