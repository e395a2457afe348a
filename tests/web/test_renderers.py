"""One answer, every renderer (issue 24 item 5): each answer the archive gives is computed once
(answers/) and rendered as the terminal table, JSON, CSV and HTML from that one object. Walked
here on one warehouse (the web tests' real ingest), through the real `yzdaily` command and the
real web app on uvicorn:

* the CLI's --json and the web API's JSON are the same object;
* the CLI's --csv and the web's CSV download are the same rows;
* the numbers of the answer's table (computed here from the same warehouse) are what the
  terminal table and the HTML page show, and they are the JSON's numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pytest
from bs4 import BeautifulSoup

from answers.archive import health_answer, stats_answer
from answers.base import Answer, fraction, json_text
from answers.corpus import (
    CollocatesRequest,
    EntitiesRequest,
    KwicRequest,
    collocates_answer,
    entities_answer,
    kwic_answer,
)
from answers.emerging import EmergingRequest, emerging_answer
from answers.people import PeopleRequest, TimelineRequest, people_answer, timeline_answer
from answers.search import SearchRequest, search_answer
from answers.trend import TrendRequest, trend_answer
from parsers.people import role_variants
from parsers.query import parse_query
from tests.environment import cli_environment, run_in_process
from tests.sample_warehouse import segmenter
from tests.web.conftest import Archive, LiveServer
from warehouse.filters import ArticleFilters

Compute = Callable[[duckdb.DuckDBPyConnection, Archive], Answer]


@dataclass(frozen=True)
class Case:
    """One answer asked the same way of every renderer."""

    name: str
    cli: tuple[str, ...]  # the command and its arguments, without --json/--csv
    api: str  # the JSON API's path and query
    csv: str  # the CSV download's path and query
    page: str  # the HTML page's path and query
    compute: Compute  # the answer, computed here from the same warehouse
    numbers: tuple[str, ...]  # the table's columns that carry numbers
    # JSON keys (and CSV columns) that depend on the day the renderer runs: the CLI's clock is
    # today's, the web app's in these tests the newest article's day.
    clock: tuple[str, ...] = ()


def today(archive: Archive) -> date:
    return archive.today


CASES = (
    Case(
        "search",
        ("search", "新质生产力", "--limit", "50"),
        "/api/search?q=新质生产力&limit=50",
        "/search.csv?q=新质生产力",
        "/?q=新质生产力&limit=100",
        lambda con, a: search_answer(
            con, SearchRequest(parse_query("新质生产力"), limit=50), segmenter
        ),
        ("published", "score"),
    ),
    Case(
        "trend",
        ("trend", "新质生产力", "二次创业", "--by", "year"),
        "/api/trend?term=新质生产力&term=二次创业&by=year",
        "/trend.csv?term=新质生产力&term=二次创业&by=year",
        "/trend?term=新质生产力&term=二次创业&by=year",
        lambda con, a: trend_answer(
            con, TrendRequest(("新质生产力", "二次创业"), "year"), today(a)
        ),
        ("新质生产力", "二次创业"),
        clock=("partial_periods", "partial"),
    ),
    Case(
        "trend of articles",
        ("trend", "新质生产力", "--by", "quarter", "--unit", "articles"),
        "/api/trend?term=新质生产力&by=quarter&unit=articles",
        "/trend.csv?term=新质生产力&by=quarter&unit=articles",
        "/trend?term=新质生产力&by=quarter&unit=articles",
        lambda con, a: trend_answer(
            con, TrendRequest(("新质生产力",), "quarter", unit="articles"), today(a)
        ),
        ("新质生产力",),
        clock=("partial_periods", "partial"),
    ),
    Case(
        "people",
        ("people",),
        "/api/people",
        "/people.csv",
        "/people",
        lambda con, a: people_answer(con, PeopleRequest()),
        ("first", "last", "stories", "articles"),
    ),
    Case(
        "timeline",
        ("people", "--role", "市长", "--timeline"),
        "/api/people?role=市长&timeline=1",
        "/people.csv?role=市长&timeline=1",
        "/people?role=市长&timeline=1",
        lambda con, a: timeline_answer(con, TimelineRequest(role_variants("市长")[0])),
        ("first", "last", "articles"),
    ),
    Case(
        "emerging",
        ("emerging",),
        "/api/emerging",
        "/emerging.csv",
        "/emerging",
        lambda con, a: emerging_answer(con, EmergingRequest(), segmenter()),
        ("g2", "stories", "share", "before"),
    ),
    Case(
        "entities",
        ("entities", "--kind", "place"),
        "/api/entities?kind=place",
        "/entities.csv?kind=place",
        "/entities?kind=place",
        lambda con, a: entities_answer(con, EntitiesRequest(("place",))),
        ("stories", "mentions"),
    ),
    Case(
        "kwic",
        ("kwic", "新质生产力", "--limit", "30"),
        "/api/kwic?term=新质生产力&limit=30",
        "/kwic.csv?term=新质生产力&limit=30",
        "/kwic?term=新质生产力&limit=30",
        lambda con, a: kwic_answer(con, KwicRequest("新质生产力", limit=30)),
        ("published",),
    ),
    Case(
        "kwic-filtered",  # each filter reaches its own column (a site is not a reporter)
        ("kwic", "新质生产力", "--site", "yznews", "--since", "2024-01-01"),
        "/api/kwic?term=新质生产力&site=yznews&since=2024-01-01",
        "/kwic.csv?term=新质生产力&site=yznews&since=2024-01-01",
        "/kwic?term=新质生产力&site=yznews&since=2024-01-01",
        lambda con, a: kwic_answer(
            con,
            KwicRequest(
                "新质生产力", filters=ArticleFilters(since=date(2024, 1, 1), site="yznews")
            ),
        ),
        ("published",),
    ),
    Case(
        "collocates",
        ("collocates", "新质生产力"),
        "/api/collocates?term=新质生产力",
        "/collocates.csv?term=新质生产力",
        "/collocates?term=新质生产力",
        lambda con, a: collocates_answer(con, CollocatesRequest("新质生产力")),
        ("observed", "expected", "G²", "PMI"),
    ),
    Case(
        "stats",
        ("stats",),
        "/api/stats",
        "/stats.csv",
        "/",
        lambda con, a: stats_answer(con, a.db),
        (),
    ),
    Case(
        "health",
        ("health",),
        "/api/health",
        "/health.csv",
        "/health",
        lambda con, a: health_answer(con),
        ("articles", "refused", "list pages"),
    ),
)


def cli(archive: Archive, *args: str) -> str:
    """The command's stdout, run in process through `cli.main` (its output is compared,
    not the console script's start)."""
    code, out, err = run_in_process(
        [*args, "--db", str(archive.db)], cli_environment(archive.data_dir, archive.prefect_home)
    )
    assert code in (0, 4), err  # health exits 4 on a failing site
    return out


def without(value: Any, keys: tuple[str, ...]) -> Any:
    """A JSON value with the given keys left out, at any depth."""
    if isinstance(value, dict):
        return {k: without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [without(v, keys) for v in value]
    return value


def csv_table(text: str, leave_out: tuple[str, ...]) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    kept = [i for i, name in enumerate(rows[0]) if name not in leave_out] if rows else []
    return [[row[i] for i in kept] for row in rows]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_renderer_shows_the_same_answer(
    case: Case, archive: Archive, web: LiveServer
) -> None:
    with duckdb.connect(str(archive.db), read_only=True) as con:
        answer = case.compute(con, archive)
    table = answer.table()

    # JSON: the CLI's and the API's are one object, and it is the answer's.
    mine = without(json.loads(json_text(answer.to_json())), case.clock)
    assert without(json.loads(cli(archive, *case.cli, "--json")), case.clock) == mine
    assert without(web.json(case.api), case.clock) == mine

    # CSV: the CLI's --csv and the web's download are the same rows.
    response = web.get(case.csv)
    assert response.status_code == 200, response.text[:300]
    assert csv_table(cli(archive, *case.cli, "--csv"), case.clock) == csv_table(
        response.content.decode("utf-8"), case.clock
    )

    # The table's numbers: on the terminal, on the page, and as the JSON says.
    terminal = cli(archive, *case.cli)
    page = web.get(case.page)
    assert page.status_code == 200
    html = BeautifulSoup(page.text, "lxml").get_text(" ")
    cells = [cell for name in case.numbers for cell in table.column(name) if cell.strip()]
    assert cells or case.name in ("stats",), f"{case.name}: an empty answer proves nothing"
    for cell in cells:
        assert cell in terminal, (case.name, cell)
        assert cell in html, (case.name, cell)


def test_the_trend_tables_numbers_are_the_jsons(archive: Archive, web: LiveServer) -> None:
    """The web's trend table is stories / all stories (articles / all articles with that
    unit), 0 of 0 as `—`: the cells are the JSON's points, as `trend --json` gives them."""
    for unit in ("stories", "articles"):
        data = web.json(f"/api/trend?term=新质生产力&by=month&unit={unit}")
        page = BeautifulSoup(web.get(f"/trend?term=新质生产力&by=month&unit={unit}").text, "lxml")
        shown = [td.get_text() for td in page.select("#trend-table tbody td")]
        expected = [fraction(p[unit], p["total"]) for p in data["points"]]
        assert shown == expected
        assert any(p["total"] == 0 for p in data["points"]) == ("—" in shown)
        cli_json = json.loads(cli(archive, "trend", "新质生产力", "--unit", unit, "--json"))
        assert cli_json["points"] == data["points"]


def test_stats_renderers_agree(archive: Archive, web: LiveServer) -> None:
    """stats: the CLI's text, the JSON and the page's overview give the same counts."""
    data = web.json("/api/stats")
    overview = BeautifulSoup(web.get("/").text, "lxml").get_text(" ")
    terminal = cli(archive, "stats")
    for count in (data["articles"], data["stories"]):
        assert str(count) in overview and str(count) in terminal
