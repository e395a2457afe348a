"""Trend charts: matplotlib, headless, with Chinese labels in a CJK font the project installs.

A chart says what it counted (unit, sites, 来源, range) in its title, hatches partial periods,
shows each period's total under the lines and leaves out periods of too few stories, saying so;
PNG or SVG (text kept as text), with the title and that note in the file's metadata too.

The font is Noto Sans SC (SIL OFL), shipped by the `pylopdf-fonts-zh-cn` wheel, so a chart
needs neither system fonts nor a download; it is registered with matplotlib when a chart is
drawn. matplotlib is imported only here and only then (it costs ~0.5 s).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.sources import site_label
from warehouse.analytics import TrendPoint, TrendScope

if TYPE_CHECKING:
    from answers.compare import CompareAnswer

FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_FILE = "NotoSansSC-Regular.otf"
PERIOD_NAMES = {"month": "月份", "quarter": "季度", "year": "年份"}
MAX_TICK_LABELS = 16


def cjk_font_path() -> Path:
    """The bundled CJK font file (Noto Sans SC Regular)."""
    return Path(str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE)))


def use_cache_dir(cache_dir: Path) -> None:
    """Make `cache_dir` matplotlib's config and cache dir, unless MPLCONFIGDIR says otherwise.

    matplotlib builds its font list there on first use; by default it would write to the
    user's home. Call before matplotlib is imported: it reads the variable at import.
    """
    if "MPLCONFIGDIR" not in os.environ:
        cache_dir.mkdir(parents=True, exist_ok=True)
        os.environ["MPLCONFIGDIR"] = str(cache_dir)


CHART_FORMATS = (".png", ".svg")
MIN_TOTAL = 5
UNIT_NOUNS = {"stories": "篇报道", "articles": "篇文章"}
UNIT_THINGS = {"stories": "报道", "articles": "文章"}


def scope_line(scope: TrendScope, periods: Sequence[str]) -> str:
    """What a trend counted, in one line of Chinese: unit, sites, 来源 and range (periods, or
    the days asked for)."""
    thing = UNIT_THINGS.get(scope.unit, scope.unit)
    sites = "、".join(site_label(site) for site, _ in sorted(scope.sites)) or "无"
    articles = sum(count for _, count in scope.sources)
    if scope.sources and articles:
        top, count = scope.sources[0]
        sources = f"全部 {len(scope.sources)} 个（{top} {count / articles:.0%}"
        sources += "等）" if len(scope.sources) > 1 else "）"
    else:
        sources = "无"
    first = scope.since or (periods[0] if periods else "…")
    last = scope.until or (periods[-1] if periods else "…")
    return f"占当期{thing}的比例；站点：{sites}；来源：{sources}；{first} 至 {last}"


def left_out_line(left_out: Sequence[str], min_total: int, unit: str) -> str:
    """The periods left out of the chart for too few stories (articles), listed."""
    if not left_out:
        return ""
    thing = UNIT_THINGS.get(unit, unit)
    shown = "、".join(left_out[:6]) + (f" 等 {len(left_out)} 个" if len(left_out) > 6 else "")
    return f"不足 {min_total} 篇{thing}的时期未画出：{shown}"


def _share(point: TrendPoint) -> float:
    return float("nan") if point.share is None else point.share  # a period of no story: a gap


def draw_trend_chart(
    points: Sequence[TrendPoint],
    path: Path,
    by: str,
    scope: TrendScope,
    partial: Mapping[str, str] | None = None,
    min_total: int = MIN_TOTAL,
) -> list[str]:
    """Draw each term's share of stories (articles) per period as a line chart, saved as PNG
    or SVG (by the suffix), with the period totals under it; returns the periods left out.

    Periods of fewer than `min_total` stories (articles) are left out of the lines (a gap;
    their totals stay, grey); `partial` periods (period -> why) are hatched. The title says
    what was counted (`scope`); the legend sits outside the plot.
    """
    # The Figure API, not pyplot: no global figure state, no GUI backend to choose.
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    font = cjk_font_path()
    font_manager.fontManager.addfont(str(font))
    family = font_manager.FontProperties(fname=str(font)).get_name()

    partial = partial or {}
    periods = list(dict.fromkeys(p.period for p in points))
    terms = list(dict.fromkeys(p.term for p in points))
    totals = {p.period: p.total for p in points}
    left_out = [period for period in periods if totals[period] < min_total]
    kept = set(periods) - set(left_out)
    # Stories (a story on several sites once) or articles (every copy): the unit counted.
    thing = "报道" if scope.unit == "stories" else "文章"
    noun = UNIT_NOUNS.get(scope.unit, scope.unit)
    title = "词语趋势：" + "、".join(terms)
    subtitle = scope_line(scope, periods)
    note = left_out_line(left_out, min_total, scope.unit)
    # Noto Sans SC has Latin letters and digits too; the ASCII minus keeps every glyph in it.
    # SVG text stays text (searchable, readable by tests), drawn in the viewer's CJK font.
    with matplotlib.rc_context(
        {"font.family": [family], "axes.unicode_minus": False, "svg.fonttype": "none"}
    ):
        figure = Figure(figsize=(11, 6.5), layout="constrained")
        axes, counts = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [4, 1]})
        positions = list(range(len(periods)))
        for term in terms:
            series = {p.period: p for p in points if p.term == term}
            total = sum(p.stories if p.unit == "stories" else p.articles for p in series.values())
            axes.plot(
                positions,
                [_share(series[period]) if period in kept else float("nan") for period in periods],
                marker="o" if len(periods) <= 40 else None,
                linewidth=1.8,
                label=f"{term}（{total} {noun}）" + ("：无匹配" if total == 0 else ""),
            )
        handles, labels = axes.get_legend_handles_labels()
        partial_positions = [n for n, period in enumerate(periods) if period in partial]
        for number in partial_positions:
            for panel in (axes, counts):
                panel.axvspan(
                    number - 0.5, number + 0.5, facecolor="0.92", hatch="//", edgecolor="0.6"
                )
        if partial_positions:
            reasons = sorted({partial[periods[n]] for n in partial_positions})
            handles.append(Patch(facecolor="0.92", hatch="//", edgecolor="0.6"))
            labels.append(
                "未完："
                + "、".join(periods[n] for n in partial_positions)
                + f"（{'；'.join(reasons)}）"
            )
        # The denominators: every period's total, grey where the period is left out.
        colours = ["0.75" if period in left_out else "C7" for period in periods]
        bars = counts.bar(positions, [totals[p] for p in periods], color=colours, width=0.7)
        if len(periods) <= 24:
            counts.bar_label(bars, labels=[str(totals[p]) for p in periods], fontsize=7)
        if left_out:
            counts.axhline(min_total, color="0.4", linewidth=0.8, linestyle="--")
            handles.append(Patch(facecolor="0.75"))
            labels.append(note)
        handles.append(Patch(facecolor="C7"))
        labels.append(f"n：当期{thing}总数")
        step = max(1, -(-len(periods) // MAX_TICK_LABELS))
        counts.set_xticks(positions[::step], periods[::step], rotation=45, ha="right")
        counts.set_ylabel(f"n（{thing}）")
        counts.set_xlabel(PERIOD_NAMES.get(by, by))
        axes.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
        axes.set_ylim(bottom=0)
        axes.set_ylabel(f"提及该词的{thing}占当期{thing}比例")
        axes.set_title(subtitle, fontsize=9)
        figure.suptitle(title)
        axes.grid(True, alpha=0.3)
        if handles:
            # Outside the plot: a legend inside covers the lines it explains.
            figure.legend(handles, labels, loc="outside right upper", fontsize=8)
        path.parent.mkdir(parents=True, exist_ok=True)
        description = "; ".join(filter(None, [subtitle, note]))
        figure.savefig(
            path,
            format=path.suffix.lower().lstrip("."),
            dpi=120,
            metadata={"Title": title, "Description": description},
        )
    return left_out


def draw_compare_chart(answer: CompareAnswer, path: Path) -> None:
    """Small multiples of a comparison (answers/compare.py), saved as PNG or SVG by the suffix:
    a panel per corpus, each term's share per period as a line, the peers' median dashed
    behind it; Yangzhou's panel first and framed. Partial periods are hatched."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    from parsers.cities import HOME, city_label

    font = cjk_font_path()
    font_manager.fontManager.addfont(str(font))
    family = font_manager.FontProperties(fname=str(font)).get_name()
    request = answer.request
    terms = list(request.terms)
    periods = list(dict.fromkeys(row.period for row in answer.rows))
    partial = {row.period for row in answer.rows if row.partial}
    cities = sorted(request.cities, key=lambda city: city != HOME)  # Yangzhou first
    columns = min(4, len(cities))
    lines = -(-len(cities) // columns)
    with matplotlib.rc_context(
        {"font.family": [family], "axes.unicode_minus": False, "svg.fonttype": "none"}
    ):
        figure = Figure(figsize=(3.2 * columns, 2.4 * lines + 0.8), layout="constrained")
        panels = figure.subplots(lines, columns, sharex=True, sharey=True, squeeze=False)
        positions = list(range(len(periods)))
        for number, city in enumerate(cities):
            axes = panels[number // columns][number % columns]
            for index, term in enumerate(terms):
                rows = {row.period: row for row in answer.rows if row.term == term}
                shares = []
                medians = []
                for period in periods:
                    row = rows.get(period)
                    found = next((c for c in row.cities if c.city == city), None) if row else None
                    value = found.share if found is not None else None
                    shares.append(float("nan") if value is None else value)
                    middle = row.peer_median if row else None
                    medians.append(float("nan") if middle is None else middle)
                colour = f"C{index}"
                axes.plot(positions, medians, color=colour, linestyle="--", linewidth=0.8)
                axes.plot(positions, shares, color=colour, marker="o", linewidth=1.6, label=term)
            for position, period in enumerate(periods):
                if period in partial:
                    axes.axvspan(
                        position - 0.5, position + 0.5, facecolor="0.92", hatch="//",
                        edgecolor="0.6",
                    )  # fmt: skip
            axes.set_title(city_label(city), fontweight="bold" if city == HOME else "normal")
            if city == HOME:
                for spine in axes.spines.values():
                    spine.set_linewidth(2)
                    spine.set_color("C3")
            axes.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
            axes.grid(True, alpha=0.3)
            step = max(1, -(-len(periods) // 6))
            axes.set_xticks(positions[::step], periods[::step], rotation=45, ha="right")
        for number in range(len(cities), lines * columns):
            panels[number // columns][number % columns].set_visible(False)
        title = (
            "扬州与各市：" + "、".join(terms) + "（提及该词的报道占当期报道比例；虚线：同侪中位数）"
        )
        figure.suptitle(title)
        handles, labels = panels[0][0].get_legend_handles_labels()
        if handles:
            figure.legend(handles, labels, loc="outside right upper", fontsize=8)
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(
            path, format=path.suffix.lower().lstrip("."), dpi=100, metadata={"Title": title}
        )
