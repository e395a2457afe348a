"""The parse step every writing run shares: an archived page decoded, parsed and enriched into
a batch, or its failure recorded.

Apart from flows/stages.py so that a worker process of the parse pool (flows/pool.py) can run
it without importing Prefect (2-3 s and ~100 MB a worker); flows.stages re-exports every name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from parsers.encoding import decode_html
from parsers.enrich import enrich_article
from parsers.models import Article, EnrichedArticle, ParseError
from parsers.nlp import Segmenter
from parsers.site import SiteAdapter
from parsers.sources import SOURCES, ZGJSSW, source_for_url
from warehouse.fetchlog import BatchWrite, Failure, RawFetch

# Imported files carry these in their fetch-log headers, so reprocess reads them as import did.
IMPORT_SOURCE_HEADER = "X-Yzdaily-SiteAdapter"
IMPORT_PATH_HEADER = "X-Yzdaily-Imported-From"
FILE_ID_PREFIX = "file:"
# The schemes an article's page URL may have: imported files without a URL aside (their
# `file://` identity is set by the importer, not read from outside data).
WEB_SCHEMES = ("http", "https")


def site_of(url: str) -> str:
    """The source name of an article URL (zgjssw for URLs of no known scheme)."""
    source = source_for_url(url)
    return source.name if source else ZGJSSW.name


def is_imported_file(fetch: RawFetch) -> bool:
    """True for a fetch-log row of a file imported without a URL (`yzdaily import`)."""
    return fetch.url.startswith(FILE_ID_PREFIX) and IMPORT_SOURCE_HEADER in fetch.headers


def page_site(fetch: RawFetch) -> str:
    """The site a page's failure is recorded against."""
    return fetch.headers.get(IMPORT_SOURCE_HEADER) or site_of(fetch.page_url)


def utc_today() -> date:
    """Today's date in UTC: the `today` publication dates are checked against."""
    return datetime.now(UTC).date()


def read_fetched(
    fetch: RawFetch, body: bytes, today: date | None = None
) -> tuple[SiteAdapter, Article, str]:
    """Parse an archived body by its source: (source, article, article_id); ParseError if not.

    Pages fetched or found in a WARC are read by the source of their URL, an http(s) one
    (anything else is refused). Files imported without a URL are read by the source
    recorded at import, and their identity is their content: `file:<sha256>` (see
    docs/SOURCES.md). A page dated after `today` (UTC; None: the clock's) and a day, or
    before its site could publish, is refused.
    """
    today = today or utc_today()
    if is_imported_file(fetch):
        source = SOURCES.get(fetch.headers[IMPORT_SOURCE_HEADER], ZGJSSW)
        text, _ = decode_html(body, fetch.content_type)
        if (fetch.content_type or "").startswith("text/plain"):
            article = source.parse_text(text, fetch.url, today)
        else:
            article = source.parse_article(text, fetch.url, today)
        return source, article, FILE_ID_PREFIX + fetch.sha256
    url = fetch.page_url  # an archived capture is read as the page it captured
    scheme = urlsplit(url).scheme.lower() if url.isprintable() else ""
    if scheme not in WEB_SCHEMES:
        # A WARC record's target (or a saved page's canonical link) can say anything:
        # `javascript:alert(document.domain)//...` must never become an article's URL.
        raise ParseError(url, "url", f"not an http(s) URL: {url[:80]!r}")
    found = source_for_url(url)
    if found is None:
        raise ParseError(url, "url", "not an article URL of any known source")
    html, _ = decode_html(body, fetch.content_type)
    return found, found.parse_article(html, url, today), found.article_id(url)


@dataclass(frozen=True)
class Parsed:
    """What an archived page read as: its record, or why it is no article; neither when it
    lies before the run's `since`."""

    record: EnrichedArticle | None = None
    failure: str | None = None


def parse_page(
    fetch: RawFetch,
    body: bytes,
    segmenter: Segmenter,
    idf: Mapping[str, float] | None,
    since: date | None = None,
    today: date | None = None,
) -> Parsed:
    """Decode, parse and enrich an archived page (a page dated after `today`, UTC, and a day is
    refused; None: the clock's today)."""
    try:
        source, article, identity = read_fetched(fetch, body, today)
        if since is not None and article.published_at.date() < since:
            return Parsed()
        record = enrich_article(article, identity, segmenter, source.parser_version, idf=idf)
    except ParseError as error:
        # A page that does not read as an article is tried again on the next runs (a site's
        # layout is often repaired within days), then with backoff (warehouse.fetchlog); a
        # parser fix reaches it at once by reprocess.
        return Parsed(failure=f"{error.field_name}: {error.reason}")
    except Exception as error:
        # A page that crashes the parser or jieba costs that page, never the batch; it waits
        # with backoff like any page that does not parse (a fix reaches it by reprocess).
        return Parsed(failure=f"the parser failed on this page: {type(error).__name__}: {error}")
    return Parsed(
        replace(
            record,
            raw_sha256=fetch.sha256,
            fetched_via=fetch.fetched_via,
            captured_at=fetch.captured_at,
        )
    )


def add_parsed(write: BatchWrite, fetch: RawFetch, parsed: Parsed) -> None:
    """A page's parse (`parse_page`) into the batch: its record, or why it failed."""
    if parsed.failure is not None:
        write.failures.append(Failure(fetch.url, page_site(fetch), "parse", parsed.failure, True))
    elif parsed.record is not None:
        write.records.append(parsed.record)
        write.succeeded.append(fetch.url)


def parse_job(
    segmenter: Segmenter,
    idf: Mapping[str, float] | None,
    pages: Sequence[tuple[RawFetch, bytes]],
    since: date | None = None,
    today: date | None = None,
) -> BatchWrite:
    """Archived pages parsed and enriched into a new batch (a job of flows/pool.py)."""
    write = BatchWrite()
    for fetch, body in pages:
        add_parsed(write, fetch, parse_page(fetch, body, segmenter, idf, since, today))
    return write
