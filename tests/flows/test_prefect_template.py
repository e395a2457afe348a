"""A fresh Prefect home starts from a migrated copy of Prefect's database (#19): the first
server to migrate one leaves the copy, the next fresh home is seeded with it. Real servers."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from hosting.server import (
    DATABASE,
    prefect_api,
    prepare_template,
    seed_database,
    template_path,
    wait_healthy,
)


def alembic_version(database: Path) -> str:
    with sqlite3.connect(database) as con:
        return str(con.execute("select version_num from alembic_version").fetchone()[0])


def flow_runs(database: Path) -> int:
    with sqlite3.connect(database) as con:
        return int(con.execute("select count(*) from flow_run").fetchone()[0])


@pytest.mark.e2e
def test_a_fresh_home_starts_from_the_first_homes_migrated_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_API_DATABASE_CONNECTION_URL", raising=False)
    template = template_path()
    assert template is not None and template.is_relative_to(tmp_path / "cache")
    first, second = tmp_path / "first", tmp_path / "second"

    with prefect_api(first) as server:
        assert server is not None
        wait_healthy(server)
    assert template.exists()
    migrated = alembic_version(template)
    assert migrated == alembic_version(first / DATABASE)
    assert flow_runs(template) == 0

    assert seed_database(second) is None  # seeded: nothing left to save
    assert alembic_version(second / DATABASE) == migrated
    with prefect_api(second) as server:
        assert server is not None
        wait_healthy(server)
    assert alembic_version(second / DATABASE) == migrated


def test_a_home_with_a_database_or_a_database_of_its_own_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    template = template_path()
    assert template is not None
    template.parent.mkdir(parents=True)
    template.write_bytes(b"a template")
    home = tmp_path / "home"
    home.mkdir()
    (home / DATABASE).write_bytes(b"ours")
    assert seed_database(home) is None
    assert (home / DATABASE).read_bytes() == b"ours"

    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("PREFECT_API_DATABASE_CONNECTION_URL", "postgresql+asyncpg://db/prefect")
    assert seed_database(other) is None
    assert not (other / DATABASE).exists()
    monkeypatch.delenv("PREFECT_API_DATABASE_CONNECTION_URL")
    assert seed_database(other) is None
    assert (other / DATABASE).read_bytes() == b"a template"
    assert not [name for name in os.listdir(other) if name != DATABASE]  # no partial copy left


@pytest.mark.e2e
def test_make_setup_prepares_the_template_so_a_first_run_migrates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PREFECT_API_DATABASE_CONNECTION_URL", raising=False)
    template = prepare_template()
    assert template is not None and template.exists()
    assert flow_runs(template) == 0
    made = template.stat().st_mtime_ns
    assert prepare_template() == template  # there already: nothing started, nothing rewritten
    assert template.stat().st_mtime_ns == made
    assert seed_database(tmp_path / "home") is None
    assert alembic_version(tmp_path / "home" / DATABASE) == alembic_version(template)
