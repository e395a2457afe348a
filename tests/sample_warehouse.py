"""A warehouse loaded from the sample site without HTTP or Prefect, built once per test session.

The handwritten articles plus generated ones (2019-2026, 新质生产力 from late 2023) are turned
into records by the real NLP pass (`enrich_article`) and loaded by the real loader, in batches
as an ingest would. Tests open the file read-only, or copy it to write.

`cross_posted_warehouse()` holds the same articles plus the 扬州网 section and zgjssw's copies
of its stories (tests/sample_site/yznews.py): stories told on two sites, linked by the real
loader, with their truth (`cross_posted_stories()`).

Both files are built once per session in its directory, by whichever test process asks first
(tests/session.py: pytest-xdist's workers share them); each process keeps one Segmenter,
reading the session's jieba cache.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime
from functools import cache
from pathlib import Path

from parsers.enrich import enrich_article
from parsers.models import EnrichedArticle
from parsers.nlp import Segmenter
from parsers.sites.yznews import YZNEWS as yznews
from parsers.sites.zgjssw import ZGJSSW as zgjssw
from tests.sample_site import yznews as yznews_section
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import SampleArticle, build_site, default_specs
from tests.session import built_once, jieba_cache_dir
from warehouse.db import open_warehouse
from warehouse.load import upsert_articles

GENERATED = 260
SEED = 5
LOADED_AT = datetime(2026, 11, 2, 8, 0)
BATCH = 25


@cache
def segmenter() -> Segmenter:
    """One Segmenter for the test process (jieba's cache: the session's)."""
    return Segmenter(cache_dir=jieba_cache_dir())


@cache
def sample_articles() -> tuple[SampleArticle, ...]:
    """The truth of every article in the sample warehouse, newest first."""
    site = build_site([*default_specs(), *generate_articles(GENERATED, seed=SEED)])
    return tuple(site.articles)


def article_id(article: SampleArticle) -> str:
    """The warehouse identity of a sample article."""
    return zgjssw.article_id(article.as_article().url)


def load_articles(path: Path, articles: tuple[SampleArticle, ...] | list[SampleArticle]) -> Path:
    """Enrich and load these articles into a new warehouse at `path`."""
    records = [
        enrich_article(a.as_article(), article_id(a), segmenter(), zgjssw.parser_version)
        for a in articles
    ]
    return load_records(path, records)


def load_records(path: Path, records: list[EnrichedArticle]) -> Path:
    """Load records into a new warehouse at `path`, in batches as an ingest would."""
    with open_warehouse(path) as con:
        for start in range(0, len(records), BATCH):
            upsert_articles(con, records[start : start + BATCH], LOADED_AT)
    return path


def yznews_article_id(article: SampleArticle) -> str:
    """The warehouse identity of a sample 扬州网 article."""
    return yznews.article_id(yznews.public_root + article.path)


@cache
def cross_posted_articles() -> tuple[tuple[str, SampleArticle], ...]:
    """(article_id, truth) of every article in the cross-posted warehouse, zgjssw's first."""
    site = build_site(
        [
            *default_specs(),
            *yznews_section.ZGJSSW_COPIES,
            *generate_articles(GENERATED, seed=SEED),
        ]
    )
    section = yznews_section.add_yznews(site)
    return (
        *((article_id(a), a) for a in site.articles),
        *((yznews_article_id(a), a) for a in section.articles),
    )


def cross_posted_stories() -> list[set[str]]:
    """The truth: the article ids of each story told on both sites."""
    ids = {a.path: aid for aid, a in cross_posted_articles()}
    return [{ids[z], ids[y]} for z, y in yznews_section.cross_posted_paths()]


@cache
def cross_posted_warehouse() -> Path:
    """A warehouse of the sample site with the 扬州网 section: some stories on two sites."""
    return built_once("cross_posted.duckdb", _build_cross_posted)


def _build_cross_posted(path: Path) -> Path:
    records = []
    for aid, truth in cross_posted_articles():
        if aid.startswith("yznews:"):
            article = replace(truth.as_article(yznews.public_root), site="yznews")
            article = replace(article, column=yznews.column_for(article.url))
            version = yznews.parser_version
        else:
            article, version = truth.as_article(), zgjssw.parser_version
        records.append(enrich_article(article, aid, segmenter(), version))
    return load_records(path, records)


@cache
def sample_warehouse() -> Path:
    """The path of the sample warehouse (read it read-only; copy it to change it)."""
    return built_once("sample.duckdb", lambda path: load_articles(path, sample_articles()))


def copy_of_sample_warehouse(directory: Path) -> Path:
    """A private copy of the sample warehouse in `directory`."""
    target = directory / "sample.duckdb"
    shutil.copyfile(sample_warehouse(), target)
    return target
