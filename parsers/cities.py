"""The corpora an article belongs to: one of Jiangsu's thirteen prefecture-level cities, or the
province's own news (zgjssw's 要闻).

    CITIES["nantong"]            -> "南通"
    parse_cities("nantong,taizhou") -> ("nantong", "taizhou")
    parse_cities("peers")        -> the thirteen cities
    parse_cities("all")          -> the thirteen cities and the province

Yangzhou is the product's default everywhere: a read answers for Yangzhou unless asked for
other corpora. A page whose URL names no city (an imported file, a site that covers Yangzhou
alone) belongs to Yangzhou, as every page did before the other cities were read.
"""

from __future__ import annotations

HOME = "yangzhou"
PROVINCE = "province"
# The thirteen cities in the province's customary order (the order zgjssw's 市县传真 lists
# them), each with its Chinese name; the code is zgjssw's column folder.
CITIES = {
    "nanjing": "南京",
    "wuxi": "无锡",
    "xuzhou": "徐州",
    "changzhou": "常州",
    "suzhou": "苏州",
    "nantong": "南通",
    "lianyungang": "连云港",
    "huaian": "淮安",
    "yancheng": "盐城",
    "yangzhou": "扬州",
    "zhenjiang": "镇江",
    "taizhou": "泰州",
    "suqian": "宿迁",
}
CORPORA = {**CITIES, PROVINCE: "江苏省"}
# Words `--city` takes besides names: every corpus, the thirteen cities.
ALL = "all"
PEERS = "peers"
DEFAULT = (HOME,)


class UnknownCity(ValueError):
    """A `--city` value that names no corpus."""


def parse_cities(value: str | None) -> tuple[str, ...]:
    """`NAME[,NAME]`, `peers` (the thirteen cities) or `all` (and the province) as corpus
    codes in the province's order; None or empty: Yangzhou. Chinese names (南通, 江苏省) are
    accepted too."""
    if value is None or not value.strip():
        return DEFAULT
    by_label = {label: code for code, label in CORPORA.items()}
    wanted: set[str] = set()
    for part in value.replace("，", ",").split(","):
        name = part.strip()
        code = name.lower()
        if not name:
            continue
        if code == ALL:
            wanted.update(CORPORA)
        elif code == PEERS:
            wanted.update(CITIES)
        elif code in CORPORA:
            wanted.add(code)
        elif name in by_label:
            wanted.add(by_label[name])
        else:
            choices = ", ".join((*CORPORA, PEERS, ALL))
            raise UnknownCity(f"no city {name!r}: one of {choices}")
    return tuple(code for code in CORPORA if code in wanted) or DEFAULT


def city_label(code: str) -> str:
    """The Chinese name of a corpus (扬州, 江苏省); an unknown code as it is."""
    return CORPORA.get(code, code)
