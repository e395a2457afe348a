"""Tier 2: `yzdaily import` reads a big WARC in chunks, and keeps what precedes a break."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.archive import RawArchive
from flows.importer import ImportFileError, read_file
from flows.parsing import parse_job
from parsers.sites.zgjssw import ZGJSSW as zgjssw
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import build_site
from tests.sample_warehouse import segmenter

PUBLIC = "https://www.zgjssw.gov.cn"
NOW = datetime(2026, 11, 29, 8, 0)


def write_warc(target: Path, pages: list[tuple[str, bytes]]) -> list[int]:
    """A gzipped WARC of 200 responses; the byte offset where each record starts."""
    offsets = []
    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body in pages:
            offsets.append(out.tell())
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
    return offsets


@pytest.fixture(scope="module")
def pages() -> list[tuple[str, bytes]]:
    site = build_site(generate_articles(7, seed=3))
    return [(PUBLIC + a.path, site.pages[a.path].body) for a in site.articles]


def test_a_warc_is_read_in_chunks(tmp_path: Path, pages: list[tuple[str, bytes]]) -> None:
    warc = tmp_path / "pages.warc.gz"
    write_warc(warc, pages)
    chunks = list(read_file(warc, RawArchive(tmp_path / "raw"), "all", NOW, 3))
    assert [chunk.pages for chunk in chunks] == [3, 3, 1]
    writes = [parse_job(segmenter(), None, chunk.bodies) for chunk in chunks]
    loaded = [r.article.url for write in writes for r in write.records]
    assert loaded == [url for url, _ in pages]
    assert all(not write.failures for write in writes)


def test_a_warc_broken_midway_keeps_the_whole_records_before_the_break(
    tmp_path: Path, pages: list[tuple[str, bytes]]
) -> None:
    whole = tmp_path / "whole.warc.gz"
    offsets = write_warc(whole, pages)
    broken = tmp_path / "broken.warc.gz"
    cut = offsets[5] + (offsets[6] - offsets[5]) // 2  # inside the sixth record
    broken.write_bytes(whole.read_bytes()[:cut])

    chunks = read_file(broken, RawArchive(tmp_path / "raw"), "all", NOW, 2)
    got = [next(chunks), next(chunks), next(chunks)]
    with pytest.raises(ImportFileError, match="truncated"):
        next(chunks)
    assert [chunk.pages for chunk in got] == [2, 2, 1]  # the fifth, whole, record too
    writes = [parse_job(segmenter(), None, chunk.bodies) for chunk in got]
    loaded = [r.article_id for write in writes for r in write.records]
    assert loaded == [zgjssw.article_id(url) for url, _ in pages[:5]]
