"""The import flow: pages people saved themselves, through the same archive, parse, enrich and
load path as an ingest (`yzdaily import PATH...`).

What a file is, is decided by its name and, failing that, its first bytes:

    *.warc, *.warc.gz     WARC archives (read with warcio): every 200 `response` record at an
                          article URL of a known source; its URL and date come from the record
    *.htm, *.html, ...    a saved page; its URL from the browser's `saved from url=` mark, a
                          canonical link or og:url when they name an article URL
    anything else         a plain-text copy in the seed's layout (title, date line, 来源, body)

Identity: a page with an article URL is that article (`zgjssw:/...`, `yznews:/...`), the same
row an ingest of the live page gives. A file without one is identified by its content:
`file:<sha256 of its bytes>` (its url column is the file's `file://` URI), so importing the same
file twice, under any name, gives one row (docs/SOURCES.md). Its source is `--source`, else the
one whose layout its text has.

    *.gz                  a gzipped one of these (`page.html.gz`), by the name under `.gz`
                          and the first bytes it inflates to

Each file is committed in one transaction with its raw fetch log (a WARC in chunks of pages,
so that its size does not matter); a file that cannot be read (not a WARC, truncated, not an
article, a name that is not UTF-8, a link loop) is recorded in `failures` and the others go
on. Only regular files are read: a FIFO, a socket or a device named or found is skipped with
a message (a FIFO would block the import forever), and so is a link in a folder that points
out of the folders named (a link to /etc/passwd must not land in the raw archive).

Every file is read under caps (fetching/reading.py, issue 25): it is sniffed from its first
bytes (a zip, an image, NUL bytes: refused), a page may be at most YZDAILY_MAX_PAGE_BYTES
before and after decompression (a bigger one is refused by its size before it is read, a
gzip bomb as soon as it inflates past), a WARC is checked from its first record's header
before warcio reads it and is read through the line cap, every article record's page through
the page cap (a record past it is a failure of that page; the WARC reads on), and reading one
file may take YZDAILY_FILE_SECONDS. Memory stays bounded whatever the file holds.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import os
import stat
import uuid
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from prefect import State, flow

from config.settings import Settings
from fetching.raw_archive import RawArchive
from fetching.reading import (
    BoundedStream,
    Deadline,
    OverCap,
    Readable,
    ReadLimits,
    ReadRefused,
    bounded_stderr,
    compressed_bound,
    kind_of,
    megabytes,
    open_regular,
    read_capped,
)
from flows.batches import Batches, BatchRunner, Committed, InPool, Processing
from flows.parsing import IMPORT_PATH_HEADER, IMPORT_SOURCE_HEADER, parse_job
from flows.pool import ParsePool, default_workers
from flows.progress import Reporter
from flows.stages import MACHINE_ERRORS, FetchedBatch, guarded_run, utcnow
from parsers.bounded import bounded
from parsers.encoding import decode_html
from parsers.saved import saved_page_urls
from parsers.site import SiteAdapter
from parsers.sniff import SNIFF_BYTES, WARC_HEADER_END, binary_kind, warc_problem
from parsers.sources import ALL, SOURCES, sniff_source, source_for_url
from warehouse.db import open_warehouse
from warehouse.fetchlog import BatchWrite, Failure, RawFetch
from warehouse.health import SiteTally
from warehouse.load import LoadCounts
from warehouse.nlp_queries import current_idf
from warehouse.runs import RunRecord

HTML_SUFFIXES = (".htm", ".html", ".shtml", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz")
GZIP_SUFFIX = ".gz"
GZIP_MAGIC = b"\x1f\x8b"
ZIP_SUFFIX = ".zip"
# The first record's header of a WARC is looked for in this many (inflated) bytes.
WARC_HEAD_BYTES = 65536
# A record at an article URL holds the page and its HTTP headers: one larger than the page cap
# and this is refused before it is read.
HTTP_HEADER_BYTES = 65536
IMPORT_SITE = "import"  # failures of files whose source cannot be told
# An import this big parses in the pool (smaller ones in this process: starting workers costs
# a second or two): files, or bytes over every file named.
POOL_MIN_FILES = 200
POOL_MIN_BYTES = 4 * 1024 * 1024
# Errors of the disk the archive is written to, not of the file being read.
MACHINE_ERRNOS = (errno.ENOSPC, errno.EROFS, errno.EDQUOT)


class ImportFileError(Exception):
    """A file that cannot be imported; the message says why."""


@dataclass
class FileResult:
    """What one file gave: the pages it held, and the batch to commit."""

    write: BatchWrite = field(default_factory=BatchWrite)
    pages: int = 0
    skipped: int = 0  # WARC records that are not article pages (lists, images, robots.txt)
    # Archived, not parsed yet: the parse pool (flows/pool.py) parses them into `write`.
    bodies: list[tuple[RawFetch, bytes]] = field(default_factory=list)
    last: bool = False  # the file's last result: it is read to its end (or its failure)


def file_kind(path: Path, head: bytes) -> str:
    """`warc`, `html` or `text`: by the name (a `.gz` aside), else by the first bytes (of a
    gzipped file: the first bytes it inflates to)."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    name = name.removesuffix(GZIP_SUFFIX)
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if head.startswith(b"WARC/") or head.startswith(GZIP_MAGIC):
        return "warc"
    if b"<html" in head[:2048].lower() or b"<!doctype html" in head[:2048].lower():
        return "html"
    return "text"


@dataclass
class ImportPlan:
    """The files to read, and what was skipped with why."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def shown(path: Path) -> str:
    """A path as printed: bytes that are not UTF-8 as \\x escapes (never a crash)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def expand_paths(paths: Sequence[Path]) -> ImportPlan:
    """The regular files named, folders replaced by the regular files under them (sorted,
    each file once). Skipped, with why: anything that is not a regular file, and links under
    a folder that point out of every folder named (links to folders are not walked)."""
    roots = [path.resolve() for path in paths if path.is_dir()]
    plan = ImportPlan()
    seen: set[Path] = set()

    def inside(target: Path) -> bool:
        return any(target.is_relative_to(root) for root in roots)

    def take(path: Path, named: bool) -> None:
        try:
            mode = os.stat(path).st_mode  # links followed
            # Not Path.resolve: it raises RuntimeError on a link loop (Python 3.11).
            target = Path(os.path.realpath(path))
        except OSError as error:
            if error.errno == errno.ELOOP and path not in seen:
                # A link loop (a.html -> b.html -> a.html) is a path that names no file: a
                # failure of that path, read (and refused) like any file that cannot be read.
                seen.add(path)
                plan.files.append(path)
                return
            plan.skipped.append((path, f"cannot read it: {error.strerror or error}"))
            return
        if not named and path.is_symlink() and not inside(target):
            plan.skipped.append((path, f"a link to {shown(target)}, outside the folders named"))
        elif not stat.S_ISREG(mode):
            plan.skipped.append((path, f"not a regular file ({kind_of(mode)})"))
        elif target not in seen:
            seen.add(target)
            plan.files.append(path)

    for path in paths:
        if not path.is_dir():
            take(path, named=True)  # named on the command line: the user's choice
            continue
        for folder, subfolders, names in os.walk(path):  # links to folders are not walked
            subfolders.sort()
            for name in subfolders:
                linked = Path(folder) / name
                target = Path(os.path.realpath(linked))
                if linked.is_symlink() and not inside(target):
                    reason = f"a link to {shown(target)}, outside the folders named"
                    plan.skipped.append((linked, reason))
            for name in sorted(names):
                take(Path(folder) / name, named=False)
    return plan


def utf8_name(path: Path) -> bool:
    """True when the path is valid UTF-8 (the warehouse stores it as text)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _file_fetch(
    path: Path, body: bytes, sha256: str, content_type: str, source: SiteAdapter, now: datetime
) -> RawFetch:
    uri = path.resolve().as_uri()
    headers = {IMPORT_SOURCE_HEADER: source.name, IMPORT_PATH_HEADER: str(path.resolve())}
    return RawFetch(
        uri, uri, 200, content_type, headers, now, sha256, len(body), fetched_via="import"
    )


def _url_fetch(
    url: str, path: Path, body: bytes, sha256: str, content_type: str | None, when: datetime
) -> RawFetch:
    headers = {IMPORT_PATH_HEADER: str(path.resolve())}
    if content_type:
        headers["Content-Type"] = content_type
    return RawFetch(
        url, url, 200, content_type, headers, when, sha256, len(body), fetched_via="import"
    )


def _source_for_text(text: str, chosen: str) -> SiteAdapter:
    return SOURCES[chosen] if chosen != ALL else sniff_source(text)


def read_html_file(
    path: Path, body: bytes, archive: RawArchive, chosen: str, now: datetime
) -> tuple[RawFetch, bytes]:
    """A saved page: at its article URL when the page names one, else as `file:` content."""
    sha256 = archive.save(body)
    html, _ = decode_html(body, None)
    for url in saved_page_urls(html):
        if source_for_url(url) is not None:
            return _url_fetch(url, path, body, sha256, "text/html", now), body
    return _file_fetch(path, body, sha256, "text/html", _source_for_text(html, chosen), now), body


def read_text_file(
    path: Path, body: bytes, archive: RawArchive, chosen: str, now: datetime
) -> tuple[RawFetch, bytes]:
    """A plain-text copy: identified by its content, read by its source's text parser."""
    try:
        text = body.decode("utf-8-sig")
        content_type = "text/plain; charset=utf-8"
    except UnicodeDecodeError:
        # Not UTF-8: GB18030 and friends are found by detection, as for pages without a charset.
        text, _ = decode_html(body, None)
        content_type = "text/plain"
    if not text.strip():
        raise ImportFileError("the file is empty")
    if "\x00" in text:
        raise ImportFileError("a binary file, not a text copy of an article")
    sha256 = archive.save(body)
    source = _source_for_text(text, chosen)
    return _file_fetch(path, body, sha256, content_type, source, now), body


def _warc_date(value: str | None, fallback: datetime) -> datetime:
    """WARC-Date (ISO 8601, UTC) as naive UTC, like every *_at the warehouse sets itself."""
    if not value:
        return fallback
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return fallback
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


# What reading a file yields: a page archived, with its fetch-log row; or the failure of one
# page of it (a WARC record past the page cap), the file read on.
PageItem = tuple[RawFetch, bytes] | Failure


@dataclass(frozen=True)
class FileReading:
    """One file being read: where its pages are archived, the site a text copy is read as,
    the time a page without its own date gets, the tally over the whole file, its caps and
    its deadline."""

    path: Path
    archive: RawArchive
    chosen: str
    now: datetime
    tally: FileResult
    limits: ReadLimits
    deadline: Deadline


def iter_warc(stream: BoundedStream, reading: FileReading) -> Iterator[PageItem]:
    """Article pages of a WARC (its inflated bytes in `stream`): 200 responses at article
    URLs, with their URL and date.

    Records are read one at a time (a WARC may hold gigabytes); other records count in
    `tally.skipped`. A page past the page cap, before or after its Content-Encoding is
    undone, is that page's failure.
    """
    from warcio.archiveiterator import ArchiveIterator

    # Digests, when the WARC has them, are checked: a damaged record raises.
    records = ArchiveIterator(stream, check_digests="raise")
    cap = reading.limits.page_bytes
    while True:
        with bounded_stderr():  # warcio's own warnings quote what it read
            record = next(records, None)
        if record is None:
            return
        reading.deadline.check()
        if record.rec_type != "response" or record.http_headers is None:
            continue
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        status = record.http_headers.get_statuscode()
        source = source_for_url(url) if status == "200" else None
        if source is None:
            reading.tally.skipped += 1
            continue
        # warcio reads the rest of a record it was not asked for a chunk at a time. A record
        # without a Content-Length (None) is read through the page cap all the same.
        length = record.length or 0
        if length > cap + HTTP_HEADER_BYTES:
            reason = (
                f"a record of {megabytes(length)}, more than a page may be"
                f" ({megabytes(cap)}, YZDAILY_MAX_PAGE_BYTES)"
            )
            yield Failure(url, source.name, "import", reason, True)
            continue
        try:
            with bounded_stderr():
                body = read_capped(record.content_stream(), cap, reading.deadline)
        except OverCap as error:
            yield Failure(url, source.name, "import", f"the page {error}", True)
            continue
        missing = getattr(record.raw_stream, "limit", 0)
        if missing:
            # The file ends inside this record: warcio returns the part it has, silently.
            raise ImportFileError(
                f"a truncated archive: the record of {url} lacks its last {missing} bytes"
            )
        sha256 = reading.archive.save(body)
        when = _warc_date(record.rec_headers.get_header("WARC-Date"), reading.now)
        content_type = record.http_headers.get_header("Content-Type")
        yield _url_fetch(url, reading.path, body, sha256, content_type, when), body


def _inflated(handle: BinaryIO, gzipped: bool) -> Readable:
    """The file's bytes from its start, inflated if it is gzipped (a chunk at a time)."""
    handle.seek(0)
    return gzip.GzipFile(fileobj=handle, mode="rb") if gzipped else handle


def read_warc(handle: BinaryIO, gzipped: bool, reading: FileReading) -> Iterator[PageItem]:
    """A WARC's pages, once its first record's header shows it is one. The file is inflated
    here, not by warcio, so that every byte warcio reads comes through the line cap and the
    deadline (warcio reads header lines whole, however long)."""
    line_bytes, deadline = reading.limits.line_bytes, reading.deadline
    first = BoundedStream(_inflated(handle, gzipped), line_bytes, deadline)
    head = b""
    # Read until the first header ends: a WARC cut short after its first records still
    # gives those (warcio reads them; the break is then the file's failure).
    with contextlib.suppress(EOFError, zlib.error, gzip.BadGzipFile):
        while len(head) < WARC_HEAD_BYTES and not WARC_HEADER_END.search(head):
            chunk = first.read(WARC_HEAD_BYTES - len(head))
            if not chunk:
                break
            head += chunk
    problem = warc_problem(head)
    if problem is not None:
        raise ImportFileError(problem)
    yield from iter_warc(BoundedStream(_inflated(handle, gzipped), line_bytes, deadline), reading)
    if not reading.tally.pages and not reading.tally.skipped:
        raise ImportFileError("no WARC records in it")


def read_page_file(
    handle: BinaryIO, gzipped: bool, head: bytes, limits: ReadLimits, deadline: Deadline
) -> bytes:
    """A saved page or text copy, whole: refused from its first bytes when it is binary, from
    its size when it is bigger than a page may be, and as soon as it inflates past that."""
    what = binary_kind(head)
    if what is not None:
        hint = ": unpack it and import its files" if "archive" in what else ""
        raise ImportFileError(f"{what}, not a page or a text copy of one{hint}")
    size = os.fstat(handle.fileno()).st_size
    cap = limits.page_bytes
    if size > (compressed_bound(cap) if gzipped else cap):
        packed = " gzipped" if gzipped else ""
        raise ImportFileError(
            f"{megabytes(size)}{packed}, more than an article page may be"
            f" ({megabytes(cap)}, YZDAILY_MAX_PAGE_BYTES)"
        )
    return read_capped(_inflated(handle, gzipped), cap, deadline, inflating=gzipped)


def read_pages(reading: FileReading) -> Iterator[PageItem]:
    """The pages of one file, archived as they are read; ImportFileError when it is unreadable
    (for a WARC, possibly after some pages: those stay imported)."""
    path = reading.path
    try:
        with open_regular(path) as handle:
            head = handle.read(SNIFF_BYTES)
            gzipped = head.startswith(GZIP_MAGIC)
            if gzipped:
                # What a gzipped file holds is told by what it inflates to.
                head = _inflated(handle, gzipped).read(SNIFF_BYTES)
            if path.name.lower().endswith(ZIP_SUFFIX):
                raise ImportFileError(
                    "a zip archive, not a page or a text copy of one: unpack it and import"
                    " its files"
                )
            kind = file_kind(path, head)
            if kind == "warc":
                yield from read_warc(handle, gzipped, reading)
            else:
                body = read_page_file(handle, gzipped, head, reading.limits, reading.deadline)
                reader = read_html_file if kind == "html" else read_text_file
                yield reader(path, body, reading.archive, reading.chosen, reading.now)
    except ImportFileError:
        raise
    except ReadRefused as error:
        raise ImportFileError(str(error)) from error
    except OSError as error:
        if error.errno in MACHINE_ERRNOS:
            raise  # the disk's, not the file's: the import stops with one line
        if error.errno == errno.ELOOP:
            raise ImportFileError("a symbolic link loop: it leads to no file") from error
        raise ImportFileError(f"cannot read it: {error.strerror or error}") from error
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise ImportFileError(f"a truncated or corrupt archive: {error}") from error
    except Exception as error:
        # warcio's ArchiveLoadFailed and its parsing errors: not a WARC we can read.
        if type(error).__module__.startswith("warcio"):
            raise ImportFileError(f"not a readable WARC file: {error}") from error
        raise


def read_file(
    path: Path,
    archive: RawArchive,
    chosen: str,
    now: datetime,
    chunk_size: int,
    limits: ReadLimits | None = None,
) -> Iterator[FileResult]:
    """The pages of one file, archived, `chunk_size` pages to a result (to parse, then
    commit), so that a big WARC is committed piece by piece in bounded memory.
    ImportFileError if it is unreadable. Its deadline runs only while it is read, not while
    a chunk is parsed and committed."""
    limits = limits or ReadLimits()
    deadline = limits.deadline()
    tally = FileResult()  # pages and skipped records over the whole file
    chunk = FileResult()
    try:
        for item in read_pages(FileReading(path, archive, chosen, now, tally, limits, deadline)):
            if isinstance(item, Failure):
                chunk.write.failures.append(item)
            else:
                chunk.write.fetches.append(item[0])
                chunk.bodies.append(item)
            chunk.pages += 1
            tally.pages += 1
            if chunk.pages >= chunk_size:
                deadline.pause()
                yield chunk
                deadline.resume()
                chunk = FileResult()
    except ImportFileError:
        if chunk.pages:
            yield chunk  # the pages read before the break are whole: load them, then fail
        raise
    chunk.skipped = tally.skipped
    chunk.last = True
    yield chunk


def _count_file(
    tallies: dict[str, SiteTally], refusals: Counter[str], write: BatchWrite, counts: LoadCounts
) -> None:
    """What a committed chunk read, per site (source health), and its refusals by reason."""
    sites: set[str] = set()
    for record in write.records:
        site = record.article.site
        sites.add(site)
        tallies.setdefault(site, SiteTally(site)).count_article(record.article)
    for failure in write.failures:
        if failure.stage == "parse":
            tallies.setdefault(failure.site, SiteTally(failure.site)).count_parse_failure()
            refusals[failure.reason.split(":", 1)[0]] += 1
        elif failure.url.startswith("file:"):
            refusals["unreadable file"] += 1
        else:
            refusals["unreadable page"] += 1  # one record of a WARC
    if len(sites) == 1:
        tallies[sites.pop()].new += counts.new


def refusal_summary(refusals: Counter[str]) -> str:
    """`body 5, title 3, unreadable file 1`: why pages were not loaded, most common first
    (ties by name)."""
    ordered = sorted(refusals.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{reason} {count}" for reason, count in ordered)


def _file_failure(path: Path, reason: str) -> FileResult:
    """A file that cannot be imported, as a result whose only row is its failure (the chunks
    of a WARC that broke midway are committed already), so `yzdaily failures` shows it."""
    result = FileResult(last=True)
    # as_uri() percent-encodes the bytes of a name that is not UTF-8.
    uri = path.absolute().as_uri()
    result.write.failures.append(Failure(uri, IMPORT_SITE, "import", reason, True))
    return result


def file_results(path: Path, chunks: Iterator[FileResult]) -> Iterator[FileResult]:
    """The results to commit for one file: its chunks of pages (`read_file`'s, read only
    now), then, if it breaks (or its name cannot be stored), its failure. One file's fault
    never ends the import; the disk's (MACHINE_ERRORS) does."""
    if not utf8_name(path):
        yield _file_failure(path, "its name is not valid UTF-8: rename it to import it")
        return
    while True:
        try:
            result = next(chunks, None)
        except ImportFileError as error:
            yield _file_failure(path, str(error))
            return
        except MACHINE_ERRORS:
            raise
        except Exception as error:
            reason = f"unexpected error reading it: {type(error).__name__}: {error}"
            yield _file_failure(path, reason)
            return
        if result is None:
            return
        yield result


@flow(name="import", validate_parameters=False)
def import_files(settings: Settings, paths: tuple[str, ...], workers: int | None = None) -> State:
    """Import saved pages, text copies and WARC archives; one transaction per file (per
    chunk of pages for a big WARC). Up to `workers` processes parse and enrich (1: this one;
    a small import stays in this process, see `pool_workers`)."""
    run = RunRecord(run_id=str(uuid.uuid4()), flow="import", started_at=utcnow())
    return guarded_run(settings.db_path, run, lambda: _import(settings, paths, run, workers))


def pool_workers(workers: int | None, files: Sequence[Path]) -> int:
    """The parse pool's size for an import: `workers` when given; else every core when the
    files hold enough to parse to pay for starting worker processes, one (this process) if
    not."""
    if workers:
        return workers
    if len(files) >= POOL_MIN_FILES:
        return default_workers()
    size = 0
    for path in files:
        with contextlib.suppress(OSError):
            info = path.stat()
            # The bytes on disk: a sparse file of a gigabyte of nothing is refused unread
            # (issue 30) and must not start worker processes.
            size += min(info.st_size, info.st_blocks * 512)
    return default_workers() if size >= POOL_MIN_BYTES else 1


@dataclass(frozen=True)
class ImportJob:
    """A chunk of one file's pages to parse and commit."""

    path: Path
    result: FileResult


@dataclass
class FileCount:
    """What the file being imported gave so far (its detail line at --verbose)."""

    pages: int = 0
    articles: int = 0
    skipped: int = 0


def import_failure_line(job: ImportJob, failure: Failure) -> str:
    """`failed (import): PATH: reason`, with the page's URL for a page of a WARC."""
    # A file's own failure is keyed by its file:// URI: name the path once.
    page = "" if failure.url.startswith("file:") else f" {bounded(failure.url, 200)}:"
    return f"failed ({failure.stage}): {shown(job.path)}:{page} {failure.reason}"


def _import(
    settings: Settings, paths: tuple[str, ...], run: RunRecord, workers: int | None = None
) -> None:
    runner = BatchRunner(settings.db_path, run, Reporter(settings.verbosity))
    runner.start()
    archive = RawArchive(settings.raw_dir, settings.max_page_bytes)
    limits = ReadLimits.of(settings)
    plan = expand_paths([Path(p) for p in paths])
    for path, reason in plan.skipped:
        runner.report(f"skipped {shown(path)}: {reason}")
    if plan.skipped:
        run.warnings.append(f"{len(plan.skipped)} path(s) skipped: not regular files, or links")
    files = plan.files
    with open_warehouse(settings.db_path) as con:
        idf = current_idf(con)
    tallies: dict[str, SiteTally] = {}
    refusals: Counter[str] = Counter()
    file = FileCount()

    def jobs() -> Iterator[ImportJob]:
        for path in files:
            chunk_size = settings.batch_size * 2
            chunks = read_file(path, archive, settings.source, utcnow(), chunk_size, limits)
            for result in file_results(path, chunks):
                yield ImportJob(path, result)

    def committed(done: Committed[ImportJob]) -> None:
        job = done.item
        _count_file(tallies, refusals, done.write, done.counts)
        run.discovered += job.result.pages
        file.pages += job.result.pages
        file.skipped += job.result.skipped
        file.articles += len(done.write.records)
        if job.result.last:
            run.pages += 1
            runner.report.detail(
                f"{shown(job.path)}: {file.pages} page(s), {file.articles} article(s),"
                f" {file.skipped} other record(s) skipped"
            )
            file.pages = file.articles = file.skipped = 0

    with ParsePool(pool_workers(workers, files), settings.jieba_cache_dir, idf) as pool:

        def process(job: ImportJob) -> Processing:
            # The bodies go to the pool alone: they are let go of once parsed.
            bodies, job.result.bodies = job.result.bodies, []
            read = FetchedBatch(write=job.result.write, fetched=job.result.pages)
            return InPool(pool, pool.submit(parse_job, bodies), read)

        # Files are read (and archived) ahead while the workers parse; commits stay in order.
        runner.load(
            Batches(
                jobs(),
                process,
                len(files),
                size=lambda job: int(job.result.last),
                unit="files",
                window=pool.window,
                line=lambda done: None,  # a line per failure, a summary at the end
                failure_line=import_failure_line,
                committed=committed,
            )
        )
    runner.finish(
        tallies=list(tallies.values()),
        partial=lambda failed: (
            f"{failed} file(s) or page(s) not loaded ({refusal_summary(refusals)});"
            " see `yzdaily failures`"
        ),
    )
