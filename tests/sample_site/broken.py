"""Layouts of a site that changed under us: pages the parser must refuse or flag, never load wrong.

Never picked by `pick_template`: tests switch articles to them with
`site.set_template(paths, "script_body")` and back with `site.set_template(paths, None)`; the
articles' truth stays what it was (the article did not change, its page did).

    script_body   the header (title, date, 来源) is there, the article container is EMPTY
                  (`<div id="zoom"></div><script>loadArticle(...)</script>`); below it a sidebar
                  `热点推荐` of other titles with dates as plain text (`全省经济运行分析会召开
                  2019-05-06`) and a linked list: a parser that takes the first text after the
                  date line stores the sidebar as the body
    bare_fields   a full, readable body, but no 来源 line, no ContentSource meta tag and no
                  编辑 / 责任编辑 footer: loads with empty fields unless source health notices
"""

# HTML is kept as a page author would write it: long lines stay whole.
# ruff: noqa: E501

from __future__ import annotations

from datetime import timedelta

from tests.sample_site.specs import COLUMN_PATH, ArticleSpec
from tests.sample_site.templates import (
    COPYRIGHT,
    ICP,
    SITE_NAME,
    Template,
    attr,
    esc,
    gov_top,
    paragraphs_html,
    rng_for,
    same_day_items,
)

# Provincial headlines for the script page's plain-text sidebar (never a sample article's title).
HOT_TOPICS = (
    "全省经济运行分析会召开",
    "全省生态环境保护大会举行",
    "省委理论学习中心组举行集体学习",
    "全省文明城市创建工作推进会召开",
    "江苏举行重大项目集中开工活动",
    "全省农村人居环境整治现场会召开",
)
# How far back each plain-text item is dated: the first ones share the article's day.
HOT_DAYS_BACK = (0, 0, 1, 2, 3, 5)


def hot_plain_items(spec: ArticleSpec) -> list[str]:
    """`全省经济运行分析会召开2019-05-06`: title and date glued, plain text, no link."""
    items = []
    for title, back in zip(HOT_TOPICS, HOT_DAYS_BACK, strict=True):
        day = spec.published_at - timedelta(days=back)
        items.append(f"<li>{esc(title)}{day:%Y-%m-%d}</li>")
    return items


def render_script_body(spec: ArticleSpec) -> str:
    """The header in HTML, the body loaded by a script into an empty div, a sidebar below it."""
    when = spec.published_at
    source = f"　　来源：{esc(spec.source)}" if spec.source else ""
    linked = "\n".join(
        f'      <li><a href="{href}" title="{attr(title)}">{esc(title)}</a> <span>{date}</span></li>'
        for href, title, date in same_day_items(spec, "script_body", 5, (True, False))
    )
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(spec.title)}_{SITE_NAME}</title>
<meta name="ArticleTitle" content="{attr(spec.title)}">
<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">
<script src="/static/2026/js/article-loader.js"></script>
</head>
<body>
{gov_top()}
<div class="crumb"><a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="{COLUMN_PATH}">扬州</a></div>
<div class="wrap">
  <div class="article">
    <h1>{esc(spec.title)}</h1>
    <div class="info">{when:%Y-%m-%d %H:%M:%S}{source}</div>
    <div id="zoom"></div>
    <script>loadArticle("/api/content/{spec.id}.json", "zoom");</script>
  </div>
  <div class="side">
    <h3>热点推荐</h3>
    <ul>
      {"".join(hot_plain_items(spec))}
    </ul>
    <h3>最新发布</h3>
    <ul>
{linked}
    </ul>
  </div>
</div>
<div class="foot"><p>{COPYRIGHT}</p><p>{ICP}</p></div>
</body>
</html>
"""


def render_bare_fields(spec: ArticleSpec) -> str:
    """A readable article without its 来源 line and without any editor footer."""
    rng = rng_for(spec, "bare_fields")
    when = spec.published_at
    date_line = rng.choice((f"{when:%Y-%m-%d %H:%M:%S}", f"发布时间：{when:%Y-%m-%d %H:%M:%S}"))
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(spec.title)}_{SITE_NAME}</title>
<meta name="ArticleTitle" content="{attr(spec.title)}">
<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">
</head>
<body>
{gov_top()}
<div class="crumb"><a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="{COLUMN_PATH}">扬州</a></div>
<div class="wrap">
  <div class="article">
    <h1>{esc(spec.title)}</h1>
    <div class="info">{date_line}</div>
    <div class="article-body">
{paragraphs_html(spec, indent="　　")}
    </div>
  </div>
</div>
<div class="foot"><p>{COPYRIGHT}</p><p>{ICP}</p></div>
</body>
</html>
"""


BROKEN_TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            "script_body", "utf-8", "text/html; charset=utf-8", True, True, render_script_body
        ),
        Template(
            "bare_fields", "utf-8", "text/html; charset=utf-8", True, True, render_bare_fields
        ),
    )
}
