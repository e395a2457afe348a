"""The ingest flow: discover -> fetch -> parse -> enrich -> load, in batched Prefect tasks.

Import this module only after `flows.prefect_env.configure_prefect` (Prefect reads its
settings at import time); the CLI does that.

Incremental by design: list pages are read newest first and paging stops at the first page
whose articles are all known (or all older than --since); known articles are never fetched
again. Each batch is loaded as soon as it is ready, with the write connection open only while
it loads, so a run that stops half way keeps what it finished and analysts can query between
loads.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from prefect import State, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed

from flows.http import Fetcher, FetchError, HostRefused, HostUnreachable
from flows.settings import Settings
from parsers import zgjssw
from parsers.encoding import decode_html
from parsers.enrich import enrich_article
from parsers.models import ArticleRef, EnrichedArticle, ParseError
from parsers.nlp import ARCHIVE_IDF_MIN_ARTICLES, Segmenter, archive_idf
from warehouse.db import open_warehouse
from warehouse.load import LoadCounts, known_article_ids, upsert_articles
from warehouse.nlp_queries import term_document_frequencies
from warehouse.runs import RunRecord, record_run

Report = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@cache
def get_segmenter(cache_dir: Path) -> Segmenter:
    """One jieba tokenizer per process: loading the dictionary costs about a second."""
    return Segmenter(cache_dir=cache_dir)


@dataclass
class Discovery:
    """Article links found on the list pages that are new to the warehouse."""

    refs: list[ArticleRef] = field(default_factory=list)
    pages: int = 0
    listed: int = 0
    fatal: str | None = None  # why discovery could not go on; tasks return it, never raise


@dataclass
class BatchResult:
    """What one batch of article pages gave: records to load and failures to report."""

    records: list[EnrichedArticle] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    fetched: int = 0
    fatal: str | None = None  # the host went away: the rest of the run is pointless


def _in_range(ref: ArticleRef, since: date | None) -> bool:
    return since is None or ref.listed_at is None or ref.listed_at.date() >= since


@task(name="discover-articles", cache_policy=NO_CACHE)
def discover_articles(
    fetcher: Fetcher,
    root: str,
    known_ids: frozenset[str],
    since: date | None,
    max_pages: int | None,
    report: Report = _stderr,
) -> Discovery:
    """Walk list pages newest first until a page brings nothing new (or the list ends)."""
    found = Discovery()
    seen: set[str] = set()
    page = 0
    while max_pages is None or page < max_pages:
        url = zgjssw.list_page_url(root, page)
        try:
            fetched = fetcher.get(url)
        except FetchError as error:
            if error.permanent and page > 0:
                break  # past the last list page
            # Expected failures end the run with a message, not a task traceback.
            found.fatal = (
                error.reason if isinstance(error, (HostUnreachable, HostRefused)) else str(error)
            )
            break
        html, _ = decode_html(fetched.body, fetched.content_type)
        listing = zgjssw.parse_list(html, url)
        found.pages += 1
        found.listed += len(listing.refs)
        if not listing.refs:
            break
        fresh = [
            ref
            for ref in listing.refs
            if _in_range(ref, since)
            and zgjssw.article_id(ref.url) not in known_ids
            and zgjssw.article_id(ref.url) not in seen
        ]
        seen.update(zgjssw.article_id(ref.url) for ref in fresh)
        found.refs.extend(fresh)
        report(f"list page {page}: {len(listing.refs)} links, {len(fresh)} new")
        if not fresh:
            break  # everything here is known (or too old): older pages are too
        page += 1
    return found


@task(name="fetch-parse-enrich", cache_policy=NO_CACHE)
def process_batch(
    fetcher: Fetcher,
    refs: Sequence[ArticleRef],
    segmenter: Segmenter,
    idf: Mapping[str, float] | None = None,
) -> BatchResult:
    """Fetch, decode, parse and enrich a batch of articles; failures are collected, not raised."""
    result = BatchResult()
    for ref in refs:
        try:
            fetched = fetcher.get(ref.url)
            result.fetched += 1
            html, _ = decode_html(fetched.body, fetched.content_type)
            article = zgjssw.parse_article(html, ref.url)
        except (HostUnreachable, HostRefused) as error:
            result.fatal = error.reason  # the host is gone: no point trying the rest
            break
        except (FetchError, ParseError) as error:
            result.failures.append(str(error))
            continue
        result.records.append(
            enrich_article(
                article, zgjssw.article_id(ref.url), segmenter, zgjssw.PARSER_VERSION, idf=idf
            )
        )
    return result


@task(name="load-articles", cache_policy=NO_CACHE)
def load_batch(db_path: Path, records: Sequence[EnrichedArticle]) -> LoadCounts:
    """Upsert one batch in one transaction; the write connection lives only for this call."""
    with open_warehouse(db_path) as con:
        return upsert_articles(con, records, loaded_at=_utcnow())


@dataclass(frozen=True)
class ArchiveState:
    """What a run needs to know of the warehouse before it starts."""

    known_ids: frozenset[str]
    idf: Mapping[str, float] | None  # the archive's own IDF once it is big enough


def _archive_state(db_path: Path) -> ArchiveState:
    with open_warehouse(db_path) as con:
        known = frozenset(known_article_ids(con, zgjssw.SITE))
        idf = None
        # Document frequencies cost a scan of the postings: only once they would be used.
        if len(known) >= ARCHIVE_IDF_MIN_ARTICLES:
            idf = archive_idf(*term_document_frequencies(con))
    return ArchiveState(known, idf)


def _save_run(db_path: Path, run: RunRecord) -> None:
    with open_warehouse(db_path) as con:
        record_run(con, run)


def _batches(refs: Sequence[ArticleRef], size: int) -> list[Sequence[ArticleRef]]:
    return [refs[start : start + size] for start in range(0, len(refs), size)]


def _run_ingest(settings: Settings, fetcher: Fetcher, run: RunRecord, report: Report) -> None:
    root = zgjssw.column_root(settings.base_url)
    archive = _archive_state(settings.db_path)
    discovery = discover_articles(
        fetcher, root, archive.known_ids, settings.since, settings.max_pages, report
    )
    run.pages = discovery.pages
    run.discovered = len(discovery.refs)
    if discovery.fatal:
        run.message = discovery.fatal
        return
    if not discovery.refs:
        return
    segmenter = get_segmenter(settings.jieba_cache_dir)
    for number, batch in enumerate(_batches(discovery.refs, settings.batch_size), start=1):
        result = process_batch(fetcher, batch, segmenter, archive.idf)
        counts = load_batch(settings.db_path, result.records)
        run.fetched += result.fetched
        run.new += counts.new
        run.changed += counts.changed
        run.unchanged += counts.unchanged
        run.failed += len(result.failures)
        run.failures.extend(result.failures)
        for failure in result.failures:
            report(f"failed: {failure}")
        report(
            f"batch {number}: {len(result.records)} loaded, {len(result.failures)} failed"
            f" ({run.new} new so far)"
        )
        if result.fatal:
            run.message = result.fatal
            return


@flow(name="ingest", validate_parameters=False)
def ingest(settings: Settings) -> State:
    """Ingest new articles of the zgjssw Yangzhou column into the warehouse."""
    run = RunRecord(run_id=str(uuid.uuid4()), flow="ingest", started_at=_utcnow())
    with Fetcher(
        settings.user_agent,
        delay=settings.delay,
        timeout=settings.timeout,
        retries=settings.retries,
    ) as fetcher:
        _run_ingest(settings, fetcher, run, _stderr)
    run.finished_at = _utcnow()
    if run.message is not None:
        run.status = "failed"
    elif run.failed:
        run.status = "partial"
        run.message = f"{run.failed} article(s) failed"
    else:
        run.status = "completed"
    _save_run(settings.db_path, run)
    if run.status == "failed":
        return Failed(message=run.message, data=run)
    return Completed(message=run.message, data=run)
