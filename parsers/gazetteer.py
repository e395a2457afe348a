"""Places from a gazetteer: which tokens are places, and the one name each is counted under.

    gazetteer = Gazetteer.from_data_files()
    gazetteer.place("扬州市", "ns")      -> "扬州"       (扬州 and 扬州市 are one place)
    gazetteer.place("新建", "ns")        -> None         (jieba's tag alone is not enough)
    gazetteer.place("丁庄村", "ns")      -> "丁庄村"      (a strong pattern: a village's name)

jieba tags many common words as places (新建, 城市, 满意度, 美丽): a token is a place only when
the gazetteer lists it (the lexicon's `ns` entries and `parsers/data/places.txt`) or, tagged
`ns`, when it is shaped like a place name no common word is (three characters or more ending
in 镇, 乡, 村, 街道, 社区, 县, 市 or 省).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from parsers.divisions import Division, read_divisions
from parsers.lexicon import PLACES_FILE, LexiconEntry, data_lines, read_lexicon

PLACE_TAG = "ns"
# Levels written after a county, district, city or province: 宝应县 is counted as 宝应.
LEVEL_SUFFIXES = ("省", "市", "县", "区")
# Endings that make an `ns` token a place name on their own (not 区: 景区, 老城区, 示范区).
PLACE_ENDINGS = ("街道", "社区", "镇", "乡", "村", "县", "市", "省")
MIN_PATTERN_CHARS = 3
# The levels a place's full name ends in, as a post written after it names them once
# (宿迁 + 市委书记 is 宿迁市委书记; 宝应县 + 县长 is 宝应县长).
LEVELS = ("省", "市", "县", "区", "镇", "乡")


# Names of divisions that are common words here (老城区, 矿区): never places on their own.
GENERIC_DIVISIONS = frozenset(
    {"城区", "郊区", "矿区", "市辖区", "新区", "开发区", "高新区", "老城区", "新城区", "城关区"}
    | {f"城{side}区" for side in "东西南北中"}
)


@dataclass(frozen=True)
class Gazetteer:
    """Place names and the name each is counted under (`folds`: written -> counted).

    `county_names` are the short names of county-level divisions (江阴, 新源): alone they are
    no place (as short names 新建, 滨江, 老城, 古城 and 沿河 are common words, and jieba tags
    them places), only the place of a post written right after them (江阴市委书记).
    """

    names: frozenset[str]
    folds: Mapping[str, str]
    county_names: frozenset[str] = frozenset()
    full_names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(
        cls,
        lines: Iterable[str],
        lexicon: Iterable[LexiconEntry] = (),
        divisions: Iterable[Division] = (),
    ) -> Gazetteer:
        """From places.txt lines (`name [counted as]`), the lexicon's `ns` entries and the
        administrative divisions (each full name counted under its short name)."""
        names = {e.word for e in lexicon if e.tag == PLACE_TAG and e.freq != 0}
        folds: dict[str, str] = {}
        for line in lines:
            name, *counted = line.split()
            names.add(name)
            if counted:
                folds[name] = counted[0]
                names.add(counted[0])
        counties: set[str] = set()
        full_names: dict[str, str] = {}
        for division in divisions:
            if division.name in GENERIC_DIVISIONS or len(division.short) < 2:
                continue
            names.add(division.name)
            if division.short != division.name:
                folds.setdefault(division.name, division.short)
                full_names.setdefault(division.short, division.name)
                if division.level == "county":
                    counties.add(division.short)
                else:
                    names.add(division.short)
        return cls(frozenset(names), folds, frozenset(counties - names), full_names)

    @classmethod
    def from_data_files(cls) -> Gazetteer:
        """The project's gazetteer: places.txt, the lexicon's places, China's divisions."""
        return cls.parse(data_lines(PLACES_FILE), read_lexicon(), read_divisions())

    def canonical(self, name: str) -> str:
        """The name a place is counted under (扬州市 -> 扬州, 宝应县 -> 宝应)."""
        if name in self.folds:
            return self.folds[name]
        for suffix in LEVEL_SUFFIXES:
            stem = name.removesuffix(suffix)
            if stem != name and len(stem) >= 2 and stem in self.names:
                return self.canonical(stem)
        return name

    def levelled(self, name: str) -> str:
        """The place written with its level, as a role names it (宿迁 -> 宿迁市, 浙江 ->
        浙江省); a name with a level, or known without one (长三角), as it is."""
        if name.endswith(LEVELS):
            return name
        if name in self.full_names:
            return self.full_names[name]
        for suffix in LEVEL_SUFFIXES:
            if name + suffix in self.names:
                return name + suffix
        return name

    def place(self, token: str, tag: str) -> str | None:
        """The place a token names (its counted name), or None when it is no place."""
        if token in self.names:
            return self.canonical(token)
        if tag == PLACE_TAG and len(token) >= MIN_PATTERN_CHARS and token.endswith(PLACE_ENDINGS):
            return self.canonical(token)
        return None
