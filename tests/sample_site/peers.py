"""The sample site's other columns (#28): 市县传真's twelve other cities and 要闻, with designed
diffusion of policy terms between the province and the cities, and its truth as data.

Written for the project's tests, not copied from real news; 扬州's column is the sample site's
own (site.py), left exactly as it is. The designed terms (Yangzhou's first dates are its served
articles', whatever they are):

    新质生产力  province first (2023-07-10); 南通 +4 days, 苏州 +7, 泰州 +22, 扬州 (its own
               articles: 2023-11-08); the other cities never
    营商环境    province first (2020-03-02); 泰州 +18 days, 南通 +30, 扬州 (2020-04-16), 南京 +70
    低空经济    a city first: 南通 (2024-04-08), 泰州 +28 days, the province +65; 扬州 never
    数据要素    苏州 first (2024-02-01), 南京, the province, 南通; 扬州 never takes it up

    DIFFUSION_TRUTH["低空经济"]["nantong"]   -> date(2024, 4, 8)   (first story per corpus)
    DIFFUSION_TRUTH["低空经济"]["yangzhou"]  -> None               (never)
    SHARE_TRUTH["新质生产力"]["nantong"][2024] -> (1, 3)  (stories with the term, stories)

Both are computed from the articles served (a term counts when its title or body holds it),
never typed twice. Every sample article is a story of its own (no two share a title), so a
corpus's stories per year are its articles per year. `build_peer_site()` is the default site
with every column; `add_peers(site)` adds them to a built site (`site.corpora`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from functools import cache

from parsers.cities import CITIES, CORPORA, HOME, PROVINCE
from tests.sample_site.site import (
    SampleArticle,
    SampleSite,
    add_column,
    build_site,
    default_specs,
    newest_first,
)
from tests.sample_site.specs import ArticleSpec, article, foot, id_for, lead

# The designed terms, in the order the docstring tells them.
TERMS = ("新质生产力", "营商环境", "低空经济", "数据要素")
PROVINCE_PATH = "/yaowen/"
PROVINCE_NAME = "要闻"
# What the province's own news calls itself in a headline or a lead.
PROVINCE_WORD = "全省"

# What a sentence says about a designed term: one line per term, in a corpus's words.
TERM_LINES = {
    "新质生产力": "会议强调，要因地制宜发展新质生产力，推动科技创新和产业创新深度融合。",
    "营商环境": "会议要求，持续优化营商环境，让各类经营主体办事更便捷、投资更放心。",
    "低空经济": "会上发布低空经济发展行动方案，无人机物流、低空观光等应用场景加快落地。",
    "数据要素": "会议提出，要加快培育数据要素市场，推动公共数据资源开发利用。",
}
# Topics of the articles that carry no designed term: (headline, what was done, what next).
FILLERS = (
    ("城市更新推进会召开", "老旧小区改造、背街小巷整治等重点项目", "倒排工期，确保年内完工"),
    ("部署夏季防汛工作", "汛期值班值守、隐患排查和物资储备", "压紧压实责任，确保安全度汛"),
    ("推进民生实事项目建设", "养老服务、托育服务和社区食堂等项目", "把好事办实、实事办好"),
    ("召开文明城市创建工作会议", "环境卫生整治和志愿服务活动", "以创建促提升，以提升惠民生"),
    ("开展河湖长制专项督查", "河道保洁、排口整治和水质监测", "巩固治理成效，守护河湖安澜"),
    ("加快公共文化服务体系建设", "城市书房、文化站和乡村文化广场", "让群众就近享受文化服务"),
)
REPORTERS = ("林晓岚", "顾明哲", "陶一凡", "沈书宁", "钱嘉禾", "葛文远")
EDITORS = ("许清", "包蕾", "严峻", "倪安")

# Each corpus's designed articles: (when, designed terms it carries, filler topic when none).
DESIGN: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    PROVINCE: (
        ("2020-03-02 09:00", ("营商环境",)),
        ("2023-07-10 09:30", ("新质生产力",)),
        ("2024-03-01 10:00", ("新质生产力",)),
        ("2024-04-01 09:15", ("数据要素",)),
        ("2024-06-12 16:00", ("低空经济",)),
        ("2024-10-15 09:00", ()),
        ("2025-01-20 10:30", ()),
        ("2025-02-11 09:00", ("新质生产力",)),
    ),
    "nantong": (
        ("2020-04-01 08:40", ("营商环境",)),
        ("2023-07-14 10:10", ("新质生产力",)),
        ("2023-11-02 09:00", ()),
        ("2024-04-08 15:20", ("低空经济",)),
        ("2024-09-10 09:00", ("数据要素",)),
        ("2024-12-03 10:00", ("新质生产力",)),
        ("2025-03-05 08:30", ()),
        ("2025-06-18 09:45", ("新质生产力", "低空经济")),
    ),
    "taizhou": (
        ("2020-03-20 09:20", ("营商环境",)),
        ("2021-05-10 10:00", ()),
        ("2023-08-01 09:00", ("新质生产力",)),
        ("2023-10-12 14:30", ()),
        ("2024-05-06 09:10", ("低空经济",)),
        ("2024-08-20 10:40", ("新质生产力",)),
        ("2025-04-09 09:00", ()),
    ),
    "suzhou": (
        ("2023-07-17 09:00", ("新质生产力",)),
        ("2024-02-01 10:20", ("数据要素",)),
        ("2024-06-05 09:30", ()),
        ("2025-02-14 15:00", ()),
    ),
    "nanjing": (
        ("2020-05-11 09:00", ("营商环境",)),
        ("2022-08-09 10:00", ()),
        ("2024-03-05 09:40", ("数据要素",)),
        ("2025-05-06 09:00", ()),
    ),
}
# The other cities: four articles without a designed term, at dates of their own.
QUIET_DATES = ("2021-06-15 09:00", "2023-03-08 10:00", "2024-09-12 09:30", "2025-07-03 08:45")
QUIET_CITIES = tuple(city for city in CITIES if city != HOME and city not in DESIGN)
for _offset, _city in enumerate(QUIET_CITIES):
    DESIGN[_city] = tuple(
        (f"{when[:8]}{int(when[8:10]) + _offset:02d}{when[10:]}", ()) for when in QUIET_DATES
    )


def column_of(corpus: str) -> tuple[str, str]:
    """A corpus's column path and name on the site."""
    if corpus == PROVINCE:
        return PROVINCE_PATH, PROVINCE_NAME
    return f"/shixianchuanzhen/{corpus}/", CITIES[corpus]


def _peer_article(corpus: str, number: int, when: str, terms: tuple[str, ...]) -> ArticleSpec:
    """One designed article: its headline and body name its corpus, and carry its terms."""
    path, name = column_of(corpus)
    place = PROVINCE_WORD if corpus == PROVINCE else f"{name}市"
    seat = "省" if corpus == PROVINCE else "市"
    topic, done, next_step = FILLERS[(number + len(corpus)) % len(FILLERS)]
    if terms:
        title = f"{place}{'、'.join(terms)}工作推进会召开"
        middle = "".join(TERM_LINES[term] for term in terms)
    else:
        title = f"{place}{topic}"
        middle = f"会议对{done}作出具体安排，要求各地各部门{next_step}。"
    body = f"""
        本月以来，{place}围绕中心工作密集部署。日前，{seat}政府召开专题会议，听取有关部门工作汇报，研究部署下一阶段重点任务。
        {middle}
        会议指出，要坚持问题导向，细化责任分工，加强督查考核，确保各项任务按时保质完成，以实际成效取信于民。
        """
    spec = article(
        when,
        title,
        lead("本报讯", ("记者", REPORTERS[number % len(REPORTERS)])),
        body,
        foot("author_editor", EDITORS[(number + len(corpus)) % len(EDITORS)]),
        source="新华日报" if corpus == PROVINCE else f"{name}日报",
    )
    # Ids follow time as the CMS's do, apart per corpus (one CMS numbers every column).
    offset = list(CORPORA).index(corpus) + 1
    return replace(
        spec,
        id=str(id_for(spec.published_at) + offset),
        column_path=path,
        column_name=name,
    )


@cache
def peer_specs() -> dict[str, tuple[ArticleSpec, ...]]:
    """Every other column's designed articles by corpus (扬州 apart), newest first."""
    return {
        corpus: tuple(
            newest_first(
                _peer_article(corpus, number, when, terms)
                for number, (when, terms) in enumerate(DESIGN[corpus])
            )
        )
        for corpus in CORPORA
        if corpus in DESIGN
    }


def served_specs() -> dict[str, tuple[ArticleSpec, ...]]:
    """Every corpus's served articles, 扬州's the default site's own (site.py)."""
    return {HOME: tuple(newest_first(default_specs())), **peer_specs()}


def add_peers(site: SampleSite) -> SampleSite:
    """Serve every other column beside the site's 扬州 (at the site's page size); their
    truth in `site.corpora`. 扬州's pages are left as they are."""
    for corpus, specs in peer_specs().items():
        path, name = column_of(corpus)
        site.corpora[corpus] = add_column(site.pages, specs, site.page_size, None, path, name)
    return site


def build_peer_site(page_size: int = 10) -> SampleSite:
    """The default sample site with all thirteen city columns and 要闻."""
    return add_peers(build_site(page_size=page_size))


def corpus_articles(site: SampleSite) -> dict[str, list[SampleArticle]]:
    """A site's truth by corpus, 扬州's included."""
    return {HOME: site.articles, **site.corpora}


def holds(spec: ArticleSpec, term: str) -> bool:
    """Whether an article carries a term (in its title or body)."""
    return term in spec.title or any(term in paragraph for paragraph in spec.paragraphs)


def first_dates(
    specs: Mapping[str, Iterable[ArticleSpec]], terms: Iterable[str]
) -> dict[str, dict[str, date | None]]:
    """term -> corpus -> the day of its first article with the term (None: never)."""
    truth: dict[str, dict[str, date | None]] = {}
    for term in terms:
        truth[term] = {}
        for corpus, items in specs.items():
            days = [spec.published_at.date() for spec in items if holds(spec, term)]
            truth[term][corpus] = min(days) if days else None
    return truth


def yearly_shares(
    specs: Mapping[str, Iterable[ArticleSpec]], terms: Iterable[str]
) -> dict[str, dict[str, dict[int, tuple[int, int]]]]:
    """term -> corpus -> year -> (stories with the term, stories), for the years a corpus
    has stories."""
    truth: dict[str, dict[str, dict[int, tuple[int, int]]]] = {}
    for term in terms:
        truth[term] = {}
        for corpus, items in specs.items():
            years: dict[int, tuple[int, int]] = {}
            for spec in items:
                with_term, stories = years.get(spec.published_at.year, (0, 0))
                years[spec.published_at.year] = (with_term + holds(spec, term), stories + 1)
            truth[term][corpus] = dict(sorted(years.items()))
    return truth


DIFFUSION_TRUTH: dict[str, dict[str, date | None]] = first_dates(served_specs(), TERMS)
SHARE_TRUTH: dict[str, dict[str, dict[int, tuple[int, int]]]] = yearly_shares(served_specs(), TERMS)
