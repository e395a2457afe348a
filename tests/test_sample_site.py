"""The sample site and its server: pages, encodings, ground truth, keep-alive, the generator."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from bs4 import BeautifulSoup

from tests.sample_site.fixtures import save_fixtures
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import SampleServer
from tests.sample_site.site import (
    COLUMN_PATH,
    Page,
    SampleArticle,
    SampleSite,
    build_site,
    default_specs,
)
from tests.sample_site.templates import TEMPLATES, UNSEEN_TEMPLATES

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = "/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
SEED_EXPECTED = ROOT / "tests" / "fixtures" / "seed" / "000_a3c0c7b5f9c8f680.expected.json"
ARTICLE_PATH = re.compile(r"^/shixianchuanzhen/yangzhou/(\d{6})/t(\d{8})_(\d{7})\.shtml$")


@pytest.fixture(scope="module")
def site() -> SampleSite:
    return build_site()


@pytest.fixture(scope="module")
def server(site: SampleSite) -> Iterator[SampleServer]:
    with SampleServer(site) as running:
        yield running


def page_text(page: Page, encoding: str) -> str:
    """The page's visible text, NFKC-normalised, whitespace runs as one space."""
    soup = BeautifulSoup(page.body.decode(encoding), "lxml")
    for tag in soup(["script", "style"]):
        tag.decompose()
    text = unicodedata.normalize("NFKC", soup.get_text(""))
    return re.sub(r"\s+", " ", text)


def list_links(page: Page) -> list[tuple[str, str, str]]:
    """(href, anchor text, span text) of the list items in div.newslist."""
    soup = BeautifulSoup(page.body.decode("utf-8"), "lxml")
    found = []
    for item in soup.select("div.newslist > ul > li"):
        anchor, span = item.find("a", href=True), item.find("span")
        assert anchor is not None and span is not None
        found.append((str(anchor["href"]), anchor.get_text(), span.get_text()))
    return found


# --- the server --------------------------------------------------------------------------------


def test_serves_list_pages_and_articles_with_their_bytes_and_headers(
    server: SampleServer, site: SampleSite
) -> None:
    for path in [*site.list_paths(), *(a.path for a in site.articles)]:
        response = requests.get(server.base_url + path, timeout=5)
        page = site.pages[path]
        assert response.status_code == 200, path
        assert response.content == page.body
        assert response.headers["Content-Type"] == page.content_type
        assert response.headers["Content-Length"] == str(len(page.body))


def test_head_sends_headers_only(server: SampleServer, site: SampleSite) -> None:
    response = requests.head(server.base_url + SEED_PATH, timeout=5)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["Content-Length"] == str(len(site.pages[SEED_PATH].body))
    assert response.headers["Content-Type"] == "text/html"


def test_404_past_the_last_list_page_and_for_unknown_paths(
    server: SampleServer, site: SampleSite
) -> None:
    last = len(site.list_paths())
    assert last == 6  # 55 articles, 10 per page
    for path in (
        f"{COLUMN_PATH}index_{last}.shtml",
        f"{COLUMN_PATH}202010/t20201022_1234567.shtml",
        "/yaowen/",
    ):
        response = requests.get(server.base_url + path, timeout=5)
        assert response.status_code == 404, path
        assert b"404" in response.content
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"


def test_column_root_serves_the_first_list_page(server: SampleServer, site: SampleSite) -> None:
    response = requests.get(server.base_url + COLUMN_PATH, timeout=5)
    assert response.content == site.pages[site.list_paths()[0]].body


def test_robots_txt_disallows_private_only(server: SampleServer, site: SampleSite) -> None:
    response = requests.get(server.base_url + "/robots.txt", timeout=5)
    assert response.headers["Content-Type"] == "text/plain"
    assert "Disallow: /private/" in response.text.splitlines()
    assert "/private/" not in "".join(
        site.pages[path].body.decode("utf-8") for path in site.list_paths()
    )


def test_keep_alive_reuses_one_connection(server: SampleServer, site: SampleSite) -> None:
    before = len(server.requests)
    with requests.Session() as session:
        first = session.get(server.base_url + site.list_paths()[0], timeout=5)
        second = session.get(server.base_url + SEED_PATH, timeout=5)
        third = session.get(server.base_url + "/missing.shtml", timeout=5)
    assert first.raw.version == 11
    assert "close" not in first.headers.get("Connection", "").lower()
    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 404)
    ports = {r.client_port for r in server.requests[before:]}
    assert len(ports) == 1, "every request of the session came over the same TCP connection"


def test_records_every_request(server: SampleServer) -> None:
    before = len(server.requests)
    requests.get(server.base_url + SEED_PATH + "?q=1", headers={"User-Agent": "t/1"}, timeout=5)
    requests.head(server.base_url + "/nothing", timeout=5)
    recorded = server.requests[before:]
    assert [(r.method, r.path, r.status) for r in recorded] == [
        ("GET", SEED_PATH, 200),
        ("HEAD", "/nothing", 404),
    ]
    assert recorded[0].target == SEED_PATH + "?q=1"
    assert recorded[0].headers["User-Agent"] == "t/1"
    assert recorded[0].time <= recorded[1].time


def test_set_site_publishes_new_articles() -> None:
    specs = default_specs()
    with SampleServer(build_site(specs[:-3])) as running:
        newest = specs[-1]
        assert requests.get(running.base_url + newest.path, timeout=5).status_code == 404
        running.set_site(build_site(specs))
        assert requests.get(running.base_url + newest.path, timeout=5).status_code == 200
        index = requests.get(running.base_url + COLUMN_PATH + "index.shtml", timeout=5)
        assert newest.title in index.content.decode("utf-8")
        assert running.site.articles[0].path == newest.path


def test_a_deleted_page_is_404_but_stays_listed() -> None:
    broken = build_site()
    victim = broken.articles[3].path
    del broken.pages[victim]
    with SampleServer(broken) as running:
        assert requests.get(running.base_url + victim, timeout=5).status_code == 404
    first_list = broken.pages[broken.list_paths()[0]]
    assert victim in {urljoin(COLUMN_PATH, href) for href, _, _ in list_links(first_list)}


def test_module_entry_point_serves_until_stopped() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sample_site", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        assert match, line
        response = requests.get(match.group(1) + COLUMN_PATH + "index.shtml", timeout=5)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- list pages --------------------------------------------------------------------------------


def test_list_links_resolve_to_every_served_article_newest_first(site: SampleSite) -> None:
    listed: list[str] = []
    videos = 0
    for path in site.list_paths():
        base = "http://127.0.0.1:1" + path
        for href, title, when in list_links(site.pages[path]):
            url = urljoin(base, href)
            if urlsplit(url).netloc != "127.0.0.1:1":
                videos += 1
                assert href.startswith("http://v.jschina.com.cn/")
                continue
            assert href.startswith("./") and re.fullmatch(r"\d{4}-\d{2}-\d{2}  \d{2}:\d{2}", when)
            article = site.article(urlsplit(url).path)
            assert title == article.title or unicodedata.normalize("NFKC", title) == article.title
            assert when == f"{article.published_at:%Y-%m-%d  %H:%M}"
            listed.append(article.path)
    assert listed == [a.path for a in site.articles]
    assert [a.published_at for a in site.articles] == sorted(
        (a.published_at for a in site.articles), reverse=True
    )
    assert videos >= 1
    assert all(len(list_links(site.pages[p])) >= 10 for p in site.list_paths()[:-1])


# --- articles and their truth ------------------------------------------------------------------


def test_article_urls_carry_the_publication_date_and_growing_ids(site: SampleSite) -> None:
    oldest_first = list(reversed(site.articles))
    for article in oldest_first:
        match = ARTICLE_PATH.match(article.path)
        assert match, article.path
        assert match.group(1) == f"{article.published_at:%Y%m}"
        assert match.group(2) == f"{article.published_at:%Y%m%d}"
        assert match.group(3) == article.id
        assert article.url_path == article.path
    ids = [int(a.id) for a in oldest_first]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert {a.published_at.year for a in site.articles} == set(range(2019, 2027))


def test_every_template_is_used_by_several_articles(site: SampleSite) -> None:
    used = Counter(a.template for a in site.articles)
    assert set(used) == set(TEMPLATES)
    assert min(used.values()) >= 4, used
    assert len(UNSEEN_TEMPLATES) >= 2


def test_truth_strings_appear_in_the_page_text(site: SampleSite) -> None:
    for article in site.articles:
        text = page_text(site.pages[article.path], article.encoding)
        where = f"{article.template} {article.path}"
        assert article.title in text, where
        for paragraph in article.paragraphs:
            assert paragraph in text, (where, paragraph)
        for name in (*article.editors, *(n for n in [article.author, article.source] if n)):
            assert name in text, (where, name)
        if article.dateline:
            assert article.dateline in text.replace(" ", ""), where
        squeezed = text.replace(" ", "")
        for name in (*article.reporters, *article.correspondents):
            assert name in squeezed, (where, name)


def test_truth_is_normalised_and_the_byline_is_not_body(site: SampleSite) -> None:
    for article in site.articles:
        for text in (article.title, *article.paragraphs):
            assert text == unicodedata.normalize("NFKC", text).strip()
            assert not re.search(r"[，：（）]|\s{2,}", text), text
        first = article.paragraphs[0]
        assert not first.startswith(("本报讯", "扬州网讯", "本报记者", "(记者", "交汇点讯"))
        assert article.dateline is None or article.dateline not in first[:20]


def test_every_byline_and_footer_case_occurs(site: SampleSite) -> None:
    datelines = {a.dateline for a in site.articles}
    assert {
        "本报讯",
        "扬州网讯",
        "新华社南京1月5日电",
        "中国江苏网5月2日讯",
        "交汇点讯",
        None,
    } <= datelines
    assert {"扬州日报", "扬州网", "新华日报", "中新网江苏", "新华社", None} <= {
        a.source for a in site.articles
    }
    by_title = {a.title: a for a in site.articles}
    assert by_title["“五一”假期扬州接待游客量创新高"].reporters == ("汪滢",)
    assert by_title["高邮:“鸭蛋经济”带富一方百姓"].correspondents == ("邮宣", "张晨")
    assert by_title["高邮:“鸭蛋经济”带富一方百姓"].editors == ("张慰", "崔欣")
    assert by_title["扬州高新区科创载体建设跑出“加速度”"].reporters == ("吴一鸣", "李想")
    assert by_title["扬州高新区科创载体建设跑出“加速度”"].author == "吴一鸣"
    # Photo credits: after the byline's names, each name once.
    assert by_title["宝应高标准农田建设助力乡村振兴"].reporters == ("朝晖", "俊杰")
    assert by_title["扬州“公园城市”建设再添新景"].reporters == ("静怡",)
    assert by_title["江都长江生态修复工程通过验收"].correspondents == ("都宣",)
    # No dateline and no byline: the photo credit is the only one.
    assert by_title["市长张宝娟走访慰问困难群众"].reporters == ("陆晨阳",)
    assert by_title["市长张宝娟走访慰问困难群众"].paragraphs[0].startswith("1月5日上午,市长")
    assert by_title["邗江城市绿道串起“美丽风景线”"].paragraphs[0].startswith("记者从")
    own_line = site.pages[by_title["邗江城市绿道串起“美丽风景线”"].path].body.decode("gb18030")
    assert re.search("<p[^>]*>[^<]*本报记者[ 　]静怡</p>", own_line)
    tight = site.pages[by_title["运河三湾生态文化公园迎来客流高峰"].path].body.decode("gb18030")
    assert "扬州网讯(记者 薛舒文)" in tight


def test_seed_truth_is_the_stored_seed(site: SampleSite) -> None:
    seed = site.article(SEED_PATH)
    assert (seed.id, seed.template, seed.encoding) == ("6842645", "trs2019", "gb18030")
    assert seed.published_at == datetime(2020, 10, 22, 8, 48)
    assert (seed.source, seed.dateline, seed.author) == ("扬州日报", "本报讯", None)
    assert (seed.reporters, seed.correspondents, seed.editors) == (
        ("邹平", "世春", "刘宁"),
        (),
        ("马丽花",),
    )
    assert seed.paragraphs[0].startswith("昨天,市委市政府召开")
    if not SEED_EXPECTED.exists():
        pytest.skip("no stored seed fixture in this checkout")
    stored = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    assert list(seed.paragraphs) == stored["paragraphs"]
    assert seed.title == stored["title"]


# --- encodings ---------------------------------------------------------------------------------


def test_trs_page_is_gb18030_declared_gb2312_in_meta_only(site: SampleSite) -> None:
    page = site.pages[SEED_PATH]
    assert page.content_type == "text/html"
    assert b'content="text/html; charset=gb2312"' in page.body
    text = page.body.decode("gb18030")
    assert "夏心旻" in text
    with pytest.raises(UnicodeDecodeError):
        page.body.decode("utf-8")
    # 旻 is GBK-only: a decoder that believes the gb2312 label fails on it.
    with pytest.raises(UnicodeDecodeError):
        page.body.decode("gb2312")


def test_declared_encodings_per_template(site: SampleSite) -> None:
    for article in site.articles:
        page = site.pages[article.path]
        head = page.body[:2048]
        if article.template == "table_gbk":
            assert page.content_type == "text/html; charset=GBK"
            assert b"charset" not in head
            page.body.decode("gbk")
        elif article.template == "nested_cms":
            assert "charset" not in page.content_type
            assert b"charset=utf-8" in head
        elif article.template == "html5_article":
            assert page.body.startswith(b"\xef\xbb\xbf")
        elif article.template in ("ueditor2021", "modern2024"):
            assert page.content_type.lower() == "text/html; charset=utf-8"
        page.body.decode(article.encoding)


def test_sidebars_carry_other_titles_with_the_articles_date(site: SampleSite) -> None:
    article = site.templates["ueditor2021"][0]
    html = site.pages[article.path].body.decode("utf-8")
    day = f"{article.published_at:%Y-%m-%d}"
    sidebar = html[html.index("热点新闻") : html.index("art-tit")]
    assert f"<span>{day}</span>" in sidebar
    assert re.search(rf"<span>{day} \d\d:\d\d:\d\d</span>", sidebar)
    assert html.index("热点新闻") < html.index("TRS_UEDITOR")


# --- fixtures and the generator ------------------------------------------------------------------


def test_save_fixtures_writes_a_page_and_truth_per_template(
    tmp_path: Path, site: SampleSite
) -> None:
    written = save_fixtures(tmp_path, site)
    assert len(written) == 2 * len(TEMPLATES)
    for name in TEMPLATES:
        expected = json.loads((tmp_path / f"{name}.expected.json").read_text(encoding="utf-8"))
        article: SampleArticle = site.article(urlsplit(expected["url"]).path)
        assert article.template == name
        assert expected["url"] == "https://www.zgjssw.gov.cn" + article.path
        assert (tmp_path / f"{name}.html").read_bytes() == site.pages[article.path].body
        assert expected["published_at"] == article.published_at.isoformat()
        assert expected["paragraphs"] == list(article.paragraphs)
        assert (expected["site"], expected["column"]) == ("zgjssw", "扬州")
        assert set(expected) == {
            "url",
            "site",
            "title",
            "published_at",
            "source",
            "dateline",
            "reporters",
            "correspondents",
            "editors",
            "author",
            "paragraphs",
            "column",
            "kicker",
            "subtitle",
        }
        assert (expected["kicker"], expected["subtitle"]) == (article.kicker, article.subtitle)


def test_generate_articles_is_deterministic_and_unique() -> None:
    first = generate_articles(1000)
    assert first == generate_articles(1000)
    assert first != generate_articles(1000, seed=1)
    assert len({s.path for s in first}) == len({s.title for s in first}) == 1000
    assert all(datetime(2019, 1, 1) <= s.published_at <= datetime(2026, 11, 1) for s in first)
    # 新质生产力 enters late 2023 and grows.
    per_year = Counter(s.published_at.year for s in first if "新质生产力" in "".join(s.paragraphs))
    assert min(s.published_at for s in first if "新质生产力" in "".join(s.paragraphs)) >= datetime(
        2023, 9, 15
    )
    assert per_year[2025] > per_year[2023]
    sizes = [len("".join(s.paragraphs).encode("utf-8")) for s in first]
    assert min(sizes) >= 1000 and max(sizes) <= 3000

    site = build_site(first, page_size=20)
    assert len(site.list_paths()) == 50
    assert set(Counter(a.template for a in site.articles)) == set(TEMPLATES)
    assert len({a.dateline for a in site.articles}) > 20  # wire datelines carry their day
    for article in site.articles[::97]:
        text = page_text(site.pages[article.path], article.encoding)
        assert all(p in text for p in article.paragraphs), article.path


def test_generate_articles_respects_the_window() -> None:
    specs = generate_articles(50, seed=3, start=datetime(2024, 1, 1), end=datetime(2024, 3, 1))
    assert all(datetime(2024, 1, 1) <= s.published_at <= datetime(2024, 3, 1) for s in specs)
    with pytest.raises(ValueError):
        generate_articles(5, start=datetime(2024, 1, 1), end=datetime(2023, 1, 1))
