"""The sample site's other columns (peers.py): served beside 扬州's, which they leave as it
was, and the designed diffusion its truth tells (#28 item 4)."""

from __future__ import annotations

import hashlib
from datetime import date

import requests

from parsers.cities import CORPORA, HOME, PROVINCE
from parsers.encoding import decode_html
from parsers.sites.zgjssw import ZGJSSW
from tests.sample_site.peers import (
    DIFFUSION_TRUTH,
    SHARE_TRUTH,
    TERMS,
    build_peer_site,
    column_of,
    corpus_articles,
)
from tests.sample_site.server import SampleServer
from tests.sample_site.site import build_site


def digest(pages: dict[str, bytes]) -> str:
    return hashlib.sha256(b"".join(p.encode() + b for p, b in sorted(pages.items()))).hexdigest()


def test_yangzhous_pages_and_truth_are_the_sites_own() -> None:
    alone, peers = build_site(), build_peer_site()
    assert peers.articles == alone.articles
    assert digest({p: alone.pages[p].body for p in alone.pages}) == digest(
        {p: peers.pages[p].body for p in alone.pages}
    )
    assert set(peers.corpora) == set(CORPORA) - {HOME}


def test_every_column_is_served_and_read_as_its_corpus() -> None:
    site = build_peer_site(page_size=3)
    with SampleServer(site) as server:
        for corpus, articles in corpus_articles(site).items():
            path, name = column_of(corpus)
            first = requests.get(f"{server.base_url}{path}index.shtml", timeout=5)
            assert first.status_code == 200
            listing = ZGJSSW.parse_list(first.text, f"{server.base_url}{path}index.shtml")
            assert [ref.url for ref in listing.refs] == [
                server.base_url + a.path for a in articles[:3]
            ]
            newest = articles[0]
            page = requests.get(server.base_url + newest.path, timeout=5)
            text, _ = decode_html(page.content, page.headers.get("Content-Type"))
            parsed = ZGJSSW.parse_article(text, server.base_url + newest.path)
            assert (parsed.title, parsed.published_at) == (newest.title, newest.published_at)
            assert (parsed.city, parsed.column) == (corpus, name)


def test_the_designed_diffusion() -> None:
    assert set(DIFFUSION_TRUTH) == set(SHARE_TRUTH) == set(TERMS)
    first = DIFFUSION_TRUTH
    # Two terms start in the province and reach cities days later; some never.
    for term in ("新质生产力", "营商环境"):
        days = {corpus: day for corpus, day in first[term].items() if day is not None}
        assert min(days, key=lambda corpus: days[corpus]) == PROVINCE
        assert first[term]["yangzhou"] is not None and first[term]["wuxi"] is None
    assert first["新质生产力"]["province"] == date(2023, 7, 10)
    assert first["新质生产力"]["nantong"] == date(2023, 7, 14)
    # One starts in a city and reaches the province later; 扬州 never takes it (nor 数据要素).
    assert first["低空经济"]["nantong"] == date(2024, 4, 8)
    assert first["低空经济"]["province"] == date(2024, 6, 12)
    assert first["低空经济"]["yangzhou"] is None and first["数据要素"]["yangzhou"] is None
    # Shares: each year's stories with the term among the corpus's stories.
    assert SHARE_TRUTH["新质生产力"]["nantong"] == {
        2020: (0, 1),
        2023: (1, 2),
        2024: (1, 3),
        2025: (1, 2),
    }
    yangzhou = SHARE_TRUTH["新质生产力"]["yangzhou"]
    assert sum(total for _, total in yangzhou.values()) == len(build_site().articles)
