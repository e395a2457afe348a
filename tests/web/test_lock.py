"""DuckDB's one writer: the pages wait briefly for it or answer 503 with Retry-After (never
500), and a real ingest into the warehouse while it is polled exits 0, and shows up."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from bs4 import BeautifulSoup

from tests.e2e.conftest import CLI
from tests.environment import warm_cli_environment
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import SampleServer
from tests.sample_site.site import build_site
from tests.sample_site.yznews import add_yznews, zgjssw_specs
from tests.web.conftest import GENERATED, SEED, Archive, LiveServer, web_config

pytestmark = pytest.mark.e2e
NEW_ARTICLES = 30
INGEST_DEADLINE = 300.0
HOLDER = (
    "import duckdb, sys\n"
    "con = duckdb.connect(sys.argv[1])\n"  # read-write: every other process is shut out
    "print('holding', flush=True)\n"
    "sys.stdin.readline()\n"
    "con.close()\n"
)


@contextmanager
def writer_holding(db: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding a read-write connection to `db` until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        if holder.stdin is not None:
            holder.stdin.close()  # the holder closes its connection and exits
        holder.wait(timeout=30)


@pytest.fixture
def private_copy(archive: Archive, tmp_path: Path) -> Archive:
    """The session's archive with its warehouse copied, to write to."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(archive.db, data_dir / "yzdaily.duckdb")
    return Archive(
        **{**archive.__dict__, "db": data_dir / "yzdaily.duckdb", "data_dir": data_dir},
    )


def test_a_writer_holding_the_file_makes_every_page_503_with_retry_after(
    private_copy: Archive,
) -> None:
    with LiveServer(web_config(private_copy, read_wait=0.5)) as web:
        assert web.get("/api/stats").status_code == 200
        with writer_holding(private_copy.db):
            for path in ("/", "/?q=市长", "/trend?term=市长", "/people", "/health"):
                response = web.get(path)
                assert response.status_code == 503, path
                assert response.headers["retry-after"].isdigit()
                soup = BeautifulSoup(response.text, "lxml")
                message = soup.select_one("p.message")
                assert message is not None and "正被另一个进程使用" in message.text
                refresh = soup.select_one("meta[http-equiv=refresh]")
                assert refresh is not None and refresh["content"] == response.headers["retry-after"]
            for path in ("/api/stats", "/api/search?q=市长", "/api/trend?term=市长"):
                response = web.get(path)
                assert response.status_code == 503 and response.headers["retry-after"].isdigit()
                assert "in use by another process" in response.json()["error"]
        # The writer is gone: the next request reads again, no restart.
        assert web.json("/api/stats")["articles"] == len(private_copy.articles)


def test_a_request_waits_out_a_short_write(private_copy: Archive) -> None:
    with LiveServer(web_config(private_copy, read_wait=20.0)) as web:
        answers: list[requests.Response] = []
        with writer_holding(private_copy.db):
            request = threading.Thread(target=lambda: answers.append(web.get("/api/stats")))
            request.start()
            request.join(timeout=1.0)
            assert request.is_alive() and not answers  # waiting for the writer, not failing
        request.join(timeout=30)
        assert [a.status_code for a in answers] == [200]


def test_a_missing_warehouse_is_503_not_500(tmp_path: Path, archive: Archive) -> None:
    missing = Archive(**{**archive.__dict__, "db": tmp_path / "none.duckdb"})
    with LiveServer(web_config(missing, read_wait=0.1)) as web:
        for path in ("/", "/api/stats", "/trend?term=市长"):
            response = web.get(path)
            said = "no warehouse at" if path.startswith("/api/") else "还没有数据库"
            assert response.status_code == 503 and said in response.text
            assert response.headers["retry-after"].isdigit()
    assert not missing.db.exists()  # a reader never creates it


def test_an_ingest_while_the_page_is_polled_exits_0_and_shows_up(
    private_copy: Archive, tmp_path: Path
) -> None:
    newest = max(a.published_at for a in private_copy.articles)
    fresh = generate_articles(
        NEW_ARTICLES,
        seed=SEED + 1,
        start=newest + timedelta(days=1),
        end=newest + timedelta(days=9),
    )
    site = build_site([*zgjssw_specs(), *generate_articles(GENERATED, seed=SEED), *fresh])
    zgjssw_articles = list(site.articles)
    add_yznews(site)
    expected = len(zgjssw_articles) + len(private_copy.yznews)
    assert expected == len(private_copy.articles) + NEW_ARTICLES
    env = warm_cli_environment(private_copy.data_dir, private_copy.prefect_home)
    env["YZDAILY_BATCH_SIZE"] = "5"  # several commits, each a moment the readers are shut out
    polls: list[tuple[int, str | None, int | None]] = []
    log = tmp_path / "ingest.stderr"
    with (
        SampleServer(site) as sample,
        LiveServer(web_config(private_copy)) as web,
        open(log, "w", encoding="utf-8") as stderr,
    ):
        ingest = subprocess.Popen(
            [str(CLI), "ingest", "--base-url", sample.base_url, "--delay", "0", "--quiet"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + INGEST_DEADLINE
        while ingest.poll() is None:
            assert time.monotonic() < deadline, "the ingest did not finish"
            response = web.get("/api/stats")
            polls.append(
                (
                    response.status_code,
                    response.headers.get("retry-after"),
                    response.json().get("articles") if response.status_code == 200 else None,
                )
            )
            with suppress(subprocess.TimeoutExpired):
                ingest.wait(timeout=0.05)  # paces the polls; ends at once when the ingest does
        assert ingest.returncode == 0, log.read_text()
        final = web.json("/api/stats")
        found = web.json("/api/search?limit=100&q=" + quote(fresh[-1].title))
        article = web.get("/api/article/" + quote(f"zgjssw:{fresh[-1].path}", safe=":/"))
    assert len(polls) >= 5
    assert all(
        status == 200 or (status == 503 and (retry or "").isdigit()) for status, retry, _ in polls
    ), polls
    counts = [count for status, _, count in polls if status == 200]
    assert counts and counts == sorted(counts)  # the polls saw the archive grow, never shrink
    assert final["articles"] == expected
    assert article.status_code == 200 and article.json()["title"] == fresh[-1].title
    assert f"zgjssw:{fresh[-1].path}" in {hit["article_id"] for hit in found["hits"]}
    assert final["last_run"]["new"] == NEW_ARTICLES
