"""Settings: which corpora a run keeps current (#28 item 2), tier 1."""

from __future__ import annotations

import pytest

from config.settings import SettingsError, build_settings
from parsers.cities import CITIES, CORPORA


@pytest.mark.parametrize(
    ("environ", "overrides", "expected"),
    [
        ({}, {}, ("yangzhou",)),
        ({"YZDAILY_CITIES": "nantong, 泰州"}, {}, ("nantong", "taizhou")),
        ({"YZDAILY_CITIES": "peers"}, {}, tuple(CITIES)),
        ({"YZDAILY_CITIES": "all"}, {}, tuple(CORPORA)),
        # The flag (--city) wins over the environment.
        ({"YZDAILY_CITIES": "all"}, {"cities": ("province",)}, ("province",)),
    ],
)
def test_cities_from_defaults_environment_and_flags(
    environ: dict[str, str], overrides: dict[str, tuple[str, ...]], expected: tuple[str, ...]
) -> None:
    assert build_settings(environ, **overrides).cities == expected


def test_an_unknown_city_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="YZDAILY_CITIES"):
        build_settings({"YZDAILY_CITIES": "shanghai"})


def test_a_column_url_takes_one_city_a_bare_host_several() -> None:
    column = "http://127.0.0.1:8000/shixianchuanzhen/nantong/"
    assert build_settings({}, base_url=column, cities=("nantong",)).cities == ("nantong",)
    with pytest.raises(SettingsError, match="one column's list page"):
        build_settings({}, base_url=column, cities=("nantong", "province"))
    bare = build_settings({}, base_url="http://127.0.0.1:8000", cities=tuple(CORPORA))
    assert bare.cities == tuple(CORPORA)
