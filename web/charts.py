"""Charts as SVG markup made here, pure: nothing to download, no script, no outside font.

    line_chart(["2023", "2024"], [Line("新质生产力", (0.01, 0.12))], partial=(False, True),
               title="...", percent=True)
    timeline_chart([Span("张宝娟 · 市长", date(2020, 10, 22), date(2024, 1, 5))], title="...")

The markup goes straight into the page (inline SVG inherits the page's font); every label is
escaped. A line chart draws one `polyline.line` per series through its complete periods and a
dashed `polyline.partial` into a partial one (a period not over yet, or cut by the date
range), whose band is shaded and labelled; the legend sits outside the plot, on the right.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

# Okabe-Ito: told apart by colour-blind readers too; the legend also names every line.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
WIDTH, HEIGHT = 820, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 190, 28, 56
LEGEND_GAP = 16
LABEL_SPACING = 64  # pixels per x label at least: labels never overlap
LEGEND_CHARS = 12
PARTIAL_LABEL = "未完"
PARTIAL_NOTE = "虚线、灰底：未结束或只部分在所选日期内的时期"
ROW_HEIGHT = 20
TIMELINE_LABEL_WIDTH = 170


@dataclass(frozen=True)
class Line:
    """One series: its label and a value per category."""

    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Span:
    """One timeline row: its label, first and last day, and its group (one colour each)."""

    label: str
    start: date
    end: date
    group: str = ""


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top` (steps of 1, 2, 2.5 or 5 times 10^n)."""
    if not top > 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def format_value(value: float, percent: bool) -> str:
    """A value as the chart and its table show it: a share as a percentage, or a count."""
    if percent:
        return f"{value * 100:.1f}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _short(label: str, chars: int = LEGEND_CHARS) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def line_chart(
    categories: Sequence[str],
    lines: Sequence[Line],
    partial: Sequence[bool],
    title: str,
    percent: bool = False,
    chart_id: str = "chart",
) -> str:
    """An SVG line chart: categories along x, one line per series, partial periods marked."""
    count = len(categories)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    top_value = max((v for line in lines for v in line.values), default=0.0)
    ticks = nice_ticks(top_value)
    y_max = ticks[-1]

    def x(index: int) -> float:
        return LEFT + (plot_width / 2 if count == 1 else index * plot_width / (count - 1))

    def y(value: float) -> float:
        return TOP + plot_height - (value / y_max) * plot_height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(categories, lines, partial))}</desc>',
    ]
    step = plot_width / max(count - 1, 1)
    for index, is_partial in enumerate(partial):
        if not is_partial:
            continue
        left = max(LEFT, x(index) - step / 2)
        right = min(LEFT + plot_width, x(index) + step / 2)
        if count == 1:
            left, right = LEFT, LEFT + plot_width
        parts.append(
            f'<g class="partial-band"><title>{escape(categories[index])}: {PARTIAL_NOTE}</title>'
            f'<rect x="{left:.1f}" y="{TOP}" width="{max(right - left, 2):.1f}"'
            f' height="{plot_height}" fill="#ececec"/>'
            f'<text x="{(left + right) / 2:.1f}" y="{TOP - 8}" text-anchor="middle"'
            f' font-size="11" fill="#555">{PARTIAL_LABEL}</text></g>'
        )
    parts.append('<g class="axis y-axis" font-size="11" fill="#333">')
    for tick in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_width}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"'
            ' stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{escape(format_value(tick, percent))}</text>"
        )
    parts.append("</g>")
    parts.append('<g class="axis x-axis" font-size="11" fill="#333">')
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT + plot_width}" y1="{TOP + plot_height}"'
        f' y2="{TOP + plot_height}" stroke="#333"/>'
    )
    every = max(1, math.ceil(count / max(1, plot_width // LABEL_SPACING)))
    for index, category in enumerate(categories):
        if index % every and index != count - 1:
            continue
        if index != count - 1 and count - 1 - index < every:
            continue  # the last label is always shown: do not crowd it
        parts.append(
            f'<line x1="{x(index):.1f}" x2="{x(index):.1f}" y1="{TOP + plot_height}"'
            f' y2="{TOP + plot_height + 4}" stroke="#333"/>'
            f'<text x="{x(index):.1f}" y="{TOP + plot_height + 18}" text-anchor="middle">'
            f"{escape(category)}</text>"
        )
    parts.append("</g>")
    for number, line in enumerate(lines):
        colour = PALETTE[number % len(PALETTE)]
        parts.append(_series(line, colour, categories, partial, x, y, percent))
    parts.append(_legend(lines, any(partial)))
    parts.append("</svg>")
    return "".join(parts)


def _series(
    line: Line,
    colour: str,
    categories: Sequence[str],
    partial: Sequence[bool],
    x: Callable[[int], float],
    y: Callable[[float], float],
    percent: bool,
) -> str:
    points = [(x(i), y(v)) for i, v in enumerate(line.values)]
    solid = " ".join(
        f"{px:.1f},{py:.1f}" for (px, py), p in zip(points, partial, strict=True) if not p
    )
    parts = [
        f'<g class="series" data-term="{_attr(line.label)}">',
        f'<polyline class="line" points="{solid}" fill="none" stroke="{colour}"'
        ' stroke-width="2.5" stroke-linejoin="round"/>',
    ]
    for i in range(len(points) - 1):
        if partial[i] or partial[i + 1]:
            (x1, y1), (x2, y2) = points[i], points[i + 1]
            parts.append(
                f'<polyline class="partial" points="{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f}"'
                f' fill="none" stroke="{colour}" stroke-width="2.5" stroke-dasharray="6 4"/>'
            )
    for i, ((px, py), value) in enumerate(zip(points, line.values, strict=True)):
        fill = "#fff" if partial[i] else colour
        tip = escape(f"{line.label} {categories[i]}: {format_value(value, percent)}")
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{fill}" stroke="{colour}"'
            f' stroke-width="1.5"><title>{tip}</title></circle>'
        )
    parts.append("</g>")
    return "".join(parts)


def _legend(lines: Sequence[Line], any_partial: bool) -> str:
    left = WIDTH - RIGHT + LEGEND_GAP
    parts = ['<g class="legend" font-size="12" fill="#222">']
    for number, line in enumerate(lines):
        colour = PALETTE[number % len(PALETTE)]
        row = TOP + 10 + number * 22
        parts.append(
            f'<g class="legend-item"><title>{escape(line.label)}</title>'
            f'<line x1="{left}" x2="{left + 22}" y1="{row}" y2="{row}" stroke="{colour}"'
            ' stroke-width="3"/>'
            f'<text x="{left + 28}" y="{row + 4}">{escape(_short(line.label))}</text></g>'
        )
    if any_partial:
        row = TOP + 10 + len(lines) * 22 + 6
        parts.append(
            f'<g class="legend-item"><line x1="{left}" x2="{left + 22}" y1="{row}" y2="{row}"'
            ' stroke="#555" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{left + 28}" y="{row + 4}">{PARTIAL_LABEL}的时期</text></g>'
        )
    parts.append("</g>")
    return "".join(parts)


def _describe(categories: Sequence[str], lines: Sequence[Line], partial: Sequence[bool]) -> str:
    if not categories:
        return "没有数据"
    said = f"{categories[0]} 至 {categories[-1]}，{len(categories)} 个时期；" + "、".join(
        line.label for line in lines
    )
    marked = [c for c, p in zip(categories, partial, strict=True) if p]
    return said + (f"；未完的时期：{'、'.join(marked)}" if marked else "")


def timeline_chart(spans: Sequence[Span], title: str, chart_id: str = "timeline") -> str:
    """An SVG timeline: a bar per row from its first to its last day, years along x."""
    if not spans:
        return ""
    first = min(span.start for span in spans)
    last = max(span.end for span in spans)
    start_year, end_year = first.year, last.year + 1
    origin = date(start_year, 1, 1).toordinal()
    days = date(end_year, 1, 1).toordinal() - origin
    plot_left = TIMELINE_LABEL_WIDTH
    plot_width = WIDTH - plot_left - 24
    height = TOP + len(spans) * ROW_HEIGHT + 36

    def x(day: date) -> float:
        return plot_left + (day.toordinal() - origin) / days * plot_width

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline"'
        f' viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img"'
        f' aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        '<g class="axis x-axis" font-size="11" fill="#333">',
    ]
    years = range(start_year, end_year + 1)
    every = max(1, math.ceil(len(years) / max(1, plot_width // LABEL_SPACING)))
    for year in years:
        left = x(date(year, 1, 1))
        parts.append(
            f'<line x1="{left:.1f}" x2="{left:.1f}" y1="{TOP - 6}"'
            f' y2="{TOP + len(spans) * ROW_HEIGHT}" stroke="#e3e3e3"/>'
        )
        if (year - start_year) % every == 0:
            parts.append(f'<text x="{left:.1f}" y="{TOP - 10}" text-anchor="middle">{year}</text>')
    parts.append("</g>")
    groups = list(dict.fromkeys(span.group for span in spans))
    for row, span in enumerate(spans):
        top = TOP + row * ROW_HEIGHT
        left, right = x(span.start), x(span.end)
        colour = PALETTE[groups.index(span.group) % len(PALETTE)]
        parts.append(
            f'<g class="span"><title>{escape(span.label)}: {span.start} – {span.end}</title>'
            f'<text x="{plot_left - 8}" y="{top + 14}" text-anchor="end" font-size="12"'
            f' fill="#222">{escape(_short(span.label, 14))}</text>'
            f'<rect x="{left:.1f}" y="{top + 4}" width="{max(right - left, 3):.1f}" height="12"'
            f' rx="2" fill="{colour}"/></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Mark:
    """A row of a first-mentions chart: its label, its day (None: never) and whether it is the
    row to highlight."""

    label: str
    day: date | None
    highlight: bool = False


HIGHLIGHT = "#D55E00"


def first_mentions_chart(marks: Sequence[Mark], title: str, chart_id: str = "diffusion") -> str:
    """An SVG of first mentions on one time axis: a dot per row at its day, the highlighted
    row's in colour and bold, rows that never mentioned it labelled so; years along x."""
    dated = [mark.day for mark in marks if mark.day is not None]
    if not dated:
        return ""
    start_year, end_year = min(dated).year, max(dated).year + 1
    origin = date(start_year, 1, 1).toordinal()
    days = date(end_year, 1, 1).toordinal() - origin
    plot_left = TIMELINE_LABEL_WIDTH
    plot_width = WIDTH - plot_left - 24
    height = TOP + len(marks) * ROW_HEIGHT + 36

    def x(day: date) -> float:
        return plot_left + (day.toordinal() - origin) / days * plot_width

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline diffusion"'
        f' id="{chart_id}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"'
        f' role="img" aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        '<g class="axis x-axis" font-size="11" fill="#333">',
    ]
    for year in range(start_year, end_year + 1):
        left = x(date(year, 1, 1))
        parts.append(
            f'<line x1="{left:.1f}" x2="{left:.1f}" y1="{TOP - 6}"'
            f' y2="{TOP + len(marks) * ROW_HEIGHT}" stroke="#e3e3e3"/>'
            f'<text x="{left:.1f}" y="{TOP - 10}" text-anchor="middle">{year}</text>'
        )
    parts.append("</g>")
    for row, mark in enumerate(marks):
        top = TOP + row * ROW_HEIGHT
        colour = HIGHLIGHT if mark.highlight else PALETTE[0]
        weight = ' font-weight="bold"' if mark.highlight else ""
        css = "mark highlight" if mark.highlight else "mark"
        label = (
            f'<text x="{plot_left - 8}" y="{top + 14}" text-anchor="end" font-size="12"'
            f' fill="{colour if mark.highlight else "#222"}"{weight}>{escape(mark.label)}</text>'
        )
        if mark.day is None:
            parts.append(
                f'<g class="{css} never"><title>{escape(mark.label)}：未提及</title>{label}'
                f'<text x="{plot_left + 4}" y="{top + 14}" font-size="11" fill="#777">未提及</text>'
                "</g>"
            )
            continue
        parts.append(
            f'<g class="{css}"><title>{escape(mark.label)}：{mark.day}</title>{label}'
            f'<line x1="{plot_left}" x2="{x(mark.day):.1f}" y1="{top + 10}" y2="{top + 10}"'
            f' stroke="#ccc"/><circle cx="{x(mark.day):.1f}" cy="{top + 10}"'
            f' r="{6 if mark.highlight else 4.5}" fill="{colour}"/>'
            f'<text x="{x(mark.day) + 9:.1f}" y="{top + 14}" font-size="11"'
            f' fill="#333">{mark.day}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
