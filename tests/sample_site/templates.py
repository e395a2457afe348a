"""Article page templates of the sample site: twelve deliberately different layouts.

The visible text keeps the field layout known from the real pages (DESIGN.md 2.1): title,
date line, 来源, [counter], [page tools], dateline + byline, body, footer. Everything around it
varies: markup, class names, encodings, where sidebars sit, how paragraphs are separated.

    trs2019        2019 - 2021Q1  TRS_Editor, gb2312 declared in <meta> only, GB18030 bytes,
                                  gov meta tags, date / 来源 / counter / tools on separate lines
    ueditor2021    2021Q2 - 2023  TRS_UEDITOR, UTF-8 in the header, sidebar of dated titles
                                  BEFORE the article, date and 来源 on one line, breadcrumbs
    modern2024     2024 - 2026    h1.detail-title, div.info, div.article-content (<p> or <br>),
                                  ArticleTitle meta only, share line, 相关新闻 AFTER the footer
    table_gbk      any year       tables, <font>, &nbsp; indents, <br><br> paragraphs,
                                  charset=GBK in the HTTP header only          (unseen style)
    nested_cms     any year       发布时间：... 来源：... 浏览次数：..., div#content three levels
                                  deep, <p>&nbsp;</p>, <script> in the body, footer on two lines,
                                  no charset in the HTTP header, minutes only  (unseen style)
    html5_article  2024 - 2026    <article>/<time>, 2025年03月18日 10:20, UTF-8 with a BOM,
                                  optional subtitle between title and date     (unseen style)

The TRS-style variants of issue 12 item 2 take a share (VARIANT_SHARE) of the TRS era layouts'
articles, any year; each is a golden page and read field by field in test_layout_variants.py:

    publish_line       `发布时间：2023-05-02 09:30:15 来源：扬州日报 浏览次数：` on one line, the
                       counter a number or an empty <span> a script fills, sometimes one <span>
                       per item with nothing between them; TRS gov meta tags
    kicker_subtitle    an 引题 line above the title and a ——副题 below it (their slots empty or
                       absent when an article has none); <title> and ArticleTitle carry the main
                       title only
    editor_after_tools body, then 【打印本页】【关闭窗口】, THEN `编辑：X` standing alone (no 作者),
                       inside the article container or just after it
    table_cells        an old table layout: HH:MM times (no seconds), 来源 in a cell, 责任编辑 /
                       编辑 in a <td> of its own after the tools cell, navigation and a dated
                       最新更新 list in other cells; GB18030 declared gb2312
    inline_chrome      分享到：, 上一篇：/下一篇： and a 相关新闻 list of dated other titles (some on
                       the article's day) INSIDE the paragraphs' own div, in a random order;
                       the footer before or after them
    pubdate_mismatch   a PubDate meta tag (and sometimes publishdate) that disagrees with the
                       printed date, by a day or by hours: the printed date is the truth

Layouts that break the parser on purpose (script_body, bare_fields) are in broken.py and never
picked here; layouts of random structure are in random_layout.py.

Rendering is pure: the same spec gives the same bytes (random choices are seeded by the id).
"""

# HTML is kept as a page author would write it: long lines stay whole.
# ruff: noqa: E501

from __future__ import annotations

import html
import random
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from tests.sample_site.specs import ArticleSpec, Credit, Footer

SITE_NAME = "中共江苏省委新闻网"
NAV_LINKS = (
    ("首页", "/"),
    ("要闻", "/yaowen/"),
    ("时政", "/shizheng/"),
    ("市县传真", "/shixianchuanzhen/"),
    ("理论", "/lilun/"),
    ("党建", "/dangjian/"),
    ("学习平台", "/xuexi/"),
    ("专题", "/zhuanti/"),
)
COPYRIGHT = "版权所有 中共江苏省委宣传部　主办：中共江苏省委宣传部　承办：中国江苏网"
ICP = "苏ICP备10210187号-2　苏公网安备 32010202010476号"
# Headlines of other columns for sidebars and "related" blocks: provincial, never Yangzhou's own.
OTHER_HEADLINES = (
    "全省高质量发展推进会在南京召开",
    "江苏出台支持民营经济发展若干措施",
    "省委常委会召开会议研究部署近期重点工作",
    "苏州工业园区跨境电商交易额同比增长两成",
    "南京都市圈城市党政联席会议召开",
    "无锡打造物联网产业创新高地",
    "常州新能源产业链加速集聚",
    "南通沿海港口集装箱吞吐量创新高",
    "泰州医药产业园区开放合作迈出新步伐",
    "镇江推动文旅融合打造“山水花园城市”",
    "盐城黄海湿地保护成效显著",
    "徐州老工业基地转型升级见闻",
    "连云港自贸片区制度创新成果发布",
    "淮安运河之都建设加快推进",
    "宿迁电商产业带动农民增收",
    "全省秋粮收购工作有序开展",
    "省政府新闻办举行新闻发布会介绍稳就业举措",
    "江苏发布长江经济带发展年度报告",
    "省人大常委会开展法律法规执行情况检查",
    "全省基层党建工作现场推进会召开",
    "江苏启动新一轮城市更新行动",
    "省政协召开专题协商会",
    "江苏科技成果转化政策发布会举行",
    "长三角一体化发展重点项目集中开工",
)
# `（记者 王五 摄）` inside a paragraph: a photo credit; the paragraph is a caption.
PHOTO_CREDIT = re.compile(r"（(?P<role>本报记者|记者|通讯员)[ 　]+(?P<names>[^（）]+?)[ 　]+摄）")
# A short paragraph without sentence punctuation is a subheading (bold on the page).
MAX_SUBHEAD_LENGTH = 24

BlockKind = Literal["byline", "text", "caption", "subhead"]


@dataclass(frozen=True)
class Block:
    """One body paragraph as printed; `kind` only changes its markup."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class Template:
    """How one layout renders and encodes a page, and what its date line can show."""

    name: str
    codec: str
    content_type: str
    shows_seconds: bool
    unseen: bool
    render: Callable[[ArticleSpec], str]
    # What else the layout can print; a spec needing more is refused (site.validate).
    shows_author: bool = True
    shows_kicker: bool = False
    shows_subtitle: bool = False


def esc(text: str) -> str:
    """Text node escaping (quotes stay: they are Chinese text, not markup)."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """Attribute value escaping."""
    return html.escape(text, quote=True)


def rng_for(spec: ArticleSpec, salt: str) -> random.Random:
    """A per-article random source: str seeds are hashed with SHA-512, stable across runs."""
    return random.Random(f"{spec.id}:{salt}")


def roll(spec: ArticleSpec, salt: str = "") -> int:
    """A stable number 0-99 for an article (crc32, not hash(): that is salted per process)."""
    return zlib.crc32(f"{spec.id}{salt}".encode()) % 100


# --- body text -------------------------------------------------------------------------------


def credits_text(credits: Sequence[Credit], gap: str) -> str:
    """`记者 邹平 世春 通讯员 张凯` with `gap` between every word."""
    return gap.join(gap.join((c.role, *c.names)) for c in credits)


def lead_blocks(spec: ArticleSpec) -> list[Block]:
    """Body paragraphs as printed: the dateline and byline joined to (or set before) the first."""
    rng = rng_for(spec, "lead")
    first, rest = spec.paragraphs[0], list(spec.paragraphs[1:])
    lead = spec.lead
    blocks: list[Block] = []
    if lead.style == "paren":
        gap = rng.choice((" ", " ", "　"))
        before = rng.choice(("", " ", "　"))
        after = rng.choice(("", "", " ", "　"))
        opening = f"{lead.dateline or ''}{before}（{credits_text(lead.credits, gap)}）{after}"
        blocks.append(Block("text", opening + first))
    elif lead.style == "tight":
        blocks.append(
            Block("text", f"{lead.dateline or ''}({credits_text(lead.credits, ' ')}){first}")
        )
    elif lead.style == "own_line":
        if lead.dateline:
            raise ValueError(f"{spec.path}: an own-line byline carries no dateline")
        blocks.append(Block("byline", credits_text(lead.credits, rng.choice((" ", "　")))))
        blocks.append(Block("text", first))
    else:
        gap = rng.choice((" ", "　"))
        blocks.append(Block("text", f"{lead.dateline}{gap}{first}" if lead.dateline else first))
    for text in rest:
        if PHOTO_CREDIT.search(text):
            blocks.append(Block("caption", text))
        elif len(text) <= MAX_SUBHEAD_LENGTH and not re.search("[。，；！？]", text):
            blocks.append(Block("subhead", text))
        else:
            blocks.append(Block("text", text))
    return blocks


def footer_lines(footer: Footer, gap: str = "&nbsp;&nbsp;") -> list[str]:
    """The footer as HTML text lines; `author_editor` gives one line, split by the caller."""
    editors = " ".join(esc(name) for name in footer.editors)
    if footer.style == "author_editor":
        return [f"作者：{esc(footer.author or '')}{gap}编辑：{editors}"]
    label = {"responsible": "责任编辑", "short": "责编", "editor": "编辑"}[footer.style]
    return [f"{label}：{editors}"]


def messy_inline(text: str, rng: random.Random, style: str) -> str:
    """Escaped text with a few clauses wrapped in spans, as pasted from a word processor."""
    pieces = re.split("(?<=[，。；])", text)
    out: list[str] = []
    for piece in pieces:
        if piece and rng.random() < 0.15:
            out.append(f'<span style="{style}">{esc(piece)}</span>')
        else:
            out.append(esc(piece))
    return "".join(out)


def image_name(spec: ArticleSpec, index: int) -> str:
    """A TRS-style picture file name: W0 + date + digits."""
    return f"W0{spec.published_at:%Y%m%d}{int(spec.id) * 7 + index:012d}.jpg"


def same_day_items(
    spec: ArticleSpec, salt: str, count: int, with_time: Sequence[bool]
) -> list[tuple[str, str, str]]:
    """(href, title, date text) of other columns' news around the article's date.

    The first two share the article's date (one date only, one with a time): a parser that
    takes the first date equal to the URL's date lands in the sidebar.
    """
    rng = rng_for(spec, salt)
    titles = rng.sample(OTHER_HEADLINES, count)
    items: list[tuple[str, str, str]] = []
    for index, title in enumerate(titles):
        back = (0, 0, 1, 1, 2, 4, 6, 9)[index % 8]
        when = spec.published_at.replace(second=0) - timedelta(days=back)
        when = when.replace(hour=rng.randrange(7, 22), minute=rng.randrange(60))
        when = when.replace(second=rng.randrange(60))
        if when == spec.published_at:
            when += timedelta(minutes=1)  # same day, never the article's own time
        fake_id = int(spec.id) + 13 * (index + 1) - 97 * back
        href = f"/yaowen/{when:%Y%m}/t{when:%Y%m%d}_{fake_id}.shtml"
        text = (
            f"{when:%Y-%m-%d %H:%M:%S}" if with_time[index % len(with_time)] else f"{when:%Y-%m-%d}"
        )
        items.append((href, title, text))
    return items


def header_nav(tag: str = "ul", sep: str = "") -> str:
    """The site's navigation bar."""
    if tag == "ul":
        links = "\n".join(
            f'    <li><a href="{h}" target="_blank">{t}</a></li>' for t, h in NAV_LINKS
        )
        return f'<div class="nav">\n  <ul>\n{links}\n  </ul>\n</div>'
    return sep.join(f'<a href="{h}"><font color="#ffffff">{t}</font></a>' for t, h in NAV_LINKS)


# --- trs2019 ---------------------------------------------------------------------------------


def render_trs2019(spec: ArticleSpec) -> str:
    """TRS WCM page, 2019-2020: gb2312 meta, gov meta tags, separate header lines, counter."""
    rng = rng_for(spec, "trs2019")
    blocks = lead_blocks(spec)
    body: list[str] = []
    for index, block in enumerate(blocks):
        indent = rng.choice(("　　", "　　", "&nbsp;&nbsp;&nbsp;&nbsp;", ""))
        if block.kind == "caption":
            name = image_name(spec, index)
            body.append(
                f'<p align="center"><img src="./{name}" border="0" OLDSRC="{name}" /></p>\n'
                f'<p align="center">{esc(block.text)}</p>'
            )
        elif block.kind == "subhead":
            body.append(f"<p>{indent}<strong>{esc(block.text)}</strong></p>")
        else:
            text = messy_inline(block.text, rng, "font-family: 宋体")
            body.append(f'<p style="text-indent: 2em">{indent}{text}</p>')
    counter = ""
    # The hit counter line is on pages up to 2020 only (DESIGN.md 2.1).
    if spec.published_at.year <= 2020:
        hits = 0 if spec.id == "6842645" else (int(spec.id) * 37) % 400
        counter = f'\n      <div class="djl">{hits}</div>'
    source = esc(spec.source or "")
    source_line = f'\n      <div class="ly">来源：{source}</div>' if spec.source else ""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{esc(spec.title)}_{SITE_NAME}</title>
<meta name="SiteName" content="{SITE_NAME}">
<meta name="SiteDomain" content="zgjssw.jschina.com.cn">
<meta name="ColumnName" content="{spec.column_name}">
<meta name="ColumnType" content="市县传真">
<meta name="ArticleTitle" content="{attr(spec.title)}">
<meta name="PubDate" content="{spec.published_at:%Y-%m-%d %H:%M}">
<meta name="ContentSource" content="{attr(spec.source or "")}">
<meta name="Keywords" content="">
<link href="../../../images/zgjssw.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="../../../images/jquery-1.7.2.min.js"></script>
<script type="text/javascript">
function doZoom(size){{document.getElementById('zoom').style.fontSize=size+'px';}}
</script>
</head>
<body>
<div class="top">
  <div class="logo"><a href="/"><img src="../../../images/logo.png" alt="{SITE_NAME}" /></a></div>
  <div class="search"><form action="/search/" method="get"><input type="text" name="q" value="站内搜索" /><input type="submit" value="搜索" /></form></div>
</div>
{header_nav()}
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="{spec.column_path}">{spec.column_name}</a></div>
<div class="main">
  <div class="con">
      <div class="title">{esc(spec.title)}</div>
      <div class="time">{spec.published_at:%Y-%m-%d %H:%M:%S}</div>{source_line}{counter}
      <div class="tools">【字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
      <div class="content" id="zoom">
<div class="TRS_Editor"><style type="text/css">
.TRS_Editor P{{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}}.TRS_Editor DIV,.TRS_Editor TD,.TRS_Editor TH,.TRS_Editor SPAN,.TRS_Editor TBODY{{line-height:1.8;font-family:宋体;font-size:12pt;}}
</style>
{chr(10).join(body)}
</div>
      </div>
      <div class="zz">{footer_lines(spec.footer)[0]}</div>
  </div>
</div>
<div class="footer">
  <p><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a> | <a href="/map/">网站地图</a></p>
  <p>{COPYRIGHT}</p>
  <p>{ICP}</p>
</div>
</body>
</html>
"""


# --- ueditor2021 -----------------------------------------------------------------------------


def render_ueditor2021(spec: ArticleSpec) -> str:
    """TRS with UEditor, 2021-2023: sidebar of dated titles before the article, one info line."""
    rng = rng_for(spec, "ueditor2021")
    sidebar = "\n".join(
        f'        <li><a href="{href}" target="_blank" title="{attr(title)}">{esc(title)}</a>'
        f"<span>{when}</span></li>"
        for href, title, when in same_day_items(spec, "side", 6, (False, True, False, True))
    )
    body: list[str] = []
    for index, block in enumerate(spec_blocks := lead_blocks(spec)):
        if block.kind == "caption":
            name = image_name(spec, index)
            body.append(
                f'<p style="text-align: center;"><img src="./{name}" title="" alt="" '
                f'oldsrc="{name}" /></p><p style="text-align: center;">{esc(block.text)}</p>'
            )
        elif block.kind == "subhead":
            body.append(f'<p style="text-indent: 2em;"><strong>{esc(block.text)}</strong></p>')
        else:
            body.append(f'<p style="text-indent: 2em;">{esc(block.text)}</p>')
        # Editors leave empty paragraphs behind.
        if index < len(spec_blocks) - 1 and rng.random() < 0.25:
            body.append("<p><br/></p>")
    gap = rng.choice(("　", "&nbsp;&nbsp;&nbsp;&nbsp;", "    ", "　　"))
    source = f"{gap}来源：{esc(spec.source)}" if spec.source else ""
    footer = footer_lines(spec.footer, gap=rng.choice(("&nbsp;&nbsp;", "　")))[0]
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{esc(spec.title)}_{SITE_NAME}</title>
<meta name="keywords" content="扬州,市县传真">
<link rel="stylesheet" href="/css/common2021.css">
</head>
<body>
<div class="header">
  <div class="header-top w1200"><a class="logo" href="/">{SITE_NAME}</a><span class="date" id="today"></span></div>
  {header_nav()}
</div>
<div class="crumb w1200"><a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="{spec.column_path}">{spec.column_name}</a></div>
<div class="w1200 clearfix">
  <div class="side-left">
    <div class="box hot">
      <h3>热点新闻</h3>
      <ul>
{sidebar}
      </ul>
    </div>
    <div class="box ewm"><img src="/images/ewm.png" alt="扫码关注"><p>扫一扫 关注我们</p></div>
  </div>
  <div class="main-right">
    <h2 class="art-tit">{esc(spec.title)}</h2>
    <div class="art-info">{spec.published_at:%Y-%m-%d %H:%M:%S}{source}</div>
    <div class="art-con">
      <div class="TRS_UEDITOR trs_paper_default trs_web">{"".join(body)}</div>
    </div>
    <div class="art-editor">{footer}</div>
  </div>
</div>
<div class="footer">
  <p>{COPYRIGHT}</p>
  <p>{ICP}</p>
</div>
<script src="/js/common2021.js"></script>
</body>
</html>
"""


# --- modern2024 ------------------------------------------------------------------------------


def render_modern2024(spec: ArticleSpec) -> str:
    """2024 redesign: h1 title, spans in div.info, <p> or <br> paragraphs, related after footer."""
    rng = rng_for(spec, "modern2024")
    blocks = lead_blocks(spec)
    if roll(spec, "br") < 50:
        # One div, paragraphs separated by <br>: as some editors paste text.
        lines: list[str] = []
        for block in blocks:
            if block.kind == "caption":
                lines.append(f'<img src="./{image_name(spec, len(lines))}" alt="">')
            lines.append(f"　　{esc(block.text)}<br>")
            lines.append("<br>")
        content = '<div class="text">\n' + "\n".join(lines) + "\n</div>"
    else:
        parts: list[str] = []
        for index, block in enumerate(blocks):
            if block.kind == "caption":
                parts.append(
                    f'<p class="img"><img src="./{image_name(spec, index)}" alt=""></p>'
                    f'<p class="pic-note">{esc(block.text)}</p>'
                )
            elif block.kind == "subhead":
                parts.append(f"<p><b>{esc(block.text)}</b></p>")
            else:
                parts.append(f"<p>{esc(block.text)}</p>")
        content = "\n".join(parts)
    # Spans side by side, sometimes with no whitespace between them: `...09:30:00来源：扬州日报`.
    joiner = "" if roll(spec, "info") < 40 else "\n          "
    source = f'{joiner}<span class="source">来源：{esc(spec.source)}</span>' if spec.source else ""
    related = "\n".join(
        f'        <li><a href="{href}">{esc(title)}</a><span class="time">{when}</span></li>'
        for href, title, when in same_day_items(spec, "related", 4, (True,))
    )
    footer = footer_lines(spec.footer, gap=rng.choice(("&nbsp;&nbsp;", "　")))[0]
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <title>{esc(spec.title)}_{SITE_NAME}</title>
  <meta name="ArticleTitle" content="{attr(spec.title)}">
  <meta name="description" content="{attr(spec.paragraphs[0][:60])}">
  <link rel="stylesheet" href="/static/2024/css/detail.css">
</head>
<body>
  <header class="site-header">
    <div class="inner">
      <a class="logo" href="/"><img src="/static/2024/img/logo.png" alt="{SITE_NAME}"></a>
      <nav class="menu">{"".join(f'<a href="{h}">{t}</a>' for t, h in NAV_LINKS)}</nav>
      <form class="search" action="/search/"><input name="q" placeholder="请输入关键词"><button>搜索</button></form>
    </div>
  </header>
  <div class="container">
    <div class="breadcrumb"><a href="/">首页</a><i>/</i><a href="/shixianchuanzhen/">市县传真</a><i>/</i><a href="{spec.column_path}">{spec.column_name}</a></div>
    <div class="detail">
      <h1 class="detail-title">{esc(spec.title)}</h1>
      <div class="info">
          <span class="time">{spec.published_at:%Y-%m-%d %H:%M:%S}</span>{source}
      </div>
      <div class="share">分享到：<a class="wx" href="javascript:;">微信</a> <a class="wb" href="javascript:;">微博</a></div>
      <div class="article-content">
{content}
      </div>
      <div class="editor">{footer}</div>
    </div>
    <div class="related">
      <h3>相关新闻</h3>
      <ul>
{related}
      </ul>
    </div>
  </div>
  <footer class="site-footer">
    <p>{COPYRIGHT}</p>
    <p>{ICP}</p>
  </footer>
  <script src="/static/2024/js/share.js"></script>
</body>
</html>
"""


# --- table_gbk -------------------------------------------------------------------------------


def render_table_gbk(spec: ArticleSpec) -> str:
    """An old table layout: <font>, &nbsp; indents, <br><br> paragraphs, no meta charset."""
    rng = rng_for(spec, "table_gbk")
    parts: list[str] = []
    for index, block in enumerate(lead_blocks(spec)):
        indent = rng.choice(("&nbsp;&nbsp;&nbsp;&nbsp;", "　　", "&nbsp;&nbsp;&nbsp;&nbsp;"))
        if block.kind == "caption":
            parts.append(
                f'<div align=center><img src="{image_name(spec, index)}" border=0></div>'
                f"<div align=center><font color=#666666>{esc(block.text)}</font></div>"
            )
        else:
            parts.append(f"{indent}{esc(block.text)}<br><br>")
    source = f"&nbsp;&nbsp;&nbsp;&nbsp;来源：{esc(spec.source)}" if spec.source else ""
    footer = footer_lines(spec.footer)[0]
    nav = header_nav("font", sep="&nbsp;|&nbsp;")
    return f"""<html>
<head>
<title>{esc(spec.title)} - {SITE_NAME}</title>
<meta http-equiv="X-UA-Compatible" content="IE=EmulateIE7">
<style>
td {{ font-size: 12px; line-height: 20px }}
.f14 {{ font-size: 14px; line-height: 26px }}
</style>
</head>
<body topmargin=0 leftmargin=0 bgcolor=#ffffff>
<table width=980 border=0 align=center cellpadding=0 cellspacing=0>
<tr><td height=90><img src="/images/top_banner.jpg" width=980 height=90></td></tr>
<tr><td height=30 bgcolor=#b40000 align=center>{nav}</td></tr>
</table>
<table width=980 border=0 align=center cellpadding=0 cellspacing=0>
<tr><td height=28>您现在的位置：<a href="/">首页</a>&gt;&gt;<a href="/shixianchuanzhen/">市县传真</a>&gt;&gt;<a href="{spec.column_path}">{spec.column_name}</a></td></tr>
<tr><td height=50 align=center valign=bottom><font size=5 color=#003399><b>{esc(spec.title)}</b></font></td></tr>
<tr><td height=26 align=center><font color=#666666>{spec.published_at:%Y-%m-%d %H:%M:%S}{source}</font></td></tr>
<tr><td height=24 align=center>【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】 【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
<tr><td height=1 bgcolor=#cccccc></td></tr>
<tr><td class=f14 style="padding:10px 20px">
<font size=3>
{chr(10).join(parts)}
</font>
</td></tr>
<tr><td align=right style="padding-right:20px">{footer}</td></tr>
</table>
<table width=980 border=0 align=center cellpadding=0 cellspacing=0 style="margin-top:10px">
<tr><td align=center bgcolor=#eeeeee height=60>{COPYRIGHT}<br>{ICP}</td></tr>
</table>
</body>
</html>
"""


# --- nested_cms ------------------------------------------------------------------------------


def render_nested_cms(spec: ArticleSpec) -> str:
    """Another CMS: one meta line with 浏览次数, deep nesting, empty paragraphs, two-line footer."""
    rng = rng_for(spec, "nested_cms")
    parts: list[str] = []
    blocks = lead_blocks(spec)
    for index, block in enumerate(blocks):
        if block.kind == "caption":
            parts.append(
                f'<p style="text-align:center"><img src="/uploadfile/{image_name(spec, index)}" '
                f'alt="" width="600"></p>\n<p style="text-align:center">{esc(block.text)}</p>'
            )
        else:
            parts.append(f"<p>{esc(block.text)}</p>")
        if index < len(blocks) - 1:
            parts.append("<p>&nbsp;</p>")
        if index == 0:
            # An embedded player or counter script in the middle of the body.
            parts.append(
                '<script type="text/javascript">var vid="";if(vid){document.write("<div>"+vid+"</div>");}</script>'
            )
    hits = (int(spec.id) * 11) % 2000 + 1
    source = f"&nbsp;&nbsp;来源：{esc(spec.source)}" if spec.source else ""
    footer = spec.footer
    if footer.style == "author_editor":
        # The 作者 / 编辑 pair split over two lines.
        names = " ".join(esc(name) for name in footer.editors)
        credits = f"<p>作者：{esc(footer.author or '')}</p>\n          <p>编辑：{names}</p>"
    else:
        credits = f"<p>{footer_lines(footer)[0]}</p>"
    prev_title, next_title = rng.sample(OTHER_HEADLINES, 2)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(spec.title)}|{SITE_NAME}</title>
<script>var _hmt = _hmt || [];</script>
</head>
<body>
<div class="g-top">
  <div class="g-top-in"><span>欢迎访问{SITE_NAME}</span> <a href="/m/">手机版</a></div>
  <div class="g-nav">{" | ".join(f'<a href="{h}">{t}</a>' for t, h in NAV_LINKS)}</div>
</div>
<div class="g-main">
  <div class="m-path">首页 &gt; 市县传真 &gt; {spec.column_name}</div>
  <div class="m-article">
    <div class="hd">
      <h3>{esc(spec.title)}</h3>
      <p class="meta">发布时间：{spec.published_at:%Y-%m-%d %H:%M}{source}&nbsp;&nbsp;浏览次数：<span id="hits">{hits}</span></p>
    </div>
    <div id="content">
      <div class="bd">
        <div class="text">
{chr(10).join(parts)}
        </div>
      </div>
    </div>
    <div class="m-credits">
          {credits}
    </div>
    <div class="m-prevnext">
      <p>上一篇：<a href="/yaowen/">{esc(prev_title)}</a></p>
      <p>下一篇：<a href="/yaowen/">{esc(next_title)}</a></p>
    </div>
  </div>
</div>
<div class="g-foot">{COPYRIGHT}　{ICP}</div>
</body>
</html>
"""


# --- html5_article ---------------------------------------------------------------------------


def render_html5_article(spec: ArticleSpec) -> str:
    """A semantic HTML5 page: <article>, <time>, Chinese-style date, optional subtitle."""
    blocks = lead_blocks(spec)
    parts: list[str] = []
    for index, block in enumerate(blocks):
        if block.kind == "caption":
            parts.append(
                f'      <figure><img src="/media/{image_name(spec, index)}" alt="">'
                f"<figcaption>{esc(block.text)}</figcaption></figure>"
            )
        elif block.kind == "subhead":
            parts.append(f"      <h4>{esc(block.text)}</h4>")
        else:
            parts.append(f"      <p>{esc(block.text)}</p>")
    when = spec.published_at
    subtitle = f'\n        <p class="subtitle">{esc(spec.subtitle)}</p>' if spec.subtitle else ""
    source = f' <span class="source">来源：{esc(spec.source)}</span>' if spec.source else ""
    recommend = "\n".join(
        f'        <li><a href="{href}">{esc(title)}</a> <time>{date}</time></li>'
        for href, title, date in same_day_items(spec, "recommend", 3, (False,))
    )
    footer = "<br>".join(footer_lines(spec.footer, gap="　"))
    return f"""<!DOCTYPE html>
<html lang="zh-cmn-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(spec.title)} - {SITE_NAME}</title>
<meta property="og:title" content="{attr(spec.title)}">
<meta property="og:type" content="article">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"{when:%Y-%m-%dT%H:%M:%S}+08:00"}}</script>
</head>
<body>
<nav class="topbar">{"".join(f'<a href="{h}">{t}</a>' for t, h in NAV_LINKS)}</nav>
<main>
  <article>
    <header>
        <h1>{esc(spec.title)}</h1>{subtitle}
        <div class="meta"><time datetime="{when:%Y-%m-%dT%H:%M:%S}+08:00">{when:%Y年%m月%d日 %H:%M}</time>{source}</div>
    </header>
    <section class="content">
{chr(10).join(parts)}
    </section>
    <footer class="credits"><p>{footer}</p></footer>
  </article>
  <aside class="recommend">
    <h2>推荐阅读</h2>
    <ol>
{recommend}
    </ol>
  </aside>
</main>
<footer class="site-footer"><small>{COPYRIGHT}</small><br><small>{ICP}</small></footer>
</body>
</html>
"""


# --- issue 12: TRS-style variants ------------------------------------------------------------


def trs_meta(spec: ArticleSpec, pub_date: str) -> str:
    """The government meta tags a TRS WCM page carries (PubDate as the caller says)."""
    return f"""<meta name="SiteName" content="{SITE_NAME}">
<meta name="SiteDomain" content="www.zgjssw.gov.cn">
<meta name="SiteIDCode" content="3200000082">
<meta name="ColumnName" content="{spec.column_name}">
<meta name="ColumnType" content="市县传真">
<meta name="ArticleTitle" content="{attr(spec.title)}">
<meta name="PubDate" content="{pub_date}">
<meta name="ContentSource" content="{attr(spec.source or "")}">
<meta name="Keywords" content="扬州">
<meta name="Description" content="{attr(spec.paragraphs[0][:50])}">"""


def paragraphs_html(spec: ArticleSpec, indent: str = "") -> str:
    """Body blocks as <p> elements, captions under their picture, subheads in bold."""
    parts: list[str] = []
    for index, block in enumerate(lead_blocks(spec)):
        if block.kind == "caption":
            name = image_name(spec, index)
            parts.append(
                f'<p style="text-align: center;"><img src="./{name}" oldsrc="{name}" alt=""></p>'
                f'\n<p style="text-align: center;">{esc(block.text)}</p>'
            )
        elif block.kind == "subhead":
            parts.append(f"<p>{indent}<strong>{esc(block.text)}</strong></p>")
        else:
            parts.append(f"<p>{indent}{esc(block.text)}</p>")
    return "\n".join(parts)


def editor_names(footer: Footer) -> str:
    """The editors as printed after their label, space-separated."""
    return " ".join(esc(name) for name in footer.editors)


def gov_top(links: str = "") -> str:
    """A government portal's top bar and navigation (today's date is filled by a script)."""
    nav = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in NAV_LINKS)
    return f"""<div class="gov-top"><span>今天是：<script>document.write(new Date().toLocaleDateString());</script></span><a href="/wza/">无障碍</a> <a href="/m/">手机版</a>{links}</div>
<div class="gov-nav"><ul>{nav}</ul></div>"""


def hot_list(spec: ArticleSpec, salt: str, count: int, heading: str = "热点新闻") -> str:
    """A sidebar of other columns' linked titles with dates, some on the article's day."""
    items = "\n".join(
        f'      <li><a href="{href}" title="{attr(title)}">{esc(title)}</a><span>{when[:10]}</span></li>'
        for href, title, when in same_day_items(spec, salt, count, (False,))
    )
    return f'<div class="gov-side"><h3>{heading}</h3>\n    <ul>\n{items}\n    </ul>\n  </div>'


def render_publish_line(spec: ArticleSpec) -> str:
    """TRS gov page: 发布时间 / 来源 / 浏览次数 on one line, the counter a number or script-filled."""
    rng = rng_for(spec, "publish_line")
    when = spec.published_at
    if roll(spec, "hits") < 50:
        counter = f'<span id="hits">{(int(spec.id) * 13) % 3000 + 20}</span>'
    else:
        # An empty span the page's script fills in: the line ends with a bare label.
        counter = f'<span id="visitcount"></span><script>getVisitCount("{spec.id}","visitcount");</script>'
    pieces = [f"发布时间：{when:%Y-%m-%d %H:%M:%S}"]
    if spec.source:
        pieces.append(f"来源：{esc(spec.source)}")
    pieces.append(f"浏览次数：{counter}")
    if roll(spec, "spans") < 30:
        # One span per item with nothing between them: `...09:30:15来源：扬州日报浏览次数：`.
        info = "".join(f"<span>{piece}</span>" for piece in pieces)
    else:
        info = rng.choice(("&nbsp;&nbsp;&nbsp;&nbsp;", "　　", "&nbsp;&nbsp;", " ")).join(pieces)
    footer = footer_lines(spec.footer, gap=rng.choice(("&nbsp;&nbsp;", "　")))[0]
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(spec.title)}_{SITE_NAME}</title>
{trs_meta(spec, f"{when:%Y-%m-%d %H:%M}")}
<link rel="stylesheet" href="/images/gov2020.css">
<script src="/images/visitcount.js"></script>
</head>
<body>
{gov_top()}
<div class="gov-pos">当前位置：<a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="{spec.column_path}">{spec.column_name}</a></div>
<div class="gov-wrap">
  <div class="gov-article">
    <h1 class="gov-title">{esc(spec.title)}</h1>
    <div class="gov-info">{info}</div>
    <div class="gov-tools">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
    <div class="gov-text" id="zoom">
      <div class="TRS_Editor">
{paragraphs_html(spec, indent="　　")}
      </div>
    </div>
    <div class="gov-editor">{footer}</div>
  </div>
  {hot_list(spec, "publish_line", 5)}
</div>
<div class="gov-foot"><p>{COPYRIGHT}</p><p>{ICP}</p></div>
</body>
</html>
"""


def render_kicker_subtitle(spec: ArticleSpec) -> str:
    """TRS page with an 引题 line above the title and a ——副题 below it; <title> is the main line."""
    rng = rng_for(spec, "kicker_subtitle")
    when = spec.published_at
    kicker_tag = rng.choice(("p", "div", "h3"))
    subtitle_tag = rng.choice(("p", "div", "h2"))
    # Templates print the kicker and subtitle slots whether or not an article fills them.
    keep_empty = roll(spec, "empty") < 50
    kicker = (
        f'<{kicker_tag} class="yt">{esc(spec.kicker)}</{kicker_tag}>'
        if spec.kicker
        else (f'<{kicker_tag} class="yt"></{kicker_tag}>' if keep_empty else "")
    )
    subtitle = (
        f'<{subtitle_tag} class="ft">{esc(spec.subtitle)}</{subtitle_tag}>'
        if spec.subtitle
        else (f'<{subtitle_tag} class="ft"></{subtitle_tag}>' if keep_empty else "")
    )
    source = f'<span class="ly">来源：{esc(spec.source)}</span>' if spec.source else ""
    footer = footer_lines(spec.footer, gap=rng.choice(("&nbsp;&nbsp;", "　")))[0]
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(spec.title)}_{SITE_NAME}</title>
{trs_meta(spec, f"{when:%Y-%m-%d %H:%M:%S}")}
<link rel="stylesheet" href="/images/detail2022.css">
</head>
<body>
{gov_top()}
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="{spec.column_path}">{spec.column_name}</a></div>
<div class="detail-wrap">
  <div class="detail-head">
    {kicker}
    <h1 class="bt">{esc(spec.title)}</h1>
    {subtitle}
    <div class="detail-info"><span class="sj">{when:%Y-%m-%d %H:%M:%S}</span>　{source}</div>
  </div>
  <div class="detail-body">
    <div class="TRS_UEDITOR trs_paper_default trs_web">
{paragraphs_html(spec)}
    </div>
  </div>
  <div class="detail-editor">{footer}</div>
  {hot_list(spec, "kicker_subtitle", 4, "相关阅读")}
</div>
<div class="foot"><p>{COPYRIGHT}</p><p>{ICP}</p></div>
</body>
</html>
"""


def render_editor_after_tools(spec: ArticleSpec) -> str:
    """Body, then 【打印本页】【关闭窗口】, then `编辑：X` alone (in the container or just after)."""
    if spec.footer.author:
        raise ValueError(f"{spec.path}: editor_after_tools prints no 作者")
    when = spec.published_at
    editor = f'<div class="bj">编辑：{editor_names(spec.footer)}</div>'
    inside = roll(spec, "editor_inside") < 50
    source = f"　　来源：{esc(spec.source)}" if spec.source else ""
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(spec.title)}-{SITE_NAME}</title>
{trs_meta(spec, f"{when:%Y-%m-%d %H:%M:%S}")}
</head>
<body>
{gov_top()}
<div class="wz">您所在的位置：<a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="{spec.column_path}">{spec.column_name}</a></div>
<div class="xl">
  <div class="xl-bt">{esc(spec.title)}</div>
  <div class="xl-sj">{when:%Y-%m-%d %H:%M:%S}{source}</div>
  <div class="xl-nr" id="zoom">
    <div class="TRS_Editor">
{paragraphs_html(spec, indent="　　")}
    </div>
    <div class="xl-gj">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
    {editor if inside else ""}
  </div>
  {"" if inside else editor}
</div>
<div class="foot"><p>{COPYRIGHT}</p><p>{ICP}</p></div>
</body>
</html>
"""


def table_editor_label(footer: Footer) -> str:
    """责任编辑 or 编辑, as old table layouts label the editor cell."""
    return "责任编辑" if footer.style in ("responsible", "short") else "编辑"


def render_table_cells(spec: ArticleSpec) -> str:
    """An old table layout: HH:MM times, 来源 and the editor each in a cell, chrome in others."""
    rng = rng_for(spec, "table_cells")
    when = spec.published_at
    if when.second:
        raise ValueError(f"{spec.path}: table_cells prints minutes only")
    date_text = rng.choice(
        (f"{when:%Y-%m-%d %H:%M}", f"发布日期：{when:%Y-%m-%d %H:%M}", f"{when:%Y年%m月%d日 %H:%M}")
    )
    source = f"<td>来源：{esc(spec.source)}</td>" if spec.source else ""
    hits = (int(spec.id) * 7) % 900 + 10
    if rng.random() < 0.5:
        body = "\n".join(f"<p>{esc(block.text)}</p>" for block in lead_blocks(spec))
    else:
        body = "\n".join(f"　　{esc(block.text)}<br><br>" for block in lead_blocks(spec))
    author = f"<td>作者：{esc(spec.footer.author)}</td>" if spec.footer.author else ""
    editor = f"<td align=right>{table_editor_label(spec.footer)}：{editor_names(spec.footer)}</td>"
    column_links = "".join(
        f'<tr><td height=24>·<a href="{h}">{t}</a></td></tr>' for t, h in NAV_LINKS[1:6]
    )
    latest = "".join(
        f'<tr><td height=22>·<a href="{href}">{esc(title)}</a> <font color=#999999>{date[:10]}</font></td></tr>'
        for href, title, date in same_day_items(spec, "table_cells", 5, (False,))
    )
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(spec.title)}</title>
<style>td {{ font-size: 12px }} .bt {{ font-size: 20px; font-weight: bold }} .zw {{ font-size: 14px; line-height: 28px }}</style>
</head>
<body leftmargin=0 topmargin=0>
<table width=960 align=center border=0 cellpadding=0 cellspacing=0>
<tr><td><img src="/images/banner.gif" width=960 height=100></td></tr>
<tr><td bgcolor=#0a4a8a height=28 align=center>{header_nav("font", sep="&nbsp;&nbsp;")}</td></tr>
<tr><td height=26>当前位置：<a href="/">首页</a> &gt;&gt; <a href="/shixianchuanzhen/">市县传真</a> &gt;&gt; <a href="{spec.column_path}">{spec.column_name}</a></td></tr>
</table>
<table width=960 align=center border=0 cellpadding=0 cellspacing=0>
<tr>
<td width=200 valign=top bgcolor=#f3f3f3>
  <table width=100% border=0 cellpadding=4 cellspacing=0>
  <tr><td height=28 bgcolor=#dddddd><b>栏目导航</b></td></tr>
  {column_links}
  <tr><td height=28 bgcolor=#dddddd><b>最新更新</b></td></tr>
  {latest}
  </table>
</td>
<td width=760 valign=top>
  <table width=100% border=0 cellpadding=6 cellspacing=0>
  <tr><td align=center class=bt>{esc(spec.title)}</td></tr>
  <tr><td align=center><table border=0 cellpadding=2 cellspacing=0><tr><td>{date_text}</td>{source}<td>点击：{hits}</td></tr></table></td></tr>
  <tr><td height=1 bgcolor=#cccccc></td></tr>
  <tr><td class=zw>
{body}
  </td></tr>
  <tr><td><table width=100% border=0 cellpadding=0 cellspacing=0><tr><td>【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td>{author}{editor}</tr></table></td></tr>
  </table>
</td>
</tr>
</table>
<table width=960 align=center border=0 cellpadding=0 cellspacing=0>
<tr><td align=center height=60 bgcolor=#eeeeee>{COPYRIGHT}<br>{ICP}</td></tr>
</table>
</body>
</html>
"""


def inline_chrome_blocks(spec: ArticleSpec) -> list[str]:
    """The share bar, prev/next links and a 相关新闻 block, as the article container holds them."""
    rng = rng_for(spec, "inline_chrome")
    previous, following = rng.sample(OTHER_HEADLINES, 2)
    share = rng.choice(
        (
            '<div class="fx">分享到：<a href="javascript:;" class="wx">微信</a> <a href="javascript:;" class="wb">微博</a> <a href="javascript:;" class="qq">QQ空间</a></div>',
            '<p class="fx">分享到：<a href="javascript:;">微信</a><a href="javascript:;">微博</a></p>',
        )
    )
    prevnext = (
        f'<div class="sxp"><p>上一篇：<a href="/yaowen/">{esc(previous)}</a></p>'
        f'<p>下一篇：<a href="/yaowen/">{esc(following)}</a></p></div>'
    )
    related = "".join(
        f'<li><a href="{href}">{esc(title)}</a><span>{when}</span></li>'
        for href, title, when in same_day_items(spec, "inline_related", 4, (False, True))
    )
    blocks = [share, prevnext, f'<div class="xgxw"><h4>相关新闻</h4><ul>{related}</ul></div>']
    rng.shuffle(blocks)
    return blocks


def render_inline_chrome(spec: ArticleSpec) -> str:
    """Share bar, 上一篇/下一篇 and 相关新闻 inside the paragraphs' own div; footer before or after."""
    rng = rng_for(spec, "inline_chrome_page")
    when = spec.published_at
    footer = f'<p class="zrbj">{footer_lines(spec.footer, gap=rng.choice(("&nbsp;&nbsp;", "　")))[0]}</p>'
    blocks = inline_chrome_blocks(spec)
    footer_first = roll(spec, "footer_first") < 50
    inside = [footer, *blocks] if footer_first else [*blocks, footer]
    source = f"<span>来源：{esc(spec.source)}</span>" if spec.source else ""
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(spec.title)}_{SITE_NAME}</title>
{trs_meta(spec, f"{when:%Y-%m-%d %H:%M:%S}")}
</head>
<body>
{gov_top()}
<div class="dqwz"><a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="{spec.column_path}">{spec.column_name}</a></div>
<div class="xw">
  <h2 class="xw-bt">{esc(spec.title)}</h2>
  <p class="xw-xx"><span>{when:%Y-%m-%d %H:%M:%S}</span>　{source}</p>
  <div class="xw-nr">
{paragraphs_html(spec)}
{chr(10).join(inside)}
  </div>
</div>
<div class="foot"><p>{COPYRIGHT}</p><p>{ICP}</p></div>
</body>
</html>
"""


def mismatched_pub_dates(spec: ArticleSpec) -> tuple[datetime, datetime | None]:
    """Meta PubDate (and publishdate) values that disagree with the printed date, never equal."""
    when = spec.published_at
    dice = roll(spec, "pubdate")
    if dice < 50:
        # The CMS keeps the draft's creation time: another day.
        meta = (when - timedelta(days=1)).replace(hour=17, minute=(int(spec.id) % 50) + 5)
    else:
        # The same day, another time: the page's last edit.
        meta = when + timedelta(hours=2, minutes=17)
        if meta.date() != when.date():
            meta = when - timedelta(hours=3, minutes=11)
    other = meta + timedelta(minutes=3) if roll(spec, "publishdate") < 60 else None
    return meta.replace(second=0), other.replace(second=0) if other else None


def render_pubdate_mismatch(spec: ArticleSpec) -> str:
    """A meta PubDate (and publishdate) disagreeing with the printed date: the printed one wins."""
    rng = rng_for(spec, "pubdate_mismatch")
    when = spec.published_at
    meta, other = mismatched_pub_dates(spec)
    publishdate = (
        f'\n<meta name="publishdate" content="{other:%Y-%m-%d %H:%M:%S}">' if other else ""
    )
    source = f"　　来源：{esc(spec.source)}" if spec.source else ""
    footer = footer_lines(spec.footer, gap=rng.choice(("&nbsp;&nbsp;", "　")))[0]
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(spec.title)}_{SITE_NAME}</title>
{trs_meta(spec, f"{meta:%Y-%m-%d %H:%M}")}{publishdate}
</head>
<body>
{gov_top()}
<div class="position"><a href="/">首页</a> &gt; <a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="{spec.column_path}">{spec.column_name}</a></div>
<div class="page-article">
  <div class="hd">
    <h1>{esc(spec.title)}</h1>
    <div class="sub">时间：{when:%Y-%m-%d %H:%M:%S}{source}</div>
  </div>
  <div class="bd">
    <div class="TRS_Editor">
{paragraphs_html(spec, indent="　　")}
    </div>
  </div>
  <div class="ft">{footer}</div>
</div>
<div class="foot"><p>{COPYRIGHT}</p><p>{ICP}</p></div>
</body>
</html>
"""


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template("trs2019", "gb18030", "text/html", True, False, render_trs2019),
        Template(
            "ueditor2021", "utf-8", "text/html; charset=utf-8", True, False, render_ueditor2021
        ),
        Template("modern2024", "utf-8", "text/html; charset=UTF-8", True, False, render_modern2024),
        Template("table_gbk", "gbk", "text/html; charset=GBK", True, True, render_table_gbk),
        Template("nested_cms", "utf-8", "text/html", False, True, render_nested_cms),
        Template(
            "html5_article",
            "utf-8-sig",
            "text/html; charset=utf-8",
            False,
            True,
            render_html5_article,
            shows_subtitle=True,
        ),
        Template(
            "publish_line", "utf-8", "text/html; charset=utf-8", True, False, render_publish_line
        ),
        Template(
            "kicker_subtitle",
            "utf-8",
            "text/html; charset=utf-8",
            True,
            False,
            render_kicker_subtitle,
            shows_kicker=True,
            shows_subtitle=True,
        ),
        Template(
            "editor_after_tools",
            "utf-8",
            "text/html; charset=utf-8",
            True,
            False,
            render_editor_after_tools,
            shows_author=False,
        ),
        Template(
            "table_cells", "gb18030", "text/html; charset=gb2312", False, False, render_table_cells
        ),
        Template(
            "inline_chrome", "utf-8", "text/html; charset=utf-8", True, False, render_inline_chrome
        ),
        Template(
            "pubdate_mismatch",
            "utf-8",
            "text/html; charset=utf-8",
            True,
            False,
            render_pubdate_mismatch,
        ),
    )
}
# Percent of articles rendered in one of the TRS-style variants of issue 12 item 2.
VARIANT_SHARE = 30
# The TRS-style layouts of issue 12 item 2, each a golden page and picked for some articles.
VARIANT_TEMPLATES = (
    "publish_line",
    "kicker_subtitle",
    "editor_after_tools",
    "table_cells",
    "inline_chrome",
    "pubdate_mismatch",
)
# Templates the parser's unit and golden tests are not tuned on; the end-to-end tests see them.
UNSEEN_TEMPLATES = tuple(name for name, t in TEMPLATES.items() if t.unseen)


def pick_template(published_at: datetime, article_id: str) -> str:
    """The layout an article is rendered in: its era's, or (by stable rolls) an odd one."""
    dice = zlib.crc32(article_id.encode()) % 100
    if dice < 12:
        return "table_gbk"
    if dice < 24:
        return "nested_cms"
    if published_at.year >= 2024 and dice < 44:
        return "html5_article"
    # The TRS variants take a share of the TRS era layouts' articles (an independent roll).
    variant = zlib.crc32(f"{article_id}:trs-variant".encode()) % 100
    if variant < VARIANT_SHARE:
        name = VARIANT_TEMPLATES[variant % len(VARIANT_TEMPLATES)]
        if TEMPLATES[name].shows_seconds or not published_at.second:
            return name
    if published_at < datetime(2021, 4, 1):
        return "trs2019"
    if published_at.year <= 2023:
        return "ueditor2021"
    return "modern2024"


def render_page(spec: ArticleSpec, template_name: str) -> bytes:
    """The page bytes of an article in a template's encoding (strict: no character replaced)."""
    template = TEMPLATES[template_name]
    return template.render(spec).encode(template.codec)
