"""Tier 4, issue 3: faults, kill -9, two writers, reprocess without the network, 304s.

All against the sample site on 127.0.0.1, through the real `yzdaily` command.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.e2e.conftest import CLI, CliResult, processes_with_env
from tests.e2e.hostile import TERMINAL_CONTROL, with_list_items
from tests.e2e.test_ingest import FIELDS, expected_row, rows
from tests.environment import cli_environment, warm_cli_environment
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import Fault, SampleServer
from tests.sample_site.site import Page, build_site

pytestmark = pytest.mark.e2e
RunCli = Callable[..., CliResult]
ARTICLE_SNAPSHOT_BUT_UPDATED = "select * exclude (updated_at) from articles order by article_id"
DERIVED = ("article_keywords", "article_terms", "article_entities", "person_mentions")


def loaded_fields(db: Path) -> dict[str, tuple[Any, ...]]:
    sql = f"select split_part(article_id, ':', 2), {', '.join(FIELDS)} from articles"
    return {path: tuple(row) for path, *row in rows(db, sql)}


def test_faults_lose_nothing_and_touch_no_other_host(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path
) -> None:
    site = sample_server.site
    paths = [a.path for a in site.articles]
    transient = {
        paths[0]: Fault("status", times=2, status=503),
        paths[1]: Fault("retry_after", times=1, seconds=1),
        paths[2]: Fault("reset", times=1),
        paths[3]: Fault("stall", times=1, seconds=4),
        paths[4]: Fault("truncate", times=1),  # a body read is not retried: fine next run
        # requests raises ValueError on this Location even when it follows no redirect.
        paths[10]: Fault("redirect", times=1, location="http://[x/"),
        site.list_paths()[1]: Fault("status", times=1, status=502),
    }
    permanent = {
        paths[5]: Fault("replace", times=-1, body="<html><body>系统维护</body></html>".encode()),
        paths[6]: Fault("oversize", times=-1, size=6 * 1024 * 1024),
        paths[7]: Fault("redirect", times=-1, location=paths[7]),  # a loop
        paths[8]: Fault("redirect", times=-1, location="http://elsewhere.invalid/x.shtml"),
        # A host name that retitles the terminal: the reason names it, the output must not act.
        paths[11]: Fault("redirect", times=-1, location="http://evil\x1bc\x07.example/x"),
    }
    sample_server.faults.update(transient | permanent)
    del site.pages[paths[9]]  # 404
    # A link urllib.parse refuses costs that link, not the list page.
    first_list = site.list_paths()[0]
    site.pages[first_list] = with_list_items(
        site.pages[first_list], '<li><a href="http://[x/">坏</a></li>'
    )
    permanent_urls = {sample_server.base_url + p for p in (*permanent, paths[9])}
    db = tmp_path / "data" / "yzdaily.duckdb"

    first = run_cli(
        "ingest", "--base-url", sample_server.base_url, "--delay", "0", "--timeout", "2"
    )
    assert first.returncode == 3, first.stderr
    assert "Traceback" not in first.stderr and "yzdaily failures" in first.stderr
    assert "evil\\x1bc\\x07.example" in first.stderr
    assert not TERMINAL_CONTROL.findall(first.stdout + first.stderr)
    failing = {url for (url,) in rows(db, "select url from failures")}
    assert failing == permanent_urls | {sample_server.base_url + p for p in (paths[4], paths[10])}
    reasons = dict(rows(db, "select url, reason from failures"))
    assert "Location" in reasons[sample_server.base_url + paths[10]]

    sample_server.requests.clear()
    second = run_cli("ingest", "--base-url", sample_server.base_url, "--delay", "0", "--json")
    assert second.returncode == 3, second.stderr
    run = json.loads(second.stdout)
    assert run["status"] == "partial" and run["not_modified"] >= 1

    # Conditional GET: the unchanged first list page answered 304, nothing else was listed.
    list_requests = [r for r in sample_server.requests if "/index" in r.path]
    assert [(r.path.rsplit("/", 1)[1], r.status) for r in list_requests] == [("index.shtml", 304)]
    assert list_requests[0].headers.get("If-None-Match")
    # Permanent failures wait (backoff); the transient one was fetched again and loaded.
    fetched = {r.path for r in sample_server.requests if "/index" not in r.path}
    assert {paths[4], paths[10]} <= fetched and not fetched & {
        paths[6],
        paths[7],
        paths[8],
        paths[9],
    }
    # A page that did not read as an article is tried again on the next runs (issue 12: a
    # site's broken layout is often repaired), unconditionally: a 304 would parse nothing.
    (retry,) = [r for r in sample_server.requests if r.path == paths[5]]
    assert "If-None-Match" not in retry.headers

    truth = {a.path: expected_row(a) for a in site.articles}
    loaded = loaded_fields(db)
    expected_paths = set(paths) - set(permanent) - {paths[9]}
    assert set(loaded) == expected_paths
    assert {p: loaded[p] for p in expected_paths} == {p: truth[p] for p in expected_paths}
    assert {url for (url,) in rows(db, "select url from failures")} == permanent_urls
    assert rows(db, "select bool_and(permanent) from failures") == [(True,)]

    listing = run_cli("failures", "--json")
    assert listing.returncode == 0
    assert {f["url"] for f in json.loads(listing.stdout)} == permanent_urls


def test_kill_9_mid_ingest_then_rerun_completes(
    sample_server: SampleServer, prefect_home: Path, tmp_path: Path
) -> None:
    env = cli_environment()
    env.update(
        YZDAILY_DATA_DIR=str(tmp_path / "data"),
        PREFECT_HOME=str(prefect_home),
        YZDAILY_BATCH_SIZE="4",
    )
    args = [str(CLI), "ingest", "--base-url", sample_server.base_url, "--delay", "0.15"]
    victim = subprocess.Popen(
        args, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    assert victim.stderr is not None
    for line in victim.stderr:
        if line.startswith("batch 2:"):
            break  # two batches committed, a third under way
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    # Prefect's API server for the run (its own session) goes with it, not left running.
    deadline = time.monotonic() + 15
    while processes_with_env(f"YZDAILY_DATA_DIR={tmp_path / 'data'}"):
        assert time.monotonic() < deadline, "a process of the killed run is still running"
        time.sleep(0.2)
    db = tmp_path / "data" / "yzdaily.duckdb"
    partial = rows(db, "select count(*) from articles")[0][0]
    assert 8 <= partial < len(sample_server.site.articles)

    rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=240)
    assert rerun.returncode == 0, rerun.stderr
    articles = rows(db, "select article_id from articles")
    assert len(articles) == len({a for (a,) in articles}) == len(sample_server.site.articles)
    short = rows(
        db,
        "select a.article_id from articles a left join article_keywords k using (article_id)"
        " group by a.article_id having count(k.keyword) < 5",
    )
    assert short == []
    truth = {a.path: expected_row(a) for a in sample_server.site.articles}
    loaded = loaded_fields(db)
    assert set(loaded) == set(truth)
    assert loaded == truth


def run_until_killed(args: list[str], env: dict[str, str], line_start: str) -> list[str]:
    """Start a run, SIGKILL it (and its Prefect server) once it prints a line starting with
    `line_start`; its stderr up to then. Fails if the run ends before."""
    victim = subprocess.Popen(
        args,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert victim.stderr is not None
    seen: list[str] = []
    for line in victim.stderr:
        seen.append(line)
        if line.startswith(line_start):
            break
    else:
        code = victim.wait()
        raise AssertionError(f"the run ended (exit {code}) before {line_start!r}:\n{''.join(seen)}")
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    deadline = time.monotonic() + 15
    while processes_with_env(f"YZDAILY_DATA_DIR={env['YZDAILY_DATA_DIR']}"):
        assert time.monotonic() < deadline, "a process of the killed run is still running"
        time.sleep(0.2)
    return seen


def test_kill_9_at_several_points_then_a_plain_rerun_loads_every_article_once(
    prefect_home: Path, tmp_path: Path
) -> None:
    # 90 articles on 9 list pages, batches of 5: the newest are committed first, so after two
    # batches list page 0 holds only known articles (the old walk stopped there for good).
    site = build_site(generate_articles(90, seed=13))
    env = warm_cli_environment(tmp_path / "data", prefect_home, YZDAILY_BATCH_SIZE="5")
    db = tmp_path / "data" / "yzdaily.duckdb"
    with SampleServer(site) as server:
        args = [str(CLI), "ingest", "--base-url", server.base_url, "--delay", "0"]
        # Killed while walking the list, after 4 batches, after 3 more batches of the frontier
        # a killed run left, and at once on the next run's first list page.
        loaded = []
        for kill_at in ("zgjssw list page 3:", "batch 4:", "batch 3:", "zgjssw list page 0:"):
            run_until_killed(args, env, kill_at)
            loaded.append(rows(db, "select count(*) from articles")[0][0])
        assert loaded[0] == 0 and 20 <= loaded[1] < loaded[2] < len(site.articles)

        rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=240)
    assert rerun.returncode == 0, rerun.stderr
    articles = rows(db, "select article_id from articles")
    assert len(articles) == len({a for (a,) in articles}) == len(site.articles)
    assert loaded_fields(db) == {a.path: expected_row(a) for a in site.articles}
    short = rows(
        db,
        "select a.article_id from articles a left join article_keywords k using (article_id)"
        " group by a.article_id having count(k.keyword) < 5",
    )
    assert short == []
    assert rows(db, "select count(*) from crawl_frontier") == [(0,)]
    # Every killed run left its row, marked failed by the run after it.
    runs = rows(db, "select status, message from runs order by started_at")
    assert [status for status, _ in runs] == ["failed"] * 4 + ["completed"]
    assert all("did not finish" in message for _, message in runs[:4])


def test_two_ingests_at_once_leave_a_correct_database(
    sample_server: SampleServer, prefect_home: Path, tmp_path: Path
) -> None:
    env = warm_cli_environment(tmp_path / "data", prefect_home)
    args = [str(CLI), "ingest", "--base-url", sample_server.base_url, "--delay", "0.05"]
    runs = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(p.wait(timeout=240), p.stderr.read() if p.stderr else "") for p in runs]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 1]), results
    for code, stderr in results:
        assert "Traceback" not in stderr
        if code == 1:
            assert "another yzdaily run" in stderr
    db = tmp_path / "data" / "yzdaily.duckdb"
    truth = {a.path: expected_row(a) for a in sample_server.site.articles}
    loaded = loaded_fields(db)
    assert set(loaded) == set(truth)
    assert loaded == truth


def test_reprocess_rebuilds_the_same_rows_without_the_server(
    run_cli: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "yzdaily.duckdb"
    with SampleServer(build_site()) as server:
        assert run_cli("ingest", "--base-url", server.base_url, "--delay", "0").returncode == 0
    before = {table: rows(db, f"select * from {table} order by all") for table in DERIVED}
    articles_before = rows(db, ARTICLE_SNAPSHOT_BUT_UPDATED)
    # Lose the derived rows and the parsed fields; only the raw archive is left to rebuild from.
    with duckdb.connect(str(db)) as con:
        for table in DERIVED:
            con.execute(f"delete from {table}")
        con.execute("update articles set body = '', reporters = [], content_hash = 'lost'")
    result = run_cli("reprocess", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changed"] == len(articles_before)
    # Its own words, not an ingest's (issue 17 item 9).
    count = len(articles_before)
    assert (
        f"reprocess completed: reprocessed {count} articles: {count} changed, 0 unchanged,"
        " 0 failed ->" in result.stderr
    ), result.stderr
    assert "list page" not in result.stderr and "to do" not in result.stderr
    # Every column equal but updated_at, which records that the row was repaired.
    assert rows(db, ARTICLE_SNAPSHOT_BUT_UPDATED) == articles_before
    assert {t: rows(db, f"select * from {t} order by all") for t in DERIVED} == before


def test_recent_articles_are_rechecked_and_changes_keep_the_old_version(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path
) -> None:
    now = datetime.now()
    specs = generate_articles(3, seed=5, start=now - timedelta(days=5), end=now - timedelta(days=1))
    site = build_site(specs)
    sample_server.set_site(site)
    db = tmp_path / "data" / "yzdaily.duckdb"
    assert run_cli("ingest", "--base-url", sample_server.base_url, "--delay", "0").returncode == 0

    # A correction is published to one article: its page changes, the others do not.
    corrected = site.articles[1]
    page = site.pages[corrected.path]
    old_paragraph = corrected.paragraphs[-1]
    html, encoding = page.body.decode("utf-8", errors="strict"), "utf-8"
    assert old_paragraph[:8] in unicodedata.normalize("NFKC", html)
    site.pages[corrected.path] = type(page)(
        body=nfkc_replace(html, old_paragraph[:8], "更正后的内容").encode(encoding),
        content_type=page.content_type,
    )
    sample_server.requests.clear()
    again = run_cli("ingest", "--base-url", sample_server.base_url, "--delay", "0", "--json")
    assert again.returncode == 0, again.stderr
    run = json.loads(again.stdout)
    assert (run["changed"], run["not_modified"]) == (1, 2 + 1)  # two articles and list page 0
    rechecks = [r for r in sample_server.requests if "/t20" in r.path]
    assert len(rechecks) == 3 and all(r.headers.get("If-None-Match") for r in rechecks)
    body = rows(db, "select body from articles where article_id like ?", [f"%{corrected.path}"])
    assert "更正后的内容" in body[0][0]
    versions = rows(db, "select article_id, body from article_versions")
    assert len(versions) == 1 and versions[0][1] == corrected.body


def nfkc_replace(html: str, old_start: str, new: str) -> str:
    """Replace the first occurrence of a normalised phrase in raw (full-width) HTML."""
    for index in range(len(html)):
        window = unicodedata.normalize("NFKC", html[index : index + len(old_start) * 2])
        if window.startswith(old_start):
            end = index
            while unicodedata.normalize("NFKC", html[index:end]) != old_start:
                end += 1
            return html[:index] + new + html[end:]
    raise AssertionError(f"{old_start!r} not in the page")


def test_a_host_asking_for_long_waits_is_down_for_the_run_and_retried_next_run(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path
) -> None:
    site = sample_server.site
    paths = [a.path for a in site.articles]
    # Before: three 60 s sleeps per URL, six minutes for these two.
    waits = {paths[1]: Fault("retry_after", times=-1, seconds=100000)}
    waits[paths[3]] = Fault("retry_after", times=-1, seconds=100000)
    sample_server.faults.update(waits)
    db = tmp_path / "data" / "yzdaily.duckdb"
    started = time.monotonic()
    first = run_cli("ingest", "--base-url", sample_server.base_url, "--delay", "0", timeout=120)
    assert time.monotonic() - started < 100
    assert first.returncode == 1, first.stderr
    assert "down for this run" in first.stderr and "Traceback" not in first.stderr
    asked = [r.path for r in sample_server.requests if r.path in waits]
    assert asked == [paths[1], paths[3]]  # once each, no retry slept out
    reasons = dict(rows(db, "select url, reason from failures"))
    assert "Retry-After" in reasons[sample_server.base_url + paths[1]]

    sample_server.faults.clear()
    again = run_cli("ingest", "--base-url", sample_server.base_url, "--delay", "0")
    assert again.returncode == 0, again.stderr
    assert loaded_fields(db) == {a.path: expected_row(a) for a in site.articles}
    assert rows(db, "select count(*) from failures") == [(0,)]


def test_reprocess_fails_only_the_pages_whose_archive_copy_is_damaged(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "yzdaily.duckdb"
    raw = tmp_path / "data" / "raw"
    assert run_cli("ingest", "--base-url", sample_server.base_url, "--delay", "0").returncode == 0
    pages = rows(db, "select url, raw_sha256 from articles order by url")
    (overwritten_url, overwritten), (cut_url, cut) = pages[0], pages[1]
    copy = raw / overwritten[:2] / overwritten[2:4] / f"{overwritten}.gz"
    copy.write_bytes(b"not gzip at all")  # BadGzipFile
    copy = raw / cut[:2] / cut[2:4] / f"{cut}.gz"
    copy.write_bytes(copy.read_bytes()[:-20])  # EOFError: the stream ends early

    result = run_cli("reprocess", "--json")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    run = json.loads(result.stdout)
    assert run["unchanged"] == len(pages) - 2 and run["failed"] == 2
    failing = dict(rows(db, "select url, stage from failures"))
    assert {url.rsplit("/", 1)[1] for url in failing} == {
        overwritten_url.rsplit("/", 1)[1],
        cut_url.rsplit("/", 1)[1],
    }
    assert set(failing.values()) == {"archive"}

    # The next ingest fetches both pages whole (no 304 for a damaged copy), the next reprocess
    # reads the fresh copies.
    again = run_cli("ingest", "--base-url", sample_server.base_url, "--delay", "0")
    assert again.returncode == 0, again.stderr
    assert rows(db, "select count(*) from failures") == [(0,)]
    result = run_cli("reprocess", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["unchanged"] == len(pages)


def test_a_first_list_page_without_links_is_not_silent(
    run_cli: RunCli, sample_server: SampleServer, tmp_path: Path
) -> None:
    first_list = sample_server.site.list_paths()[0]
    empty = b"<html><body><div class='newslist'><ul></ul></div></body></html>"
    sample_server.site.pages[first_list] = Page(empty, "text/html; charset=utf-8")
    result = run_cli("ingest", "--base-url", sample_server.base_url, "--delay", "0")
    # The run did what it could (completed); the site's source health fails it: exit 4.
    assert result.returncode == 4, result.stderr
    assert "warning: zgjssw list page 0" in result.stderr and "no article links" in result.stderr
    assert "health zgjssw: fail: list page" in result.stderr
    db = tmp_path / "data" / "yzdaily.duckdb"
    [(status, message, health)] = rows(db, "select status, message, health from runs")
    assert status == "completed" and "no article links" in message and health == "fail"
    listing = run_cli("runs")
    assert "no article links" in listing.stdout


def test_readers_during_an_ingest_wait_for_its_commits_and_all_succeed(
    prefect_home: Path, tmp_path: Path
) -> None:
    # Batches of 3: the writer commits (and holds the file) several times a second, for long
    # enough (180 articles) that readers, slow to start on a loaded machine, meet it thrice.
    site = build_site(generate_articles(180, seed=21))
    env = warm_cli_environment(tmp_path / "data", prefect_home, YZDAILY_BATCH_SIZE="3")
    db = tmp_path / "data" / "yzdaily.duckdb"
    log = tmp_path / "ingest.log"
    results: list[tuple[str, int, str]] = []
    with SampleServer(site) as server, log.open("w") as out:
        args = [str(CLI), "ingest", "--base-url", server.base_url, "--delay", "0"]
        writer = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=out)
        deadline = time.monotonic() + 120
        while "batch 1:" not in log.read_text():  # committing has begun
            assert writer.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "no batch committed in two minutes"
            time.sleep(0.1)
        while writer.poll() is None:
            for command in (["stats", "--json"], ["search", "扬州", "--limit", "3", "--json"]):
                done = subprocess.run(
                    [str(CLI), *command, "--db", str(db)],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=120,
                    stdin=subprocess.DEVNULL,
                )
                results.append((command[0], done.returncode, done.stderr))
        assert writer.wait() == 0, log.read_text()
    assert len(results) >= 6, results
    assert [result for result in results if result[1] != 0] == []
