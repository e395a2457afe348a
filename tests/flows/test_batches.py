"""The batch runner (flows/batches.py, issue 26 item 1): ingest, reprocess, import and the Dask
path hand it their batches, and on the same pages they load the same rows and count the same.

The sample site on 127.0.0.1 (its pages in every template and encoding, one of them no
article), real DuckDB warehouses, each flow run in this process against one Prefect server
for the module (Prefect imported only once it is configured); the Dask path on a
LocalCluster of 2 processes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from config.settings import Settings, build_settings
from tests.flows.test_scale import prefect_home  # noqa: F401  (the module's Prefect server)
from tests.hostile_files import write_warc
from tests.sample_site.server import SampleServer
from tests.sample_site.site import Page, SampleSite, build_site
from warehouse.db import open_warehouse
from warehouse.runs import RunRecord

# The newest article's page is replaced by one that is no article: a failure in every path.
BROKEN = Page("<html><body><p>系统维护中</p></body></html>".encode(), "text/html; charset=utf-8")
# Rows every path must load alike: load times and where a page came from (live, import) aside.
ROWS = {
    "articles": "select * exclude (first_seen_at, updated_at, fetched_via) from articles",
    **{
        table: f"select * from {table}"
        for table in (
            "article_keywords",
            "article_terms",
            "article_entities",
            "person_mentions",
            "article_phrases",
            "article_tokens",
            "article_versions",
            "term_document_frequencies",
        )
    },
}
# The run record's counters every path keeps alike.
AGREED = ("status", "discovered", "new", "changed", "unchanged", "failed")
DASK = importlib.util.find_spec("prefect_dask") is not None


def table_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(f"{sql} order by all").fetchall() for table, sql in ROWS.items()}


def counters(run: RunRecord) -> dict[str, object]:
    return {name: getattr(run, name) for name in AGREED}


def stored_run(db: Path) -> tuple[Any, ...]:
    """The `runs` row of the warehouse's one run: its status and counters."""
    with duckdb.connect(str(db), read_only=True) as con:
        [row] = con.execute(f"select {', '.join(AGREED)}, fetched from runs").fetchall()
    return tuple(row)


def finished(state: Any) -> RunRecord:
    run = state.result(raise_on_failure=False)
    assert isinstance(run, RunRecord), state
    return run


@dataclass(frozen=True)
class Ingested:
    """The reference: a plain ingest of the sample site, and the site it read."""

    site: SampleSite
    base_url: str
    settings: Settings
    run: RunRecord


def settings_for(data_dir: Path, **overrides: Any) -> Settings:
    # Batches of 7: several batches per run, the last one short.
    return build_settings(environ={}, data_dir=data_dir, delay=0.0, batch_size=7, **overrides)


@pytest.fixture(scope="module")
def site() -> SampleSite:
    site = build_site()
    site.pages[site.articles[0].path] = BROKEN
    return site


@pytest.fixture(scope="module")
def server(site: SampleSite) -> Iterator[SampleServer]:
    with SampleServer(site) as running:
        yield running


@pytest.fixture(scope="module")
def ingested(
    prefect_home: Path,  # noqa: F811
    server: SampleServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Ingested:
    from flows.ingest import ingest

    settings = settings_for(tmp_path_factory.mktemp("ingest"), base_url=server.base_url)
    run = finished(ingest(settings, return_state=True))
    return Ingested(server.site, server.base_url, settings, run)


def test_the_ingest_loads_all_but_the_broken_page_and_counts_it(ingested: Ingested) -> None:
    articles = len(ingested.site.articles)
    assert counters(ingested.run) == {
        "status": "partial",
        "discovered": articles,
        "new": articles - 1,
        "changed": 0,
        "unchanged": 0,
        "failed": 1,
    }
    assert ingested.run.fetched == articles and ingested.run.pages == 6
    assert ingested.run.message == "1 URL(s) failing; see `yzdaily failures`"
    assert stored_run(ingested.settings.db_path) == (*counters(ingested.run).values(), articles)
    rows = table_rows(ingested.settings.db_path)
    assert len(rows["articles"]) == articles - 1 and rows["article_terms"]


def test_reprocess_rebuilds_the_ingests_rows_from_its_fetch_log(
    ingested: Ingested, tmp_path: Path
) -> None:
    from flows.reprocess import reprocess

    # A warehouse holding only the ingest's fetch log; the raw archive is the ingest's.
    db = tmp_path / "reprocess.duckdb"
    with open_warehouse(db) as con:
        con.execute("attach ? as ingested (read_only)", [str(ingested.settings.db_path)])
        con.execute("insert into raw_fetches select * from ingested.raw_fetches")
        con.execute("detach ingested")
    settings = settings_for(ingested.settings.data_dir, db_path=db)
    run = finished(reprocess(settings, 2, return_state=True))  # the parse pool's 2 workers
    assert counters(run) == counters(ingested.run)
    # No network: nothing fetched; the list pages' fetches are in the log, never parsed.
    assert (run.fetched, run.pages) == (0, 0)
    assert run.message == "1 archived page(s) failed; see `yzdaily failures`"
    assert stored_run(db) == (*counters(run).values(), 0)
    assert table_rows(db) == table_rows(ingested.settings.db_path)


def test_reprocess_counts_the_document_frequencies_of_the_articles_it_changes_only(
    ingested: Ingested, tmp_path: Path
) -> None:
    """#29 item 5: the frequencies a reprocess leaves are those a full recount gives, yet it
    does not recount every posting (a group-by over 266 million at 1M articles): a row no
    reprocessed article touches stays as it was."""
    import shutil

    from flows.reprocess import reprocess
    from warehouse.search import rebuild_document_frequencies

    data_dir = tmp_path / "data"
    shutil.copytree(ingested.settings.data_dir, data_dir)
    settings = settings_for(data_dir)
    with open_warehouse(settings.db_path) as con:
        # Three articles whose postings an older NLP pass made: other terms, counted by a
        # recount so that the warehouse is consistent before the reprocess.
        changed = [
            row[0]
            for row in con.execute(
                "select article_id from articles order by article_id limit 3"
            ).fetchall()
        ]
        con.execute(
            "update article_terms set term = term || '旧' where list_contains(?, article_id)",
            [changed],
        )
        rebuild_document_frequencies(con)
        # A term no article holds: only a recount of every posting would remove it.
        con.execute("insert into term_document_frequencies values ('无人触及的词', 7)")
    finished(reprocess(settings, 1, return_state=True))
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        kept = con.execute(
            "select term, documents from term_document_frequencies order by term"
        ).fetchall()
        counted = con.execute(
            "select term, count(*) from article_terms group by term order by term"
        ).fetchall()
    assert ("无人触及的词", 7) in kept
    kept.remove(("无人触及的词", 7))
    assert kept == counted
    assert kept == table_rows(ingested.settings.db_path)["term_document_frequencies"]


def test_import_of_the_same_pages_loads_the_same_rows(ingested: Ingested, tmp_path: Path) -> None:
    from flows.importer import import_files

    site = ingested.site
    pages = [(ingested.base_url + a.path, site.pages[a.path].body) for a in site.articles]
    types = {ingested.base_url + a.path: site.pages[a.path].content_type for a in site.articles}
    warc = tmp_path / "site.warc.gz"
    write_warc(warc, pages, content_types=types)
    settings = settings_for(tmp_path / "data", source="all")
    run = finished(import_files(settings, (str(warc),), 1, return_state=True))
    assert counters(run) == counters(ingested.run)
    assert (run.fetched, run.pages) == (len(pages), 1)  # one file
    assert run.message == "1 file(s) or page(s) not loaded (published_at 1); see `yzdaily failures`"
    assert stored_run(settings.db_path) == (*counters(run).values(), len(pages))
    assert table_rows(settings.db_path) == table_rows(ingested.settings.db_path)


@pytest.mark.skipif(not DASK, reason="prefect-dask is not installed (pip install '.[scale]')")
def test_the_dask_path_is_the_ingest_with_its_parsing_on_a_cluster(
    ingested: Ingested,
    prefect_home: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    from flows.scale import ingest_distributed

    settings = settings_for(tmp_path / "data", base_url=ingested.base_url)
    run = finished(ingest_distributed(settings, workers=2, prefect_home=prefect_home))
    assert counters(run) == counters(ingested.run)
    assert (run.fetched, run.pages, run.message) == (
        ingested.run.fetched,
        ingested.run.pages,
        ingested.run.message,
    )
    assert stored_run(settings.db_path) == stored_run(ingested.settings.db_path)
    assert table_rows(settings.db_path) == table_rows(ingested.settings.db_path)


def test_no_batch_is_started_after_one_whose_host_went_away(
    prefect_home: Path,  # noqa: F811  (Prefect is imported only once it is configured)
) -> None:
    from flows.batches import Processed, in_order
    from flows.stages import FetchedBatch

    started: list[int] = []

    def start(number: int) -> Processed:
        started.append(number)
        return Processed(FetchedBatch(fatal="host down" if number == 2 else None))

    handed = [number for number, _ in in_order(range(1, 6), start, window=3)]
    assert started == handed == [1, 2]
