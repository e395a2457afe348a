"""Tier 1: places from the gazetteer (parsers/gazetteer.py, parsers/data/places.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.divisions import Division, divisions_version, parse_divisions, read_divisions
from parsers.gazetteer import Gazetteer
from parsers.lexicon import OFFICES_FILE, PLACES_FILE, read_lexicon
from parsers.nlp import Segmenter
from tests.session import jieba_cache_dir

DATA = Path(__file__).resolve().parents[2] / "parsers" / "data"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_data_files()


@pytest.mark.parametrize(
    ("token", "tag", "place"),
    [
        ("扬州", "ns", "扬州"),
        ("扬州市", "ns", "扬州"),  # one place, however it is written
        ("宝应县", "ns", "宝应"),
        ("江都区", "ns", "江都"),
        ("江苏省", "ns", "江苏"),
        ("南京市", "ns", "南京"),
        ("扬州经济技术开发区", "ns", "扬州经开区"),
        ("高邮镇", "ns", "高邮镇"),  # a town in 高邮市, not 高邮
        ("瘦西湖", "ns", "瘦西湖"),
        ("深圳", "ns", "深圳"),
        ("扬州", "n", "扬州"),  # listed: whatever jieba tags it
        ("丁庄村", "ns", "丁庄村"),  # not listed, but shaped like a village's name
        ("沙头镇", "ns", "沙头镇"),
        # jieba tags these ns; they are common words.
        ("新建", "ns", None),
        ("城市", "ns", None),
        ("满意度", "ns", None),
        ("美丽", "ns", None),
        ("老城区", "ns", None),  # 区 alone is no place ending (景区, 示范区)
        ("丁庄村", "n", None),  # the pattern needs the place tag
    ],
)
def test_places(gazetteer: Gazetteer, token: str, tag: str, place: str | None) -> None:
    assert gazetteer.place(token, tag) == place


def test_every_lexicon_place_is_in_the_gazetteer(gazetteer: Gazetteer) -> None:
    places = {e.word for e in read_lexicon() if e.tag == "ns" and e.freq != 0}
    assert places and places <= gazetteer.names


@pytest.mark.parametrize("name", [PLACES_FILE, OFFICES_FILE])
def test_data_files_sorted_within_sections_without_duplicates(name: str) -> None:
    groups: list[list[str]] = [[]]
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("# ---"):
            groups.append([])
        elif line.strip() and not line.startswith("#"):
            groups[-1].append(line.split()[0])
    entries = [word for group in groups for word in group]
    assert entries and all(group == sorted(group) for group in groups)
    assert len(entries) == len(set(entries))


def test_a_fold_names_a_place(gazetteer: Gazetteer) -> None:
    # A county is counted under its short name, which alone is no place (江阴市 -> 江阴).
    assert set(gazetteer.folds.values()) <= gazetteer.names | gazetteer.county_names


# Issue 24: China's divisions, from jionlp's data (parsers/divisions.py).
@pytest.mark.parametrize(
    ("token", "tag", "place"),
    [
        ("江阴市", "ns", "江阴"),
        ("宁波市", "ns", "宁波"),
        ("宁波", "ns", "宁波"),
        ("贵州省", "ns", "贵州"),
        ("广西壮族自治区", "ns", "广西"),
        ("新源县", "ns", "新源"),
        # Short names of counties and districts alone are common words, tagged ns by jieba.
        ("新建", "ns", None),
        ("滨江", "ns", None),
        ("路桥", "ns", None),
        ("古城", "ns", None),
        ("沿河", "ns", None),
        ("老城区", "ns", None),
    ],
)
def test_divisions_of_china(gazetteer: Gazetteer, token: str, tag: str, place: str | None) -> None:
    assert gazetteer.place(token, tag) == place


@pytest.mark.parametrize(
    ("written", "levelled"),
    [
        ("江阴", "江阴市"),
        ("宿迁", "宿迁市"),
        ("浙江", "浙江省"),
        ("铜仁", "铜仁市"),
        ("长三角", "长三角"),
    ],
)
def test_a_place_with_its_level(gazetteer: Gazetteer, written: str, levelled: str) -> None:
    assert gazetteer.levelled(written) == levelled


def test_divisions_are_read_from_jionlps_data_without_importing_it() -> None:
    import sys

    divisions = read_divisions()
    assert Division("江阴市", "江阴", "county") in divisions
    assert Division("江苏省", "江苏", "province") in divisions
    assert {d.level for d in divisions} == {"province", "city", "county"}
    assert len(divisions) > 3000
    assert "jionlp" not in sys.modules
    assert divisions_version().startswith("jionlp-")


def test_parse_divisions_reads_levels_by_indent() -> None:
    text = (
        "江苏省\t320000\t江苏\n\t无锡市\t320200\t无锡\n\t\t江阴市\t320281\t江阴\n\t\t\t城东街道\n"
    )
    assert parse_divisions(text) == (
        Division("江苏省", "江苏", "province"),
        Division("无锡市", "无锡", "city"),
        Division("江阴市", "江阴", "county"),
    )


def test_segmenter_counts_places_under_one_name() -> None:
    segmenter = Segmenter(cache_dir=jieba_cache_dir())
    text = "扬州市召开大会。扬州新建一批城市公园,群众满意度持续提升,扬州更加美丽。"
    places = {e.name: e.mentions for e in segmenter.analyse(text).entities if e.kind == "place"}
    assert places == {"扬州": 3}
