"""Tier 3: the walk of list pages (issue 13 items 1 and 9): where it stops, what it records,
how the next walk reads on. A real Fetcher against the sample site on 127.0.0.1, a real raw
archive and a real DuckDB warehouse; no Prefect (task bodies are called as functions)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import DEFAULT_MAX_PAGES
from fetching.http import Fetcher
from fetching.raw_archive import RawArchive
from flows.ingest import process_batch
from flows.stages import (
    MAX_LINKS_PER_LIST_PAGE,
    MAX_REPEATED_LIST_PAGES,
    Discovery,
    discover_articles,
    finish_run,
    load_batch,
    plan_work,
    read_archive_state,
    utcnow,
)
from parsers.sources import ZGJSSW
from tests.e2e.hostile import with_list_items
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import Fault, SampleServer
from tests.sample_site.site import COLUMN_PATH, Page, SampleSite, build_site
from tests.sample_warehouse import segmenter
from warehouse.db import open_warehouse
from warehouse.runs import RunRecord

PAGES = 6  # list pages of ten articles each


@pytest.fixture
def server() -> Iterator[SampleServer]:
    with SampleServer(build_site(generate_articles(PAGES * 10, seed=13))) as running:
        yield running


class Walker:
    """One warehouse and raw archive, walked (and loaded) again and again, as runs would."""

    def __init__(self, server: SampleServer, tmp_path: Path) -> None:
        self.db = tmp_path / "yzdaily.duckdb"
        self.archive = RawArchive(tmp_path / "raw")
        self.root = ZGJSSW.first_list_url(server.base_url)
        self.lines: list[str] = []
        with open_warehouse(self.db):
            pass

    def walk(self, max_pages: int = DEFAULT_MAX_PAGES, backfill: bool = False) -> Discovery:
        state = read_archive_state(self.db, ZGJSSW.name, utcnow(), self.root)
        with Fetcher("yzdaily-test", delay=0, timeout=5, retries=0) as fetcher:
            return discover_articles.fn(
                fetcher,
                self.archive,
                self.root,
                state,
                None,
                max_pages,
                self.lines.append,
                backfill=backfill,
                source=ZGJSSW,
            )

    def walk_and_load(self, max_pages: int = DEFAULT_MAX_PAGES) -> Discovery:
        """A whole run: walk, commit the frontier, load every link, save the list's state."""
        state = read_archive_state(self.db, ZGJSSW.name, utcnow(), self.root)
        run = RunRecord(run_id=f"run-{len(self.lines)}", flow="ingest", started_at=utcnow())
        with Fetcher("yzdaily-test", delay=0, timeout=5, retries=0) as fetcher:
            found = discover_articles.fn(
                fetcher,
                self.archive,
                self.root,
                state,
                None,
                max_pages,
                self.lines.append,
                source=ZGJSSW,
            )
            work = plan_work(self.db, ZGJSSW, self.root, state, found, run)
            result = process_batch.fn(fetcher, self.archive, work, segmenter(), {})
        load_batch.fn(self.db, result.write)
        run.finished_at = utcnow()
        finish_run(self.db, run, found.write, [ZGJSSW.name])
        return found


def article_paths(found: Discovery) -> list[str]:
    return [ref.url.split("/yangzhou/", 1)[1] for ref in found.refs]


def test_a_walk_stopped_by_max_pages_is_read_on_by_the_next_and_never_answered_304(
    server: SampleServer, tmp_path: Path
) -> None:
    walker = Walker(server, tmp_path)
    first = walker.walk_and_load(max_pages=2)
    assert len(first.refs) == 20 and not first.walk.complete
    assert first.walk.resume_after == first.refs[-1].url
    # Its list pages' validators are saved: a plain conditional walk would stop at a 304 now.
    server.requests.clear()
    second = walker.walk()
    assert [r.status for r in server.requests if r.path.endswith("index.shtml")] == [200]
    assert len(second.refs) == 40 and second.walk.complete
    assert set(article_paths(first)).isdisjoint(article_paths(second))


def test_a_failing_list_page_is_recorded_and_the_next_walk_reads_on_past_it(
    server: SampleServer, tmp_path: Path
) -> None:
    broken = server.site.list_paths()[3]
    server.faults[broken] = Fault("status", times=-1, status=500)
    walker = Walker(server, tmp_path)
    first = walker.walk_and_load()
    assert first.fatal is None and len(first.refs) == 30 and not first.walk.complete
    [failure] = first.write.failures
    assert failure.url.endswith(broken) and failure.stage == "list" and "500" in failure.reason
    server.faults.clear()
    second = walker.walk_and_load()
    assert len(second.refs) == 30 and second.walk.complete
    assert second.write.failures == [] and any(u.endswith(broken) for u in second.write.succeeded)
    assert len(set(article_paths(first) + article_paths(second))) == PAGES * 10


def test_query_and_fragment_variants_of_a_link_are_one_article(
    server: SampleServer, tmp_path: Path
) -> None:
    first_list = server.site.list_paths()[0]
    article = server.site.articles[0].path.rsplit("/yangzhou/", 1)[1]
    variants = "".join(
        f'<li><a href="./{article}{tail}">变体</a><span>2026-01-01  08:00</span></li>'
        for tail in ("?from=list", "#comments", "?a=1&b=2#x")
    )
    server.site.pages[first_list] = with_list_items(server.site.pages[first_list], variants)
    found = Walker(server, tmp_path).walk(max_pages=1)
    urls = [ref.url for ref in found.refs]
    assert len(urls) == 10 and len(set(urls)) == 10
    assert not any("?" in url or "#" in url for url in urls)
    assert sum(url.endswith(article) for url in urls) == 1


def test_a_list_page_with_too_many_links_is_capped_and_recorded(
    server: SampleServer, tmp_path: Path
) -> None:
    first_list = server.site.list_paths()[0]
    links = "".join(
        f'<li><a href="./202001/t20200101_{n}.shtml">第{n}条</a><span>2020-01-01  08:00</span></li>'
        for n in range(1, 601)
    )
    server.site.pages[first_list] = with_list_items(server.site.pages[first_list], links)
    walker = Walker(server, tmp_path)
    found = walker.walk(max_pages=1)
    assert len(found.refs) == MAX_LINKS_PER_LIST_PAGE
    [failure] = found.write.failures
    assert failure.stage == "list" and "610 article links" in failure.reason
    assert any("only the first 500" in line for line in walker.lines)


def test_a_first_list_page_without_links_is_a_warning(server: SampleServer, tmp_path: Path) -> None:
    first_list = server.site.list_paths()[0]
    empty = b"<html><body><div class='newslist'><ul></ul></div></body></html>"
    server.site.pages[first_list] = Page(empty, "text/html; charset=utf-8")
    found = Walker(server, tmp_path).walk()
    assert found.refs == [] and found.fatal is None
    [warning] = found.warnings
    assert "list page 0" in warning and "no article links" in warning


def test_a_list_page_of_one_link_says_so_in_the_singular(tmp_path: Path) -> None:
    with SampleServer(build_site(generate_articles(1, seed=3))) as running:
        walker = Walker(running, tmp_path)
        walker.walk()
    assert any(line.endswith(": 1 link, 1 new") for line in walker.lines), walker.lines


# A list page fails once, in each way a page can fail for good (issue 31): none of them is the
# end of the list, which only the pager (共6页, TRS createPageHTML) or an empty page marks.
FAILS_ONCE = {
    "404": Fault("status", times=1, status=404),
    "oversize": Fault("oversize", times=1, size=6 * 1024 * 1024),
    "off-site redirect": Fault("redirect", times=1, location="http://elsewhere.invalid/x.shtml"),
}


@pytest.mark.parametrize("fault", FAILS_ONCE.values(), ids=FAILS_ONCE.keys())
def test_a_later_list_page_that_fails_once_is_no_end_of_the_list(
    server: SampleServer, tmp_path: Path, fault: Fault
) -> None:
    broken = server.site.list_paths()[1]
    server.faults[broken] = fault
    walker = Walker(server, tmp_path)
    first = walker.walk_and_load()
    assert len(first.refs) == 10 and not first.walk.complete
    [failure] = first.write.failures
    assert failure.url.endswith(broken) and failure.stage == "list" and not failure.permanent
    # Recovered: the next walk reads on past page 0 (no 304, no "nothing new") to the end.
    second = walker.walk_and_load()
    assert second.walk.complete and second.write.failures == []
    assert len(set(article_paths(first) + article_paths(second))) == PAGES * 10
    # And the list's real end is where its pager says: no request past the last page.
    requested = {r.path for r in server.requests}
    assert COLUMN_PATH + f"index_{PAGES}.shtml" not in requested


def test_the_walk_ends_where_the_pager_says_not_at_a_404(
    server: SampleServer, tmp_path: Path
) -> None:
    found = Walker(server, tmp_path).walk()
    assert found.walk.complete and len(found.refs) == PAGES * 10
    listed = [(r.path, r.status) for r in server.requests if "/index" in r.path]
    assert listed == [(path, 200) for path in server.site.list_paths()]


def endless_list(pages: int, repeat: bool = False) -> SampleSite:
    """A column whose list pages never say they are the last: each lists ten fresh links (or,
    with `repeat`, the same ten), and one more page always follows."""
    site = build_site(generate_articles(10, seed=5), page_size=10)
    for index in range(pages):
        number = 0 if repeat else index
        links = "".join(
            f'<li><a href="./202601/t20260101_{number * 10 + n}.shtml">第{number * 10 + n}条</a>'
            "<span>2026-01-01  08:00</span></li>"
            for n in range(10)
        )
        body = f'<html><body><div class="newslist"><ul>{links}</ul></div></body></html>'
        name = "index.shtml" if index == 0 else f"index_{index}.shtml"
        site.pages[COLUMN_PATH + name] = Page(body.encode("utf-8"), "text/html; charset=utf-8")
    return site


def test_a_list_that_never_ends_is_walked_only_to_the_bound(tmp_path: Path) -> None:
    bound = 12
    with SampleServer(endless_list(bound + 20)) as running:
        walker = Walker(running, tmp_path)
        found = walker.walk(max_pages=bound)
    assert found.pages == bound and len(found.refs) == bound * 10
    assert not found.walk.complete and found.write.failures == []
    [warning] = found.warnings
    assert f"after {bound} pages" in warning and "the next run reads on" in warning
    assert DEFAULT_MAX_PAGES <= 500  # the bound a run has when no one set it


def test_a_list_that_repeats_itself_stops_with_a_list_failure(tmp_path: Path) -> None:
    # An ingest stops at the first page with nothing new; a backfill reads on past known
    # articles, so only this rule stops it on a site that answers every page number alike.
    with SampleServer(endless_list(50, repeat=True)) as running:
        walker = Walker(running, tmp_path)
        found = walker.walk(backfill=True)
    assert found.pages == 1 + MAX_REPEATED_LIST_PAGES and len(found.refs) == 10
    [failure] = found.write.failures
    assert failure.stage == "list" and "repeats itself" in failure.reason
    assert not found.walk.complete
