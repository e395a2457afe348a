"""Tier 1: the compact tables a run holds of a big archive (parsers/compact.py, #29 item 5) give
what the dict and set they replace gave: the same IDF floats, median and keywords, the same
membership."""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence

import pytest

from parsers.compact import ArchiveIdf, KnownIds, fixed_width
from parsers.nlp import build_idf
from tests.sample_warehouse import segmenter


def vocabulary(count: int, seed: int = 29) -> dict[str, int]:
    """Terms of every UTF-8 length (Latin, CJK, long-tail like the bench archive's) with
    Zipf-like document frequencies."""
    rng = random.Random(seed)
    terms: dict[str, int] = {}
    while len(terms) < count:
        kind = rng.random()
        if kind < 0.5:
            term = f"长尾{rng.randrange(10**6)}"
        elif kind < 0.9:
            term = "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(rng.randint(1, 6)))
        else:
            term = f"ai{rng.randrange(1000)}"
        terms[term] = rng.choice([1, 1, 1, 2, 2, 3, 5, 8, 40, 900])
    return terms


def chunked(frequencies: dict[str, int], size: int) -> list[tuple[object, object]]:
    """ArchiveIdf's parts, chunk by chunk (a length's terms in several parts)."""
    items = list(frequencies.items())
    return [
        part
        for i in range(0, len(items), size)
        for part in fixed_width(
            [t for t, _ in items[i : i + size]], [d for _, d in items[i : i + size]]
        )
    ]


@pytest.mark.parametrize("count", [1, 2, 4_999, 5_000])  # odd and even: the median's two ways
def test_the_compact_idf_is_build_idf_with_its_median(count: int) -> None:
    frequencies = vocabulary(count)
    expected = build_idf(12_345, frequencies)
    table = ArchiveIdf(12_345, chunked(frequencies, 777))
    assert len(table) == count
    assert table == expected  # the same keys and the same floats
    assert table.median == statistics.median(expected.values())
    probes = [*list(frequencies)[:300], "没有的词", "x", "长尾-1", ""]
    assert table.get_many(probes, 9.5) == [expected.get(term, 9.5) for term in probes]
    assert table.get("没有的词") is None and "没有的词" not in table


def test_keywords_ranked_with_the_compact_idf_are_those_of_the_dict() -> None:
    tokens: Sequence[str] = segmenter().content_tokens(
        "扬州市推进新质生产力发展，运河文化带建设和古城保护更新项目集中开工，"
        "市长在开发园区调研二次创业，新质生产力成为高质量发展的关键词。"
    )
    frequencies = vocabulary(3_000) | {token: 1 + len(token) for token in tokens[::2]}
    expected = segmenter().keywords(tokens, idf=build_idf(500, frequencies))
    got = segmenter().keywords(tokens, idf=ArchiveIdf(500, chunked(frequencies, 100)))
    assert got == expected and len(got) > 3


def test_known_ids_hold_exactly_the_ids_given() -> None:
    ids = [f"zgjssw:/shixianchuanzhen/yangzhou/2026{n:06d}.shtml" for n in range(20_000)]
    known = KnownIds.of(ids[:10_000])
    assert len(known) == 10_000
    assert all(i in known for i in ids[:10_000])
    assert not any(i in known for i in ids[10_000:])
    assert 3 not in known and "" not in known and "x" not in KnownIds()


def test_known_ids_read_by_duckdb_are_the_ids(tmp_path: object) -> None:
    """The warehouse has DuckDB compute the digests (md5_number_upper/_lower): the same."""
    import duckdb

    ids = [f"yznews:/2026-0{n % 9 + 1}/0{n % 7}/content_{n}.htm" for n in range(3_000)]
    with duckdb.connect() as con:
        con.execute("create table articles as select unnest(?) as article_id", [ids[:2_000]])
        columns = con.execute(
            "select md5_number_upper(article_id) as upper, md5_number_lower(article_id) as lower"
            " from articles"
        ).fetchnumpy()
    known = KnownIds(columns["upper"], columns["lower"])
    assert [i in known for i in ids] == [True] * 2_000 + [False] * 1_000
