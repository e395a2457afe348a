"""China's administrative divisions, from jionlp's gazetteer: which words before a post are a
place (江阴市委书记, 铜仁市长), and under which name a division is counted as a place.

    read_divisions()    # Division("江阴市", "江阴", "county"), Division("贵州省", "贵州", ...)

jionlp (Apache-2.0, kept up to date by its maintainers) ships the divisions with their short
names as data (`jionlp/dictionary/china_location.zip`: provinces, prefecture-level cities,
counties and districts, then towns and villages). Measured on the people gate's corpora
(tests/people_gate.py) against our own list alone and cpca's adcodes, it qualified every other
place's post ours missed (江阴, 宁波, 铜仁) and, unlike cpca's 2021 data, names autonomous regions
by their short names (广西壮族自治区 -> 广西). Only its data file is read: jionlp itself is never
imported (its import unpacks its dictionaries and loads a segmenter), and nothing is fetched.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = "jionlp"
ARCHIVE = ("dictionary", "china_location.zip")
MEMBER = "china_location.txt"
# A line's tab indent is its level; towns and villages (3, 4 tabs) are left out: their names
# are mostly common words, and jieba's tag with the place-shaped rule finds Yangzhou's own.
LEVELS = ("province", "city", "county")


@dataclass(frozen=True)
class Division:
    """An administrative division of China: its full name, its short name, its level."""

    name: str  # 江阴市
    short: str  # 江阴
    level: str  # province, city (prefecture level) or county (county level)


def _archive() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{PACKAGE} is not installed (it is pinned in pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations)), *ARCHIVE)


# A province's, city's or county's line: at most two tabs, then the name. Towns and villages
# (more tabs) are three quarters of the file's 700,000 lines: a scan in C for a line break
# passes them by (0.1 s here, where a loop over the lines took 0.5 s).
LINE = re.compile(r"\n(\t{0,2})([^\t\r\n][^\r\n]*)")


def parse_divisions(text: str) -> tuple[Division, ...]:
    """Divisions from china_location.txt: `name<TAB>code<TAB>short`, one tab per level (some
    lines have no code and no short name)."""
    divisions: list[Division] = []
    for indent, line in LINE.findall("\n" + text):
        name, *rest = line.strip().split("\t")
        short = rest[1] if len(rest) > 1 and rest[1] else name
        divisions.append(Division(name, short, LEVELS[len(indent)]))
    return tuple(divisions)


@cache
def read_divisions() -> tuple[Division, ...]:
    """Every province, prefecture-level city and county-level division of jionlp's data."""
    with zipfile.ZipFile(_archive()) as archive:
        return parse_divisions(archive.read(MEMBER).decode("utf-8"))


def divisions_version() -> str:
    """The version of the data, for nlp_version: a new release may add or rename places."""
    return f"{PACKAGE}-{metadata.version(PACKAGE)}"
