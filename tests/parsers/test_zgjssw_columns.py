"""zgjssw's columns (#28): 市县传真's thirteen cities and 要闻, each URL form, tier 1."""

from __future__ import annotations

import pytest

from parsers.cities import CITIES, CORPORA, HOME, PROVINCE
from parsers.sites.zgjssw import ZGJSSW

NEW_HOST = "https://www.zgjssw.gov.cn"
OLD_HOST = "http://zgjssw.jschina.com.cn"
CASES = [
    *((city, f"/shixianchuanzhen/{city}/", name) for city, name in CITIES.items()),
    (PROVINCE, "/yaowen/", "要闻"),
]


@pytest.mark.parametrize(("city", "path", "name"), CASES)
@pytest.mark.parametrize(
    "tail", ["202610/t20261002_8594832.shtml", "201608/t2962195.shtml"], ids=["dated", "older"]
)
@pytest.mark.parametrize("host", [NEW_HOST, OLD_HOST])
def test_every_column_url_form(city: str, path: str, name: str, tail: str, host: str) -> None:
    url = f"{host}{path}{tail}"
    assert ZGJSSW.is_article_url(url)
    assert ZGJSSW.city_for(url) == city
    assert ZGJSSW.column_for(url) == name
    assert ZGJSSW.article_id(url) == f"zgjssw:{path}{tail}"
    assert ZGJSSW.canonical_url(url) == f"{NEW_HOST}{path}{tail}"


@pytest.mark.parametrize(
    "url",
    [
        f"{NEW_HOST}/shizheng/202610/t20261002_8594832.shtml",  # another TRS column
        f"{NEW_HOST}/yaowen/index_1.shtml",  # a list page
        f"{NEW_HOST}/yaowen/202611/t20261002_8594832.shtml",  # month and day disagree
        f"{NEW_HOST}/yaowen/nantong/202610/t20261002_8594832.shtml",  # no such folder
    ],
)
def test_not_an_article_of_any_column(url: str) -> None:
    assert not ZGJSSW.is_article_url(url)


def test_yangzhou_identity_is_unchanged() -> None:
    url = f"{OLD_HOST}/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
    assert (
        ZGJSSW.article_id(url) == "zgjssw:/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
    )
    assert (ZGJSSW.city_for(url), ZGJSSW.column_for(url)) == (HOME, "扬州")


def test_columns_follow_the_corpora_asked_in_the_provinces_order() -> None:
    assert [c.city for c in ZGJSSW.columns(CORPORA)] == list(CORPORA)
    assert [c.path for c in ZGJSSW.columns(("province", "nantong"))] == [
        "/shixianchuanzhen/nantong/",
        "/yaowen/",
    ]
    assert ZGJSSW.columns(()) == ()


@pytest.mark.parametrize(
    ("base", "city", "expected"),
    [
        (None, "nantong", f"{NEW_HOST}/shixianchuanzhen/nantong/index.shtml"),
        (None, PROVINCE, f"{NEW_HOST}/yaowen/index.shtml"),
        (
            "http://127.0.0.1:8000",
            "taizhou",
            "http://127.0.0.1:8000/shixianchuanzhen/taizhou/index.shtml",
        ),
        ("http://127.0.0.1:8000/", PROVINCE, "http://127.0.0.1:8000/yaowen/index.shtml"),
        # A base with a path is the column's root as given.
        ("http://mirror/yaowen", PROVINCE, "http://mirror/yaowen/index.shtml"),
    ],
)
def test_first_list_page_of_a_column(base: str | None, city: str, expected: str) -> None:
    (column,) = ZGJSSW.columns((city,))
    assert ZGJSSW.first_list_url(base, column) == expected


def test_archive_prefixes_per_column() -> None:
    (column,) = ZGJSSW.columns((PROVINCE,))
    assert ZGJSSW.archive_prefixes(column) == (
        "www.zgjssw.gov.cn/yaowen/",
        "zgjssw.jschina.com.cn/yaowen/",
    )
    assert ZGJSSW.archive_prefixes() == (
        "www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/",
        "zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/",
    )


def test_sites_covering_yangzhou_alone_have_no_other_column() -> None:
    from parsers.sources import SOURCES

    for name in ("yznews", "jsnews"):
        source = SOURCES[name]
        assert source.columns(("nantong", PROVINCE)) == ()
        assert [c.city for c in source.columns(CORPORA)] == [HOME]
