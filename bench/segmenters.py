"""Faster segmenters against the project's jieba, for the passes that need no POS tags (#19).

    .venv/bin/pip install rjieba jieba-fast      (not dependencies: measured, not adopted)
    .venv/bin/python -m bench.segmenters         (part of `make bench` when they are installed)

The plain pass (`Segmenter.cut`: jieba's dictionary plus the project lexicon, HMM on) is what
query segmentation and `content_tokens` use; the article pass is POS-tagged (`Segmenter.tag`)
and has no tag-free replacement. Each candidate gets the same dictionary where it can take one:
jieba-fast is jieba's API in C (its own Tokenizer, the lexicon added word by word, as ours);
rjieba (jieba-rs) takes no user dictionary through its Python binding, so it runs on jieba's
default dictionary alone. Measured on generated articles' title + body: the share of texts
whose tokens are identical to ours, and the time per article against ours, interleaved.
"""

from __future__ import annotations

import importlib
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Figure, print_table, progress
from parsers.nlp import Segmenter
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import build_site

ARTICLES = 300


def texts(count: int) -> list[str]:
    site = build_site(generate_articles(count, seed=5))
    return [f"{a.title}\n{a.body}" for a in site.articles]


def jieba_fast_cut(cache: Path) -> Callable[[str], list[str]] | None:
    """jieba-fast's Tokenizer with jieba's dictionary and our lexicon, as Segmenter.cut."""
    try:
        jieba_fast = importlib.import_module("jieba_fast")
    except ImportError:
        return None
    from parsers.lexicon import read_lexicon

    jieba_fast.setLogLevel(logging.CRITICAL)
    tokenizer = jieba_fast.Tokenizer()
    tokenizer.tmp_dir = str(cache)
    tokenizer.initialize()
    for entry in read_lexicon():
        tokenizer.add_word(entry.word, entry.freq, entry.tag)
    return lambda text: [t for t in tokenizer.lcut(text) if t.strip()]


def rjieba_cut() -> Callable[[str], list[str]] | None:
    try:
        rjieba = importlib.import_module("rjieba")
    except ImportError:
        return None
    return lambda text: [t for t in rjieba.cut(text) if t.strip()]


def main() -> list[Figure]:
    """Agreement and speed of each installed candidate; none installed: nothing measured."""
    corpus = texts(ARTICLES)
    with tempfile.TemporaryDirectory(prefix="yzdaily-bench-seg-") as tmp:
        ours = Segmenter(cache_dir=Path(tmp))
        candidates = {"jieba-fast": jieba_fast_cut(Path(tmp)), "rjieba": rjieba_cut()}
    figures: list[Figure] = []
    for name, cut in candidates.items():
        if cut is None:
            progress(f"segmenters: {name} is not installed (pip install {name}): not measured")
            continue
        same = 0
        our_seconds = their_seconds = 0.0
        for text in corpus:
            started = time.perf_counter()
            expected = ours.cut(text)
            our_seconds += time.perf_counter() - started
            started = time.perf_counter()
            got = cut(text)
            their_seconds += time.perf_counter() - started
            same += got == expected
        print(
            f"segmenters: {name}: {same}/{len(corpus)} texts cut identically;"
            f" {their_seconds / len(corpus) * 1000:.2f} ms vs ours"
            f" {our_seconds / len(corpus) * 1000:.2f} ms per article"
        )
        figures += [
            Figure(f"{name} plain cut: texts identical to ours", same / len(corpus) * 100, "%"),
            Figure(f"{name} plain cut: time vs ours", their_seconds / our_seconds, "x"),
        ]
    return figures


if __name__ == "__main__":
    print_table(main())
