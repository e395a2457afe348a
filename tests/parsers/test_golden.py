"""Tier 2: saved pages as raw bytes, each with a golden `.expected.json` beside it.

`tests/fixtures/<site>/` holds each site's pages (`seed/` holds text copies, read as zgjssw's).
The goldens are the expected parse, written from the sample site's ground truth or checked by
hand against the page, never from the parser's own output (`yzdaily golden add` writes a
draft that a person reviews). Each page must read exactly as its golden says, or be refused
when its golden says `"refused"`; the eval gate (tests/test_eval_gate.py) pins the per-field
accuracy over all of them.
"""

from __future__ import annotations

import pytest

from parsers.models import ParseError
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
