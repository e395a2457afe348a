"""The JSON API over HTTP against the real uvicorn: the same answers as the CLI's `--json` on
the same warehouse, and search totals and facets against the sample site's truth."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from parsers.query import parse_query
from tests.sample_site.site import SampleArticle
from tests.web.conftest import Archive, LiveServer

HIT_KEYS = {
    *("url", "title", "published_at", "source", "score", "snippet", "match", "article_id"),
    *("site", "reporters", "copies"),
}


def api(path: str, **values: Any) -> str:
    pairs = [
        (k, v)
        for k, value in values.items()
        for v in (value if isinstance(value, list) else [value])
    ]
    return f"{path}?{urlencode(pairs)}" if pairs else path


@pytest.mark.parametrize(
    ("query", "cli_flags", "api_values"),
    [
        ("新质生产力", (), {}),
        ("二次创业", ("--limit", "5"), {"limit": 5}),
        ("开发园区 二次创业", ("--limit", "1000"), {"limit": 1000}),
        ("新型储能", ("--limit", "1000"), {"limit": 1000}),  # split by the tokenizer: a phrase
        ("市长", ("--limit", "1000"), {"limit": 1000}),  # text hits inside 副市长 too
        ("园", ("--limit", "50"), {"limit": 50}),  # no term at all: text hits only
        (
            "市长",
            ("--source", "扬州日报", "--limit", "1000"),
            {"source": "扬州日报", "limit": 1000},
        ),
        ("市长", ("--reporter", "若溪", "--limit", "1000"), {"reporter": "若溪", "limit": 1000}),
        (
            "新质生产力",
            ("--since", "2024-01-01", "--until", "2025-06-30", "--limit", "1000"),
            {"since": "2024-01-01", "until": "2025-06-30", "limit": 1000},
        ),
    ],
)
def test_search_hits_are_the_cli_json(
    web: LiveServer,
    yzdaily_json: Any,
    query: str,
    cli_flags: tuple[str, ...],
    api_values: dict[str, Any],
) -> None:
    found = yzdaily_json("search", *query.split(), *cli_flags)
    cli = found["hits"]
    answer = web.json(api("/api/search", q=query, **api_values))
    assert answer["hits"] == cli  # one answer, rendered once as JSON (answers/search.py)
    assert all(set(hit) == HIT_KEYS for hit in answer["hits"])
    assert answer["total"] == found["total"] >= len(cli)
    assert answer["total"] == len(cli) or len(cli) == answer["limit"]


@pytest.mark.parametrize(
    "query", ["新质生产力 OR 低空经济", "新质生产力 -二次创业", '"开发 园区" OR 低空经济 -扬州']
)
def test_search_syntax_finds_the_whole_result_as_the_cli_does(
    web: LiveServer, archive: Archive, yzdaily_json: Any, query: str
) -> None:
    parsed = parse_query(query)

    def meets(article: SampleArticle) -> bool:
        text = archive.text(article).lower()
        return all(any(p in text for p in clause) for clause in parsed.clauses) and not any(
            p in text for p in parsed.excluded
        )

    expected = {archive.article_id(a) for a in archive.articles if meets(a)}
    answer = web.json(api("/api/search", q=query, limit=10_000, copies=1))
    assert {hit["article_id"] for hit in answer["hits"]} == expected and expected
    assert answer["total"] == answer["articles"] == len(expected)
    assert answer["query"] == parsed.text
    cli = yzdaily_json("search", query, "--limit", "10000", "--copies")
    assert [hit["article_id"] for hit in cli["hits"]] == [h["article_id"] for h in answer["hits"]]
    # Grouped (the default): each story once, its other copies beside it, every article told.
    grouped = web.json(api("/api/search", q=query, limit=10_000))
    told = {h["article_id"] for h in grouped["hits"]} | {
        c["article_id"] for h in grouped["hits"] for c in h["copies"]
    }
    assert expected <= told and grouped["articles"] == len(expected) >= grouped["total"]
    refused = web.get(api("/api/search", q='"开发园区'))
    assert refused.status_code == 400 and "unclosed quote" in refused.json()["error"]


@pytest.mark.parametrize("words", [("新质生产力",), ("市长",), ("开发园区", "二次创业"), ("园",)])
def test_search_total_and_facets_are_the_whole_result(
    web: LiveServer, archive: Archive, words: tuple[str, ...]
) -> None:
    matching = [a for a in archive.articles if all(w in archive.text(a).lower() for w in words)]
    answer = web.json(api("/api/search", q=" ".join(words), limit=3))
    # The total counts stories, `articles` the matching articles; the facets count articles.
    assert answer["articles"] == len(matching) > 3 and len(answer["hits"]) == 3
    stories = {h["article_id"] for h in web.json(api("/api/search", q=" ".join(words)))["hits"]}
    assert answer["total"] <= answer["articles"] and stories
    years = Counter(a.published_at.year for a in matching)
    sources = Counter(a.source or "(none)" for a in matching)
    sites = Counter("yznews" if a in archive.yznews else "zgjssw" for a in matching)
    facets = answer["facets"]
    assert {f["value"]: f["articles"] for f in facets["year"]} == years
    assert [f["value"] for f in facets["year"]] == sorted(years)
    assert {f["value"]: f["articles"] for f in facets["source"]} == sources
    assert {f["value"]: f["articles"] for f in facets["site"]} == sites


def test_pages_of_a_result_cover_it_once_in_either_order(web: LiveServer, archive: Archive) -> None:
    whole = web.json(api("/api/search", q="市长", limit=10_000))
    for sort in ("relevance", "date"):
        seen: list[str] = []
        for offset in range(0, whole["total"] + 7, 7):
            page = web.json(api("/api/search", q="市长", limit=7, offset=offset, sort=sort))
            assert page["total"] == whole["total"] and page["offset"] == offset
            seen += [hit["article_id"] for hit in page["hits"]]
        assert sorted(seen) == sorted(hit["article_id"] for hit in whole["hits"])
        if sort == "relevance":
            assert seen == [hit["article_id"] for hit in whole["hits"]]
        else:
            dates = [
                hit["published_at"]
                for hit in web.json(api("/api/search", q="市长", sort="date", limit=10_000))["hits"]
            ]
            assert dates == sorted(dates, reverse=True)


def test_site_filter_is_exact(web: LiveServer, archive: Archive) -> None:
    for site, articles in (("yznews", archive.yznews), ("zgjssw", archive.zgjssw)):
        answer = web.json(api("/api/search", q="扬州", site=site, limit=10_000))
        expected = {archive.article_id(a) for a in articles if "扬州" in archive.text(a)}
        assert {hit["article_id"] for hit in answer["hits"]} == expected and expected
        assert {hit["site"] for hit in answer["hits"]} == {site}


@pytest.mark.parametrize("by", ["year", "quarter", "month"])
def test_trend_points_are_the_cli_json(web: LiveServer, yzdaily_json: Any, by: str) -> None:
    cli = yzdaily_json("trend", "新质生产力", "二次创业", "--by", by)
    answer = web.json(api("/api/trend", term=["新质生产力", "二次创业"], by=by))
    assert answer["points"] == cli["points"] and cli["points"]
    assert answer["terms"] == ["新质生产力", "二次创业"] and answer["by"] == by


def test_trend_with_a_range_and_its_partial_periods(
    web: LiveServer, yzdaily_json: Any, archive: Archive
) -> None:
    cli = yzdaily_json(
        "trend", "开发园区", "--by", "year", "--since", "2021-03-01", "--until", "2024-12-31"
    )
    answer = web.json(
        api("/api/trend", term="开发园区", by="year", since="2021-03-01", until="2024-12-31")
    )
    assert answer["points"] == cli["points"]
    # 2021 starts before the range: counted in part. The rest are whole years, long over.
    assert answer["partial_periods"] == [{"period": "2021", "reason": "只有部分日期在所选范围内"}]
    newest = web.json(api("/api/trend", term="开发园区", by="month"))
    # The app's clock is the day of the newest article: its month is not over.
    assert newest["partial_periods"] == [
        {"period": f"{archive.today:%Y-%m}", "reason": "本期尚未结束"}
    ]


def test_people_emerging_health_runs_and_stats_are_the_cli_json(
    web: LiveServer, yzdaily_json: Any, archive: Archive
) -> None:
    assert web.json("/api/people") == yzdaily_json("people")
    assert web.json(api("/api/people", name="张宝娟")) == yzdaily_json("people", "--name", "张宝娟")
    assert web.json("/api/emerging") == yzdaily_json("emerging")
    assert web.json(
        api("/api/emerging", since="2023-01-01", min_stories=2, min_g2=5, limit=50)
    ) == yzdaily_json(
        "emerging",
        "--since",
        "2023-01-01",
        "--min-stories",
        "2",
        "--min-g2",
        "5",
        "--limit",
        "50",
    )
    health = web.json("/api/health")
    assert health == yzdaily_json("health")
    assert {s["site"] for s in health["sites"]} == {"zgjssw", "yznews"}
    runs = web.json("/api/runs")
    assert runs == yzdaily_json("runs") and runs["rows"][0]["flow"] == "ingest"
    stats = web.json("/api/stats")
    assert stats == yzdaily_json("stats")
    assert stats["articles"] == len(archive.articles) and stats["db"] == str(archive.db)


def test_article_api_has_every_field_and_its_relations(web: LiveServer, archive: Archive) -> None:
    article = web.json("/api/article/" + quote(archive.corrected_id, safe=":/"))
    truth = next(a for a in archive.zgjssw if archive.article_id(a) == archive.corrected_id)
    assert (article["title"], article["source"], article["dateline"]) == (
        truth.title,
        truth.source,
        truth.dateline,
    )
    assert (article["reporters"], article["correspondents"], article["editors"]) == (
        list(truth.reporters),
        list(truth.correspondents),
        list(truth.editors),
    )
    assert article["published_at"] == truth.published_at.isoformat(sep=" ")
    assert article["body"] == archive.corrected_body
    assert article["paragraphs"] == archive.corrected_body.split("\n")
    assert [v["body"] for v in article["versions"]] == [truth.body]
    assert {k["method"] for k in article["keywords"]} == {"tfidf", "textrank"}
    assert article["url"] == archive.url(truth)


def test_cross_posted_story_lists_its_copy_on_the_other_site(
    web: LiveServer, archive: Archive
) -> None:
    from tests.sample_site.yznews import cross_posted_paths

    for paper, portal in cross_posted_paths():
        zgjssw_copy = web.json("/api/article/" + quote(f"zgjssw:{paper}", safe=":/"))
        copies = [c["article_id"] for c in zgjssw_copy["story_copies"]]
        assert copies == [f"yznews:{portal}"]
        assert zgjssw_copy["story_id"] == f"yznews:{portal}"
    lonely = web.json("/api/article/" + quote(archive.article_id(archive.zgjssw[-1]), safe=":/"))
    assert lonely["story_copies"] == [] and lonely["versions"] == []


def test_emerging_defaults_to_a_year_before_the_newest_article(
    web: LiveServer, archive: Archive
) -> None:
    since = max(a.published_at for a in archive.articles).date() - timedelta(days=365)
    # The web fixture is small: keep every rising term so that the window is what differs.
    loose = {"min_stories": 1, "min_g2": 0.01}
    terms = web.json(api("/api/emerging", **loose))
    assert terms == web.json(api("/api/emerging", since=since.isoformat(), **loose)) and terms
