"""Hostile pages for the end-to-end tests: the sample site's pages, altered as a careless or
malicious server would alter them (issue 13)."""

from __future__ import annotations

import re

from tests.sample_site.site import Page

NEWSLIST = '<div class="newslist">'
# Every character a terminal acts on but newline and tab: C0, DEL, C1 (\x9b is CSI on some).
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def with_list_items(page: Page, items: str) -> Page:
    """A zgjssw list page with `items` (`<li>...</li>` markup) first in its article list."""
    text = page.body.decode("utf-8")
    head, tail = text.split(NEWSLIST, 1)
    opened = tail.index("<ul>") + len("<ul>")
    altered = head + NEWSLIST + tail[:opened] + items + tail[opened:]
    return Page(altered.encode("utf-8"), page.content_type)
