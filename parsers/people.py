"""Person mentions from post + name patterns: 市委书记夏心旻强调 gives (夏心旻, 市委书记).

This press names officials the same way every time: the post, then the name, then a verb or a
punctuation mark (市长张宝娟主持会议, 副市长方桂林进行了解读, 市委常委、宣传部部长张小辉,).
The patterns run on the normalised text, not on tokens: jieba's HMM splits unknown names
(夏心旻 comes out as 夏/心/旻), and the names found here are then kept whole by the segmenter.

A name is a common surname plus one or two characters and must be followed by a boundary, so
市长主持会议 (no name) yields nothing. The role is the post as printed, with the place or
institution written right before it (广陵区委书记, 市发改委主任); the home prefixes 扬州 and 江苏
are dropped, so 扬州市委书记 and 市委书记 are one role.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from parsers.models import PersonMention

# Common single-character surnames. Left out on purpose, although they are surnames: characters
# that more often start the words written right after a post (于会上, 向大家, 全程, 强调, 和).
SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔汤易常乔赖文施洪樊兰殷颜倪柴翁庞季祝骆凌焦鲍蓝俞葛单管牛童詹"
    "华申欧卜伍涂左鲁齐甘岳梅盛宁聂关耿柳裴胥邢纪尚霍车褚舒屈项房牟阮祁喻游包宫隋司晏庄辛饶"
    "仇苗边符路艾谷鞠缪卞仲茅浦冒居臧巫乐毕郁凤花蒯佘荣桂滕荀阚仝恽芮麻虞惠冷费卓蔺储温郎岑"
    "戚邬敖靳翟尤柏闵闻巩解习娄姬钮栾甄宗"
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "司徒",
    "慕容",
    "夏侯",
    "公孙",
    "宇文",
)
# Characters that never continue a name here: function words that follow a name directly.
NOT_IN_NAME = "的了在与及等是对将把被从到于也都就并而或说赴率向这那们个上下"
# What may follow a name: punctuation, end of text, or a word that starts the next clause.
BOUNDARY_WORDS = (
    "强调",
    "指出",
    "要求",
    "主持",
    "表示",
    "出席",
    "参加",
    "讲话",
    "调研",
    "会见",
    "会谈",
    "一行",
    "同志",
    "进行",
    "介绍",
    "宣布",
    "宣读",
    "带队",
    "前往",
    "走访",
    "看望",
    "慰问",
    "检查",
    "督查",
    "视察",
    "部署",
    "召开",
    "听取",
    "致辞",
    "提出",
    "希望",
    "参观",
    "考察",
    "通报",
    "传达",
    "解读",
    "代表",
    "分别",
    "先后",
    "共同",
    "陪同",
    "签署",
    "见证",
    "点评",
    "总结",
    "回答",
    "上午",
    "下午",
    "晚上",
    "近日",
    "日前",
    "今天",
    "昨天",
    "作",
    "说",
    "等",
    "在",
    "和",
    "与",
    "及",
    "率",
    "赴",
    "到",
    "对",
    "向",
    "就",
    "也",
    "还",
    "是",
)
BOUNDARY_PUNCTUATION = r",，。、;；:：!！?？()（）“”\"《》\s"
# A bare level written before a post (市政协主席, 省人大常委会主任) belongs to the role.
LEVEL_CHARS = "市省区县镇乡"
# Written before a post (and its place) for someone who no longer holds it: kept in the role,
# so 原市委书记 never counts as the sitting 市委书记.
FORMER_MARKERS = ("时任", "前任", "原")
# Dropped from the front of a role: this press's own city and province.
HOME_PREFIX = re.compile(r"^(?:扬州(?:市(?=市))?(?=市)|江苏(?:省(?=省))?(?=省))")


def _name_pattern() -> str:
    surname = "|".join([*COMPOUND_SURNAMES, f"[{SINGLE_SURNAMES}]"])
    given = rf"(?:(?![{NOT_IN_NAME}])[\u4e00-\u9fff])"
    boundary = "|".join([*BOUNDARY_WORDS, rf"[{BOUNDARY_PUNCTUATION}]", "$"])
    return rf"(?P<name>(?:{surname}){given}{{1,2}})(?=(?:{boundary}))"


def _alternation(words: Iterable[str]) -> str:
    # Longest first: the regex takes the first alternative that fits (副市长 before 市长).
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


class PersonFinder:
    """Finds (name, role) pairs; build once per process, its patterns are compiled here.

    `posts` are the lexicon's posts (tag `post`); `prefixes` its places and institutions, which
    qualify a post written right after them; `non_names` holds dictionary words that look like
    names after a post (项目, 方面, 马上) and are not.
    """

    def __init__(
        self,
        posts: Iterable[str],
        prefixes: Iterable[str] = (),
        non_names: Container[str] = frozenset(),
    ) -> None:
        posts = [post for post in posts if post]
        if not posts:
            raise ValueError("PersonFinder needs at least one post")
        self._pattern = re.compile(rf"(?P<post>{_alternation(posts)}){_name_pattern()}")
        self._prefixes = frozenset(prefix for prefix in prefixes if prefix)
        self._prefix_lengths = sorted({len(prefix) for prefix in self._prefixes}, reverse=True)
        self._non_names = non_names

    def _prefix_before(self, text: str, start: int) -> str:
        for length in self._prefix_lengths:
            if length <= start and text[start - length : start] in self._prefixes:
                return text[start - length : start]
        return text[start - 1] if start and text[start - 1] in LEVEL_CHARS else ""

    @staticmethod
    def _marker_before(text: str, start: int) -> str:
        for marker in FORMER_MARKERS:
            if text.startswith(marker, max(start - len(marker), 0)) and start >= len(marker):
                return marker
        return ""

    def find(self, text: str) -> list[PersonMention]:
        """Every (name, role) in text order, each pair once."""
        found: dict[tuple[str, str], None] = {}
        for match in self._pattern.finditer(text):
            name = match.group("name")
            if name in self._non_names:
                continue
            start = match.start()
            prefix = self._prefix_before(text, start)
            marker = self._marker_before(text, start - len(prefix))
            role = marker + HOME_PREFIX.sub("", prefix + match.group("post"))
            found.setdefault((name, role), None)
        return [PersonMention(name=name, role=role) for name, role in found]
