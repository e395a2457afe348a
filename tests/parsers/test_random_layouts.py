"""Layouts no parser code special-cases (issue 12, Done when): at least 99.5% of fields right.

tests/sample_site/random_layout.py renders generated articles with random class names, wrapper
depths, block orders, header forms, chrome, paragraph markup and encodings; the truth is the
article's own. A page the parser refuses (ParseError) counts as every field wrong; a page it
loads with any field wrong is a silent wrong load, which must not happen at all.
"""

from __future__ import annotations

import pytest

from parsers.encoding import decode_html
from parsers.sites.zgjssw import ZGJSSW
from tests.sample_site.random_layout import random_layout_corpus
from tests.sample_site.scoring import FIELDS, Tally, score_pages

parse_article = ZGJSSW.parse_article

PAGES = 500
SEED = 12
FLOOR = 0.995


@pytest.fixture(scope="module")
def tally() -> Tally:
    pages = []
    for truth, body, content_type in random_layout_corpus(PAGES, SEED):
        html, _ = decode_html(body, content_type)
        pages.append((truth.path, truth, html, "http://127.0.0.1:8000" + truth.path))
    return score_pages(pages, parse_article)


def test_random_layouts_read_at_least_99_5_percent_of_every_field(tally: Tally) -> None:
    assert tally.pages == PAGES
    low = {name: tally.field_share(name) for name in FIELDS if tally.field_share(name) < FLOOR}
    assert tally.overall_share() >= FLOOR and not low, "\n" + tally.table()


def test_random_layouts_are_read_right_or_refused_never_loaded_wrong(tally: Tally) -> None:
    refused = sum(tally.refused.values())
    first = tally.loaded_wrong[:5]
    assert not tally.loaded_wrong, f"{len(tally.loaded_wrong)} loaded wrong, e.g. {first}"
    assert refused <= (1 - FLOOR) * tally.pages, "\n" + tally.table()
