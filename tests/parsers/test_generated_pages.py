"""Every field of generated articles, across every template and byline case, parsed right.

The sample site's generator composes articles from sentence banks and renders each in one of
its templates (GB and UTF-8, sidebars, related lists, varied headers); its ground truth comes
from the same data. No HTTP here: this is the parser against many pages, fast.
"""

from __future__ import annotations

import pytest

from parsers.encoding import decode_html
from parsers.sites.zgjssw import ZGJSSW
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import SampleArticle, build_site

parse_article = ZGJSSW.parse_article

ARTICLES_PER_SEED = 150


def fields_of(article: SampleArticle) -> dict[str, object]:
    return {
        "title": article.title,
        "published_at": article.published_at,
        "source": article.source,
        "dateline": article.dateline,
        "reporters": tuple(article.reporters),
        "correspondents": tuple(article.correspondents),
        "editors": tuple(article.editors),
        "author": article.author,
        "paragraphs": tuple(article.paragraphs),
    }


@pytest.mark.parametrize("seed", [11, 12])
def test_generated_articles_parse_exactly(seed: int) -> None:
    site = build_site(generate_articles(ARTICLES_PER_SEED, seed=seed))
    assert len(site.templates) >= 6
    wrong = {}
    for truth in site.articles:
        page = site.pages[truth.path]
        html, _ = decode_html(page.body, page.content_type)
        parsed = parse_article(html, "http://127.0.0.1:8000" + truth.path)
        got = {name: getattr(parsed, name) for name in fields_of(truth)}
        diff = {k: (v, got[k]) for k, v in fields_of(truth).items() if got[k] != v}
        if diff:
            wrong[f"{truth.template} {truth.path}"] = diff
    assert not wrong, wrong
