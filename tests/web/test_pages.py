"""The HTML pages over HTTP against the real uvicorn: what each shows, read from the markup."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from parsers.gazetteer import Gazetteer
from tests.web.conftest import Archive, LiveServer

PAGES = (
    "/",
    "/?q=新质生产力",
    "/?q=市长&sort=date&offset=20&limit=10",
    "/trend",
    "/trend?term=新质生产力&term=二次创业&by=year",
    "/trend?term=开发园区&by=month&measure=count&since=2022-01-01",
    "/people",
    "/people?name=张宝娟",
    "/emerging",
    "/health",
)


def page(web: LiveServer, path: str) -> BeautifulSoup:
    response = web.get(path)
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return BeautifulSoup(response.content, "lxml")


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select(selector)
    assert len(found) == 1, (selector, len(found))
    return found[0]


def test_every_page_answers_with_a_titled_accessible_document(web: LiveServer) -> None:
    for path in PAGES:
        soup = page(web, path)
        assert soup.html is not None and soup.html["lang"] == "zh-CN"
        assert soup.title is not None and "扬州日报档案" in soup.title.text
        assert soup.select_one("main#main") is not None
        assert soup.select_one("nav[aria-label] a[aria-current=page]") is not None
        for field in soup.select("input:not([type=hidden]), select"):
            labelled = field.find_parent("label") or soup.select(f"label[for='{field.get('id')}']")
            assert labelled, (path, str(field))


def test_search_page_lists_hits_with_marked_snippets_and_links(
    web: LiveServer, archive: Archive
) -> None:
    # copies=1: every copy of a story a hit of its own, as the articles are counted here.
    soup = page(web, "/?" + urlencode({"q": "新质生产力", "limit": 50, "copies": 1}))
    matching = [a for a in archive.articles if "新质生产力" in archive.text(a)]
    assert one(soup, "#total").text == str(len(matching))
    hits = soup.select("ol.hits > li.hit")
    assert len(hits) == min(50, len(matching))
    titles = {archive.article_id(a): a for a in matching}
    for hit in hits:
        link = one(hit, "h3 a")
        article_id = link["href"].removeprefix("/article/")
        truth = titles[article_id]
        assert link.text == truth.title
        meta = one(hit, "p.meta").text
        assert f"{truth.published_at:%Y-%m-%d %H:%M}" in meta
        assert (truth.source or "来源未注明") in meta
        for reporter in truth.reporters:
            assert reporter in meta
        marks = [m.text for m in hit.select("p.snippet mark")]
        assert marks and set(marks) == {"新质生产力"}
    facets = {h2.text: h2.find_next("ul") for h2 in soup.select("aside.facets h2")}
    assert set(facets) == {"按年份", "按来源", "按站点"}
    year_counts = {a.text: int(a.find_next("span").text) for a in facets["按年份"].select("a")}
    assert sum(year_counts.values()) == len(matching)


def test_facet_links_filter_and_the_filtered_total_is_the_facet_count(web: LiveServer) -> None:
    soup = page(web, "/?q=市长")
    for link in soup.select("aside.facets a")[:6]:
        count = int(link.find_next("span", class_="count").text)
        filtered = page(web, str(link["href"]))
        assert one(filtered, "#total").text == str(count)
        assert filtered.select("a.chip")  # the filter is shown, with a link that removes it


def test_pagination_walks_the_result_and_sort_by_date_orders_it(
    web: LiveServer, archive: Archive
) -> None:
    matching = {archive.article_id(a) for a in archive.articles if "市长" in archive.text(a)}
    seen: list[str] = []
    path: str | None = "/?q=市长&sort=date&limit=20&copies=1"
    dates: list[str] = []
    while path:
        soup = page(web, path)
        seen += [str(a["href"]).removeprefix("/article/") for a in soup.select("li.hit h3 a")]
        dates += [str(t["datetime"]) for t in soup.select("li.hit time")]
        following = soup.select_one("nav.pager a[rel=next]")
        path = str(following["href"]) if following else None
    assert sorted(seen) == sorted(matching) and len(seen) == len(set(seen))
    assert dates == sorted(dates, reverse=True)


def test_csv_is_the_whole_result_in_utf8_with_a_bom(web: LiveServer, archive: Archive) -> None:
    response = web.get("/search.csv?" + urlencode({"q": "市长", "sort": "date", "copies": 1}))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    matching = {archive.article_id(a): a for a in archive.articles if "市长" in archive.text(a)}
    assert {row["article_id"] for row in rows} == set(matching) and len(rows) == len(matching)
    for row in rows:
        truth = matching[row["article_id"]]
        assert row["title"] == truth.title and row["reporters"] == "/".join(truth.reporters)
    assert [row["published_at"] for row in rows] == sorted(
        (row["published_at"] for row in rows), reverse=True
    )


def test_article_page_shows_every_field_with_roles_apart(web: LiveServer, archive: Archive) -> None:
    truth = archive.zgjssw[len(archive.zgjssw) // 2]
    soup = page(web, "/article/" + quote(archive.article_id(truth), safe=":/"))
    assert one(soup, "h1#article-title").text == truth.title
    assert one(soup, "#source").text == (truth.source or "—")
    assert one(soup, "#dateline").text == (truth.dateline or "—")
    assert one(soup, "#reporters").text == ("、".join(truth.reporters) or "—")
    assert one(soup, "#correspondents").text == ("、".join(truth.correspondents) or "—")
    assert one(soup, "#editors").text == ("、".join(truth.editors) or "—")
    assert one(soup, "#author").text == (truth.author or "—")
    assert one(soup, "#published_at time")["datetime"] == truth.published_at.isoformat()
    assert one(soup, "#url a")["href"] == archive.url(truth)
    assert [p.text for p in soup.select("#body p")] == list(truth.paragraphs)
    assert soup.select("#keywords-tfidf a") and soup.select("#keywords-textrank a")


def test_article_page_shows_people_places_copies_and_versions(
    web: LiveServer, archive: Archive
) -> None:
    from tests.sample_site.yznews import cross_posted_paths

    paper, portal = cross_posted_paths()[0]
    soup = page(web, "/article/" + quote(f"zgjssw:{paper}", safe=":/"))
    copy = one(soup, "#story-copies a")
    assert copy["href"] == "/article/" + quote(f"yznews:{portal}", safe=":/")
    seed = next(a for a in archive.zgjssw if "市长张宝娟" in a.body)
    mayor = page(web, "/article/" + quote(archive.article_id(seed), safe=":/"))
    assert "张宝娟（市长）" in [li.text for li in mayor.select("#people li")]
    places = [a.text for a in mayor.select("#places a")]
    # A place is shown under the name it is counted by (扬州经济技术开发区 -> 扬州经开区).
    gazetteer = Gazetteer.from_data_files()
    written = {gazetteer.canonical(n) for n in gazetteer.names if n in archive.text(seed)}
    assert places and set(places) <= written
    corrected = page(web, "/article/" + quote(archive.corrected_id, safe=":/"))
    versions = corrected.select("details.version")
    assert len(versions) == 1 and "更正" not in versions[0].text
    assert "更正" in one(corrected, "#body").text


def test_trend_page_draws_one_line_per_term_and_tabulates_every_period(
    web: LiveServer, archive: Archive
) -> None:
    soup = page(web, "/trend?term=新质生产力&term=二次创业&term=开发园区&by=year")
    svg = one(soup, "figure svg.chart")
    assert svg["role"] == "img" and svg.find("title")
    series = svg.select("g.series")
    assert [g["data-term"] for g in series] == ["新质生产力", "二次创业", "开发园区"]
    assert all(len(g.select("polyline.line")) == 1 for g in series)
    years = sorted({a.published_at.year for a in archive.articles})
    rows = soup.select("#trend-table tbody tr")
    assert [r.th.contents[0].strip() for r in rows] == [str(y) for y in years]
    # The newest year is not over (the app's clock is the newest article's day): marked.
    assert [r.th.contents[0].strip() for r in rows if "partial" in r.get("class", [])] == [
        str(years[-1])
    ]
    assert svg.select("g.partial-band") and all(g.select("polyline.partial") for g in series)
    first = [r.select("td")[0].text for r in rows]
    assert all("/" in cell and "%" in cell for cell in first)
    assert len(svg.select("g.legend-item")) == 4  # three terms and the partial mark


def test_trend_csv_has_every_point(web: LiveServer) -> None:
    response = web.get("/trend.csv?term=新质生产力&term=二次创业&by=quarter")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    api = web.json("/api/trend?term=新质生产力&term=二次创业&by=quarter")
    assert [(r["term"], r["period"], int(r["articles"])) for r in rows] == [
        (p["term"], p["period"], p["articles"]) for p in api["points"]
    ]
    assert [r["period"] for r in rows if r["partial"]] == [
        p["period"] for p in api["partial_periods"]
    ] * 2


def test_people_emerging_and_health_pages(web: LiveServer) -> None:
    people = page(web, "/people?name=张宝娟")
    assert [td.text for td in people.select("#people-table tbody tr td")][:1] == ["市长"]
    assert people.select("figure svg.timeline g.span")
    emerging = page(web, "/emerging?since=2023-01-01&min_stories=2")
    terms = [th.text.strip() for th in emerging.select("#emerging-table tbody th")]
    assert "新质生产力" in terms
    health = page(web, "/health")
    assert {h3.select_one(".verdict").text for h3 in health.select(".site-health h3")} <= {
        "正常",
        "注意",
        "异常",
    }
    assert len(health.select(".site-health")) == 2
    assert health.select("#runs-table tbody tr")


def test_links_keep_the_query_and_filters(web: LiveServer) -> None:
    soup = page(web, "/?q=市长&source=扬州日报&since=2020-01-01&limit=10")
    following = one(soup, "nav.pager a[rel=next]")
    values = parse_qs(urlsplit(str(following["href"])).query)
    assert values == {
        "q": ["市长"],
        "since": ["2020-01-01"],
        "source": ["扬州日报"],
        "sort": ["relevance"],
        "limit": ["10"],
        "offset": ["10"],
    }
    csv_link = one(soup, "a.csv")
    assert parse_qs(urlsplit(str(csv_link["href"])).query)["source"] == ["扬州日报"]


def test_a_story_on_two_sites_is_one_hit_with_its_copy_beside_it(
    web: LiveServer, archive: Archive
) -> None:
    """Issue 24 item 6: search lists a story once; its copy on 扬州网 is named and linked."""
    from tests.sample_site.yznews import cross_posted_paths

    paper, portal = cross_posted_paths()[0]
    title = next(a.title for a in archive.zgjssw if a.path == paper)
    soup = page(web, "/?" + urlencode({"q": title, "limit": 100}))
    hits = [hit for hit in soup.select("ol.hits > li.hit") if one(hit, "h3 a").text == title]
    assert len(hits) == 1
    copies = hits[0].select("p.copies a")
    assert [a.text for a in copies] == ["扬州网"]
    linked = {str(a["href"]).removeprefix("/article/") for a in copies} | {
        str(one(hits[0], "h3 a")["href"]).removeprefix("/article/")
    }
    assert linked == {f"zgjssw:{paper}", f"yznews:{portal}"}
    separately = page(web, "/?" + urlencode({"q": title, "limit": 100, "copies": 1}))
    titles = [one(hit, "h3 a").text for hit in separately.select("ol.hits > li.hit")]
    assert titles.count(title) == 2


LINKED_PAGES = (
    "/?q=新质生产力",
    "/trend?term=新质生产力&by=year",
    "/kwic?term=新质生产力",
    "/collocates?term=新质生产力",
    "/entities?kind=place",
    "/people?role=市长&timeline=1",
    "/emerging",
    "/health",
)


@pytest.mark.parametrize("path", LINKED_PAGES)
def test_every_page_links_its_json_and_csv(web: LiveServer, path: str) -> None:
    """Issue 27 item 2: what a page shows can be taken away: its JSON and its CSV, linked
    from it, answer 200 (the same answer, as tests/web/test_renderers.py shows)."""
    soup = page(web, path)
    links = [str(a["href"]) for a in soup.select("main a[href]")]
    api = [link for link in links if link.startswith("/api/")]
    csv_links = [link for link in links if ".csv" in link.split("?")[0]]
    assert api and csv_links, (path, links)
    for link in (api[0], csv_links[0]):
        assert web.get(link).status_code == 200, link


def test_search_and_article_pages_lead_to_a_terms_context(
    web: LiveServer, archive: Archive
) -> None:
    soup = page(web, "/?" + urlencode({"q": "新质生产力 二次创业"}))
    kwic = {str(a["href"]) for a in soup.select("a.kwic-link")}
    assert kwic == {"/kwic?" + urlencode({"term": w}) for w in ("新质生产力", "二次创业")}
    article = page(web, "/article/" + quote(archive.article_id(archive.zgjssw[3]), safe=":/"))
    keyword_links = article.select("p.keywords a.kwic-link")
    assert keyword_links
    followed = page(web, str(keyword_links[0]["href"]))
    assert followed.select("#kwic-table tbody tr")  # the keyword in its contexts
