"""The source registry: every site yzdaily reads, as one adapter each (docs/SOURCES.md).

A source is a `SiteAdapter` (parsers/site.py): its name, URL scheme (article URLs and
identities), list discovery (first list page, the page after), the article parsers (HTML and
plain-text copies), the hosts it may redirect between and its default base URL. The flows
never name a site: they ask the registry, which finds every adapter in `parsers/sites/`.

    SOURCES["yznews"].parse_article(html, url)
    source_for_url("http://news.yznews.com.cn/2026-02/10/content_1.htm").name  -> "yznews"
    selected("all")                                                          -> every source

Article URL schemes of the sources are disjoint, so a URL alone says which source it is of,
whatever host (a mirror, the sample site) serves it.
"""

from __future__ import annotations

import importlib
import pkgutil
from urllib.parse import urlsplit, urlunsplit

from parsers import sites
from parsers.site import SiteAdapter
from parsers.site_labels import site_label as site_label  # its home: no adapter needed

ALL = "all"


def _discover() -> tuple[SiteAdapter, ...]:
    """One adapter per module of parsers/sites/, in module-name order (zgjssw first: the
    default source and the first crawled by `all`)."""
    found: list[SiteAdapter] = []
    for module_info in sorted(pkgutil.iter_modules(sites.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{sites.__name__}.{module_info.name}")
        adapters = [
            value
            for value in vars(module).values()
            if isinstance(value, SiteAdapter) and type(value).__module__ == module.__name__
        ]
        if len(adapters) != 1:
            raise RuntimeError(f"{module.__name__} must define exactly one SiteAdapter instance")
        found.extend(adapters)
    default = [a for a in found if a.name == DEFAULT_SOURCE]
    return (*default, *(a for a in found if a.name != DEFAULT_SOURCE))


DEFAULT_SOURCE = "zgjssw"
SOURCES: dict[str, SiteAdapter] = {source.name: source for source in _discover()}
ZGJSSW = SOURCES[DEFAULT_SOURCE]
YZNEWS = SOURCES["yznews"]
# Text without a URL is offered to the most specific adapters first (zgjssw accepts anything).
SNIFF_ORDER = tuple(sorted(SOURCES.values(), key=lambda s: -s.SNIFF_PRIORITY))
NAMES = (*SOURCES, ALL)


def selected(name: str) -> tuple[SiteAdapter, ...]:
    """The sources a `--source` value names (`all`: every one); KeyError for unknown names."""
    if name == ALL:
        return tuple(SOURCES.values())
    return (SOURCES[name],)


def source_for_url(url: str) -> SiteAdapter | None:
    """The source whose article scheme the URL is in, or None (also for unparsable URLs)."""
    try:
        return next((s for s in SOURCES.values() if s.is_article_url(url)), None)
    except ValueError:
        return None  # `http://[x/` and the like: no source's article


def article_fetch_url(url: str) -> str:
    """An article link as fetched and recorded: without query string and fragment, which name
    no other article in any source's scheme (`...t20201022_1.shtml?from=list#top` is the same
    page), so one article is fetched once."""
    parts = urlsplit(url)
    if not parts.query and not parts.fragment:
        return url
    return urlunsplit(parts._replace(query="", fragment=""))


def sniff_source(text: str) -> SiteAdapter:
    """The source whose layout a page's text (HTML or plain) is in, when no URL says."""
    return next(s for s in SNIFF_ORDER if s.recognises_text(text))
