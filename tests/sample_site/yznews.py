"""The 扬州网 (news.yznews.com.cn) section of the sample site, served beside zgjssw's column.

    /                                         first list page (the portal's home: <ul> of links,
                                              dates in spans, a picture link, a 下一页 link)
    /node_2.htm, /node_3.htm ...              further list pages: tables, dates 2026年02月10日,
                                              absolute links to news.yznews.com.cn (a mirror's copy)
    /2026-02/10/content_40123456.htm          an article (URL date = its date)

Three article templates (DESIGN.md 2.2 layout; the markup is invented, the site's is unverified):

    yz_table_gb     GB18030 bytes, gb2312 in <meta http-equiv> only, tables, sidebar of other
                    titles with the same date AFTER the article, copyright after the footer
    yz_portal_utf8  UTF-8 in the HTTP header, gov meta tags, a "最新" list of dated titles
                    BEFORE the article, 责编 footer, copyright, 相关新闻 after
    yz_mobile_gbk   GBK in the HTTP header only, no meta tags, the header line split over two
                    blocks, <br><br> paragraphs, copyright in the same block as the footer

The bodies are written for these tests. Some stories are cross-posted: the same title on
zgjssw (本报讯, next morning, "昨天") and 扬州网 (扬州网讯, the evening before, "今天"), so the
warehouse must link them; two stories share the routine title 市政府召开常务会议 on different
days and must never be linked.
"""

# HTML is kept as a page author would write it: long lines stay whole.
# ruff: noqa: E501

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tests.sample_site.site import (
    Page,
    SampleArticle,
    SampleSite,
    build_site,
    default_specs,
    expected_article,
)
from tests.sample_site.specs import ArticleSpec, article, foot, lead, parse_when
from tests.sample_site.templates import Template, esc, footer_lines, lead_blocks

HOME_PATH = "/"
PORTAL_NAME = "扬州网"
SOURCE = "扬州日报-扬州网"
PUBLIC_HOST = "http://news.yznews.com.cn"
# The fixed statement printed under every article (wording invented for the sample site).
COPYRIGHT_NOTICE = (
    "凡本网注明“来源：扬州日报-扬州网”的所有作品，版权均属于扬州日报社，"
    "未经本网授权不得转载、摘编或以其他方式使用。"
)
SIDEBAR_TITLES = (
    "瘦西湖景区推出夜游新线路",
    "东关街老字号迎来“新客群”",
    "市民文化节系列活动启动",
    "古运河畔新添口袋公园",
    "扬州早茶技艺进校园",
    "城市书房夜间开放时间延长",
)
ID_BASE = 40_000_000
ID_EPOCH = datetime(2019, 1, 1)


@dataclass(frozen=True)
class YznewsSpec(ArticleSpec):
    """An 扬州网 article: the same text model, its own URL scheme."""

    @property
    def path(self) -> str:
        day = self.published_at
        return f"/{day:%Y-%m}/{day:%d}/content_{self.id}.htm"


def yz_article(
    when: str, title: str, opening: object, body: str, footer: object, template: str
) -> YznewsSpec:
    """An 扬州网 article; its id grows with its publication time, as a CMS's would."""
    spec = article(when, title, opening, body, footer, source=SOURCE, template=template)  # type: ignore[arg-type]
    minutes = int((parse_when(when) - ID_EPOCH).total_seconds() // 60)
    fields = {name: getattr(spec, name) for name in spec.__dataclass_fields__}
    fields["id"] = str(ID_BASE + minutes // 3)
    return YznewsSpec(**fields)


def _header_line(spec: ArticleSpec) -> tuple[str, str]:
    """The date part and the rest of `2026年02月 10日 09:20 | 来源：... | 扬州网官方微博`."""
    when = spec.published_at
    return f"{when:%Y年%m月} {when:%d日 %H:%M}", f"来源：{esc(spec.source or '')}"


def _paragraphs(spec: ArticleSpec, indent: str = "　　") -> list[str]:
    return [esc(block.text) for block in lead_blocks(spec)]


def _sidebar(spec: ArticleSpec, count: int) -> list[tuple[str, str]]:
    """(title, date) of other news printed with the article's own date (to mislead parsers)."""
    start = int(spec.id) % len(SIDEBAR_TITLES)
    titles = [SIDEBAR_TITLES[(start + i) % len(SIDEBAR_TITLES)] for i in range(count)]
    return [(title, f"{spec.published_at:%Y-%m-%d}") for title in titles]


def render_yz_table_gb(spec: ArticleSpec) -> str:
    """Old portal: tables, gb2312 in <meta> only, sidebar after the article."""
    day, source = _header_line(spec)
    body = "\n".join(f'<p style="text-indent:2em">{p}</p>' for p in _paragraphs(spec))
    sidebar = "\n".join(
        f'<tr><td><a href="/zt/">{esc(title)}</a></td><td>{date}</td></tr>'
        for title, date in _sidebar(spec, 4)
    )
    footer = "<br>".join(footer_lines(spec.footer))
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(spec.title)}_{PORTAL_NAME}</title>
</head>
<body>
<table width="1000" align="center"><tr><td><a href="/">{PORTAL_NAME}首页</a> | <a href="/yzxw/">扬州新闻</a> | <a href="/shms/">社会民生</a></td></tr></table>
<table width="1000" align="center">
<tr><td width="680" valign="top">
  <table width="100%">
    <tr><td class="title" align="center"><b>{esc(spec.title)}</b></td></tr>
    <tr><td class="info" align="center">{day} | {source} | <a href="https://weibo.com/yznews">扬州网官方微博</a></td></tr>
    <tr><td id="ozoom">
{body}
<p>{footer}</p>
<p class="copyright">{COPYRIGHT_NOTICE}</p>
    </td></tr>
  </table>
</td>
<td width="300" valign="top">
  <table><tr><th>热点新闻</th></tr>
{sidebar}
  </table>
</td></tr>
</table>
<div align="center">扬州网版权所有 苏ICP备00000000号</div>
</body>
</html>
"""


def render_yz_portal_utf8(spec: ArticleSpec) -> str:
    """Newer portal: meta tags, a dated list before the article, 相关新闻 after it."""
    day, source = _header_line(spec)
    when = spec.published_at
    latest = "\n".join(
        f'      <li><a href="/yzxw/">{esc(title)}</a><span>{date}</span></li>'
        for title, date in _sidebar(spec, 3)
    )
    body = "\n".join(f"      <p>{p}</p>" for p in _paragraphs(spec))
    related = "\n".join(
        f'      <li><a href="/shms/">{esc(title)}</a> {date}</li>'
        for title, date in _sidebar(spec, 2)
    )
    footer = "".join(footer_lines(spec.footer))
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(spec.title)} - {PORTAL_NAME}</title>
<meta name="ArticleTitle" content="{html.escape(spec.title)}">
<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">
<meta name="ContentSource" content="{SOURCE}">
</head>
<body>
<div class="top"><a href="/">首页</a><a href="/yzxw/">扬州新闻</a><a href="/zt/">专题</a></div>
<div class="container">
  <div class="latest"><h3>最新</h3>
    <ul>
{latest}
    </ul>
  </div>
  <div class="main-article">
    <h1>{esc(spec.title)}</h1>
    <div class="info"><span>{day}</span> | <span>{source}</span> | <a href="https://weibo.com/yznews">扬州网官方微博</a></div>
    <div class="content">
{body}
    </div>
    <div class="editor">{footer}</div>
    <p class="statement">{COPYRIGHT_NOTICE}</p>
  </div>
  <div class="related"><h3>相关新闻</h3>
    <ul>
{related}
    </ul>
  </div>
</div>
</body>
</html>
"""


def render_yz_mobile_gbk(spec: ArticleSpec) -> str:
    """Mobile layout: charset only in the HTTP header, header split in two, <br> paragraphs."""
    day, source = _header_line(spec)
    body = "<br><br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{p}" for p in _paragraphs(spec))
    footer = "".join(footer_lines(spec.footer))
    return f"""<html>
<head>
<title>{esc(spec.title)}</title>
<meta name="viewport" content="width=device-width">
</head>
<body>
<header><a href="/">{PORTAL_NAME}</a></header>
<article>
  <h2>{esc(spec.title)}</h2>
  <div class="time">{day}</div>
  <div class="src">| {source} | <a href="https://weibo.com/yznews">扬州网官方微博</a></div>
  <section>
{body}
  </section>
  <div class="end">{footer}<br>{COPYRIGHT_NOTICE}</div>
</article>
<footer>扬州网 手机版</footer>
</body>
</html>
"""


YZ_TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template("yz_table_gb", "gb18030", "text/html", False, False, render_yz_table_gb),
        Template(
            "yz_portal_utf8",
            "utf-8",
            "text/html; charset=utf-8",
            False,
            False,
            render_yz_portal_utf8,
        ),
        Template(
            "yz_mobile_gbk", "gbk", "text/html; charset=GBK", False, False, render_yz_mobile_gbk
        ),
    )
}

# --- the articles ------------------------------------------------------------------------------

# Cross-posted stories: (zgjssw version, 扬州网 version). Same title; the web copy goes out the
# evening before the paper; the paper says 昨天 where the web said 今天 and adds a paragraph.
CROSS_POSTED: tuple[tuple[ArticleSpec, YznewsSpec], ...] = (
    (
        article(
            "2025-03-11 08:40",
            "扬州启动“运河书房”全民阅读季",
            lead("本报讯", ("记者", "秦悦然")),
            """
            昨天，“运河书房”全民阅读季在市图书馆启动。今年全市将新建城市书房二十家，推动阅读空间向社区、园区和乡村延伸。
            活动现场，十位市民获评“书香家庭”，市图书馆与五所中小学签订了共建协议，将把流动书车开进校园。
            副市长温晓岚在启动仪式上表示，要让阅读成为市民的生活方式，让书香浸润运河两岸的大街小巷。
            据悉，阅读季期间还将举办名家讲座、亲子共读和古籍修复体验等四十余场活动。
            """,
            foot("author_editor", "陈茜"),
        ),
        yz_article(
            "2025-03-10 19:30",
            "扬州启动“运河书房”全民阅读季",
            lead("扬州网讯", ("记者", "秦悦然")),
            """
            今天，“运河书房”全民阅读季在市图书馆启动。今年全市将新建城市书房二十家，推动阅读空间向社区、园区和乡村延伸。
            活动现场，十位市民获评“书香家庭”，市图书馆与五所中小学签订了共建协议，将把流动书车开进校园。
            副市长温晓岚在启动仪式上表示，要让阅读成为市民的生活方式，让书香浸润运河两岸的大街小巷。
            """,
            foot("responsible", "煜婕"),
            "yz_table_gb",
        ),
    ),
    (
        article(
            "2025-09-17 08:15",
            "我市新能源汽车产业链项目集中签约",
            lead("本报讯", ("记者", "伊然", "仁辂"), ("通讯员", "扬商宣")),
            """
            昨天下午，我市新能源汽车产业链项目集中签约活动举行，十二个项目现场签约，计划总投资一百零六亿元，涵盖动力电池、电驱系统和智能座舱等环节。
            市长潘国强在签约仪式上说，新能源汽车是我市重点打造的先进制造业集群，要围绕整车做强零部件配套，让更多链上企业在扬州扎根成长。
            签约项目中，八个为制造业项目，四个为研发和服务平台。相关部门将实行专班推进，力争年内全部开工。
            """,
            foot("editor", "陈茜"),
        ),
        yz_article(
            "2025-09-16 18:05",
            "我市新能源汽车产业链项目集中签约",
            lead("扬州网讯", ("记者", "伊然", "仁辂"), ("通讯员", "扬商宣"), style="tight"),
            """
            今天下午，我市新能源汽车产业链项目集中签约活动举行，十二个项目现场签约，计划总投资一百零六亿元，涵盖动力电池、电驱系统和智能座舱等环节。
            市长潘国强在签约仪式上说，新能源汽车是我市重点打造的先进制造业集群，要围绕整车做强零部件配套，让更多链上企业在扬州扎根成长。
            签约项目中，八个为制造业项目，四个为研发和服务平台。相关部门将实行专班推进，力争年内全部开工。
            """,
            foot("short", "张慰", "崔欣"),
            "yz_portal_utf8",
        ),
    ),
    (
        article(
            "2026-02-11 08:30",
            "扬州发布新质生产力培育“十条措施”",
            lead("本报讯", ("记者", "朱轩卿")),
            """
            昨天，市政府新闻办举行发布会，介绍我市培育新质生产力的十条措施。措施围绕科技创新、产业升级和人才引育，提出一批可量化的年度目标。
            根据措施，我市将设立二十亿元的新兴产业引导基金，对首次认定的高新技术企业给予奖励，并为青年科技人才提供人才公寓。
            市科技局负责人表示，十条措施突出“以新促新”，让传统产业焕新、新兴产业壮大。
            """,
            foot("author_editor", "马丽花"),
        ),
        yz_article(
            "2026-02-10 09:20",
            "扬州发布新质生产力培育“十条措施”",
            lead("扬州网讯", ("记者", "朱轩卿")),
            """
            今天，市政府新闻办举行发布会，介绍我市培育新质生产力的十条措施。措施围绕科技创新、产业升级和人才引育，提出一批可量化的年度目标。
            根据措施，我市将设立二十亿元的新兴产业引导基金，对首次认定的高新技术企业给予奖励，并为青年科技人才提供人才公寓。
            市科技局负责人表示，十条措施突出“以新促新”，让传统产业焕新、新兴产业壮大。
            """,
            foot("responsible", "煜婕"),
            "yz_mobile_gbk",
        ),
    ),
)

# The same routine title on two days, two different stories: never one story.
ROUTINE_TITLE = "市政府召开常务会议"
ROUTINE_ZGJSSW = article(
    "2025-06-03 08:20",
    ROUTINE_TITLE,
    lead("本报讯", ("记者", "陆晨阳")),
    """
    昨天，市政府召开常务会议，研究部署防汛抗旱工作。会议指出，入汛以来降雨偏多，要压紧压实各级防汛责任，做好沿江沿湖重点部位巡查。
    会议还审议通过了城区排涝设施改造方案，明确六月底前完成十处易淹易涝点整治。
    """,
    foot("editor", "陈茜"),
)
ROUTINE_YZNEWS = yz_article(
    "2025-06-12 17:45",
    ROUTINE_TITLE,
    lead("扬州网讯", ("记者", "陆晨阳")),
    """
    今天，市政府召开常务会议，听取全市夏粮收购进展情况汇报。会议要求，要保障收购资金，做好粮食烘干和仓储服务，确保农民售粮顺畅。
    会议还研究了老旧小区加装电梯补助办法，提出简化审批流程、提高补助标准。
    """,
    foot("responsible", "煜婕"),
    "yz_portal_utf8",
)

# 扬州网 articles of its own (no copy on zgjssw).
YZNEWS_ONLY: tuple[YznewsSpec, ...] = (
    yz_article(
        "2024-04-18 10:05",
        "东关街历史街区完成微更新",
        lead("扬州网讯", ("记者", "薛舒文"), style="tight"),
        """
        历时半年的东关街历史街区微更新工程近日完工。工程修缮了沿街老墙三百余米，更换了青石板路面，新增了十余处休憩座椅。
        广陵区相关负责人介绍，改造坚持“修旧如旧”，保留街巷原有肌理，同时补齐了排水和消防设施短板。
        （记者 薛舒文 摄）游客在修缮后的东关街上参观。
        """,
        foot("short", "张慰", "崔欣"),
        "yz_mobile_gbk",
    ),
    yz_article(
        "2024-11-05 16:10",
        "我市开展冬季燃气安全大检查",
        lead("扬州网讯", ("记者", "伊然"), ("通讯员", "王晓东")),
        """
        记者今天从市住建局获悉，我市即日起开展为期一个月的冬季燃气安全大检查，重点检查餐饮场所、老旧小区和农贸市场。
        检查组将逐户排查燃气管道、阀门和报警装置，发现隐患当场督促整改，整改不到位的依法停气处理。
        """,
        foot("responsible", "煜婕"),
        "yz_table_gb",
    ),
    yz_article(
        "2025-12-22 15:40",
        "扬州冬至习俗展演走进社区",
        lead("扬州网讯", ("见习记者", "唐一鸣")),
        """
        冬至将至，一场民俗展演今天在邗江区的社区文化广场举行。居民们包汤圆、写春联，感受传统节日的浓浓暖意。
        社区工作人员表示，开展民俗活动能拉近邻里距离，也让孩子们了解扬州的传统文化。
        """,
        foot("short", "张慰", "崔欣"),
        "yz_portal_utf8",
    ),
)


def yznews_specs() -> list[YznewsSpec]:
    """Every 扬州网 article, newest first (the order of its list pages)."""
    specs = [*YZNEWS_ONLY, ROUTINE_YZNEWS, *(pair[1] for pair in CROSS_POSTED)]
    return sorted(specs, key=lambda s: (s.published_at, int(s.id)), reverse=True)


# zgjssw's versions of the stories 扬州网 also carries (tests/sample_site/sections.py).
ZGJSSW_COPIES = (ROUTINE_ZGJSSW, *(pair[0] for pair in CROSS_POSTED))


def zgjssw_specs() -> list[ArticleSpec]:
    """The zgjssw column of the combined site: the default articles plus the cross-posted ones."""
    return [*default_specs(), *ZGJSSW_COPIES]


# --- list pages ------------------------------------------------------------------------------


def list_path(index: int) -> str:
    """The 扬州网 list page `index` (0 is the home page)."""
    return HOME_PATH if index == 0 else f"/node_{index + 1}.htm"


def _next_link(index: int, pages: int) -> str:
    if index + 1 < pages:
        return f'<a href="{list_path(index + 1)}">下一页</a>'
    return "<span>下一页</span>"  # the last page: the label stays, without a link


def render_home(specs: Sequence[YznewsSpec], pages: int) -> Page:
    """The first list page: a picture link and a list of titles with dates in spans."""
    items = "\n".join(
        f'    <li><a href="{s.path}" title="{html.escape(s.title)}" target="_blank">{esc(s.title)}</a>'
        f'<span class="time">{s.published_at:%Y-%m-%d %H:%M}</span></li>'
        for s in specs
    )
    picture = f'<a href="{specs[0].path}"><img src="/pic/top.jpg" alt=""></a>' if specs else ""
    text = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{PORTAL_NAME} - 扬州新闻</title></head>
<body>
<div class="nav"><a href="/">首页</a><a href="/yzxw/">扬州新闻</a></div>
<div class="focus">{picture}</div>
<div class="news-list">
  <ul>
{items}
  </ul>
</div>
<div class="pages"><span>上一页</span> {_next_link(0, pages)}</div>
<div class="foot">扬州网版权所有</div>
</body></html>
"""
    return Page(text.encode("utf-8"), "text/html; charset=utf-8")


def render_node_page(specs: Sequence[YznewsSpec], index: int, pages: int) -> Page:
    """A further list page: a table, Chinese dates, absolute links to the public host."""
    rows = "\n".join(
        f'  <tr><td>·<a href="{PUBLIC_HOST}{s.path}">{esc(s.title)}</a></td>'
        f'<td class="date">{s.published_at:%Y年%m月%d日}</td></tr>'
        for s in specs
    )
    text = f"""<html><head><meta charset="utf-8"><title>扬州新闻_{PORTAL_NAME}</title></head>
<body>
<table class="list">
{rows}
</table>
<p class="pages"><a href="{list_path(index - 1)}">上一页</a> {_next_link(index, pages)} 第{index + 1}页</p>
</body></html>
"""
    return Page(text.encode("utf-8"), "text/html; charset=utf-8")


# --- the section -----------------------------------------------------------------------------


@dataclass
class YznewsSection:
    """The 扬州网 articles (newest first, with their truth) served by a SampleSite."""

    articles: list[SampleArticle]
    specs: list[YznewsSpec]
    page_size: int

    def list_paths(self) -> list[str]:
        pages = max(1, -(-len(self.articles) // self.page_size))
        return [list_path(index) for index in range(pages)]


def _page_source(spec: YznewsSpec) -> Callable[[], Page]:
    template = YZ_TEMPLATES[spec.template or ""]
    return lambda: Page(template.render(spec).encode(template.codec), template.content_type)


def add_yznews(
    site: SampleSite, specs: Sequence[YznewsSpec] | None = None, page_size: int = 3
) -> YznewsSection:
    """Serve the 扬州网 section from `site` too (its paths never clash with zgjssw's)."""
    chosen = (
        yznews_specs()
        if specs is None
        else sorted(specs, key=lambda s: (s.published_at, int(s.id)), reverse=True)
    )
    truths = []
    for spec in chosen:
        truth = expected_article(spec, YZ_TEMPLATES)
        site.pages.add(spec.path, _page_source(spec))
        truths.append(truth)
    pages = max(1, -(-len(chosen) // page_size))
    for index in range(pages):
        chunk = chosen[index * page_size : (index + 1) * page_size]
        page = render_home(chunk, pages) if index == 0 else render_node_page(chunk, index, pages)
        site.pages[list_path(index)] = page
    return YznewsSection(articles=truths, specs=list(chosen), page_size=page_size)


def add_section(site: SampleSite) -> YznewsSection:
    """The 扬州网 section of the combined sample site (tests/sample_site/sections.py)."""
    return add_yznews(site)


def build_two_sites(page_size: int = 10) -> tuple[SampleSite, YznewsSection]:
    """zgjssw's column (with the cross-posted stories) and 扬州网, on one server."""
    site = build_site(zgjssw_specs(), page_size=page_size)
    return site, add_yznews(site)


def cross_posted_paths() -> list[tuple[str, str]]:
    """(zgjssw path, 扬州网 path) of each story published on both sites."""
    return [(z.path, y.path) for z, y in CROSS_POSTED]


def with_template(spec: YznewsSpec, template: str) -> YznewsSpec:
    """The same article in another template (tests render one article every way)."""
    return replace(spec, template=template)
