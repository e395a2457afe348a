"""Provenance in the warehouse (#14 item 2): where each article's page came from, kept by the
load and by migration 0009 for the rows that were there before it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from tests.warehouse.test_load import make_record
from warehouse.db import WarehouseError, open_warehouse
from warehouse.fetchlog import BatchWrite, RawFetch, commit_batch, latest_fetches
from warehouse.queries import read_stats

NOW = datetime(2026, 3, 1, 8)
CAPTURED = datetime(2019, 5, 12, 3)
SHA = "a" * 64


def fetch(url: str, sha: str = SHA, **provenance: object) -> RawFetch:
    return RawFetch(url, url, 200, "text/html", {}, NOW, sha, 10, **provenance)  # type: ignore[arg-type]


def test_the_load_keeps_where_each_page_came_from(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    live = replace(make_record(1), raw_sha256="1" * 64)
    archived = replace(make_record(2), fetched_via="wayback", captured_at=CAPTURED)
    replay = "https://web.archive.org/web/20190512030000id_/https://www.zgjssw.gov.cn/x/2"
    write = BatchWrite(
        records=[live, archived],
        fetches=[
            fetch("https://www.zgjssw.gov.cn/x/1", "1" * 64),
            fetch(
                replay,
                original_url="https://www.zgjssw.gov.cn/x/2",
                fetched_via="wayback",
                captured_at=CAPTURED,
            ),
        ],
    )
    with open_warehouse(db) as con:
        commit_batch(con, write, NOW)
        rows = con.execute(
            "select article_id, fetched_via, captured_at from articles order by article_id"
        ).fetchall()
        assert rows == [("zgjssw:/x/1", "live", None), ("zgjssw:/x/2", "wayback", CAPTURED)]
        logged = con.execute(
            "select url, original_url, fetched_via, captured_at from raw_fetches order by url"
        ).fetchall()
        assert (replay, "https://www.zgjssw.gov.cn/x/2", "wayback", CAPTURED) in logged
        assert ("https://www.zgjssw.gov.cn/x/1",) * 2 + ("live", None) in logged
        # Reprocess reads an archived page as the page it captured, with its provenance.
        again = {f.page_url: f for f in latest_fetches(con)}
        assert again["https://www.zgjssw.gov.cn/x/2"].fetched_via == "wayback"
        assert again["https://www.zgjssw.gov.cn/x/2"].captured_at == CAPTURED
        assert read_stats(con).by_fetched_via == {"live": 1, "wayback": 1}


def test_migration_0009_says_import_or_live_for_the_rows_before_it(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    imported = replace(make_record(1), raw_sha256="1" * 64)
    live = replace(make_record(2), raw_sha256="2" * 64)
    imported_fetch = RawFetch(
        "https://www.zgjssw.gov.cn/x/1",
        "https://www.zgjssw.gov.cn/x/1",
        200,
        "text/html",
        {"X-Yzdaily-Imported-From": "/home/me/saved.html"},
        NOW,
        "1" * 64,
        10,
    )
    write = BatchWrite(
        records=[imported, live],
        fetches=[imported_fetch, fetch("https://www.zgjssw.gov.cn/x/2", "2" * 64)],
    )
    with open_warehouse(db) as con:
        commit_batch(con, write, NOW)
        # The warehouse as it was before 0009 (with 0010 applied: 0009 landed after it).
        for table in ("articles", "raw_fetches"):
            for column in ("fetched_via", "captured_at"):
                con.execute(f"alter table {table} drop column {column}")
        con.execute("alter table raw_fetches drop column original_url")
        con.execute("delete from schema_migrations where version = 9")
    # A reader is told to upgrade, not left to fail on a missing column.
    with pytest.raises(WarehouseError, match="older schema"), open_warehouse(db, read_only=True):
        pass
    with open_warehouse(db) as con:
        assert con.execute(
            "select article_id, fetched_via, captured_at from articles order by article_id"
        ).fetchall() == [("zgjssw:/x/1", "import", None), ("zgjssw:/x/2", "live", None)]
        assert con.execute(
            "select url = original_url, fetched_via from raw_fetches order by url"
        ).fetchall() == [(True, "import"), (True, "live")]
