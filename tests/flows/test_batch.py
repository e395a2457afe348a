"""Tier 3: one article URL's surprise costs that URL, never its batch (issue 13 item 2).

A real Fetcher against the sample site on 127.0.0.1, a real raw archive and the real NLP pass;
the surprise comes from the transport (a requests adapter that raises what requests never
documents), the boundary between our fetcher and the libraries it trusts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from fetching.http import Fetcher
from fetching.raw_archive import RawArchive
from flows.ingest import process_batch
from parsers.models import ArticleRef
from tests.sample_site.server import SampleServer
from tests.sample_site.site import build_site
from tests.sample_warehouse import segmenter


class ExplodingAdapter(HTTPAdapter):
    """A transport that raises `error` instead of sending the request."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        raise self.error


@pytest.fixture(scope="module")
def server() -> Iterator[SampleServer]:
    with SampleServer(build_site()) as running:
        yield running


def refs(server: SampleServer, count: int) -> list[ArticleRef]:
    return [ArticleRef(server.base_url + a.path, a.title) for a in server.site.articles[:count]]


def test_an_unexpected_error_from_one_url_is_recorded_and_the_batch_goes_on(
    server: SampleServer, tmp_path: Path
) -> None:
    batch = refs(server, 3)
    with Fetcher("yzdaily-test", delay=0, timeout=5, retries=0) as fetcher:
        fetcher._session.mount(batch[1].url, ExplodingAdapter(RuntimeError("adapter exploded")))
        result = process_batch.fn(fetcher, RawArchive(tmp_path / "raw"), batch, segmenter(), {})
    write = result.write
    assert result.fatal is None
    assert [r.article.url.rsplit("/", 1)[1] for r in write.records] == [
        batch[0].url.rsplit("/", 1)[1],
        batch[2].url.rsplit("/", 1)[1],
    ]
    [failure] = write.failures
    assert failure.url == batch[1].url and failure.stage == "fetch" and not failure.permanent
    assert "RuntimeError: adapter exploded" in failure.reason


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt(), SystemExit(1)])
def test_an_interrupt_is_never_taken_for_a_urls_failure(
    server: SampleServer, tmp_path: Path, interrupt: BaseException
) -> None:
    batch = refs(server, 2)
    with Fetcher("yzdaily-test", delay=0, timeout=5, retries=0) as fetcher:
        fetcher._session.mount(batch[0].url, ExplodingAdapter(interrupt))
        with pytest.raises(type(interrupt)):
            process_batch.fn(fetcher, RawArchive(tmp_path / "raw"), batch, segmenter(), {})
