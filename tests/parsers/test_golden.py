"""Tier 2: saved pages as raw bytes, each with a golden `.expected.json` beside it.

The goldens are the expected parse, written from the sample site's ground truth (or checked by
hand, for the seed), never from the parser's own output. To add a page, save its bytes and
write its expected JSON; review any change to a golden as a diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parsers.encoding import decode_html
from parsers.models import Article
from parsers.zgjssw import parse_article, parse_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = sorted(FIXTURES.glob("*/*.html"))
TEXTS = sorted(FIXTURES.glob("*/*.txt"))


def as_json(article: Article) -> dict[str, Any]:
    """The article in the goldens' shape."""
    return {
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "published_at": article.published_at.isoformat(),
        "source": article.source,
        "dateline": article.dateline,
        "reporters": list(article.reporters),
        "correspondents": list(article.correspondents),
        "editors": list(article.editors),
        "author": article.author,
        "paragraphs": list(article.paragraphs),
        "column": article.column,
        # Read with getattr: the goldens name the fields before every parser returns them.
        "kicker": getattr(article, "kicker", None),
        "subtitle": getattr(article, "subtitle", None),
    }


def expected_for(path: Path) -> dict[str, Any]:
    golden = path.with_suffix(".expected.json")
    data: dict[str, Any] = json.loads(golden.read_text(encoding="utf-8"))
    return data


def test_there_are_goldens() -> None:
    assert len(PAGES) >= 3 and TEXTS


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_html_page_matches_golden(path: Path) -> None:
    expected = expected_for(path)
    # Decoded as the fetcher would: no HTTP header here, so meta charset, then detection.
    html, _ = decode_html(path.read_bytes(), None)
    assert as_json(parse_article(html, expected["url"])) == expected


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_text_copy_matches_golden(path: Path) -> None:
    expected = expected_for(path)
    text = path.read_text(encoding="utf-8")
    assert as_json(parse_text(text, expected["url"])) == expected
