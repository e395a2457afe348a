"""Person mentions: who the press names, with the post or title it names them by.

    市委书记夏心旻强调                        -> (夏心旻, 市委书记)
    市领导陈锴竑、王炳松,市政府秘书长尤在晶等  -> (陈锴竑, 市领导), (王炳松, 市领导),
                                                (尤在晶, 市政府秘书长)
    任命王进健为扬州市人民政府副市长、代理市长 -> (王进健, 副市长), (王进健, 代市长)
    宿迁市委书记蓝绍敏、代市长王天琦          -> (蓝绍敏, 宿迁市委书记), (王天琦, 宿迁市代市长)

The patterns run on the normalised text, not on tokens: jieba's HMM splits unknown names
(夏心旻 comes out as 夏/心/旻), and the names found here are then kept whole by the segmenter.
A name is a common surname plus one or two characters and must be followed by a boundary, so
市长主持会议 (no name) yields nothing.

What is read: a post (or title) then a name, with the place or institution written right
before the post; posts chained by 、 before one name (市人大代表、市长郑海涛); 、-lists of
names after a post or after a label of leaders (副市长李航、王炳松; 市领导陈锴竑、王炳松);
、-lists before 等…领导 (孔令俊、李航等市四套班子领导); appointments, elections and
resignations (任命X为…, X当选为…, 接受X辞去…职务, 免去X的…职务); 习近平总书记 (the name
before the post).

How a role is written (docs/ANALYTICS.md, "How people and posts are read"):
* Yangzhou's own city-level posts are bare: 扬州市副市长 and 市副市长 are 副市长, 扬州市政协主席
  is 市政协主席, 扬州市人民政府市长 is 市长; 代理市长 is 代市长. Jiangsu's likewise: 江苏省委书记
  and 省委书记 are 省委书记, 江苏省长 is 省长.
* Every other place is kept, written with its level once: 宿迁市委书记, 宿迁市代市长 (the place
  of the post before it in a list carries over to a post written without one), 江阴市委书记,
  浙江省委书记; Yangzhou's counties and districts likewise (仪征市委书记, 宝应县长, 广陵区委书记).
* Institutions are read whole, their variants folded (parsers/data/offices.txt): 扬州经济技术
  开发区 and 扬州经开区 are 经开区; an institution the lexicon does not know is taken as
  written when it is shaped like one (中国科学院院士, 中集产城发展集团有限公司总经理).
* National leaders: 总书记, 国家主席, 国务院总理, 国务院副总理.
* 原, 时任 and 前任 stay in front: 原市委书记 never counts as the sitting one.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from parsers.divisions import read_divisions
from parsers.gazetteer import Gazetteer
from parsers.lexicon import OFFICES_FILE, PLACES_FILE, data_lines, read_lexicon
from parsers.models import PersonMention

# Common single-character surnames. Left out on purpose, although they are surnames: characters
# that more often start the words written right after a post (于会上, 向大家, 全程, 强调, 和).
SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔汤易常乔赖文施洪樊兰殷颜倪柴翁庞季祝骆凌焦鲍蓝俞葛单管牛童詹"
    "华申欧卜伍涂左鲁齐甘岳梅盛宁聂关耿柳裴胥邢纪尚霍车褚舒屈项房牟阮祁喻游包宫隋司晏庄辛饶"
    "仇苗边符路艾谷鞠缪卞仲茅浦冒居臧巫乐毕郁凤花蒯佘荣桂滕荀阚仝恽芮麻虞惠冷费卓蔺储温郎岑"
    "戚邬敖靳翟尤柏闵闻巩解习娄姬钮栾甄宗禹杭"
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
# Characters that never end a name here: function words that follow a name directly. In the
# middle of a three-character name they are the name's own (尤在晶).
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
    "作为",
    "认为",
    "围绕",
    "带领",
    "来到",
    "深入",
    "实地",
    "专程",
    "一同",
    "近期",
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
    "为",
    "来",
    "曾",
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
# Yangzhou's counties and districts: a list that goes on after one of their posts with a comma
# often turns to the city's leaders, so only a 、 carries their place over (仪征市委书记A、市长B).
HOME_DIVISIONS = ("广陵", "邗江", "江都", "仪征", "高邮", "宝应")
# The government written before its own head: 扬州市人民政府市长 is 市长, 市政府秘书长 stays.
GOVERNMENTS = ("人民政府", "政府")
HEADS = ("市长", "县长", "区长", "省长", "镇长", "乡长")
# Posts written two ways (代理市长 is 代市长 wherever it stands), and national posts in their
# national form (a whole role: 总理 alone is the premier; 国务院 before it says so already).
ACTING = {"代理市长": "代市长", "代理县长": "代县长", "代理区长": "代区长", "代理省长": "代省长"}
POST_FOLDS = {
    "中共中央总书记": "总书记",
    "中央总书记": "总书记",
    "总理": "国务院总理",
    "副总理": "国务院副总理",
}
# An institution the lexicon does not know, written before a title, ends like one of these
# (中国科学院院士, 浙江大学教授, 中集产城发展集团有限公司总经理, 市发展和改革委员会主任).
ORG_ENDINGS = (
    "院",
    "大学",
    "学院",
    "学校",
    "中学",
    "小学",
    "公司",
    "集团",
    "研究所",
    "中心",
    "协会",
    "学会",
    "商会",
    "联合会",
    "基金会",
    "委员会",
    "银行",
    "政府",
    "局",
    "厅",
    "委",
    "办",
    "署",
    "馆",
    "社",
)
# Where such an institution's name cannot reach back past: words that open a clause before it.
ORG_OPENERS = re.compile(
    r"(?:邀请|特邀|嘉宾|包括|来自|出席|参加|陪同|会见|会上|期间|活动|由|请|为|的|了|是|与|及|对|向|在)"
)
MAX_ORG_CHARS = 24
# 、-lists of leaders closed by 等 ... 领导: the words between say which leaders (市四套班子).
LEADERS_GROUP = r"(?P<group>[\u4e00-\u9fff]{0,8}?)领导"
# A label of leaders written right before their names: 市领导陈锴竑、王炳松, 市四套班子领导孔令俊.
LEADERS_LABEL = (
    r"(?P<label>(?:扬州市|扬州|江苏省|江苏)?[市省区县](?:委|四套班子|党政|人大|政府|政协)?"
    r"领导(?:同志)?)"
)
LIST_SEPARATOR = "、"
# Between a name and the next post of one list: a place qualifies both (宿迁市委书记A、代市长B).
CARRY_SEPARATORS = "、,，"
# Appointment, election and resignation: the roles a name is given or leaves.
ROLE_SPAN = r"[\u4e00-\u9fff—]{2,30}?"
# The lexicon's tags of a post and of an institution (parsers/data/lexicon.txt).
POST_TAG = "post"
UNIT_TAG = "nt"


@dataclass(frozen=True)
class Offices:
    """Institutions written before posts (the prefixes of roles), each with the name roles use.

    `institutions` maps every written form to its name in roles: 扬州经开区 -> 经开区,
    扬州高新区 -> 高新区.
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


def fold_role(role: str) -> str:
    """A role in its one form: 代理市长 as 代市长, 中共中央总书记 as 总书记, 总理 as 国务院总理."""
    for written, acting in ACTING.items():
        role = role.replace(written, acting)
    return POST_FOLDS.get(role, role)


def levelled_places(gazetteer: Gazetteer) -> dict[str, str]:
    """Every written place name -> the name a role writes it with, its level once (宿迁 ->
    宿迁市, 宝应县 -> 宝应县, 浙江 -> 浙江省); a place known without a level stays as written."""
    return {name: gazetteer.levelled(name) for name in gazetteer.names | gazetteer.county_names}


class Roles:
    """How a post written after a prefix (a place, an institution, a level) reads as a role."""

    def __init__(
        self,
        posts: Iterable[str],
        offices: Offices | None = None,
        places: Mapping[str, str] | None = None,
        units: Iterable[str] = (),
    ) -> None:
        self.posts = sorted({post for post in posts if post}, key=lambda p: (-len(p), p))
        self._institutions = (offices or Offices()).institutions
        self._places = dict(places or {})
        # Institutions the lexicon names whole (扬州大学, 市发改委): never split into a place.
        self._units = frozenset(units) - frozenset(self._places)
        self._homes = sorted(HOME_LEVELS, key=len, reverse=True)

    def institution(self, prefix: str) -> str | None:
        """The name of an institution in roles, variants folded and the home city taken off
        (扬州高新区 -> 高新区); None when `prefix` is no institution of offices.txt."""
        if prefix in self._institutions:
            return self._institutions[prefix]
        for home in self._homes:
            rest = prefix.removeprefix(home)
            if rest != prefix and rest in self._institutions:
                return self._institutions[rest]
        return None

    def place(self, prefix: str) -> tuple[str, str]:
        """`prefix` split into a place at its start (as written) and the rest."""
        for home in self._homes:
            if prefix.startswith(home):
                return home, prefix.removeprefix(home)
        # Longest first, by lookups: the gazetteer holds thousands of names.
        for length in range(len(prefix), 0, -1):
            if prefix[:length] in self._places:
                return prefix[:length], prefix[length:]
        return "", prefix

    @staticmethod
    def is_home_division(place: str) -> bool:
        """Whether `place` is one of Yangzhou's counties or districts."""
        return place.startswith(HOME_DIVISIONS)

    def _inner(self, rest: str, post: str, level: str) -> str:
        """The role of `post` after `rest`, the words between a place (of `level`) and it."""
        if not rest:
            return post
        if rest in LEVEL_CHARS:
            # 市副市长 and 市市长 name the level twice: the post says it already.
            return post if rest in post else rest + post
        if rest[0] in LEVEL_CHARS and rest[1:] in GOVERNMENTS:
            level, rest = rest[0], rest[1:]
        if rest in GOVERNMENTS:
            # 人民政府市长 is 市长; 市人民政府秘书长 is 市政府秘书长.
            return post if post.endswith(HEADS) else f"{level}政府{post}"
        institution = self.institution(rest)
        if institution is not None:
            return institution + post
        return rest + post

    def role(self, prefix: str, post: str) -> str:
        """The role of `post` written right after `prefix` ("" when nothing qualifies it)."""
        institution = self.institution(prefix)
        if institution is not None:
            return fold_role(institution + post)
        if prefix in self._units:
            return fold_role(prefix + post)
        place, rest = self.place(prefix)
        home = HOME_LEVELS.get(place)
        if home is not None:
            # The home city and province stand for their level: 扬州政协主席 is 市政协主席,
            # 扬州市发改委主任 is 市发改委主任, 扬州市人民政府副市长 is 副市长.
            inner = self._inner(rest, post, home)
            named = inner.startswith(home) or (inner.endswith(HEADS) and home in inner)
            if not named and self.institution(rest) is None:
                inner = home + inner
            return fold_role(inner)
        if not place:
            inner = self._inner(rest, post, "")
            return fold_role(inner)
        full = self._places.get(place, place)
        level = full[-1] if full[-1] in LEVEL_CHARS else ""
        inner = self._inner(rest, post, level)
        return fold_role(full + inner[1:] if level and inner.startswith(level) else full + inner)

    def qualify(self, role: str, place: str) -> str:
        """A role written without a place, given the place a list carries over to it."""
        full = self._places.get(place, place)
        level = full[-1] if full[-1] in LEVEL_CHARS else ""
        if not level or level not in role:
            return role
        return full + role[1:] if role.startswith(level) else full + role

    def canonical(self, text: str) -> str:
        """A role as a reader writes it, read the way mentions are (扬州市副市长 -> 副市长,
        扬州经济技术开发区党工委书记 -> 经开区党工委书记); text ending in no known post is kept."""
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


def _given() -> str:
    plain = rf"(?![{NOT_IN_NAME}])[\u4e00-\u9fff]"
    # A function character only in the middle of a three-character name: 尤在晶, never 王林在.
    return rf"(?:{plain}(?:{plain})?|[{NOT_IN_NAME}]{plain})"


def _bare_name() -> str:
    surname = "|".join([*COMPOUND_SURNAMES, f"[{SINGLE_SURNAMES}]"])
    return rf"(?:{surname}){_given()}"


def _boundary() -> str:
    return "|".join([*BOUNDARY_WORDS, rf"[{BOUNDARY_PUNCTUATION}]", "$"])


def _name_pattern(group: str = "name") -> str:
    return rf"(?P<{group}>{_bare_name()})(?=(?:{_boundary()}))"


def _fold_home(words: str) -> str:
    """The home city or province at the front of `words` as its level (扬州市领导 -> 市领导)."""
    for home, level in sorted(HOME_LEVELS.items(), key=lambda item: -len(item[0])):
        if words.startswith(home):
            rest = words.removeprefix(home)
            return rest if rest[:1] == level else level + rest
    return words


def _alternation(words: Iterable[str]) -> str:
    # Longest first: the regex takes the first alternative that fits (副市长 before 市长).
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


class PersonFinder:
    """Finds (name, role) pairs; build once per process, its patterns are compiled here.

    `posts` are the lexicon's posts (tag `post`); `prefixes` its places and institutions, which
    qualify a post written right after them, with `offices`' institutions and the `places` of
    the gazetteer (written name -> name with its level); `non_names` holds dictionary words
    that look like names after a post (项目, 方面, 马上) and are not.
    """

    def __init__(
        self,
        posts: Iterable[str],
        prefixes: Iterable[str] = (),
        non_names: Container[str] = frozenset(),
        offices: Offices | None = None,
        places: Mapping[str, str] | None = None,
    ) -> None:
        posts = [post for post in posts if post]
        if not posts:
            raise ValueError("PersonFinder needs at least one post")
        prefixes = [prefix for prefix in prefixes if prefix]
        self.roles = Roles(posts, offices, places, prefixes)
        alternation = _alternation(posts)
        self._pattern = re.compile(rf"(?P<post>{alternation}){_name_pattern()}")
        # A post ending right before a 、 that precedes another post: 市人大代表、市长郑海涛.
        self._post_before = re.compile(rf"(?:{alternation})$")
        self._longest_post = max(map(len, posts))
        self._next_name = re.compile(rf"{LIST_SEPARATOR}{_name_pattern()}")
        name = _bare_name()
        self._leaders = re.compile(
            # The list must start the clause: a name run into the word before is no name.
            rf"(?<![\u4e00-\u9fff{LIST_SEPARATOR}])(?P<names>{name}(?:{LIST_SEPARATOR}{name})*)"
            rf"等{LEADERS_GROUP}"
        )
        self._labelled = re.compile(rf"{LEADERS_LABEL}{_name_pattern()}")
        spans = rf"{ROLE_SPAN}(?:{LIST_SEPARATOR}{ROLE_SPAN})*"
        self._given_roles = re.compile(
            rf"(?:任命|选举|补选|推选|提名)(?P<name>{name})(?:同志)?为(?P<roles>{spans})"
            rf"(?=[{BOUNDARY_PUNCTUATION}]|$)"
            rf"|(?<![\u4e00-\u9fff])(?P<elected>{name})(?:同志)?(?:当选为|当选|出任|担任|同志任)"
            rf"(?P<elected_roles>{spans})(?=[{BOUNDARY_PUNCTUATION}]|$)"
        )
        self._left_roles = re.compile(
            rf"(?:接受|同意|(?<![\u4e00-\u9fff]))(?P<name>{name})(?:同志)?(?:辞去|辞职)"
            rf"(?P<roles>{spans}?)(?:的)?职务"
            rf"|免去(?P<removed>{name})(?:同志)?(?:的)?(?P<removed_roles>{spans}?)(?:的)?职务"
        )
        # 习近平总书记: the name before the post, as the press writes the general secretary.
        self._name_first = re.compile(rf"(?P<name>{name})(?=总书记)")
        self._bare = re.compile(rf"^{name}$")
        institutions = (offices or Offices()).institutions
        self._prefixes = (
            frozenset(prefixes)
            | frozenset(institutions)
            | frozenset(places or {})
            | frozenset(HOME_LEVELS)
        )
        self._places = frozenset(places or {}) | frozenset(HOME_LEVELS)
        self._prefix_lengths = sorted({len(prefix) for prefix in self._prefixes}, reverse=True)
        self._place_lengths = sorted({len(place) for place in self._places}, reverse=True)
        self._non_names = non_names

    def _known_before(
        self, text: str, start: int, known: frozenset[str], lengths: list[int]
    ) -> str:
        for length in lengths:
            if length <= start and text[start - length : start] in known:
                return text[start - length : start]
        return ""

    def _institution_run(self, text: str, start: int) -> str:
        """An institution the lexicon does not know, written right before `start`."""
        begin = start
        while begin > 0 and start - begin < MAX_ORG_CHARS and text[begin - 1].isalnum():
            begin -= 1
        run = text[begin:start]
        openers = list(ORG_OPENERS.finditer(run))
        if openers:
            run = run[openers[-1].end() :]
        if len(run) >= 3 and run.endswith(ORG_ENDINGS):
            return run
        return ""

    def _prefix_before(self, text: str, start: int) -> str:
        prefix = self._known_before(text, start, self._prefixes, self._prefix_lengths)
        if prefix and prefix not in self._places:
            # A place written before an institution qualifies it: 宿迁市发改委主任.
            place = self._known_before(text, start - len(prefix), self._places, self._place_lengths)
            return place + prefix
        if prefix:
            return prefix
        run = self._institution_run(text, start)
        if run:
            return run
        return text[start - 1] if start and text[start - 1] in LEVEL_CHARS else ""

    def _unit(self, prefix: str) -> bool:
        """Whether `prefix` is an institution read from the text, not the lexicon: a unit."""
        return (
            bool(prefix)
            and prefix not in self._prefixes
            and prefix not in LEVEL_CHARS
            and (
                self._known_before(prefix, len(prefix), self._places, self._place_lengths) != prefix
            )
        )

    @staticmethod
    def _marker_before(text: str, start: int) -> str:
        for marker in FORMER_MARKERS:
            if text.startswith(marker, max(start - len(marker), 0)) and start >= len(marker):
                return marker
        return ""

    def _post_at(self, text: str, start: int, post: str) -> tuple[str, str, int]:
        """The prefix of `post` written at `start`, its marker, and where they begin."""
        prefix = self._prefix_before(text, start)
        begin = start - len(prefix)
        marker = self._marker_before(text, begin)
        return prefix, marker, begin - len(marker)

    def _chain(self, text: str, start: int, post: str) -> tuple[list[tuple[str, str, str]], int]:
        """The posts chained by 、 up to `post` at `start` (prefix, marker, post), first first."""
        prefix, marker, begin = self._post_at(text, start, post)
        chain = [(prefix, marker, post)]
        while begin > 1 and text[begin - 1] == LIST_SEPARATOR:
            window = text[max(begin - 1 - self._longest_post, 0) : begin - 1]
            found = self._post_before.search(window)
            if found is None:
                break
            prefix, marker, begin = self._post_at(
                text, begin - 1 - len(found.group()), found.group()
            )
            chain.insert(0, (prefix, marker, found.group()))
        return chain, begin

    def _roles_of(self, chain: list[tuple[str, str, str]], carried: str) -> tuple[list[str], str]:
        """Each chained post's role, a place carried over to the posts written without one;
        and the place the chain leaves for what follows it in a list."""
        roles = []
        for prefix, marker, post in chain:
            if self._unit(prefix):
                # An institution named whole (中集产城发展集团有限公司, 宿迁市发展和改革委员会);
                # the home city before a body of its own government is its level only.
                unit = (
                    "市" + prefix.removeprefix("扬州市") if prefix.startswith("扬州市") else prefix
                )
                carried = ""
                roles.append(marker + fold_role(unit + post))
                continue
            if prefix:
                place, _ = self.roles.place(prefix)
                carried = "" if place in HOME_LEVELS else place
                role = self.roles.role(prefix, post)
            else:
                role = self.roles.role("", post)
                if carried:
                    role = self.roles.qualify(role, carried)
            roles.append(marker + role)
        return roles, carried

    def _is_name(self, name: str) -> bool:
        return name not in self._non_names

    def _spans(self, spans: str) -> list[str]:
        """Roles given as written spans (扬州市人民政府副市长、代理市长): those ending in a post."""
        roles = []
        for span in spans.split(LIST_SEPARATOR):
            role = self.roles.canonical(span)
            if any(span.endswith(post) for post in self.roles.posts):
                roles.append(role)
        return roles

    def find(self, text: str) -> list[PersonMention]:
        """Every (name, role) in text order, each pair once."""
        found: dict[tuple[str, str], int] = {}
        listed: list[tuple[int, str, str]] = []  # names read from a list after a post

        def add(position: int, name: str, role: str) -> None:
            found.setdefault((name, role), position)

        # Where each post + name ended: the place it leaves to a list going on after it, and
        # its post (a list names no post twice: 宿迁市委书记A,市委书记B is Yangzhou's B).
        places_at: dict[int, tuple[str, str]] = {}
        for match in self._pattern.finditer(text):
            name = match.group("name")
            if not self._is_name(name):
                continue
            chain, begin = self._chain(text, match.start(), match.group("post"))
            carried = ""
            if begin > 0 and text[begin - 1] in CARRY_SEPARATORS:
                before, post_before = places_at.get(begin - 1, ("", ""))
                # A comma after one of Yangzhou's own counties may turn to the city's leaders.
                if post_before != chain[0][2] and (
                    text[begin - 1] == LIST_SEPARATOR or not self.roles.is_home_division(before)
                ):
                    carried = before
            roles, carried = self._roles_of(chain, carried)
            for role in roles:
                add(begin if role != roles[-1] else match.start(), name, role)
            end = match.end()
            while (following := self._next_name.match(text, end)) is not None:
                if self._is_name(following.group("name")):
                    listed.append((following.start("name"), following.group("name"), roles[-1]))
                end = following.end()
            places_at[end] = (carried, match.group("post"))
        named_with_a_post = {name for name, _ in found}
        for position, name, role in listed:
            # 市委书记夏心旻、张宝娟率团: 张宝娟 is named 市长 elsewhere, not 市委书记 here.
            if name not in named_with_a_post:
                add(position, name, role)
        for match in self._labelled.finditer(text):
            label = _fold_home(match.group("label").removesuffix("同志"))
            add(match.start("name"), match.group("name"), label)
            end = match.end()
            while (following := self._next_name.match(text, end)) is not None:
                if self._is_name(following.group("name")):
                    add(following.start("name"), following.group("name"), label)
                end = following.end()
        for match in self._leaders.finditer(text):
            role = f"{_fold_home(match.group('group'))}领导"
            offset = match.start("names")
            for name in match.group("names").split(LIST_SEPARATOR):
                if self._bare.match(name) and self._is_name(name):
                    add(offset, name, role)
                offset += len(name) + 1
        for match in self._given_roles.finditer(text):
            name = match.group("name") or match.group("elected")
            spans = match.group("roles") or match.group("elected_roles")
            for role in self._spans(spans):
                add(match.start(), name, role)
        for match in self._left_roles.finditer(text):
            name = match.group("name") or match.group("removed")
            spans = match.group("roles") or match.group("removed_roles")
            for role in self._spans(spans):
                add(match.start(), name, role)
        for match in self._name_first.finditer(text):
            name = match.group("name")
            if self._is_name(name) and not text[: match.start()].endswith(("中央", "中共")):
                add(match.start(), name, "总书记")
        ordered = sorted(found.items(), key=lambda item: item[1])
        return [PersonMention(name=name, role=role) for (name, role), _ in ordered]


@cache
def project_roles() -> Roles:
    """Roles as the NLP pass reads them: the lexicon's posts, offices.txt, the gazetteer."""
    lexicon = read_lexicon()
    posts = [entry.word for entry in lexicon if entry.tag == POST_TAG]
    units = [entry.word for entry in lexicon if entry.tag == UNIT_TAG]
    gazetteer = Gazetteer.parse(data_lines(PLACES_FILE), lexicon, read_divisions())
    return Roles(posts, read_offices(), levelled_places(gazetteer), units)


def role_variants(text: str) -> list[str]:
    """The roles a reader's `text` names, as person_mentions holds them (`yzdaily people
    --role`): 扬州市长 gives 市长 and the same post held before (时任市长, 原市长 ...)."""
    return project_roles().variants(text)
