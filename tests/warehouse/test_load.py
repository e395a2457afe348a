"""Tier 3: loads into a temporary DuckDB file with the real migrations."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from parsers.models import Article, EnrichedArticle, Entity, Keyword, PersonMention, Term
from warehouse.db import WarehouseError, migrations, open_warehouse, schema_version
from warehouse.fetchlog import Failure, record_failures
from warehouse.load import known_article_ids, upsert_articles
from warehouse.runs import RunRecord, record_run

T0 = datetime(2026, 11, 1, 8, 0, 0)
T1 = datetime(2026, 11, 2, 8, 0, 0)


def make_record(number: int, body: str = "正文", keywords: int = 5) -> EnrichedArticle:
    article = Article(
        url=f"https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202601/t20260105_{number}.shtml",
        site="zgjssw",
        title=f"标题{number}",
        published_at=datetime(2026, 1, 5, 9, 30),
        paragraphs=(body, "第二段"),
        source="扬州日报",
        dateline="本报讯",
        reporters=("邹平", "世春"),
        correspondents=("张三",),
        editors=("马丽花",),
        column="扬州",
    )
    return EnrichedArticle(
        article_id=f"zgjssw:/x/{number}",
        article=article,
        content_hash=f"hash-{number}-{body}",
        keywords=tuple(Keyword(f"词{i}", 1.0 / i, i) for i in range(1, keywords + 1)),
        parser_version="zgjssw-1",
        nlp_version="test",
        terms=(Term("正文", 1), Term(f"词{number}", 2)),
        entities=(Entity("扬州", "place"),),
        mentions=(PersonMention("张宝娟", "市长"),),
        phrases=("二次创业",),
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wh.duckdb"


def test_migrations_are_recorded_once(db_path: Path) -> None:
    with open_warehouse(db_path) as con:
        assert schema_version(con) == migrations()[-1][0]
    with open_warehouse(db_path) as con:
        rows = con.execute("select version, name from schema_migrations").fetchall()
    assert [row[0] for row in rows] == [number for number, _, _ in migrations()]


def test_upsert_twice_leaves_the_same_rows(db_path: Path) -> None:
    records = [make_record(1), make_record(2)]
    with open_warehouse(db_path) as con:
        first = upsert_articles(con, records, loaded_at=T0)
        snapshot = con.execute("select * from articles order by article_id").fetchall()
        second = upsert_articles(con, records, loaded_at=T1)
        again = con.execute("select * from articles order by article_id").fetchall()
        keywords = con.execute("select count(*) from article_keywords").fetchone()
        terms = con.execute("select count(*) from article_terms").fetchone()
    assert (first.new, first.changed, first.unchanged) == (2, 0, 0)
    assert (second.new, second.changed, second.unchanged) == (0, 0, 2)
    assert snapshot == again
    assert keywords == (10,)
    assert terms == (4,)


def test_changed_content_updates_row_and_keeps_first_seen(db_path: Path) -> None:
    with open_warehouse(db_path) as con:
        upsert_articles(con, [make_record(1)], loaded_at=T0)
        counts = upsert_articles(con, [make_record(1, body="新正文", keywords=6)], loaded_at=T1)
        row = con.execute(
            "select body, first_seen_at, updated_at, reporters from articles"
        ).fetchone()
        keywords = con.execute("select count(*) from article_keywords").fetchone()
    assert counts.changed == 1
    assert row == ("新正文\n第二段", T0, T1, ["邹平", "世春"])
    assert keywords == (6,)


def test_duplicate_ids_in_one_batch_keep_the_last(db_path: Path) -> None:
    older, newer = make_record(1, body="旧"), make_record(1, body="新")
    with open_warehouse(db_path) as con:
        counts = upsert_articles(con, [older, newer], loaded_at=T0)
        rows = con.execute("select body from articles").fetchall()
    assert counts.new == 1
    assert rows == [("新\n第二段",)]


def test_failed_batch_leaves_nothing_half_written(db_path: Path) -> None:
    good = make_record(1)
    # A null title violates NOT NULL: the whole batch, derived rows included, must roll back.
    bad = replace(make_record(2), article=replace(make_record(2).article, title=None))  # type: ignore[arg-type]
    with open_warehouse(db_path) as con:
        with pytest.raises(Exception, match=r"(?i)not null|constraint"):
            upsert_articles(con, [good, bad], loaded_at=T0)
        counts = con.execute(
            "select (select count(*) from articles), (select count(*) from article_keywords),"
            " (select count(*) from article_terms), (select count(*) from article_entities),"
            " (select count(*) from person_mentions), (select count(*) from article_phrases)"
        ).fetchone()
    assert counts == (0, 0, 0, 0, 0, 0)


def test_known_ids_and_run_log(db_path: Path) -> None:
    with open_warehouse(db_path) as con:
        upsert_articles(con, [make_record(1), make_record(2)], loaded_at=T0)
        run = RunRecord(run_id="r1", flow="ingest", started_at=T0, status="completed", new=2)
        record_run(con, run)
        record_run(con, replace(run, finished_at=T1))
        ids = known_article_ids(con, "zgjssw")
        runs = con.execute("select run_id, new, finished_at from runs").fetchall()
    assert ids == {"zgjssw:/x/1", "zgjssw:/x/2"}
    assert runs == [("r1", 2, T1)]


def test_record_run_rejects_unknown_status(db_path: Path) -> None:
    with open_warehouse(db_path) as con, pytest.raises(ValueError, match="status"):
        record_run(con, RunRecord(run_id="r", flow="ingest", started_at=T0, status="done"))


def test_read_only_open_of_missing_file_says_what_to_do(db_path: Path) -> None:
    with (
        pytest.raises(WarehouseError, match="yzdaily ingest"),
        open_warehouse(db_path, read_only=True),
    ):
        pass


def test_second_process_gets_a_clear_lock_message(db_path: Path) -> None:
    with open_warehouse(db_path):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
            " print('ready', flush=True); time.sleep(300)",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        # A reader waits for a writer's commit (READER_WAIT_SECONDS), then says who is in the way.
        with (
            pytest.raises(WarehouseError, match="in use by another process"),
            open_warehouse(db_path, read_only=True, wait=1.0),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()


# Issue 30 item 1: warcio's reason for a 16 MB file of NUL bytes quoted all of it; storing it
# failed ("Out of Memory Error: failed to allocate data of size 128.0 MiB") and ended the run.
HUGE_REASON = "not a readable WARC file: first line: ['" + "\x00" * (16 * 1024 * 1024) + "']"


def test_a_failure_reason_of_any_size_is_stored_bounded(db_path: Path) -> None:
    failure = Failure("file:///in/b.warc", "import", "import", HUGE_REASON, True)
    with open_warehouse(db_path) as con:
        record_failures(con, [failure], T1)
        [(reason,)] = con.execute("select reason from failures").fetchall()
    assert reason == failure.reason and len(reason) <= 500
    assert reason.startswith("not a readable WARC file: first line: ['\\x00")
    assert reason.endswith("more characters]") and "\x00" not in reason


def test_a_run_message_of_any_size_is_stored_bounded(db_path: Path) -> None:
    run = RunRecord(run_id="r", flow="import", started_at=T0, status="failed")
    run.message = f"Out of Memory Error: {HUGE_REASON}"
    run.warnings.append("a warning\x1b]0;pwned\x07")
    with open_warehouse(db_path) as con:
        record_run(con, run)
        [(message,)] = con.execute("select message from runs").fetchall()
    assert len(message) <= 2 * 500 + 2
    assert message.endswith("; a warning\\x1b]0;pwned\\x07")
