"""Golden-file material: one raw page per template and the parse result it must give.

    save_fixtures("tests/fixtures/sample_site")  ->  trs2019.html + trs2019.expected.json, ...

Pages are written as the server sends them (raw bytes in their own encoding); the JSON is the
`Article` a parser must return, in the layout of `tests/fixtures/seed/*.expected.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.sample_site.site import COLUMN_NAME, SampleArticle, SampleSite, build_site

PUBLIC_ROOT = "https://www.zgjssw.gov.cn"
SITE = "zgjssw"
# The richest example of each template in the default site (byline, caption or footer cases).
FIXTURE_TITLES = {
    "trs2019": "扬州高新区科创载体建设跑出“加速度”",
    "ueditor2021": "高邮:“鸭蛋经济”带富一方百姓",
    "modern2024": "仪征汽车产业加快向新能源转型",
    "table_gbk": "扬州:“公园城市”让百姓共享绿色福利",
    "nested_cms": "“五一”假期扬州接待游客量创新高",
    "html5_article": "大运河文化带扬州段建设成效显著",
    "publish_line": "扬州港集装箱航线通达长江沿线主要港口",
    "kicker_subtitle": "扬州经开区前三季度工业开票销售增长一成半",
    "editor_after_tools": "宝应湖湿地公园完成生态补水",
    "table_cells": "我市开展“敬老月”系列活动",
    "inline_chrome": "仪征枣林湾迎来暑期研学热",
    "pubdate_mismatch": "扬州重点项目复工复产按下“快进键”",
}


def expected_json(article: SampleArticle) -> dict[str, object]:
    """The expected `Article` as JSON-ready values (lists, ISO time)."""
    return {
        "url": PUBLIC_ROOT + article.path,
        "site": SITE,
        "title": article.title,
        "published_at": article.published_at.isoformat(timespec="seconds"),
        "source": article.source,
        "dateline": article.dateline,
        "reporters": list(article.reporters),
        "correspondents": list(article.correspondents),
        "editors": list(article.editors),
        "author": article.author,
        "paragraphs": list(article.paragraphs),
        "column": COLUMN_NAME,
        "kicker": article.kicker,
        "subtitle": article.subtitle,
    }


def fixture_articles(site: SampleSite) -> dict[str, SampleArticle]:
    """Template name -> the article saved for it (a chosen one, else the template's newest)."""
    chosen: dict[str, SampleArticle] = {}
    for template, articles in site.templates.items():
        wanted = FIXTURE_TITLES.get(template)
        matching = [a for a in articles if a.title == wanted]
        chosen[template] = matching[0] if matching else articles[0]
    return dict(sorted(chosen.items()))


def save_fixtures(directory: str | Path, site: SampleSite | None = None) -> list[Path]:
    """Write `<template>.html` (raw bytes) and `<template>.expected.json`; return the paths."""
    site = site or build_site()
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for template, article in fixture_articles(site).items():
        page_path = target / f"{template}.html"
        page_path.write_bytes(site.pages[article.path].body)
        json_path = target / f"{template}.expected.json"
        text = json.dumps(expected_json(article), ensure_ascii=False, sort_keys=True, indent=2)
        json_path.write_text(text + "\n", encoding="utf-8")
        written.extend([page_path, json_path])
    return written
