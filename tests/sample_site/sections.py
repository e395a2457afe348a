"""Every source's sample pages on one site: zgjssw's column plus a section per other source.

    site, sections = build_sample_sites()   # sections["yznews"].articles: that section's truth

A source's sample pages are the module `tests/sample_site/<source>.py`, found by the source's
name (parsers/sources.py); it defines `add_section(site) -> section` (the section has
`articles`, its truth) and may define `ZGJSSW_COPIES`, zgjssw versions of its cross-posted
stories. Adding a site adds its module here; nothing else changes.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from parsers.sources import DEFAULT_SOURCE, SOURCES
from tests.sample_site.site import SampleArticle, SampleSite, build_site, default_specs


def section_modules() -> dict[str, Any]:
    """Source name -> its sample-pages module, for every source but zgjssw (the base site)."""
    return {
        name: importlib.import_module(f"tests.sample_site.{name}")
        for name in SOURCES
        if name != DEFAULT_SOURCE
    }


def build_sample_sites(page_size: int = 10) -> tuple[SampleSite, dict[str, Any]]:
    """zgjssw's column (with the other sources' cross-posted stories) and each other section."""
    modules = section_modules()
    copies = [spec for module in modules.values() for spec in getattr(module, "ZGJSSW_COPIES", ())]
    site = build_site([*default_specs(), *copies], page_size=page_size)
    return site, {name: module.add_section(site) for name, module in modules.items()}


def expected_json(source_name: str, article: SampleArticle) -> dict[str, object]:
    """The golden `.expected.json` of a section's article, from its truth (never a parse)."""
    source = SOURCES[source_name]
    url = source.canonical_url(article.path)
    return {
        "url": url,
        "site": source_name,
        "title": article.title,
        "kicker": None,
        "subtitle": None,
        "published_at": article.published_at.isoformat(timespec="seconds"),
        "source": article.source,
        "dateline": article.dateline,
        "reporters": list(article.reporters),
        "correspondents": list(article.correspondents),
        "editors": list(article.editors),
        "author": article.author,
        "paragraphs": list(article.paragraphs),
        "column": source.column_for(url),
    }


def save_section_goldens(fixtures: str | Path) -> list[Path]:
    """One golden page per template of every section: fixtures/<source>/<template>.html + JSON.

    Pages are written as the server sends them; the content type goes in `_content_type`
    (some templates declare their charset in the HTTP header only).
    """
    site, sections = build_sample_sites()
    written: list[Path] = []
    for name, section in sections.items():
        folder = Path(fixtures) / name
        folder.mkdir(parents=True, exist_ok=True)
        chosen: dict[str, SampleArticle] = {}
        for article in section.articles:
            chosen.setdefault(article.template, article)
        for template, article in sorted(chosen.items()):
            page = site.pages[article.path]
            (folder / f"{template}.html").write_bytes(page.body)
            expected = expected_json(name, article) | {"_content_type": page.content_type}
            text = json.dumps(expected, ensure_ascii=False, sort_keys=True, indent=2)
            (folder / f"{template}.expected.json").write_text(text + "\n", encoding="utf-8")
            written.extend([folder / f"{template}.html", folder / f"{template}.expected.json"])
    return written
