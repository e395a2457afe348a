"""Tier 2: saved pages as raw bytes, each with a golden `.expected.json` beside it.

`tests/fixtures/<site>/` holds each site's pages (`seed/` holds text copies, read as zgjssw's).
The goldens are the expected parse, written from the sample site's ground truth or checked by
hand against the page, never from the parser's own output (`yzdaily golden add` writes a
draft that a person reviews). Each page must read exactly as its golden says, or be refused
when its golden says `"refused"`; the eval gate (tests/test_eval_gate.py) pins the per-field
accuracy over all of them. As fundus' `test_parsing` does per parser version, every dated
layout version (`Layout`) of every site adapter has a golden of its own: a page of its days,
in its own markup where it names any, read as its golden says.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from parsers.encoding import decode_html
from parsers.models import ParseError
from parsers.page import read_page
from parsers.site import Layout, SiteAdapter
from parsers.sources import SOURCES
from tests.eval_gate import FIELDS, Case, comparable, golden_cases

CASES = golden_cases()


def test_every_source_has_goldens() -> None:
    sites = {case.site for case in CASES if not case.text_copy}
    assert sites == set(SOURCES)
    assert any(case.text_copy for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_page_reads_as_its_golden_says(case: Case) -> None:
    if case.expected is None:
        with pytest.raises(ParseError) as refused:
            case.parse()
        assert refused.value.field_name == case.refused_field
        return
    article = case.parse().to_json()
    got = {name: comparable(name, article.get(name)) for name in (*FIELDS, "url", "site", "column")}
    wanted = {name: case.expected.get(name) for name in got}
    assert got == wanted


def reads_as_its_golden_says(case: Case) -> bool:
    """Whether the page reads exactly as its golden says (or is refused as it says)."""
    try:
        article = case.parse().to_json()
    except ParseError as error:
        return case.expected is None and error.field_name == case.refused_field
    if case.expected is None:
        return False
    return all(comparable(n, article.get(n)) == case.expected.get(n) for n in FIELDS)


def version_of(source: SiteAdapter, case: Case) -> type[Layout]:
    """The layout version that reads the golden's page (by its URL's date, as a parse does)."""
    period = source.url_period(case.url)
    return type(source.layout_for(period[0] if period else None))


def in_its_markup(layout: type[Layout], case: Case) -> bool:
    """Whether the page has the markup the version names (any page, when it names none)."""
    if not layout.BODY_SELECTORS and not layout.TITLE_SELECTORS:
        return True
    text, _ = decode_html(case.body, case.content_type)
    page = read_page(text, layout.TITLE_SELECTORS, layout.BODY_SELECTORS)
    return bool(page.containers or not layout.BODY_SELECTORS) and bool(
        page.selected_titles or not layout.TITLE_SELECTORS
    )


def versions_without_a_golden(cases: list[Case]) -> list[str]:
    """`site.Version` of every layout version no golden page of its own reads."""
    missing = []
    for name, source in SOURCES.items():
        for layout in source.LAYOUTS:
            own = [
                case
                for case in cases
                if case.site == name
                and not case.text_copy
                and version_of(source, case) is layout
                and in_its_markup(layout, case)
                and reads_as_its_golden_says(case)
            ]
            if not own:
                missing.append(f"{name}.{layout.__name__}")
    return missing


def test_every_layout_version_of_every_site_has_its_own_golden() -> None:
    assert versions_without_a_golden(CASES) == [], (
        "a layout version without a saved page of its own: add one under"
        " tests/fixtures/<site>/ (`yzdaily golden add`, then review its .expected.json)"
    )


def test_a_version_whose_only_golden_is_gone_is_caught() -> None:
    # 扬州网's portal template (to 2020) has one golden page: without it, the test fails.
    kept = [case for case in CASES if case.name != "yznews/yz_qq_portal_gb.html"]
    assert versions_without_a_golden(kept) == ["yznews.QqPortal"]
    # A page of the version's days without its markup is no golden of that version.
    portal = next(case for case in CASES if case.name == "yznews/yz_qq_portal_gb.html")
    plain = replace(portal, body=portal.body.replace(b"Cnt-Main-Article-QQ", b"article-body"))
    assert versions_without_a_golden([*kept, plain]) == ["yznews.QqPortal"]
