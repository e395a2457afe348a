"""Fixtures of the web tests: a warehouse the real ingest loaded from the sample site, and the
web app on a real uvicorn on 127.0.0.1.

The warehouse (once per session): `yzdaily ingest` of zgjssw, then of 扬州网, from the sample
site over loopback (zgjssw's column with generated articles, and the 扬州网 section with the stories
cross-posted on both), then one article corrected through the real loader, so that it has an
earlier version. Its runs, site health and stories are the ingest's own.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from parsers.enrich import enrich_article
from parsers.sites.zgjssw import ZGJSSW as zgjssw
from tests.e2e.conftest import CLI
from tests.environment import cli_environment, run_in_process, warm_cli_environment
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import SampleServer
from tests.sample_site.site import SampleArticle, SampleSite, build_site
from tests.sample_site.yznews import PUBLIC_HOST, add_yznews, zgjssw_specs
from tests.sample_warehouse import segmenter
from tests.session import shared_prefect_home
from warehouse.db import open_warehouse
from warehouse.load import upsert_articles
from web.pages import WebConfig
from web.server import ServerThread

GENERATED = 70
SEED = 15
CORRECTION = "更正:本文数据已更新。"


@dataclass(frozen=True)
class Archive:
    """The ingested warehouse, its data dir, and the truth of every article it holds."""

    db: Path
    data_dir: Path
    prefect_home: Path
    site: SampleSite  # zgjssw's column and the 扬州网 section, as served to the ingest
    zgjssw: tuple[SampleArticle, ...]
    yznews: tuple[SampleArticle, ...]
    corrected_id: str  # the article loaded a second time with a changed body
    corrected_body: str  # its body now; its old body is the earlier version

    @property
    def today(self) -> date:
        """The web app's clock in these tests: the day of the newest article (its periods are
        then not over, whatever the real date)."""
        return max(a.published_at for a in self.articles).date()

    @property
    def articles(self) -> tuple[SampleArticle, ...]:
        return self.zgjssw + self.yznews

    def article_id(self, article: SampleArticle) -> str:
        return f"{'yznews' if article in self.yznews else 'zgjssw'}:{article.path}"

    def url(self, article: SampleArticle) -> str:
        return (PUBLIC_HOST if article in self.yznews else "https://www.zgjssw.gov.cn") + (
            article.path
        )

    def text(self, article: SampleArticle) -> str:
        """Title and body as the warehouse holds them now (the corrected one changed)."""
        if self.article_id(article) == self.corrected_id:
            return f"{article.title}\n{self.corrected_body}"
        return f"{article.title}\n{article.body}"


def sample_site() -> tuple[SampleSite, tuple[SampleArticle, ...], tuple[SampleArticle, ...]]:
    """The site the session's warehouse is ingested from: (site, zgjssw truth, 扬州网 truth)."""
    site = build_site([*zgjssw_specs(), *generate_articles(GENERATED, seed=SEED)])
    zgjssw_truth = tuple(site.articles)
    section = add_yznews(site)
    return site, zgjssw_truth, tuple(section.articles)


def correct_article(db: Path, article: SampleArticle) -> str:
    """Load a corrected copy of the article (another page, another body): its earlier
    content goes to article_versions, as when a re-check finds a changed page."""
    original = article.as_article()
    body = (*original.paragraphs, CORRECTION)
    record = enrich_article(
        replace(original, paragraphs=body),
        zgjssw.article_id(original.url),
        segmenter(),
        zgjssw.parser_version,
    )
    with open_warehouse(db) as con:
        upsert_articles(con, [replace(record, raw_sha256="c" * 64)], datetime(2026, 11, 30, 8))
    return "\n".join(body)


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("web")
    data_dir, prefect_home = root / "data", shared_prefect_home()
    site, zgjssw_truth, yznews_truth = sample_site()
    with SampleServer(site) as server:
        # The two sites this site serves (`--source all` would ask for every registered one).
        for source in ("zgjssw", "yznews"):
            args = ["ingest", "--source", source, "--base-url", server.base_url, "--delay", "0"]
            done = subprocess.run(
                [str(CLI), *args],
                env=warm_cli_environment(data_dir, prefect_home),
                capture_output=True,
                text=True,
                timeout=300,
                stdin=subprocess.DEVNULL,
            )
            assert done.returncode == 0, done.stderr
    db = data_dir / "yzdaily.duckdb"
    corrected = max(zgjssw_truth, key=lambda a: (a.published_at, a.path))
    body = correct_article(db, corrected)
    return Archive(
        db=db,
        data_dir=data_dir,
        prefect_home=prefect_home,
        site=site,
        zgjssw=zgjssw_truth,
        yznews=yznews_truth,
        corrected_id=f"zgjssw:{corrected.path}",
        corrected_body=body,
    )


class LiveServer(ServerThread):
    """The web app on a real uvicorn in a thread, on a free port of 127.0.0.1."""

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        """GET a path (with its query) of the app; never follows redirects."""
        return requests.get(self.base_url + path, timeout=30, allow_redirects=False, **kwargs)

    def json(self, path: str, **kwargs: Any) -> Any:
        """GET an API path that must answer 200, as parsed JSON."""
        response = self.get(path, **kwargs)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        assert response.headers["content-type"].startswith("application/json")
        return response.json()


def web_config(archive: Archive, read_wait: float = 3.0) -> WebConfig:
    return WebConfig(
        db_path=archive.db,
        jieba_cache_dir=archive.data_dir / "cache",
        read_wait=read_wait,
        today=lambda: archive.today,
    )


@pytest.fixture(scope="session")
def web(archive: Archive) -> Iterator[LiveServer]:
    with LiveServer(web_config(archive)) as server:
        yield server


@pytest.fixture
def yzdaily_json(archive: Archive) -> Any:
    """`yzdaily COMMAND ... --db DB --json` on the session's warehouse, parsed (run in
    process through `cli.main`: the JSON is what is compared, not the script)."""

    def run(*args: str) -> Any:
        code, out, err = run_in_process(
            [*args, "--db", str(archive.db), "--json"],
            cli_environment(archive.data_dir, archive.prefect_home),
        )
        assert code in (0, 4), err  # health exits 4 on a failing site
        return json.loads(out)

    return run
