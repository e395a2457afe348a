"""Tier 1 for the web: parameter checks, chart markup, partial periods (no server)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from itertools import pairwise

import pytest
from bs4 import BeautifulSoup
from starlette.datastructures import QueryParams

from warehouse.analytics import CUT_BY_RANGE, NOT_OVER, partial_reason
from web import charts, params
from web.app import marked
from web.params import BadRequest


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        ("limit=5", "limit", 5),
        ("", "limit", 20),
        ("limit=%2B5", "limit", BadRequest),
        ("limit=５", "limit", BadRequest),  # a full-width digit is not a number here
        ("limit=0", "limit", BadRequest),
        ("limit=1e3", "limit", BadRequest),
        ("limit=5&limit=6", "limit", BadRequest),
    ],
)
def test_whole_numbers(query: str, name: str, expected: object) -> None:
    values = QueryParams(query)
    if expected is BadRequest:
        with pytest.raises(BadRequest):
            params.whole(values, name, 20, 1, 100)
    else:
        assert params.whole(values, name, 20, 1, 100) == expected


@pytest.mark.parametrize(
    ("text", "ok"),
    [("2024-02-29", True), ("2023-02-29", False), ("20240101", False), ("2024-1-01", False)],
)
def test_days(text: str, ok: bool) -> None:
    values = QueryParams({"since": text})
    if ok:
        assert params.day(values, "since") == date.fromisoformat(text)
    else:
        with pytest.raises(BadRequest, match="since: not a date"):
            params.day(values, "since")


def test_text_values_are_normalised_and_control_characters_refused() -> None:
    assert params.text(QueryParams({"source": " 扬州日报 "}), "source") == "扬州日报"
    assert params.text(QueryParams({"source": "ＡＢ"}), "source") == "AB"  # NFKC, as stored
    for bad in ("扬州\x00", "\u200b扬州", "a" * 101):
        with pytest.raises(BadRequest):
            params.text(QueryParams({"source": bad}), "source")
    message = ""
    try:
        params.day(QueryParams({"since": "<b>" * 30}), "since")
    except BadRequest as error:
        message = str(error)
    assert len(message) < 120 and message.endswith("…'")


def test_marked_escapes_everything_but_the_marks() -> None:
    html = marked([("<b>", False), ("市长", True), ("&", False), ("<i>", True)])
    assert str(html) == "&lt;b&gt;<mark>市长</mark>&amp;<mark>&lt;i&gt;</mark>"


@pytest.mark.parametrize(
    ("top", "last"), [(0.0, 1.0), (0.73, 0.8), (7, 8), (48, 50), (1234, 1250), (0.004, 0.004)]
)
def test_nice_ticks_cover_the_top_in_round_steps(top: float, last: float) -> None:
    ticks = charts.nice_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top and ticks[-1] == pytest.approx(last)
    steps = {round(b - a, 9) for a, b in pairwise(ticks)}
    assert len(steps) == 1 and len(ticks) <= 7


def test_line_chart_marks_partial_periods_and_escapes_labels() -> None:
    svg = charts.line_chart(
        ["2024", "2025", "2026"],
        [charts.Line("<script>x</script>", (0.1, 0.2, 0.3)), charts.Line("二次创业", (0, 0.1, 0))],
        partial=(False, False, True),
        title='趋势 "引号"',
        percent=True,
    )
    soup = BeautifulSoup(svg, "lxml-xml")
    assert not soup.find("script")
    series = soup.find_all("g", class_="series")
    assert [g["data-term"] for g in series] == ["<script>x</script>", "二次创业"]
    for g in series:
        lines = g.find_all("polyline", class_="line")
        assert len(lines) == 1 and len(lines[0]["points"].split()) == 2  # the whole periods
        dashed = g.find_all("polyline", class_="partial")
        assert len(dashed) == 1 and dashed[0]["stroke-dasharray"]
        hollow = [c for c in g.find_all("circle") if c["fill"] == "#fff"]
        assert len(hollow) == 1
    assert len(soup.find_all("g", class_="partial-band")) == 1
    assert "30.0%" in svg and soup.find("title").text == '趋势 "引号"'


def test_partial_reason() -> None:
    today = date(2026, 6, 15)
    assert partial_reason("2026", "year", None, None, today) == NOT_OVER
    assert partial_reason("2026-06", "month", None, None, today) == NOT_OVER
    assert partial_reason("2026-05", "month", None, None, today) is None
    assert partial_reason("2025", "year", date(2025, 3, 1), None, today) == CUT_BY_RANGE
    assert partial_reason("2025", "year", date(2025, 1, 1), date(2025, 12, 31), today) is None
    assert partial_reason("2025-Q4", "quarter", None, date(2025, 12, 30), today) == CUT_BY_RANGE
    assert partial_reason("2026-06", "month", None, None, date(2026, 6, 30)) == NOT_OVER
    assert partial_reason("2026-06", "month", None, None, date(2026, 7, 1)) is None


def test_timeline_chart_draws_a_bar_per_row() -> None:
    svg = charts.timeline_chart(
        [
            charts.Span("张宝娟 · 市长", date(2020, 10, 22), date(2022, 1, 5), "市长"),
            charts.Span("<x>", date(2021, 1, 1), date(2021, 1, 1), "副市长"),
        ],
        "时间线",
    )
    soup = BeautifulSoup(svg, "lxml-xml")
    assert len(soup.find_all("g", class_="span")) == 2 and "<x>" not in svg
    assert charts.timeline_chart([], "空") == ""


def test_the_web_package_never_imports_flows() -> None:
    program = (
        "import sys, web.app, web.server\n"
        "print(sorted(m for m in sys.modules if m == 'flows' or m.startswith('flows.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
