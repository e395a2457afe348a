"""The corpora: `--city` values, and the city an article URL is in."""

from __future__ import annotations

import pytest

from parsers.cities import CITIES, CORPORA, DEFAULT, PROVINCE, UnknownCity, parse_cities
from parsers.sources import SOURCES


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ("yangzhou",)),
        ("", ("yangzhou",)),
        ("taizhou,nantong", ("nantong", "taizhou")),  # the province's order
        ("南通，泰州", ("nantong", "taizhou")),
        (" Nantong ", ("nantong",)),
        ("peers", tuple(CITIES)),
        ("all", tuple(CORPORA)),
        ("province,yangzhou", ("yangzhou", PROVINCE)),
    ],
)
def test_city_values(value: str | None, expected: tuple[str, ...]) -> None:
    assert parse_cities(value) == expected


def test_an_unknown_city_names_the_choices() -> None:
    with pytest.raises(UnknownCity, match=r"no city 'beijing': one of nanjing, .*, peers, all"):
        parse_cities("nantong,beijing")


def test_thirteen_cities_and_the_province() -> None:
    assert len(CITIES) == 13
    assert set(CORPORA) == set(CITIES) | {PROVINCE}
    assert DEFAULT == ("yangzhou",)


def test_sites_that_cover_yangzhou_alone() -> None:
    assert SOURCES["yznews"].city_for("http://news.yznews.com.cn/2026-02/10/content_1.htm") == (
        "yangzhou"
    )
