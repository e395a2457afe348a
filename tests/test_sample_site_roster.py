"""#24 item 7: the sample site's officials follow one roster, consistent with the seed page
and the public record: every post and name an article prints is held at the article's date."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

import pytest

from parsers.nlp import Segmenter
from tests.sample_site import generator, roster
from tests.sample_site.generator import city_leaders, generate_articles
from tests.sample_site.roster import ROSTER, SEED_LEADERS
from tests.sample_site.sections import build_sample_sites
from tests.sample_site.site import SampleArticle, build_site
from tests.sample_warehouse import GENERATED, SEED, sample_articles, segmenter
from tests.session import jieba_cache_dir

SEED_DAY = date(2020, 10, 22)


@cache
def every_sample_article() -> tuple[SampleArticle, ...]:
    """What `make demo` serves, the sample warehouse's articles, a larger generated run and
    the older years the history pages reach back to."""
    site, sections = build_sample_sites()
    generated = build_site(generate_articles(600, seed=0)).articles
    older = build_site(
        generate_articles(200, seed=2016, start=datetime(2015, 1, 1), end=datetime(2019, 1, 1))
    ).articles
    return (
        *site.articles,
        *(a for s in sections.values() for a in s.articles),
        *sample_articles(),
        *generated,
        *older,
    )


def allowed(name: str, role: str, day: date, text: str) -> bool:
    """Whether the roster (or the seed page's list) gives `name` this role on `day`."""
    if role == "市四套班子领导":
        return day == SEED_DAY and name in SEED_LEADERS
    if role == "市人大代表":
        mayor = roster.mayor_at(day)
        return mayor is not None and mayor.name == name
    return any(t.name == name and t.role == role and t.holds(day) for t in ROSTER)


def test_every_official_an_article_names_holds_the_post_that_day() -> None:
    finder = segmenter().people
    wrong = []
    for article in every_sample_article():
        text = f"{article.title}\n{article.body}"
        day = article.published_at.date()
        for mention in finder.find(text):
            if not allowed(mention.name, mention.role, day, text):
                wrong.append(f"{day} {mention.role}{mention.name}: {article.title}")
    assert wrong == []
    assert len(every_sample_article()) > 900 and GENERATED and SEED


def test_every_roster_name_in_an_article_is_one_of_its_officials() -> None:
    """A name written alone (邵清源在报告中说) is someone the article names with a post."""
    names = {term.name for term in ROSTER} | set(SEED_LEADERS)
    finder = Segmenter(cache_dir=jieba_cache_dir()).people
    for article in every_sample_article():
        text = f"{article.title}\n{article.body}"
        named = {m.name for m in finder.find(text)}
        assert {name for name in names if name in text} <= named, article.title


def test_the_roster_agrees_with_the_seed_page() -> None:
    assert [t.name for t in roster.holders(roster.SECRETARY, SEED_DAY)] == ["夏心旻"]
    assert [t.name for t in roster.holders(roster.MAYOR, SEED_DAY)] == ["张宝娟"]
    assert "方桂林" in [t.name for t in roster.holders(roster.VICE_MAYOR, SEED_DAY)]
    seed = next(a for a in every_sample_article() if a.published_at.date() == SEED_DAY)
    for written in ("市委书记夏心旻", "市长张宝娟", "副市长方桂林", "、".join(SEED_LEADERS)):
        assert written in seed.body


@pytest.mark.parametrize(
    ("day", "secretary", "mayor"),
    [
        (date(2017, 6, 1), "谢正义", None),
        (date(2019, 6, 1), "谢正义", None),
        (date(2020, 10, 22), "夏心旻", ("张宝娟", "市长")),
        (date(2021, 9, 1), "张宝娟", ("王进健", "代市长")),
        (date(2022, 6, 1), "张宝娟", ("王进健", "市长")),
        (date(2023, 4, 1), "王进健", None),
        (date(2023, 6, 1), "王进健", ("潘国强", "代市长")),
        (date(2023, 11, 1), "王进健", ("潘国强", "市长")),
        (date(2026, 3, 1), "王进健", ("郑海涛", "市长")),
    ],
)
def test_the_public_record(day: date, secretary: str, mayor: tuple[str, str] | None) -> None:
    held = roster.secretary_at(day)
    assert held is not None and held.name == secretary
    term = roster.mayor_at(day)
    assert (None if term is None else (term.name, term.role)) == mayor


@pytest.mark.parametrize(
    "roles",
    [(roster.SECRETARY,), (roster.MAYOR, roster.ACTING_MAYOR), ("市人大常委会主任",)],
)
def test_one_holder_of_a_top_post_at_a_time(roles: tuple[str, ...]) -> None:
    day = date(2017, 1, 1)
    while day < date(2027, 1, 1):
        holding = [t.name for t in ROSTER if t.role in roles and t.holds(day)]
        assert len(holding) <= 1, (day, holding)
        day += timedelta(days=7)


def test_the_generator_writes_the_roster_leaders() -> None:
    for year in range(2015, 2027):
        for month in (1, 3, 4, 6, 9, 12):
            when = datetime(year, month, 15)
            secretary, mayor, *vice = city_leaders(when)
            held = roster.secretary_at(when) or generator.SECRETARY_STAND_IN
            assert secretary == held.role + held.name
            term = roster.mayor_at(when)
            assert mayor == (
                generator.STAND_IN.role + generator.STAND_IN.name
                if term is None
                else term.role + term.name
            )
            assert all(allowed(v.removeprefix("副市长"), "副市长", when.date(), "") for v in vice)
