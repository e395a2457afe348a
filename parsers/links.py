"""Links read from pages, made absolute against the page's URL, or dropped when unusable.

A hostile or broken page can carry an href that `urllib.parse` refuses (`http://[x/`, a port
out of range): that link is skipped, never the whole page.

    resolve_link("http://h/a/index.shtml", "./202010/t20201022_1.shtml")
        -> "http://h/a/202010/t20201022_1.shtml"
    resolve_link("http://h/a/index.shtml", "http://[x/")  -> None
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def resolve_link(base: str, href: str) -> str | None:
    """`href` made absolute against `base`; None when it is not a usable URL."""
    try:
        link = urljoin(base, href.strip())
        _ = urlsplit(link).port  # a port out of range raises only when it is read
    except ValueError:
        return None
    return link
