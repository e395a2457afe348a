"""A warehouse of Yangzhou among its peers, built by the real NLP pass and loader (once per test
session, tests/session.py), with its designed truth computed from the designed articles (never
from the warehouse).

Each designed article is zgjssw's: Yangzhou's and the other cities' from their 市县传真 column
(`/shixianchuanzhen/{city}/...`), the province's from 要闻 (`/yaowen/...`), every one its own
story (one site: no cross-posting). TERM spreads from Nantong (before the province's 要闻) to
the province, Yangzhou, Taizhou and Zhenjiang (in a title only); Suzhou publishes but never
uses it; the other cities publish nothing.

    peer_warehouse()           the designed articles of every corpus
    yangzhou_only_warehouse()  the same articles of Yangzhou alone
    sample_with_peers_warehouse()  the sample warehouse's articles plus the peers' (not Yangzhou's)
    designed_firsts(TERM), designed_shares(TERM)   the truth
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from statistics import median

from parsers.cities import CITIES, HOME, PROVINCE
from parsers.enrich import enrich_article
from parsers.models import Article, EnrichedArticle
from parsers.sites.zgjssw import ZGJSSW as zgjssw
from tests.sample_warehouse import article_id as sample_article_id
from tests.sample_warehouse import load_records, sample_articles, segmenter
from tests.session import built_once

TERM = "新质生产力"
PHRASE = "低空经济"
HOST = "http://www.zgjssw.gov.cn"


@dataclass(frozen=True)
class Designed:
    """One designed article: its corpus, day, title, and the terms its text holds."""

    city: str
    day: date
    title: str
    terms: tuple[str, ...] = ()
    in_title: bool = False  # the term only in the title, not the body

    @property
    def url(self) -> str:
        folder = "yaowen" if self.city == PROVINCE else f"shixianchuanzhen/{self.city}"
        number = 900000 + DESIGNED.index(self)
        return f"{HOST}/{folder}/{self.day:%Y%m}/t{self.day:%Y%m%d}_{number}.shtml"

    def article(self) -> Article:
        terms = "、".join(self.terms)
        title = f"{self.title}：{terms}" if self.in_title and terms else self.title
        body = [
            f"本报讯 {self.day.month}月{self.day.day}日，{self.title}。",
            "会议要求，各地各部门要结合实际，抓好工作落实，推动经济社会高质量发展。",
        ]
        if terms and not self.in_title:
            body.append(f"会议指出，要加快发展{terms}，培育新的增长点，形成发展新动能。")
        body.append("与会人员表示，将认真学习贯彻会议精神，切实把各项部署落到实处。")
        return Article(
            url=self.url,
            site="zgjssw",
            title=title,
            published_at=datetime.combine(self.day, datetime.min.time()).replace(hour=9),
            paragraphs=tuple(body),
            source="新华日报" if self.city == PROVINCE else "本地日报",
            city=self.city,
        )


# fmt: off
DESIGNED: tuple[Designed, ...] = (
    Designed(PROVINCE, date(2023, 5, 4), "全省经济工作推进会召开"),
    Designed(PROVINCE, date(2023, 9, 10), "省委常委会研究部署重点工作", (TERM,)),
    Designed(PROVINCE, date(2024, 3, 12), "省政府召开全体会议", (TERM, PHRASE)),
    Designed(PROVINCE, date(2024, 6, 18), "全省安全生产工作会议召开"),
    Designed(PROVINCE, date(2025, 2, 8), "全省优化营商环境大会召开", (PHRASE,)),
    Designed(HOME, date(2023, 3, 1), "扬州市召开城市建设工作会议"),
    Designed(HOME, date(2023, 11, 20), "扬州市委常委会召开扩大会议", (TERM,)),
    Designed(HOME, date(2024, 1, 15), "扬州市人代会开幕", (TERM,)),
    Designed(HOME, date(2024, 4, 2), "扬州市推进文旅融合发展"),
    Designed(HOME, date(2024, 8, 6), "扬州开发园区二次创业推进会召开", (TERM, PHRASE)),
    Designed(HOME, date(2025, 1, 10), "扬州市部署春节期间各项工作"),
    Designed(HOME, date(2025, 3, 3), "扬州市召开科技创新大会", (TERM,)),
    Designed(HOME, date(2025, 5, 9), "扬州市召开生态环境保护会议"),
    Designed("nantong", date(2023, 9, 8), "南通市召开产业发展大会", (TERM,)),
    Designed("nantong", date(2024, 2, 1), "南通市部署年度重点工作"),
    Designed("nantong", date(2024, 5, 6), "南通市召开制造业推进会", (TERM, PHRASE)),
    Designed("nantong", date(2025, 1, 6), "南通市召开民生实事推进会"),
    Designed("taizhou", date(2023, 12, 5), "泰州市委全会召开", (TERM,)),
    Designed("taizhou", date(2024, 1, 3), "泰州市部署冬春农业生产"),
    Designed("taizhou", date(2024, 9, 9), "泰州市召开教育工作会议"),
    Designed("taizhou", date(2025, 4, 1), "泰州市召开医药产业大会", (TERM,)),
    Designed("zhenjiang", date(2024, 2, 20), "镇江市部署", (TERM,), in_title=True),
    Designed("zhenjiang", date(2024, 3, 3), "镇江市召开文明城市创建推进会"),
    Designed("zhenjiang", date(2025, 1, 20), "镇江市召开乡村振兴工作会议", (PHRASE,)),
    Designed("suzhou", date(2023, 6, 1), "苏州市召开外贸工作会议"),
    Designed("suzhou", date(2024, 6, 3), "苏州市召开园区发展大会"),
    Designed("suzhou", date(2025, 6, 2), "苏州市召开城市更新工作会议"),
)
# fmt: on


def _record(designed: Designed) -> EnrichedArticle:
    article = designed.article()
    return enrich_article(
        article, zgjssw.article_id(article.url), segmenter(), zgjssw.parser_version
    )


@cache
def _records() -> tuple[EnrichedArticle, ...]:
    return tuple(_record(designed) for designed in DESIGNED)


@cache
def peer_warehouse() -> Path:
    """The designed articles of every corpus (read it read-only)."""
    return built_once("peers.duckdb", lambda path: load_records(path, list(_records())))


@cache
def yangzhou_only_warehouse() -> Path:
    """The designed articles of Yangzhou alone."""
    records = [r for r in _records() if r.article.city == HOME]
    return built_once("peers-yangzhou.duckdb", lambda path: load_records(path, records))


@cache
def sample_with_peers_warehouse() -> Path:
    """The sample warehouse's articles (Yangzhou's) plus the designed ones of the other
    corpora: Yangzhou's answers here must be those of the sample warehouse."""
    records = [
        enrich_article(a.as_article(), sample_article_id(a), segmenter(), zgjssw.parser_version)
        for a in sample_articles()
    ]
    records += [r for r in _records() if r.article.city != HOME]
    return built_once("sample-peers.duckdb", lambda path: load_records(path, records))


def holds(designed: Designed, term: str) -> bool:
    return term in designed.terms


@dataclass(frozen=True)
class FirstTruth:
    """A corpus's designed first use of a term: its day, title, URL and lags."""

    day: date
    title: str
    url: str
    lag_after_province: int | None
    lag_after_first: int | None


def designed_firsts(term: str) -> dict[str, FirstTruth]:
    """Each corpus that uses `term`: its first article's day, title, URL and lags in days."""
    firsts: dict[str, Designed] = {}
    for designed in sorted(DESIGNED, key=lambda d: d.day):
        if holds(designed, term):
            firsts.setdefault(designed.city, designed)
    province = firsts[PROVINCE].day if PROVINCE in firsts else None
    first_city = min(d.day for city, d in firsts.items() if city in CITIES)
    return {
        city: FirstTruth(
            d.day,
            d.article().title,
            d.url,
            (d.day - province).days if province else None,
            (d.day - first_city).days,
        )
        for city, d in firsts.items()
    }


def designed_years(term: str) -> dict[str, dict[str, int]]:
    """Each corpus's stories holding `term` per year (every article its own story)."""
    found: dict[str, dict[str, int]] = {}
    for designed in DESIGNED:
        if holds(designed, term):
            years = found.setdefault(designed.city, {})
            years[str(designed.day.year)] = years.get(str(designed.day.year), 0) + 1
    return found


def designed_shares(
    term: str, cities: tuple[str, ...]
) -> dict[str, tuple[dict[str, tuple[int, int]], float | None, float | None]]:
    """Per year: each corpus's (stories holding `term`, stories), the peers' median share
    (cities other than Yangzhou with a story that year) and Yangzhou's gap to it."""
    years = sorted({str(d.day.year) for d in DESIGNED if d.city in cities})
    truth = {}
    for year in years:
        counts = {}
        for city in cities:
            mine = [d for d in DESIGNED if d.city == city and str(d.day.year) == year]
            counts[city] = (sum(holds(d, term) for d in mine), len(mine))
        peers = [n / t for c, (n, t) in counts.items() if c in CITIES and c != HOME and t]
        middle = median(peers) if peers else None
        home = counts.get(HOME, (0, 0))
        gap = home[0] / home[1] - middle if middle is not None and home[1] else None
        truth[year] = (counts, middle, gap)
    return truth
