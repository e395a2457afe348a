"""The NLP pass against bare jieba on the same texts (issue 4: one segmentation pass).

    .venv/bin/python -m bench.nlp

Times `enrich_article` (one POS-tagged pass feeding terms, TF-IDF and TextRank keywords,
entities, mentions, phrases) against a bare `posseg` pass of the project's tokenizer over the
same title + body, on generated articles, interleaved so machine noise hits both alike.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import jieba.posseg

from parsers.enrich import enrich_article
from parsers.models import Article
from parsers.nlp import Segmenter
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import build_site

ARTICLES = 200


def sample_articles(count: int) -> list[Article]:
    """Generated articles as the parser would return them (from the site's ground truth)."""
    return [truth.as_article() for truth in build_site(generate_articles(count, seed=7)).articles]


def main() -> None:
    """Print per-article cost of the NLP pass and of bare posseg, and their ratio."""
    articles = sample_articles(ARTICLES)
    with tempfile.TemporaryDirectory() as cache:
        segmenter = Segmenter(cache_dir=Path(cache))
    # The same dictionary and lexicon, without anything the project derives from the pass.
    bare = jieba.posseg.POSTokenizer(segmenter._tokenizer)
    ours: list[float] = []
    floor: list[float] = []
    for article in articles:
        text = f"{article.title}\n{article.body}"
        start = time.perf_counter()
        list(bare.cut(text))
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        enrich_article(article, article.url, segmenter, "bench")
        ours.append(time.perf_counter() - start)
    size = sum(len(a.body) for a in articles) / len(articles)
    print(f"nlp: {len(articles)} articles, {size:.0f} characters each on average")
    print(f"  enrich_article     median {statistics.median(ours) * 1000:6.1f} ms/article")
    print(f"  bare posseg pass   median {statistics.median(floor) * 1000:6.1f} ms/article")
    print(f"  ratio (total time) {sum(ours) / sum(floor):.2f}x  (target <= 1.3x)")


if __name__ == "__main__":
    main()
