"""Trend charts: matplotlib, headless, with Chinese labels in a CJK font the project installs.

The font is Noto Sans SC (SIL OFL), shipped by the `pylopdf-fonts-zh-cn` wheel, so a chart
needs neither system fonts nor a download; it is registered with matplotlib when a chart is
drawn. matplotlib is imported only here and only then (it costs ~0.5 s).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from warehouse.analytics import TrendPoint

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


def draw_trend_chart(points: Sequence[TrendPoint], path: Path, by: str) -> None:
    """Draw each term's share of stories (articles) per period as a line chart, saved as PNG."""
    # The Figure API, not pyplot: no global figure state, no GUI backend to choose.
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    font = cjk_font_path()
    font_manager.fontManager.addfont(str(font))
    family = font_manager.FontProperties(fname=str(font)).get_name()

    periods = list(dict.fromkeys(p.period for p in points))
    terms = list(dict.fromkeys(p.term for p in points))
    # Stories (a story on several sites once) or articles (every copy): the unit counted.
    stories = all(p.unit == "stories" for p in points)
    thing, noun = ("报道", "篇报道") if stories else ("文章", "篇")
    # Noto Sans SC has Latin letters and digits too; the ASCII minus keeps every glyph in it.
    with matplotlib.rc_context({"font.family": [family], "axes.unicode_minus": False}):
        figure = Figure(figsize=(10, 5.5), layout="constrained")
        axes = figure.subplots()
        positions = range(len(periods))
        for term in terms:
            share = {p.period: p.share for p in points if p.term == term}
            total = sum(
                p.stories if p.unit == "stories" else p.articles for p in points if p.term == term
            )
            axes.plot(
                positions,
                [share.get(period, 0.0) for period in periods],
                marker="o" if len(periods) <= 40 else None,
                linewidth=1.8,
                label=f"{term}（{total} {noun}）",
            )
        step = max(1, -(-len(periods) // MAX_TICK_LABELS))
        axes.set_xticks(list(positions)[::step], periods[::step], rotation=45, ha="right")
        axes.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
        axes.set_ylim(bottom=0)
        axes.set_xlabel(PERIOD_NAMES.get(by, by))
        axes.set_ylabel(f"提及该词的{thing}占当期{thing}比例")
        axes.set_title("扬州日报文章中的词语趋势：" + "、".join(terms))
        axes.grid(True, alpha=0.3)
        if terms:
            axes.legend(loc="upper left")
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, format="png", dpi=120)
