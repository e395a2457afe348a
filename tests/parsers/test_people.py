"""Tier 1: person mentions from post + name patterns."""

from __future__ import annotations

import pytest

from parsers.models import PersonMention
from parsers.nlp import Segmenter
from parsers.people import PersonFinder


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory: pytest.TempPathFactory) -> Segmenter:
    return Segmenter(cache_dir=tmp_path_factory.mktemp("jieba"))


def pairs(finder: PersonFinder, text: str) -> list[tuple[str, str]]:
    return [(m.name, m.role) for m in finder.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市委书记夏心旻强调,要深入贯彻", [("夏心旻", "市委书记")]),
        ("市长张宝娟主持会议。", [("张宝娟", "市长")]),
        ("代市长王进健出席会议", [("王进健", "代市长")]),
        ("副市长方桂林进行了解读", [("方桂林", "副市长")]),
        ("市委常委、宣传部部长张小辉,", [("张小辉", "宣传部部长")]),
        ("市委副书记、市长张宝娟", [("张宝娟", "市长")]),
        ("市委书记夏心旻,市长张宝娟", [("夏心旻", "市委书记"), ("张宝娟", "市长")]),
        ("常务副市长李航等同志参加", [("李航", "常务副市长")]),
        ("副市长李航和市长张宝娟", [("李航", "副市长"), ("张宝娟", "市长")]),
        ("副市长王林进行点评", [("王林", "副市长")]),
        ("市长张宝娟一行", [("张宝娟", "市长")]),
        ("市长张宝娟", [("张宝娟", "市长")]),
        ("局长欧阳明达说", [("欧阳明达", "局长")]),
        # The place or institution written before the post belongs to the role ...
        ("广陵区委书记王三出席", [("王三", "广陵区委书记")]),
        ("高邮市委书记李四调研", [("李四", "高邮市委书记")]),
        ("宝应县县长赵六在会上讲话", [("赵六", "宝应县县长")]),
        ("市发改委主任刘五介绍", [("刘五", "市发改委主任")]),
        ("市政协主席朱民阳出席", [("朱民阳", "市政协主席")]),
        ("市人大常委会主任孔令俊", [("孔令俊", "市人大常委会主任")]),
        ("扬州经济技术开发区党工委书记张八", [("张八", "扬州经济技术开发区党工委书记")]),
        # ... except the press's own city and province.
        ("扬州市委书记夏心旻", [("夏心旻", "市委书记")]),
        ("扬州市长张宝娟表示", [("张宝娟", "市长")]),
        ("扬州市市长张宝娟表示", [("张宝娟", "市长")]),
        ("江苏省委书记吴政隆", [("吴政隆", "省委书记")]),
        # A former holder is not the sitting one.
        ("原市委书记谢正义", [("谢正义", "原市委书记")]),
        ("时任市长朱民阳", [("朱民阳", "时任市长")]),
        # The same pair twice is one mention.
        ("市长张宝娟强调。市长张宝娟要求", [("张宝娟", "市长")]),
    ],
)
def test_post_and_name(segmenter: Segmenter, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(segmenter.people, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "市长主持会议",  # no name at all
        "市委书记强调",
        "市委书记、市长在会上讲话",
        "书记项目化推进",  # a dictionary word, not a name
        "书记高度重视",
        "书记马上就办",
        "部长方面表示",
        "书记于会上强调",  # 于 starts a clause far more often than a name
        "书记全程参加",
        "主任医师王强",  # 主任医师 is no post + name
        "市长热线",
        "城市长远发展",
        "夏心旻、张宝娟率市党政代表团",  # names without a post
    ],
)
def test_no_mention_without_post_and_name(segmenter: Segmenter, text: str) -> None:
    assert pairs(segmenter.people, text) == []


def test_finder_works_from_any_post_list() -> None:
    finder = PersonFinder(posts=["校长"], prefixes=["扬州大学"])
    assert finder.find("扬州大学校长焦新安致辞") == [PersonMention("焦新安", "扬州大学校长")]
    assert finder.find("市长张宝娟主持") == []


def test_finder_needs_posts() -> None:
    with pytest.raises(ValueError, match="post"):
        PersonFinder(posts=[])


def test_names_are_kept_whole_in_the_segmentation(segmenter: Segmenter) -> None:
    text = "市委书记夏心旻强调,要加快发展。夏心旻指出,要优化营商环境。"
    analysis = segmenter.analyse(text)
    assert ("夏心旻", "市委书记") in [(m.name, m.role) for m in analysis.mentions]
    terms = {t.term: t.tf for t in analysis.terms}
    assert terms["夏心旻"] == 2
    assert not any(term in terms for term in ("夏心", "心旻"))
