"""The read commands search, trend, top, emerging and people through the real entry point
(`cli.main`, in process) on the sample warehouse: the search's total, sort, syntax and
CSV; --csv beside --json; the trend chart (read back from the SVG and PNG it writes)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from cli import main
from parsers.sources import site_label
from tests.sample_site.site import SampleArticle
from tests.sample_warehouse import sample_articles, sample_warehouse

Run = Callable[..., tuple[int, str, str]]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def yzdaily(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main([*args, "--db", str(sample_warehouse())])
        except SystemExit as exit_:  # argparse refusing the arguments
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def holds(article: SampleArticle, part: str) -> bool:
    return part in f"{article.title}\n{article.body}".lower()


def urls(keep: Callable[[SampleArticle], bool]) -> set[str]:
    return {a.as_article().url for a in sample_articles() if keep(a)}


def test_search_tells_the_total_beside_the_page(yzdaily: Run) -> None:
    total = len(urls(lambda a: holds(a, "新质生产力")))
    assert total > 5
    code, out, err = yzdaily("search", "新质生产力", "--limit", "5")
    assert code == 0, err
    # The sample warehouse tells each story once: a hit is an article and a story alike.
    assert f"{total} stor(ies) contain 新质生产力; showing 5 (--limit)" in err
    assert out.count("https://") == 5
    code, out, err = yzdaily("search", "新质生产力", "--limit", "5", "--json")
    found = json.loads(out)
    assert (found["total"], found["query"], found["sort"], len(found["hits"])) == (
        total,
        "新质生产力",
        "relevance",
        5,
    )
    code, _, err = yzdaily("search", "新质生产力", "--limit", str(total + 5))
    assert f"{total} stor(ies) contain 新质生产力, best first" in err and "showing" not in err


def test_search_sorts_by_date_or_relevance(yzdaily: Run) -> None:
    _, out, _ = yzdaily("search", "二次创业", "--limit", "1000", "--json", "--sort", "date")
    by_date = json.loads(out)["hits"]
    _, out, _ = yzdaily("search", "二次创业", "--limit", "1000", "--json")
    by_relevance = json.loads(out)["hits"]
    assert {h["url"] for h in by_date} == {h["url"] for h in by_relevance}
    dates = [h["published_at"] for h in by_date]
    assert dates == sorted(dates, reverse=True)
    scores = [h["score"] for h in by_relevance if h["match"] == "word"]
    assert scores == sorted(scores, reverse=True) and dates != [
        h["published_at"] for h in by_relevance
    ]
    _, out, _ = yzdaily("search", "二次创业", "--limit", "3", "--sort", "date", "--json")
    assert json.loads(out)["hits"] == by_date[:3]


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("新质生产力 OR 低空经济", lambda a: holds(a, "新质生产力") or holds(a, "低空经济")),
        ("新质生产力 -二次创业", lambda a: holds(a, "新质生产力") and not holds(a, "二次创业")),
        ('"开发 园区" 二次创业', lambda a: holds(a, "开发园区") and holds(a, "二次创业")),
    ],
)
def test_search_syntax(yzdaily: Run, query: str, keep: Callable[[SampleArticle], bool]) -> None:
    expected = urls(keep)
    assert expected
    code, out, err = yzdaily("search", *query.split(" "), "--limit", "1000", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert {h["url"] for h in found["hits"]} == expected and found["total"] == len(expected)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"二次创业', "unclosed quote"),
        ("-二次创业", "only excludes"),
        ("二次创业 OR", "OR needs a word on each side"),
    ],
)
def test_a_malformed_query_exits_2_with_one_line(yzdaily: Run, query: str, message: str) -> None:
    code, out, err = yzdaily("search", query)
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_search_csv_is_the_whole_result(yzdaily: Run) -> None:
    expected = urls(lambda a: holds(a, "二次创业"))
    code, out, err = yzdaily("search", "二次创业", "--limit", "3", "--csv")
    assert code == 0, err
    assert not out.startswith("\ufeff")  # stdout: plain UTF-8, no byte-order mark
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["url"] for r in rows} == expected and len(rows) == len(expected) > 3
    assert [r["rank"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    assert all("【二次创业】" in r["snippet"] or r["match"] == "text" for r in rows)
    assert out.splitlines()[0].startswith("rank,article_id,url,title,published_at")
    code, _, err = yzdaily("search", "二次创业", "--csv", "--json")
    assert code == 2 and "not allowed with" in err


@pytest.mark.parametrize(
    "command",
    [
        ("trend", "新质生产力", "二次创业", "--by", "year"),
        ("top", "--by", "year", "--limit", "3"),
        ("people",),
        ("emerging", "--since", "2025-01-01", "--min-g2", "0"),
    ],
)
def test_csv_beside_json(yzdaily: Run, command: tuple[str, ...]) -> None:
    code, out, err = yzdaily(*command, "--json")
    assert code == 0, err
    answer = json.loads(out)
    rows = answer["points" if command[0] == "trend" else "rows"]
    assert rows, command
    code, out, err = yzdaily(*command, "--csv")
    assert code == 0, err
    read = list(csv.DictReader(io.StringIO(out)))
    # The same columns, in the same order (a trend's CSV adds why a period is partial).
    assert [c for c in read[0] if c != "partial"] == list(rows[0])
    assert len(read) == len(rows)
    first = read[0]
    assert all(first[key] == ("" if value is None else str(value)) for key, value in rows[0].items()
               if not isinstance(value, float))  # fmt: skip


def svg_texts(path: Path) -> list[str]:
    tree = ElementTree.parse(path)
    return ["".join(element.itertext()) for element in tree.iter(f"{SVG}text")]


def test_trend_chart_says_what_it_counted_and_marks_partial_and_thin_periods(
    yzdaily: Run, tmp_path: Path
) -> None:
    chart = tmp_path / "trend.svg"
    code, out, err = yzdaily(
        "trend", "新质生产力", "--by", "year", "--until", "2025-06-30", "--chart", str(chart)
    )
    assert code == 0, err
    texts = svg_texts(chart)
    joined = "\n".join(texts)
    # What was counted: unit, sites, 来源 and range of the rows; no fixed 扬州日报 title.
    # Issue 27 item 6: the chart's words are Chinese, the sites by their names.
    sites = "、".join(sorted({site_label(a.as_article().site) for a in sample_articles()}))
    assert f"占当期报道的比例；站点：{sites}；来源：全部" in joined
    assert "至 2025-06-30" in joined
    assert not re.search(r"\b(share|partial|all|stories)\b", joined), joined
    assert not any(text.startswith("扬州日报") for text in texts)
    # 2025 is cut by --until: hatched and named in the legend.
    assert any(text.startswith("未完：2025") for text in texts)
    # The denominators under the axis: every year's total of stories.
    _, out, _ = yzdaily("trend", "新质生产力", "--by", "year", "--until", "2025-06-30", "--json")
    totals = {p["period"]: p["total"] for p in json.loads(out)["points"]}
    assert all(str(total) in texts for total in totals.values())
    assert "n：当期报道总数" in joined
    # The legend is outside the plot: right of every tick label of the x axis.
    legend_x = min(x for x, text in text_positions(chart) if text.startswith("新质生产力（"))
    ticks_x = [x for x, text in text_positions(chart) if text in totals]
    assert ticks_x and legend_x > max(ticks_x)


def text_positions(path: Path) -> list[tuple[float, str]]:
    """(x, text) of the SVG's texts, x from their attribute or their translate()."""
    found = []
    for element in ElementTree.parse(path).iter(f"{SVG}text"):
        x = element.get("x")
        if x is None:
            match = re.search(r"translate\(([-\d.]+)", element.get("transform", ""))
            x = match.group(1) if match else "0"
        found.append((float(x), "".join(element.itertext())))
    return found


def test_trend_chart_leaves_out_thin_periods_and_says_so(yzdaily: Run, tmp_path: Path) -> None:
    _, out, _ = yzdaily("trend", "新质生产力", "--by", "month", "--json")
    points = json.loads(out)["points"]
    thin = [p["period"] for p in points if p["total"] < 8]
    assert thin and len(thin) < len(points)
    chart = tmp_path / "trend.png"
    code, _, err = yzdaily("trend", "新质生产力", "--min-total", "8", "--chart", str(chart))
    assert code == 0, err
    assert f"{len(thin)} period(s) of fewer than 8 stories left out of the chart" in err
    with Image.open(chart) as image:
        assert image.format == "PNG"
        title, description = image.info["Title"], image.info["Description"]
    assert title == "词语趋势：新质生产力"
    assert "占当期报道的比例" in description
    assert f"不足 8 篇报道的时期未画出：{'、'.join(thin[:6])}" in description
    code, _, err = yzdaily("trend", "新质生产力", "--chart", str(chart), "--min-total", "0")
    assert code == 2 and "--min-total" in err


def test_a_term_with_no_match_warns_and_still_charts(yzdaily: Run, tmp_path: Path) -> None:
    chart = tmp_path / "trend.svg"
    code, _, err = yzdaily(
        "trend", "新质生产力", "没有这个词", "--by", "year", "--chart", str(chart)
    )
    assert code == 0, err
    assert "note: 没有这个词 has no match in the first..the newest (stories)" in err
    assert "新质生产力 has no match" not in err
    assert any(text.endswith("：无匹配") for text in svg_texts(chart))


def test_the_trend_table_marks_a_partial_period_as_the_chart_does(yzdaily: Run) -> None:
    code, out, err = yzdaily("trend", "新质生产力", "--by", "year", "--until", "2025-06-30")
    assert code == 0, err
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert rows["2025"].endswith("只有部分日期在所选范围内")  # cut by --until
    assert not rows["2024"].endswith("范围内")
