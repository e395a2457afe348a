"""Person mentions from post + name patterns: 市委书记夏心旻强调 gives (夏心旻, 市委书记).

This press names officials the same way every time: the post, then the name, then a verb or a
punctuation mark (市长张宝娟主持会议, 副市长方桂林进行了解读, 市委常委、宣传部部长张小辉,).
The patterns run on the normalised text, not on tokens: jieba's HMM splits unknown names
(夏心旻 comes out as 夏/心/旻), and the names found here are then kept whole by the segmenter.

A name is a common surname plus one or two characters and must be followed by a boundary, so
市长主持会议 (no name) yields nothing. The role is the post read whole: with the place or
institution written right before it (广陵区委书记, 市发改委主任, 高新区管委会主任; the
institutions of `parsers/data/offices.txt`, with their variants folded: 扬州经济技术开发区 and
经开区 are 开发区). This press's own city and province stand for a level only: 扬州市副市长,
扬州市委书记 and 扬州市长 are 副市长, 市委书记 and 市长 (代市长 stays apart).

Also read: posts chained by 、 before one name (市人大代表、市长郑海涛: both posts), 、-lists
of names after a post (副市长李航、王炳松: both 副市长), and 、-lists before 等…领导
(孔令俊、李航、陈锴竑等市四套班子领导: each with the role 市四套班子领导).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from parsers.lexicon import OFFICES_FILE, data_lines, read_lexicon
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
# This press's own city and province: written before a post, they stand for its level only
# (扬州市政协主席 is 市政协主席; 扬州市副市长 is 副市长, the post names its level itself).
HOME_LEVELS = {"扬州市": "市", "扬州": "市", "江苏省": "省", "江苏": "省"}
# 、-lists of leaders closed by 等 ... 领导: the words between say which leaders (市四套班子).
LEADERS_GROUP = r"(?P<group>[\u4e00-\u9fff]{0,8}?)领导"
LIST_SEPARATOR = "、"
# The lexicon's tag of a post (parsers/data/lexicon.txt).
POST_TAG = "post"


@dataclass(frozen=True)
class Offices:
    """Institutions written before posts (the prefixes of roles), each with the name roles use.

    `institutions` maps every written form to its name in roles: 扬州经开区 -> 开发区,
    开发区 -> 开发区.
    """

    institutions: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, lines: Iterable[str]) -> Offices:
        """From `offices.txt` lines: `institution [name in roles]`."""
        institutions: dict[str, str] = {}
        for line in lines:
            written, *canonical = line.split()
            institutions[written] = canonical[0] if canonical else written
        return cls(institutions)


def read_offices() -> Offices:
    """The institutions of `parsers/data/offices.txt`."""
    return Offices.parse(data_lines(OFFICES_FILE))


class Roles:
    """How a post written after a prefix (a place, an institution, a level) reads as a role."""

    def __init__(self, posts: Iterable[str], offices: Offices | None = None) -> None:
        self.posts = sorted({post for post in posts if post}, key=lambda p: (-len(p), p))
        self._institutions = (offices or Offices()).institutions

    def institution(self, prefix: str) -> str:
        """The name of an institution in roles: variants folded, the home city taken off
        where what remains is an institution of its own (扬州高新区 -> 高新区)."""
        if prefix in self._institutions:
            return self._institutions[prefix]
        for home in HOME_LEVELS:
            rest = prefix.removeprefix(home)
            if rest != prefix and rest in self._institutions:
                return self._institutions[rest]
        return prefix

    def role(self, prefix: str, post: str) -> str:
        """The role of `post` written right after `prefix` ("" when nothing qualifies it)."""
        if not prefix:
            return post
        level = HOME_LEVELS.get(prefix, prefix if prefix in LEVEL_CHARS else None)
        if level is not None:
            # 市副市长 and 扬州市长 name the level twice: the post says it already.
            return post if level in post else level + post
        return self.institution(prefix) + post

    def canonical(self, text: str) -> str:
        """A role as a reader writes it, read the way mentions are (扬州市副市长 -> 副市长,
        经开区党工委书记 -> 开发区党工委书记); text ending in no known post is kept."""
        text = text.strip()
        marker = next((m for m in FORMER_MARKERS if text.startswith(m) and text != m), "")
        body = text.removeprefix(marker)
        post = next((p for p in self.posts if body.endswith(p)), None)
        if post is None:
            return text
        return marker + self.role(body.removesuffix(post), post)

    def variants(self, text: str) -> list[str]:
        """The roles `text` names: its canonical form and the same post held before (原, 时任)."""
        canonical = self.canonical(text)
        bare = next(
            (canonical.removeprefix(m) for m in FORMER_MARKERS if canonical.startswith(m)),
            canonical,
        )
        return [bare, *(marker + bare for marker in FORMER_MARKERS)]


def _bare_name() -> str:
    surname = "|".join([*COMPOUND_SURNAMES, f"[{SINGLE_SURNAMES}]"])
    given = rf"(?:(?![{NOT_IN_NAME}])[\u4e00-\u9fff])"
    return rf"(?:{surname}){given}{{1,2}}"


def _name_pattern(group: str = "name") -> str:
    boundary = "|".join([*BOUNDARY_WORDS, rf"[{BOUNDARY_PUNCTUATION}]", "$"])
    return rf"(?P<{group}>{_bare_name()})(?=(?:{boundary}))"


def _fold_home(words: str) -> str:
    """The home city or province at the front of `words` as its level (扬州市领导 -> 市领导)."""
    for home, level in HOME_LEVELS.items():
        if words.startswith(home):
            return level + words.removeprefix(home)
    return words


def _alternation(words: Iterable[str]) -> str:
    # Longest first: the regex takes the first alternative that fits (副市长 before 市长).
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


class PersonFinder:
    """Finds (name, role) pairs; build once per process, its patterns are compiled here.

    `posts` are the lexicon's posts (tag `post`); `prefixes` its places and institutions, which
    qualify a post written right after them, with `offices`' institutions; `non_names` holds
    dictionary words that look like names after a post (项目, 方面, 马上) and are not.
    """

    def __init__(
        self,
        posts: Iterable[str],
        prefixes: Iterable[str] = (),
        non_names: Container[str] = frozenset(),
        offices: Offices | None = None,
    ) -> None:
        posts = [post for post in posts if post]
        if not posts:
            raise ValueError("PersonFinder needs at least one post")
        self.roles = Roles(posts, offices)
        alternation = _alternation(posts)
        self._pattern = re.compile(rf"(?P<post>{alternation}){_name_pattern()}")
        # A post ending right before a 、 that precedes another post: 市人大代表、市长郑海涛.
        self._post_before = re.compile(rf"(?:{alternation})$")
        self._longest_post = max(map(len, posts))
        self._next_name = re.compile(rf"{LIST_SEPARATOR}{_name_pattern()}")
        self._leaders = re.compile(
            # The list must start the clause: a name run into the word before is no name.
            rf"(?<![\u4e00-\u9fff{LIST_SEPARATOR}])(?P<names>{_bare_name()}(?:{LIST_SEPARATOR}{_bare_name()})*)"
            rf"等{LEADERS_GROUP}"
        )
        self._bare = re.compile(rf"^{_bare_name()}$")
        institutions = (offices or Offices()).institutions
        self._prefixes = frozenset(prefix for prefix in prefixes if prefix) | frozenset(
            institutions
        )
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

    def _role_at(self, text: str, start: int, post: str) -> tuple[str, int]:
        """The role of `post` written at `start`, and where its prefix (and marker) begin."""
        prefix = self._prefix_before(text, start)
        begin = start - len(prefix)
        marker = self._marker_before(text, begin)
        return marker + self.roles.role(prefix, post), begin - len(marker)

    def _chained_roles(self, text: str, begin: int) -> list[str]:
        """Roles of posts chained by 、 right before `begin`, nearest last (市人大代表、市长)."""
        roles: list[str] = []
        while begin > 1 and text[begin - 1] == LIST_SEPARATOR:
            window = text[max(begin - 1 - self._longest_post, 0) : begin - 1]
            found = self._post_before.search(window)
            if found is None:
                break
            role, begin = self._role_at(text, begin - 1 - len(found.group()), found.group())
            roles.insert(0, role)
        return roles

    def _is_name(self, name: str) -> bool:
        return name not in self._non_names

    def find(self, text: str) -> list[PersonMention]:
        """Every (name, role) in text order, each pair once."""
        found: dict[tuple[str, str], int] = {}
        listed: list[tuple[int, str, str]] = []  # names read from a list after a post

        def add(position: int, name: str, role: str) -> None:
            found.setdefault((name, role), position)

        for match in self._pattern.finditer(text):
            name = match.group("name")
            if not self._is_name(name):
                continue
            role, begin = self._role_at(text, match.start(), match.group("post"))
            for chained in self._chained_roles(text, begin):
                add(begin, name, chained)
            add(match.start(), name, role)
            end = match.end()
            while (following := self._next_name.match(text, end)) is not None:
                if self._is_name(following.group("name")):
                    listed.append((following.start("name"), following.group("name"), role))
                end = following.end()
        named_with_a_post = {name for name, _ in found}
        for position, name, role in listed:
            # 市委书记夏心旻、张宝娟率团: 张宝娟 is named 市长 elsewhere, not 市委书记 here.
            if name not in named_with_a_post:
                add(position, name, role)
        for match in self._leaders.finditer(text):
            role = f"{_fold_home(match.group('group'))}领导"
            offset = match.start("names")
            for name in match.group("names").split(LIST_SEPARATOR):
                if self._bare.match(name) and self._is_name(name):
                    add(offset, name, role)
                offset += len(name) + 1
        ordered = sorted(found.items(), key=lambda item: item[1])
        return [PersonMention(name=name, role=role) for (name, role), _ in ordered]


@cache
def project_roles() -> Roles:
    """Roles as the NLP pass reads them: the lexicon's posts, offices.txt's institutions."""
    posts = [entry.word for entry in read_lexicon() if entry.tag == POST_TAG]
    return Roles(posts, read_offices())


def role_variants(text: str) -> list[str]:
    """The roles a reader's `text` names, as person_mentions holds them (`yzdaily people
    --role`): 扬州市长 gives 市长 and the same post held before (时任市长, 原市长 ...)."""
    return project_roles().variants(text)
