"""The scale-out path: parse and enrich on a Dask LocalCluster of 2 processes, one writer.

Rows made on the cluster must equal the single-process path's (parsers.enrich.enrich_article),
and the year-partitioned Parquet export must read back with the warehouse's counts per year.
One Prefect server for the module (the Dask workers share it); Prefect is imported only after
its environment is set.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

import duckdb
import pytest

from config.settings import build_settings
from hosting.env import configure_prefect
from parsers.encoding import decode_html
from parsers.enrich import enrich_article
from parsers.models import EnrichedArticle
from parsers.nlp import Segmenter
from parsers.sites.zgjssw import ZGJSSW as zgjssw
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import SampleServer
from tests.sample_site.site import SampleSite, build_site
from tests.session import jieba_cache_dir, seed_jieba_cache
from warehouse.db import open_warehouse
from warehouse.export import export_warehouse
from warehouse.fetchlog import BatchWrite, RawFetch, commit_batch

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("prefect_dask") is None,
    reason="prefect-dask is not installed (pip install '.[scale]')",
)
PUBLIC = "https://www.zgjssw.gov.cn"
ARTICLES = 40
# Rows that must agree between the two paths (load times differ by construction).
COMPARED = {
    "articles": "select * exclude (first_seen_at, updated_at) from articles order by article_id",
    "article_keywords": "select * from article_keywords order by all",
    "article_terms": "select * from article_terms order by all",
    "article_entities": "select * from article_entities order by all",
    "person_mentions": "select * from person_mentions order by all",
    "article_phrases": "select * from article_phrases order by all",
}

Page = tuple[RawFetch, bytes]


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A Prefect server shared by the flows and their Dask workers, for this module."""
    home = tmp_path_factory.mktemp("prefect-scale")
    saved = dict(os.environ)
    os.environ.pop("PREFECT_API_URL", None)  # never a developer's own server
    os.environ.pop("PREFECT_HOME", None)
    configure_prefect(home)  # before Prefect's first import in this process
    from flows.scale import shared_api

    try:
        with shared_api(home):
            yield home
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="module")
def site() -> SampleSite:
    return build_site(generate_articles(ARTICLES))


def archived(url: str, content_type: str | None, body: bytes) -> Page:
    """A page as fetch_batch archives it: its fetch-log row and its raw bytes."""
    digest = sha256(body).hexdigest()
    fetch = RawFetch(url, url, 200, content_type, {}, datetime(2026, 1, 1), digest, len(body))
    return fetch, body


def site_pages(site: SampleSite) -> list[Page]:
    """Article pages as the fetcher would hand them over (fetch row and raw bytes)."""
    return [
        archived(PUBLIC + a.path, site.pages[a.path].content_type, site.pages[a.path].body)
        for a in site.articles
    ]


def single_process(pages: list[Page], segmenter: Segmenter) -> list[EnrichedArticle]:
    """The path `ingest` takes, page by page in this process."""
    records = []
    for fetch, body in pages:
        url = fetch.url
        article = zgjssw.parse_article(decode_html(body, fetch.content_type)[0], url)
        record = enrich_article(article, zgjssw.article_id(url), segmenter, zgjssw.parser_version)
        records.append(replace(record, raw_sha256=sha256(body).hexdigest()))
    return records


def load(db: Path, records: list[EnrichedArticle]) -> None:
    with open_warehouse(db) as con:
        commit_batch(con, BatchWrite(records=records), datetime(2026, 1, 1))


def table_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(sql).fetchall() for table, sql in COMPARED.items()}


def test_parse_enrich_pages_collects_failures_and_matches_single_process(
    site: SampleSite,
) -> None:
    from flows.scale import parse_enrich, worker_segmenter

    pages = site_pages(site)[:5]
    broken = archived(
        PUBLIC + "/shixianchuanzhen/yangzhou/202401/t20240105_1234567.shtml", None, b"<p>"
    )
    segmenter = worker_segmenter(None)
    assert worker_segmenter(None) is segmenter  # one per process
    parsed = parse_enrich([*pages, broken], segmenter)
    assert list(parsed.records) == single_process(pages, segmenter)
    assert [(f.url, f.stage, f.permanent) for f in parsed.failures] == [
        (broken[0].url, "parse", True)
    ]


def test_cluster_rows_equal_single_process_rows_and_export_reads_back(
    prefect_home: Path, site: SampleSite, tmp_path: Path
) -> None:
    from flows.scale import run_parse_enrich_distributed

    pages = site_pages(site)
    single = single_process(pages, Segmenter(cache_dir=jieba_cache_dir()))
    parsed = run_parse_enrich_distributed(
        pages, prefect_home, workers=2, chunk_size=8, cache_dir=jieba_cache_dir()
    )
    assert parsed.failures == ()
    assert list(parsed.records) == single

    # One writer loads each path's records; the warehouse rows are the same.
    load(tmp_path / "cluster.duckdb", list(parsed.records))
    load(tmp_path / "single.duckdb", single)
    cluster_rows = table_rows(tmp_path / "cluster.duckdb")
    assert cluster_rows == table_rows(tmp_path / "single.duckdb")
    assert len(cluster_rows["articles"]) == ARTICLES

    # Year-partitioned Parquet: one directory per year, counts as in the warehouse.
    out = tmp_path / "parquet"
    with open_warehouse(tmp_path / "cluster.duckdb", read_only=True) as con:
        written = {t.table: t.rows for t in export_warehouse(con, out, partition_all=True)}
    by_year: dict[int, int] = {}
    for article in site.articles:
        by_year[article.published_at.year] = by_year.get(article.published_at.year, 0) + 1
    assert len(by_year) > 1  # the generated site spans several years
    assert read_year_counts(out, "articles") == by_year
    assert sorted(p.name for p in (out / "articles").iterdir()) == [
        f"year={year}" for year in sorted(by_year)
    ]
    for table in ("articles", "article_keywords", "article_terms"):
        assert sum(read_year_counts(out, table).values()) == written[table]
        assert written[table] == len(cluster_rows[table])
    # Every posting sits in its article's year.
    years = {zgjssw.article_id(a.as_article().url): a.published_at.year for a in site.articles}
    with duckdb.connect() as con:
        glob = str(out / "article_terms" / "**" / "*.parquet")
        stored = con.execute(
            "select distinct article_id, year from read_parquet(?, hive_partitioning = true)",
            [glob],
        ).fetchall()
    assert stored and all(years[str(a)] == int(year) for a, year in stored)


def read_year_counts(out_dir: Path, table: str) -> dict[int, int]:
    """Rows per year of an exported table, read back from its Parquet files."""
    glob = str(out_dir / table / "**" / "*.parquet")
    with duckdb.connect() as con:
        rows = con.execute(
            "select year, count(*) from read_parquet(?, hive_partitioning = true)"
            " group by year order by year",
            [glob],
        ).fetchall()
    return {int(year): int(count) for year, count in rows}


def test_ingest_distributed_loads_the_sample_site_with_one_writer(
    prefect_home: Path, site: SampleSite, tmp_path: Path
) -> None:
    from flows.scale import ingest_distributed
    from warehouse.runs import RunRecord

    seed_jieba_cache(tmp_path / "data" / "cache")  # the workers load jieba warm
    with SampleServer(site) as server:
        settings = build_settings(
            environ={},
            data_dir=tmp_path / "data",
            base_url=server.base_url,
            delay=0.0,
            batch_size=10,
        )
        state = ingest_distributed(settings, workers=2, prefect_home=prefect_home)
    run = state.result(raise_on_failure=False)
    assert isinstance(run, RunRecord), state
    assert (run.status, run.new, run.fetched) == ("completed", ARTICLES, ARTICLES)

    single = single_process(site_pages(site), Segmenter(cache_dir=jieba_cache_dir()))
    load(tmp_path / "single.duckdb", single)
    got = table_rows(settings.db_path)
    want = table_rows(tmp_path / "single.duckdb")
    assert got == want
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        assert con.execute("select status, new from runs").fetchall() == [("completed", ARTICLES)]
        fetched = con.execute("select count(*) from raw_fetches where url like '%/t%'").fetchone()
    assert fetched == (ARTICLES,)


def test_ingest_distributed_reads_every_site_of_the_registry(
    prefect_home: Path, tmp_path: Path
) -> None:
    from flows.scale import ingest_distributed
    from parsers.sources import SOURCES
    from tests.sample_site.sections import build_sample_sites
    from warehouse.runs import RunRecord

    site, sections = build_sample_sites()
    seed_jieba_cache(tmp_path / "data" / "cache")  # the workers load jieba warm
    with SampleServer(site) as server:
        settings = build_settings(
            environ={},
            data_dir=tmp_path / "data",
            base_url=server.base_url,
            source="all",
            delay=0.0,
            batch_size=10,
        )
        state = ingest_distributed(settings, workers=2, prefect_home=prefect_home)
    run = state.result(raise_on_failure=False)
    assert isinstance(run, RunRecord), state
    assert run.status == "completed", run.message
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        by_site = dict(con.execute("select site, count(*) from articles group by site").fetchall())
        judged = dict(con.execute("select site, verdict from site_health").fetchall())
        failing = con.execute("select count(*) from failures").fetchone()
    expected = {name: len(section.articles) for name, section in sections.items()}
    assert by_site == {"zgjssw": len(site.articles), **expected}
    assert set(judged) == set(SOURCES) and set(judged.values()) == {"ok"}  # each site judged
    assert failing == (0,)
