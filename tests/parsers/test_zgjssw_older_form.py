"""zgjssw's older URL form `/{column}/{YYYYMM}/t{7 digits}.shtml`: no day in it, so the date is
the page's, and it must fall in the month folder (DESIGN.md 2.1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from parsers.encoding import decode_html
from parsers.models import ParseError
from parsers.sources import SOURCES, source_for_url
from tests.sample_site.generator import generate_articles
from tests.sample_site.scoring import FIELDS
from tests.sample_site.site import expected_article
from tests.sample_site.specs import ArticleSpec
from tests.sample_site.templates import TEMPLATES, render_page

ZGJSSW = SOURCES["zgjssw"]
COLUMN = "/shixianchuanzhen/yangzhou"


def old_form_path(spec: ArticleSpec) -> str:
    """The spec's article at the older form: its month folder and its 7-digit id."""
    return f"{COLUMN}/{spec.published_at:%Y%m}/t{spec.id}.shtml"


@pytest.mark.parametrize(
    ("url", "article", "period"),
    [
        (
            f"http://zgjssw.jschina.com.cn{COLUMN}/201608/t2962195.shtml",
            True,
            (date(2016, 8, 1), date(2016, 8, 31)),
        ),
        (
            f"https://www.zgjssw.gov.cn{COLUMN}/201612/t3100001.shtml",
            True,
            (date(2016, 12, 1), date(2016, 12, 31)),
        ),
        (
            f"https://www.zgjssw.gov.cn{COLUMN}/201602/t3100001.shtml",
            True,
            (date(2016, 2, 1), date(2016, 2, 29)),
        ),
        # The dated form still carries its day.
        (
            f"https://www.zgjssw.gov.cn{COLUMN}/202010/t20201022_6842645.shtml",
            True,
            (date(2020, 10, 22), date(2020, 10, 22)),
        ),
        (f"https://www.zgjssw.gov.cn{COLUMN}/201613/t2962195.shtml", False, None),  # month 13
        (f"https://www.zgjssw.gov.cn{COLUMN}/201608/t296219.shtml", False, None),  # 6 digits
        (f"https://www.zgjssw.gov.cn{COLUMN}/201608/t29621950.shtml", False, None),  # 8 digits
        (f"https://www.zgjssw.gov.cn{COLUMN}/201608/t2962195.html", False, None),
        (f"https://www.zgjssw.gov.cn{COLUMN}/index_3.shtml", False, None),
        ("http://wm.jschina.com.cn/9659/ganyu/201608/t2962195.shtml", False, None),  # not 市县传真
    ],
)
def test_older_form_is_an_article_url_of_its_month(
    url: str, article: bool, period: tuple[date, date] | None
) -> None:
    assert ZGJSSW.is_article_url(url) is article
    assert (source_for_url(url) is ZGJSSW) is article
    assert ZGJSSW.url_period(url) == period
    if article:
        assert ZGJSSW.article_id(url).startswith("zgjssw:/shixianchuanzhen/")


def test_older_form_pages_read_as_their_truth() -> None:
    # Pages of every era's template at the older form's URL: the date comes from the page.
    specs = generate_articles(40, seed=2016, start=datetime(2015, 1, 1), end=datetime(2018, 12, 31))
    templates = set()
    for spec in specs:
        truth = expected_article(spec)
        url = f"http://zgjssw.jschina.com.cn{old_form_path(spec)}"
        html, _ = decode_html(
            render_page(spec, truth.template), TEMPLATES[truth.template].content_type
        )
        article = ZGJSSW.parse_article(html, url)
        assert {f: getattr(article, f) for f in FIELDS} == {f: getattr(truth, f) for f in FIELDS}
        assert article.url == f"https://www.zgjssw.gov.cn{old_form_path(spec)}"
        assert article.column == "扬州"
        templates.add(truth.template)
    assert len(templates) >= 4  # several layouts, not one lucky one


def test_a_date_outside_the_month_folder_is_refused() -> None:
    (spec,) = generate_articles(1, seed=7, start=datetime(2017, 3, 1), end=datetime(2017, 3, 28))
    truth = expected_article(spec)
    html, _ = decode_html(render_page(spec, truth.template), TEMPLATES[truth.template].content_type)
    # The same page filed under another month: its date line is not the URL's.
    url = f"http://zgjssw.jschina.com.cn{COLUMN}/201705/t{spec.id}.shtml"
    with pytest.raises(ParseError, match="not in the URL's period") as refused:
        ZGJSSW.parse_article(html, url)
    assert refused.value.field_name == "published_at"
    # And in its own month it reads.
    right = f"http://zgjssw.jschina.com.cn{COLUMN}/201703/t{spec.id}.shtml"
    assert ZGJSSW.parse_article(html, right).published_at == truth.published_at


def test_plain_text_copies_of_older_form_pages_check_the_month_too() -> None:
    (spec,) = generate_articles(1, seed=8, start=datetime(2016, 6, 1), end=datetime(2016, 6, 28))
    truth = replace(expected_article(spec), path=old_form_path(spec))
    text = "\n".join(
        [
            truth.title,
            f"{truth.published_at:%Y-%m-%d %H:%M:%S}",
            "来源：扬州日报",
            *truth.paragraphs,
            f"编辑：{truth.editors[0]}",
        ]
    )
    url = f"https://www.zgjssw.gov.cn{truth.path}"
    assert ZGJSSW.parse_text(text, url).published_at == truth.published_at
    with pytest.raises(ParseError, match="not in the URL's period"):
        ZGJSSW.parse_text(text, url.replace(f"/{truth.published_at:%Y%m}/", "/201607/"))
