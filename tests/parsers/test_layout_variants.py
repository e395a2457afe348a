"""Issue 12 item 2: every TRS-style layout variant reads right, every field.

The six variants (tests/sample_site/templates.py: publish_line, kicker_subtitle,
editor_after_tools, table_cells, inline_chrome, pubdate_mismatch) as the default site and the
generator render them. Each field must equal the ground truth, the kicker (引题) and the
subtitle (副题, without its dashes) included: read with `getattr(parsed, name, None)`.
"""

from __future__ import annotations

import pytest

from parsers.encoding import decode_html
from parsers.models import ParseError
from parsers.sites.zgjssw import ZGJSSW
from tests.sample_site.generator import generate_articles
from tests.sample_site.scoring import wrong_fields
from tests.sample_site.site import SampleSite, build_site
from tests.sample_site.templates import VARIANT_TEMPLATES

parse_article = ZGJSSW.parse_article

GENERATED_ARTICLES = 600


@pytest.fixture(scope="module")
def sites() -> tuple[SampleSite, SampleSite]:
    return build_site(), build_site(generate_articles(GENERATED_ARTICLES, seed=21))


def wrong_pages(site: SampleSite, template: str) -> dict[str, object]:
    """Path -> the fields read wrong (or the ParseError) for a template's pages."""
    wrong: dict[str, object] = {}
    for truth in site.templates.get(template, []):
        page = site.pages[truth.path]
        html, _ = decode_html(page.body, page.content_type)
        try:
            parsed = parse_article(html, "http://127.0.0.1:8000" + truth.path)
        except ParseError as error:
            wrong[truth.path] = repr(error)
            continue
        diff = wrong_fields(parsed, truth)
        if diff:
            wrong[truth.path] = diff
    return wrong


@pytest.mark.parametrize("template", VARIANT_TEMPLATES)
def test_variant_pages_parse_exactly(template: str, sites: tuple[SampleSite, SampleSite]) -> None:
    default, generated = sites
    assert template in default.templates and template in generated.templates
    wrong = {**wrong_pages(default, template), **wrong_pages(generated, template)}
    assert not wrong, wrong


def test_subtitles_of_the_older_templates_are_read(sites: tuple[SampleSite, SampleSite]) -> None:
    default, _ = sites
    with_subtitle = [a for a in default.articles if a.subtitle and a.template == "html5_article"]
    assert with_subtitle
    for truth in with_subtitle:
        page = default.pages[truth.path]
        html, _ = decode_html(page.body, page.content_type)
        parsed = parse_article(html, "http://127.0.0.1:8000" + truth.path)
        assert wrong_fields(parsed, truth) == {}
