"""The declarative data tests: they hold on the sample warehouse, and catch what breaks them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.sample_warehouse import copy_of_sample_warehouse, sample_warehouse
from warehouse.data_tests import run_data_tests, undeclared


def failing(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {r.test.name: r.failing for r in run_data_tests(con) if r.failing}


def test_every_table_and_view_is_declared_and_every_check_holds() -> None:
    with duckdb.connect(str(sample_warehouse()), read_only=True) as con:
        assert undeclared(con) == []
        results = run_data_tests(con)
    assert len(results) > 100
    assert [r.test.name for r in results if r.failing] == []


@pytest.mark.parametrize(
    ("damage", "caught"),
    [
        # The primary key migration 0004 dropped: nothing else would notice a repeated posting.
        (
            "insert into article_terms select * from article_terms limit 1",
            "article_terms.unique(article_id, term)",
        ),
        (
            "insert into article_keywords"
            " values ('zgjssw:/nowhere.shtml', 'x', 1, 1, 'tfidf', 'v')",
            "article_keywords.relationships(article_id -> articles.article_id)",
        ),
        (
            "update articles set site = 'elsewhere' where article_id ="
            " (select min(article_id) from articles)",
            "articles.accepted_values(site)",
        ),
        (
            "update article_keywords set method = 'guess' where rank = 1 and article_id ="
            " (select min(article_id) from articles)",
            "article_keywords.accepted_values(method)",
        ),
        (
            "update articles set story_id = 'zgjssw:/gone.shtml' where article_id ="
            " (select min(article_id) from articles)",
            "articles.relationships(story_id -> articles.article_id)",
        ),
        (
            "update articles set updated_at = first_seen_at - interval 1 day where article_id ="
            " (select min(article_id) from articles)",
            "articles.expression(updated_at >= first_seen_at)",
        ),
    ],
)
def test_damage_is_caught_by_its_check(tmp_path: Path, damage: str, caught: str) -> None:
    db = copy_of_sample_warehouse(tmp_path)
    with duckdb.connect(str(db)) as con:
        con.execute(damage)
    broken = failing(db)
    assert caught in broken and broken[caught] >= 1, broken
