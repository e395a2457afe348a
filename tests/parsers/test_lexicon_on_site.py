"""Issue 4's promise on whole articles: a lexicon term in the text is one term in the postings.

Runs the NLP pass over the sample site's articles (the handwritten ones and generated ones, as
the parser returns them) and checks every policy term, place and institution of the lexicon
that occurs in an article's text comes out as one term of that article, unless a longer
lexicon entry containing it occurs there too (扬州 inside 扬州市).
"""

from __future__ import annotations

import pytest

from parsers.enrich import enrich_article
from parsers.nlp import Segmenter, normalize_term
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import build_site, default_specs
from tests.session import jieba_cache_dir

CHECKED_TAGS = {"nz", "ns", "nt"}
# Ordinary words that merely contain a lexicon term across a word boundary: 各个|园区 is not
# the garden 个园.
ACCEPTED_CROSSINGS = {"各个园"}


def lexicon_spans(text: str, words: set[str]) -> list[tuple[str, int, int]]:
    """Every occurrence of every lexicon word in a text, as (word, start, end)."""
    spans = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            spans.append((word, start, start + len(word)))
            start = text.find(word, start + 1)
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two spans cross: they share characters but neither contains the other."""
    share = a[0] < b[1] and b[0] < a[1]
    contains = (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])
    return share and not contains


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(cache_dir=jieba_cache_dir())  # the session's: loaded warm


def test_lexicon_terms_are_single_terms_in_every_article(segmenter: Segmenter) -> None:
    checked_words = {e.word for e in segmenter.lexicon if e.tag in CHECKED_TAGS and e.freq}
    all_words = {e.word for e in segmenter.lexicon if e.freq}
    specs = [*default_specs(), *generate_articles(150, seed=3)]
    checked = 0
    missing: dict[str, list[str]] = {}
    for truth in build_site(specs).articles:
        article = truth.as_article()
        text = f"{article.title}\n{article.body}"
        terms = {t.term for t in enrich_article(article, truth.path, segmenter, "t").terms}
        spans = lexicon_spans(text, all_words)
        for word, start, end in spans:
            if word not in checked_words or word in segmenter.stopwords:
                continue
            if any(s <= start and end <= e and e - s > end - start for _, s, e in spans):
                continue  # part of a longer entry: 扬州 in 扬州市, 市委 in 市委书记
            if any(overlaps((start, end), (s, e)) for _, s, e in spans):
                continue  # 扬州市商务局 reads 扬州 + 市商务局: neither is wrong
            if text[max(start - 1, 0) : end] in ACCEPTED_CROSSINGS:
                continue
            checked += 1
            if normalize_term(word) not in terms:
                missing.setdefault(word, []).append(truth.path)
    assert checked > 200
    assert not missing, {word: len(paths) for word, paths in missing.items()}


def test_byline_names_are_never_keywords_or_terms(segmenter: Segmenter) -> None:
    for truth in build_site(default_specs()).articles:
        record = enrich_article(truth.as_article(), truth.path, segmenter, "t")
        names = {*truth.reporters, *truth.correspondents, *truth.editors}
        assert not names & {k.keyword for k in record.keywords}, truth.path
        assert not names & {t.term for t in record.terms}, truth.path
