"""Tier 4: `yzdaily diffusion`, `yzdaily compare` and --city through the real `yzdaily` script
on the designed warehouse of peers (tests/peer_warehouse.py), against its designed truth."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from parsers.cities import CITIES, CORPORA, HOME
from tests.e2e.conftest import CLI, CliResult
from tests.environment import cli_environment
from tests.peer_warehouse import (
    TERM,
    designed_firsts,
    designed_shares,
    designed_years,
    peer_warehouse,
)

pytestmark = pytest.mark.e2e
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def yzdaily(tmp_path: Path, *args: str) -> CliResult:
    done = subprocess.run(
        [str(CLI), *args, "--db", str(peer_warehouse())],
        env=cli_environment(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


def as_json(tmp_path: Path, *args: str) -> Any:
    done = yzdaily(tmp_path, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_diffusion_every_first_and_lag(tmp_path: Path) -> None:
    found = as_json(tmp_path, "diffusion", TERM)
    assert found["cities"] == list(CORPORA)  # every corpus by default
    rows = {row["city"]: row for row in found["rows"]}
    for city, truth in designed_firsts(TERM).items():
        assert rows[city]["first_published_date"] == truth.day.isoformat()
        assert rows[city]["first_url"] == truth.url
        assert rows[city]["lag_after_province"] == truth.lag_after_province
        assert rows[city]["lag_after_first"] == truth.lag_after_first
    assert set(found["never"]) == set(CORPORA) - set(designed_firsts(TERM))
    table = yzdaily(tmp_path, "diffusion", TERM)
    assert table.returncode == 0
    lines = [line.split() for line in table.stdout.splitlines()]
    assert [line[0] for line in lines[1:3]] == ["南通", "江苏省"]  # earliest first
    assert lines[1][:4] == ["南通", "2023-09-08", "-2", "0"]
    assert "never used" in table.stderr


def test_compare_every_share_and_gap(tmp_path: Path) -> None:
    found = as_json(tmp_path, "compare", TERM, "--by", "year")
    truth = designed_shares(TERM, (HOME, *(c for c in CITIES if c != HOME)))
    assert [row["period"] for row in found["rows"]] == sorted(truth)
    for row in found["rows"]:
        counts, middle, gap = truth[row["period"]]
        assert {c["city"]: (c["stories"], c["total"]) for c in row["cities"]} == counts
        assert row["peer_median"] == pytest.approx(middle)
        assert row["yangzhou_gap"] == pytest.approx(gap, abs=1e-6)
    done = yzdaily(tmp_path, "compare", TERM, "--city", "nantong,taizhou", "--csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["city"] for r in rows} == {HOME, "nantong", "taizhou"}
    assert [r["total"] for r in rows if r["city"] == HOME] == ["2", "3", "3"]


def test_compare_chart(tmp_path: Path) -> None:
    chart = tmp_path / "peers.png"
    done = yzdaily(tmp_path, "compare", TERM, "--chart", str(chart))
    assert done.returncode == 0, done.stderr
    assert chart.read_bytes().startswith(PNG_MAGIC)


def test_read_commands_answer_for_yangzhou_unless_asked(tmp_path: Path) -> None:
    default = as_json(tmp_path, "trend", TERM, "--by", "year")
    assert default == as_json(tmp_path, "trend", TERM, "--by", "year", "--city", "yangzhou")
    assert [p["stories"] for p in default["points"]] == [1, 2, 1]
    nantong = as_json(tmp_path, "trend", TERM, "--by", "year", "--city", "南通")
    assert [(p["stories"], p["total"]) for p in nantong["points"]] == [(1, 1), (1, 2), (0, 1)]
    search = as_json(tmp_path, "search", TERM)
    assert search["total"] == 4
    assert all("/yangzhou/" in hit["url"] for hit in search["hits"])
    everywhere = as_json(tmp_path, "search", TERM, "--city", "all")
    assert everywhere["total"] == sum(sum(y.values()) for y in designed_years(TERM).values())
    kwic = as_json(tmp_path, "kwic", TERM, "--city", "zhenjiang")
    assert [row["title"] for row in kwic["rows"]] == ["镇江市部署：新质生产力"]


@pytest.mark.parametrize("command", ["trend", "search", "kwic", "diffusion", "compare"])
def test_unknown_city_is_a_usage_error(tmp_path: Path, command: str) -> None:
    done = yzdaily(tmp_path, command, TERM, "--city", "atlantis")
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert "no city 'atlantis'" in last and "peers" in last
    assert done.stdout == ""
