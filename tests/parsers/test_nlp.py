"""Tier 1: segmentation with the project lexicon, and TF-IDF keywords."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from parsers.nlp import Segmenter, is_content_token, nlp_version


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory: pytest.TempPathFactory) -> Segmenter:
    return Segmenter(cache_dir=tmp_path_factory.mktemp("jieba"))


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("奋力推进开发园区二次创业", "二次创业"),
        ("加快发展新质生产力", "新质生产力"),
        ("持续优化营商环境", "营商环境"),
        ("全面推进乡村振兴", "乡村振兴"),
        ("建设强富美高新扬州", "强富美高"),
        ("为新兴科创名城建设提供支撑", "新兴科创名城"),
        ("推进开发园区高质量发展", "开发园区"),
        ("宝应县召开大会", "宝应县"),
    ],
)
def test_lexicon_terms_are_single_tokens(segmenter: Segmenter, text: str, term: str) -> None:
    assert term in segmenter.cut(text)


@pytest.mark.parametrize(
    ("token", "kept"),
    [
        ("开发园区", True),
        ("的", False),
        ("记者", False),
        ("2020", False),
        ("10月", False),
        ("昨天", False),
        ("GDP", True),
    ],
)
def test_content_tokens(segmenter: Segmenter, token: str, kept: bool) -> None:
    assert is_content_token(token, segmenter.stopwords) is kept


def test_keywords_skip_byline_names(segmenter: Segmenter) -> None:
    text = "邹平表示，开发园区二次创业是高质量发展的主阵地。" * 3 + "招商引资和营商环境同样重要。"
    tokens = segmenter.content_tokens(text)
    keywords = segmenter.keywords(tokens, exclude=("邹平",))
    words = [k.keyword for k in keywords]
    assert len(words) >= 5
    assert "邹平" not in words
    assert words[0] in {"开发园区", "二次创业"}
    assert [k.rank for k in keywords] == list(range(1, len(keywords) + 1))
    assert all(a.weight >= b.weight for a, b in pairwise(keywords))


def test_jieba_cache_goes_to_the_given_dir(tmp_path: Path) -> None:
    Segmenter(cache_dir=tmp_path)
    assert any(path.name.endswith(".cache") for path in tmp_path.iterdir())


def test_nlp_version_is_stable_and_names_jieba() -> None:
    assert nlp_version() == nlp_version()
    assert nlp_version().startswith("jieba-0.42")
