"""What the web archives hold of the sample sites: their pages captured over the years, each
capture's bytes as the site served them, and the truth of every article they hold.

    history = build_history()                 # the sample sites (sections.py) and their past
    history.wayback                           # Snapshots the Wayback Machine holds
    history.commoncrawl["CC-MAIN-2021-04"]    # Snapshots a Common Crawl crawl holds
    history.truth["zgjssw:/shixianchuanzhen/yangzhou/201608/t5903412.shtml"]   # SampleArticle

wayback.py and commoncrawl.py serve these. What the archives hold, on purpose:

* zgjssw's column on both of its hosts: `https://www.zgjssw.gov.cn` and, for pages of before
  April 2021, the old `http://zgjssw.jschina.com.cn`; some articles at several times, some in
  one archive only (every article is in at least one);
* zgjssw's older URL form `/{YYYYMM}/t{7 digits}.shtml` (2016-2018): articles only the
  archives hold (`old_articles`), dated by their page;
* the other sources' articles (扬州网 on news.yznews.com.cn, 中国江苏网 on jsnews.jschina.com.cn);
* what is not an article: list pages, an image, robots.txt; an error page served with a 200
  at an article URL (`ERROR_ONLY_PATH`: its only capture; and, newer than its good capture, at
  one real article: the good one must be found); a Common Crawl redirect record (the old host
  answering 301 to the new one) and a revisit record;
* a Wayback capture listed by the CDX at one time and replayed at another (`drifted`): the
  replay answers with a 302 to the nearby time.

Times are UTC; an article is captured after it was published (Beijing time, UTC+8).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit

from parsers.sources import SOURCES
from tests.sample_site.generator import generate_articles
from tests.sample_site.sections import build_sample_sites
from tests.sample_site.site import (
    ROBOTS_PATH,
    SampleArticle,
    SampleSite,
    expected_article,
    list_path,
    render_list_page,
)
from tests.sample_site.specs import COLUMN_PATH, ArticleSpec
from tests.sample_site.templates import TEMPLATES, render_page

SnapshotKind = Literal["article", "list", "image", "robots", "error_page", "redirect", "revisit"]

ZGJSSW_NEW = "https://www.zgjssw.gov.cn"
ZGJSSW_OLD = "http://zgjssw.jschina.com.cn"
HOSTS = {
    "zgjssw": ZGJSSW_NEW,
    "yznews": "http://news.yznews.com.cn",
    "jsnews": SOURCES["jsnews"].public_root,
}
# The old host served the column until the new site took over (DESIGN.md 2.1).
OLD_HOST_UNTIL = datetime(2021, 4, 1)
BEIJING = timedelta(hours=8)
OLD_FORM_ARTICLES = 6
# An article URL the archives hold only as an error page served with a 200.
ERROR_ONLY_PATH = f"{COLUMN_PATH}201905/t20190510_6300001.shtml"
ERROR_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>系统维护中</title></head>'
    '<body><div class="err"><h1>系统维护中</h1><p>您访问的页面暂时无法显示，请稍后再试。</p>'
    '<p><a href="/">返回首页</a></p></div></body></html>'
).encode()
IMAGE_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00sample-image\xff\xd9"


@dataclass(frozen=True)
class CrawlSpec:
    """One Common Crawl crawl of the emulator: its id, name and period (None: not listed).

    `coarse` crawls answer a page count of 1 even when they hold nothing under the prefix (a
    coarse secondary index), so that their page answers the 404 "No Captures found".
    """

    id: str
    name: str
    starts_at: datetime
    ends_at: datetime
    listed_period: bool = True
    coarse: bool = False


CRAWLS = (
    CrawlSpec(
        "CC-MAIN-2017-13",
        "March 2017 Index",
        datetime(2017, 3, 22, tzinfo=UTC),
        datetime(2017, 3, 30, tzinfo=UTC),
        listed_period=False,
    ),
    CrawlSpec(
        "CC-MAIN-2019-35",
        "August 2019 Index",
        datetime(2019, 8, 17, tzinfo=UTC),
        datetime(2019, 8, 26, tzinfo=UTC),
        listed_period=False,
    ),
    CrawlSpec(
        "CC-MAIN-2021-04",
        "January 2021 Index",
        datetime(2021, 1, 15, tzinfo=UTC),
        datetime(2021, 1, 28, tzinfo=UTC),
    ),
    CrawlSpec(
        "CC-MAIN-2022-05",
        "January 2022 Index",
        datetime(2022, 1, 16, tzinfo=UTC),
        datetime(2022, 1, 29, tzinfo=UTC),
    ),
    CrawlSpec(
        "CC-MAIN-2023-06",
        "January/February 2023 Index",
        datetime(2023, 1, 26, tzinfo=UTC),
        datetime(2023, 2, 9, tzinfo=UTC),
        coarse=True,
    ),
    CrawlSpec(
        "CC-MAIN-2023-50",
        "November/December 2023 Index",
        datetime(2023, 11, 28, tzinfo=UTC),
        datetime(2023, 12, 12, tzinfo=UTC),
    ),
    CrawlSpec(
        "CC-MAIN-2024-10",
        "February/March 2024 Index",
        datetime(2024, 2, 20, tzinfo=UTC),
        datetime(2024, 3, 5, tzinfo=UTC),
    ),
    CrawlSpec(
        "CC-MAIN-2026-08",
        "February 2026 Index",
        datetime(2026, 2, 6, tzinfo=UTC),
        datetime(2026, 2, 19, tzinfo=UTC),
    ),
)
# Crawls that hold nothing of the sample sites: one coarse (pages 1, then 404), one not.
EMPTY_CRAWLS = ("CC-MAIN-2023-06", "CC-MAIN-2023-50")


@dataclass(frozen=True)
class Snapshot:
    """One response an archive captured: the URL, when, and the bytes as the site served them.

    `indexed_at` is the time the Wayback CDX lists when it differs from the replay's (a
    drifted capture). `refers_to` is the earlier capture a revisit record points at.
    """

    url: str
    at: datetime
    status: int
    content_type: str
    body: bytes
    kind: SnapshotKind
    location: str | None = None
    indexed_at: datetime | None = None
    refers_to: Snapshot | None = None

    @property
    def timestamp(self) -> str:
        return self.at.strftime("%Y%m%d%H%M%S")

    @property
    def listed_timestamp(self) -> str:
        """The time the CDX lists for it."""
        return (self.indexed_at or self.at).strftime("%Y%m%d%H%M%S")

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def mimetype(self) -> str:
        return self.content_type.split(";", 1)[0].strip()


@dataclass
class History:
    """The sample sites, and what the web archives captured of them."""

    site: SampleSite
    sections: dict[str, Any]
    old_articles: list[SampleArticle]
    wayback: list[Snapshot] = field(default_factory=list)
    commoncrawl: dict[str, list[Snapshot]] = field(default_factory=dict)
    # article id -> the parse a correct reader gives, for every article held as a real page
    truth: dict[str, SampleArticle] = field(default_factory=dict)
    # the articles of the sites no archive holds (the newest: published after the last capture)
    not_archived: dict[str, SampleArticle] = field(default_factory=dict)
    # article ids the archives hold only as pages that are not articles (error pages)
    unreadable: set[str] = field(default_factory=set)
    # the Wayback captures replayed at another time than the CDX lists
    drifted: list[Snapshot] = field(default_factory=list)

    @property
    def crawls(self) -> tuple[CrawlSpec, ...]:
        return CRAWLS

    def snapshots(self) -> list[Snapshot]:
        """Every capture of every archive."""
        return [*self.wayback, *(s for crawl in self.commoncrawl.values() for s in crawl)]

    def article_ids(self, snapshots: list[Snapshot]) -> set[str]:
        """The article ids of those snapshots that are article pages held as such."""
        ids = set()
        for snapshot in snapshots:
            source = next((s for s in SOURCES.values() if s.is_article_url(snapshot.url)), None)
            if source is not None and snapshot.kind == "article":
                ids.add(source.article_id(snapshot.url))
        return ids


def old_form_path(spec: ArticleSpec) -> str:
    """zgjssw's older URL form: the month folder and a 7-digit id, no day."""
    return f"{COLUMN_PATH}{spec.published_at:%Y%m}/t{spec.id}.shtml"


def old_form_articles() -> list[tuple[ArticleSpec, SampleArticle]]:
    """Articles of 2016-2018 at the older URL form, with their truth (served by no live page)."""
    specs = [
        spec
        for year in (2016, 2017, 2018)
        for spec in generate_articles(
            OLD_FORM_ARTICLES // 3,
            seed=year,
            start=datetime(year, 1, 1),
            end=datetime(year, 12, 31),
        )
    ]
    return [(spec, replace(expected_article(spec), path=old_form_path(spec))) for spec in specs]


def _utc(beijing: datetime) -> datetime:
    return (beijing - BEIJING).replace(tzinfo=UTC)


def _crawl_time(crawl: CrawlSpec, index: int) -> datetime:
    span = crawl.ends_at - crawl.starts_at
    return crawl.starts_at + span * ((index % 7 + 1) / 9) + timedelta(minutes=index * 13 % 600)


def _crawls_after(published: datetime) -> list[CrawlSpec]:
    return [c for c in CRAWLS if c.starts_at > _utc(published) and c.id not in EMPTY_CRAWLS]


def build_history(
    site: SampleSite | None = None, sections: dict[str, Any] | None = None
) -> History:
    """The sample sites (default: every source's, sections.py) and what the archives hold."""
    if site is None or sections is None:
        site, sections = build_sample_sites()
    old = old_form_articles()
    history = History(site=site, sections=sections, old_articles=[truth for _, truth in old])
    crawl_snapshots: dict[str, list[Snapshot]] = {crawl.id: [] for crawl in CRAWLS}
    written: dict[str, SampleArticle] = {}  # every article of the sites, by article id

    def page_snapshot(url: str, at: datetime, body: bytes, content_type: str) -> Snapshot:
        return Snapshot(url, at, 200, content_type, body, "article")

    # zgjssw's column, oldest first: which archive, which host, which times follow the index.
    column = sorted(site.articles, key=lambda a: (a.published_at, a.id))
    for index, article in enumerate(column):
        page = site.pages[article.path]
        written[SOURCES["zgjssw"].article_id(article.path)] = article
        published = article.published_at
        new_url = ZGJSSW_NEW + article.path
        if index % 4 != 3:  # the Wayback Machine lacks every fourth
            first = page_snapshot(
                new_url,
                _utc(published) + timedelta(days=1, minutes=index),
                page.body,
                page.content_type,
            )
            if index == 2:
                # Listed at one time, replayed five seconds later: a 302 to the nearby time.
                first = replace(first, indexed_at=first.at - timedelta(seconds=5))
                history.drifted.append(first)
            history.wayback.append(first)
            if index % 3 == 0:
                later = _utc(published) + timedelta(days=400, hours=index)
                history.wayback.append(page_snapshot(new_url, later, page.body, page.content_type))
        if published < OLD_HOST_UNTIL and index % 2 == 0:
            old_url = ZGJSSW_OLD + article.path
            at = _utc(published) + timedelta(days=2, hours=index % 5)
            history.wayback.append(page_snapshot(old_url, at, page.body, page.content_type))
        if index == 5:
            # Newer than its good captures, on the old host: an error page served with a 200.
            at = _utc(published) + timedelta(days=900)
            history.wayback.append(
                Snapshot(
                    ZGJSSW_OLD + article.path,
                    at,
                    200,
                    "text/html; charset=utf-8",
                    ERROR_PAGE,
                    "error_page",
                )
            )
        crawls = _crawls_after(published)
        if index % 4 != 1 and crawls:  # Common Crawl lacks every fourth (another one)
            chosen = crawls[: 2 if index % 6 == 0 else 1]
            for crawl in chosen:
                at = _crawl_time(crawl, index)
                crawl_snapshots[crawl.id].append(
                    page_snapshot(new_url, at, page.body, page.content_type)
                )
                if published < OLD_HOST_UNTIL and index % 5 == 0:
                    old_at = at + timedelta(minutes=7)
                    crawl_snapshots[crawl.id].append(
                        page_snapshot(
                            ZGJSSW_OLD + article.path, old_at, page.body, page.content_type
                        )
                    )

    # zgjssw's older URL form: archives only, on the old host.
    for index, (spec, truth) in enumerate(old):
        template = TEMPLATES[truth.template]
        body = render_page(spec, truth.template)
        url = ZGJSSW_OLD + truth.path
        written[SOURCES["zgjssw"].article_id(truth.path)] = truth
        at = _utc(spec.published_at) + timedelta(days=3)
        history.wayback.append(page_snapshot(url, at, body, template.content_type))
        crawls = _crawls_after(spec.published_at)
        if index % 2 == 0 and crawls:
            crawl = crawls[0]
            crawl_snapshots[crawl.id].append(
                page_snapshot(url, _crawl_time(crawl, index), body, template.content_type)
            )

    # The other sources' articles.
    for name, section in sorted(sections.items()):
        source = SOURCES[name]
        for index, article in enumerate(sorted(section.articles, key=lambda a: a.published_at)):
            page = site.pages[article.path]
            url = HOSTS[name] + article.path
            written[source.article_id(article.path)] = article
            in_wayback = name == "yznews" or index % 2 == 0
            if in_wayback:
                at = _utc(article.published_at) + timedelta(days=1, minutes=index)
                history.wayback.append(page_snapshot(url, at, page.body, page.content_type))
            crawls = _crawls_after(article.published_at)
            if crawls and (not in_wayback or index % 2 == 1 or name == "jsnews"):
                crawl = crawls[0]
                crawl_snapshots[crawl.id].append(
                    page_snapshot(url, _crawl_time(crawl, index + 40), page.body, page.content_type)
                )

    # Captures that are not articles.
    unreadable_url = ZGJSSW_NEW + ERROR_ONLY_PATH
    history.unreadable.add(SOURCES["zgjssw"].article_id(ERROR_ONLY_PATH))
    history.wayback.append(
        Snapshot(
            unreadable_url,
            datetime(2019, 5, 12, 3, tzinfo=UTC),
            200,
            "text/html; charset=utf-8",
            ERROR_PAGE,
            "error_page",
        )
    )
    list_page = site.pages[list_path(0)]
    image_url = f"{ZGJSSW_NEW}{COLUMN_PATH}202010/W020201022335612345678.jpg"
    for host in (ZGJSSW_NEW, ZGJSSW_OLD):
        history.wayback.append(
            Snapshot(
                host + list_path(0),
                datetime(2020, 11, 2, 8, tzinfo=UTC),
                200,
                list_page.content_type,
                list_page.body,
                "list",
            )
        )
        history.wayback.append(
            Snapshot(
                host + COLUMN_PATH,
                datetime(2020, 11, 2, 9, tzinfo=UTC),
                200,
                list_page.content_type,
                list_page.body,
                "list",
            )
        )
    history.wayback.append(
        Snapshot(
            image_url,
            datetime(2020, 10, 23, 1, tzinfo=UTC),
            200,
            "image/jpeg",
            IMAGE_BYTES,
            "image",
        )
    )
    robots = site.pages[ROBOTS_PATH]
    c2021 = crawl_snapshots["CC-MAIN-2021-04"]
    c2021.append(
        Snapshot(
            ZGJSSW_NEW + ROBOTS_PATH,
            _crawl_time(CRAWLS[2], 1),
            200,
            "text/plain",
            robots.body,
            "robots",
        )
    )
    c2021.append(
        Snapshot(image_url, _crawl_time(CRAWLS[2], 2), 200, "image/jpeg", IMAGE_BYTES, "image")
    )
    c2021.append(
        Snapshot(
            ZGJSSW_NEW + list_path(1),
            _crawl_time(CRAWLS[2], 3),
            200,
            list_page.content_type,
            site.pages[list_path(1)].body,
            "list",
        )
    )

    # A redirect record: in 2022 the old host sends an article to the new one.
    redirected = next(
        a for a in column if a.published_at < OLD_HOST_UNTIL and a.published_at.year == 2020
    )
    c2022 = crawl_snapshots["CC-MAIN-2022-05"]
    c2022.append(
        Snapshot(
            ZGJSSW_OLD + redirected.path,
            _crawl_time(CRAWLS[3], 4),
            301,
            "text/html",
            b"<html><body>Moved Permanently</body></html>",
            "redirect",
            location=ZGJSSW_NEW + redirected.path,
        )
    )

    # A revisit record: the 2026 crawl found a 2024 capture's page unchanged.
    earlier = next(
        s
        for s in crawl_snapshots["CC-MAIN-2024-10"]
        if s.kind == "article" and s.url.startswith(ZGJSSW_NEW)
    )
    crawl_snapshots["CC-MAIN-2026-08"].append(
        Snapshot(
            earlier.url,
            _crawl_time(CRAWLS[7], 5),
            200,
            earlier.content_type,
            b"",
            "revisit",
            refers_to=earlier,
        )
    )
    history.commoncrawl = crawl_snapshots
    # The truth is of the articles held as pages: the newest ones, in no archive yet, are not.
    history.truth = {
        article_id: written[article_id] for article_id in history.article_ids(history.snapshots())
    }
    history.not_archived = {k: v for k, v in written.items() if k not in history.truth}
    return history


def forget_older(site: SampleSite, keep: int) -> list[str]:
    """The live site as it is years later: its list shows only its newest page, and the
    article pages older than its newest `keep` are gone (404). Returns the paths gone."""
    gone = [article.path for article in site.articles[keep:]]
    for path in gone:
        del site.pages[path]
    specs = site.specs[: site.page_size]
    for index in range(1, len(site.list_paths())):
        del site.pages[list_path(index)]
    site.pages[list_path(0)] = render_list_page(specs, 0, 1)
    site.pages[COLUMN_PATH] = render_list_page(specs, 0, 1)
    return gone
