"""How people call each site, without the source registry: a result list names the sites of
its hits, and a read command must not import every site adapter (BeautifulSoup with them,
0.3 s) to do so (#29). tests/parsers/test_site_labels.py checks the table against each
adapter's own `site_names`, which stay the truth.
"""

from __future__ import annotations

# Each source's name -> the first of its adapter's site_names.
SITE_LABELS = {
    "zgjssw": "中共江苏省委新闻网",
    "jsnews": "中国江苏网",
    "yznews": "扬州网",
}


def site_label(name: str) -> str:
    """How people call a site (扬州网 for yznews); a name no adapter has, as it is."""
    return SITE_LABELS.get(name, name)
