"""Tier 3 (#16 items 5, 6): posts read whole and places from the gazetteer, on the sample
warehouse, against what the sample site's generator and handwritten articles wrote."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import duckdb
import pytest

from parsers.people import role_variants
from tests.sample_site import roster
from tests.sample_site.generator import PLACES, mayor_at
from tests.sample_site.site import SampleArticle
from tests.sample_warehouse import article_id, sample_articles, sample_warehouse
from warehouse.analytics import officeholders
from warehouse.db import open_warehouse


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_warehouse(sample_warehouse(), read_only=True) as connection:
        yield connection


def text(article: SampleArticle) -> str:
    return f"{article.title}\n{article.body}"


def mentions(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str, str]]:
    rows = con.execute("select article_id, name, role from person_mentions").fetchall()
    return {(str(a), str(n), str(r)) for a, n, r in rows}


# The generator's leaders as it writes them, and the role each must be read as.
PLACE_POSTS = {
    "高新区管委会主任罗子健": ("罗子健", "高新区管委会主任"),
    "经开区党工委书记许立新": ("许立新", "经开区党工委书记"),
    "新城管委会主任汤铭": ("汤铭", "新城管委会主任"),
}


@pytest.mark.parametrize("written", sorted(PLACE_POSTS))
def test_posts_with_their_institution_are_read_whole(
    con: duckdb.DuckDBPyConnection, written: str
) -> None:
    assert written in {place.leader for place in PLACES}
    name, role = PLACE_POSTS[written]
    writing = {article_id(a) for a in sample_articles() if written in text(a)}
    assert writing
    found = mentions(con)
    assert {a for a, n, r in found if (n, r) == (name, role)} == writing
    # Never cut: 区管委会主任, 区党工委书记, a bare 管委会主任, 开发区 for 经开区.
    assert not {r for _, n, r in found if n == name} - {role}


def test_no_cut_post_is_left(con: duckdb.DuckDBPyConnection) -> None:
    roles = {r for (r,) in con.execute("select distinct role from person_mentions").fetchall()}
    assert not roles & {"区管委会主任", "区党工委书记", "管委会主任", "市副市长", "市市长"}
    assert not roles & {"开发区党工委书记", "开发区管委会主任", "代理市长"}


def test_the_home_city_is_folded_into_the_post(con: duckdb.DuckDBPyConnection) -> None:
    # Handwritten: 扬州市副市长温晓岚, 扬州市副市长蒋立夫 — the same 副市长 as 副市长温晓岚.
    for name in ("温晓岚", "蒋立夫"):
        written = {article_id(a) for a in sample_articles() if f"扬州市副市长{name}" in text(a)}
        assert written
        assert written <= {a for a, n, r in mentions(con) if (n, r) == (name, "副市长")}
        roles = [r.role for r in officeholders(con, name)]
        assert roles == ["副市长"]


def test_two_posts_before_one_name(con: duckdb.DuckDBPyConnection) -> None:
    """The planted 市人大代表、市长X of 人代会 stories: both posts for the mayor of the day
    (代市长 while the mayor is acting)."""
    planted = [a for a in sample_articles() if "市人大代表、" in text(a)]
    assert planted
    found = mentions(con)
    for article in planted:
        term = roster.mayor_at(article.published_at)
        assert term is not None
        assert f"市人大代表、{mayor_at(article.published_at)}" in text(article)
        assert {
            (article_id(article), term.name, "市人大代表"),
            (article_id(article), term.name, term.role),
        } <= found
    assert {roster.MAYOR, roster.ACTING_MAYOR} <= {
        r for a in planted for _, n, r in found if r.endswith("市长")
    }


def test_leaders_listed_before_deng_lingdao(con: duckdb.DuckDBPyConnection) -> None:
    seed = next(a for a in sample_articles() if "等市四套班子领导" in text(a))
    listed = ("孔令俊", "李航", "陈锴竑", "王炳松", "张长金", "韩骅", "焦庆标")
    assert "、".join(listed) + "等市四套班子领导" in text(seed)
    found = mentions(con)
    assert {(article_id(seed), name, "市四套班子领导") for name in listed} <= found
    # jieba cuts 陈锴竑 as 陈/锴/竑: the list keeps the name whole, as a person and a term.
    people = con.execute(
        "select name from article_entities where article_id = ? and kind = 'person'",
        [article_id(seed)],
    ).fetchall()
    assert {name for (name,) in people} >= set(listed)
    terms = con.execute(
        "select term from article_terms where article_id = ? and term = '陈锴竑'",
        [article_id(seed)],
    ).fetchall()
    assert terms == [("陈锴竑",)]


def test_people_by_role_and_by_name_prefix(con: duckdb.DuckDBPyConnection) -> None:
    mayors = officeholders(con, roles=role_variants("扬州市长"))
    assert {r.name for r in mayors} == {"张宝娟", "王进健", "潘国强", "郑海涛"}
    assert {r.role for r in mayors} <= {"市长", "时任市长", "前任市长", "原市长"}
    # The roster's mayors follow each other: each one's first article after the last one's.
    spans = sorted((r.first_published_date, r.last_published_date) for r in mayors)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    acting = officeholders(con, roles=role_variants("代理市长"))
    assert {(r.name, r.role) for r in acting} == {("王进健", "代市长"), ("潘国强", "代市长")}
    for written in ("经开区党工委书记", "扬州经济技术开发区党工委书记"):
        zones = officeholders(con, roles=role_variants(written))
        assert [(r.name, r.role) for r in zones] == [("许立新", "经开区党工委书记")]
    everyone = officeholders(con)
    assert officeholders(con, "罗") == [r for r in everyone if r.name.startswith("罗")]
    assert {r.name for r in officeholders(con, "罗")} == {"罗子健"}
    assert officeholders(con, "罗子") == officeholders(con, "罗子健")


def test_yangzhou_and_yangzhou_shi_are_one_place(con: duckdb.DuckDBPyConnection) -> None:
    places = {n for (n,) in con.execute("select distinct name from article_entities").fetchall()}
    assert "扬州市" not in places
    # Every article that writes 扬州 or 扬州市 as a word names the place 扬州.
    writing = con.execute(
        "select distinct article_id from article_terms where term in ('扬州', '扬州市')"
    ).fetchall()
    named = con.execute(
        "select article_id from article_entities where kind = 'place' and name = '扬州'"
    ).fetchall()
    assert set(writing) == set(named) and len(named) > 100
    shi = {article_id(a) for a in sample_articles() if "扬州市" in text(a)}
    assert shi and shi <= {a for (a,) in named}


def test_common_words_are_no_places(con: duckdb.DuckDBPyConnection) -> None:
    places = {
        n
        for (n,) in con.execute("select name from article_entities where kind = 'place'").fetchall()
    }
    assert not places & {"新建", "城市", "满意度", "美丽", "全市", "我市"}
    top = con.execute(
        "select name from article_entities where kind = 'place' group by name"
        " order by count(*) desc, name limit 2"
    ).fetchall()
    assert top[0] == ("扬州",) and top[1] != ("新建",)
