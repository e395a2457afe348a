"""The 中国江苏网 扬州 column (jsnews.jschina.com.cn/yz/) of the sample site, beside zgjssw's.

    /yz/                                     the first list page (as index.shtml)
    /yz/index.shtml, /yz/index_1.shtml ...   list pages, newest first (TRS numbering)
    /yz/202305/t20230502_2989012.shtml       an article (URL date = its date)

Two article templates (the site's markup is unverified; these are written for the tests):

    js_trs_gb       GB18030 bytes, gb2312 in <meta> only, TRS_Editor body, 来源 and date on one
                    line, a 相关阅读 list with the article's own date after the 责编 footer
    js_mobile_utf8  UTF-8 in the HTTP header, no meta tags, date and 来源 on separate lines,
                    <br><br> paragraphs, the footer in the same block as a share line

Datelines as the site prints them: `中国江苏网5月2日讯（记者 汪 滢）` (a space inside a
2-character name), reprints with 本报讯, one wire copy. Every body is written for these tests.
"""

# HTML is kept as a page author would write it: long lines stay whole.
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tests.sample_site.site import Page, SampleArticle, SampleSite, expected_article
from tests.sample_site.specs import ArticleSpec, article, foot, lead, parse_when
from tests.sample_site.templates import Template, esc, footer_lines, lead_blocks

COLUMN_PATH = "/yz/"
SITE_NAME = "中国江苏网"
PUBLIC_HOST = "https://jsnews.jschina.com.cn"
ID_BASE = 2_900_000
ID_EPOCH = datetime(2019, 1, 1)
RELATED_TITLES = (
    "江苏各地扎实推进城市更新",
    "全省文旅消费季活动启动",
    "长三角产业合作项目签约",
    "江苏发布数字经济发展报告",
)


@dataclass(frozen=True)
class JsnewsSpec(ArticleSpec):
    """A 中国江苏网 article: the same text model, its own URL scheme."""

    @property
    def path(self) -> str:
        day = self.published_at
        return f"{COLUMN_PATH}{day:%Y%m}/t{day:%Y%m%d}_{self.id}.shtml"


def js_article(
    when: str,
    title: str,
    opening: object,
    body: str,
    footer: object,
    template: str,
    source: str = SITE_NAME,
) -> JsnewsSpec:
    """A 中国江苏网 article; its id grows with its publication time."""
    spec = article(when, title, opening, body, footer, source=source, template=template)  # type: ignore[arg-type]
    minutes = int((parse_when(when) - ID_EPOCH).total_seconds() // 60)
    fields = {name: getattr(spec, name) for name in spec.__dataclass_fields__}
    fields["id"] = str(ID_BASE + minutes // 5)
    return JsnewsSpec(**fields)


def _related(spec: ArticleSpec) -> str:
    """Other titles printed with the article's own date, as related reading."""
    return "\n".join(
        f'<li><a href="/js/{spec.published_at:%Y%m}/t{spec.published_at:%Y%m%d}_{int(spec.id) + i}.shtml">'
        f"{esc(title)}</a><span>{spec.published_at:%Y-%m-%d}</span></li>"
        for i, title in enumerate(RELATED_TITLES[:3], start=1)
    )


def render_js_trs_gb(spec: ArticleSpec) -> str:
    """TRS page: gb2312 in <meta> only, date and 来源 on one line, 相关阅读 after the footer."""
    body = "\n".join(f"<p>　　{esc(block.text)}</p>" for block in lead_blocks(spec))
    footer = footer_lines(spec.footer)[0]
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{esc(spec.title)}_{SITE_NAME}</title>
</head>
<body>
<div class="head"><a href="/">{SITE_NAME}</a> <a href="/js/">江苏</a> <a href="{COLUMN_PATH}">扬州</a></div>
<div class="article">
  <h2>{esc(spec.title)}</h2>
  <div class="source">{spec.published_at:%Y-%m-%d %H:%M}　　来源：{esc(spec.source or "")}</div>
  <div class="TRS_Editor">
{body}
  </div>
  <div class="zb">{footer}</div>
  <div class="xgyd"><h4>相关阅读</h4><ul>
{_related(spec)}
  </ul></div>
</div>
<div class="foot">中国江苏网版权所有</div>
</body>
</html>
"""


def render_js_mobile_utf8(spec: ArticleSpec) -> str:
    """Mobile page: UTF-8 in the header only, separate date and 来源 lines, <br> paragraphs."""
    body = "<br><br>\n".join(esc(block.text) for block in lead_blocks(spec))
    footer = footer_lines(spec.footer)[0]
    return f"""<html>
<head><title>{esc(spec.title)}-{SITE_NAME}</title></head>
<body>
<div class="m-top">{SITE_NAME} 手机版</div>
<div class="m-title">{esc(spec.title)}</div>
<div class="m-time">{spec.published_at:%Y-%m-%d %H:%M}</div>
<div class="m-src">来源：{esc(spec.source or "")}</div>
<div class="m-body">
{body}
</div>
<div class="m-end"><p>{footer}</p><p>分享到：<a href="#">微信</a> <a href="#">微博</a></p></div>
</body>
</html>
"""


JS_TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template("js_trs_gb", "gb18030", "text/html", False, False, render_js_trs_gb),
        Template(
            "js_mobile_utf8",
            "utf-8",
            "text/html; charset=utf-8",
            False,
            False,
            render_js_mobile_utf8,
        ),
    )
}

# --- the articles ------------------------------------------------------------------------------

JSNEWS_ARTICLES: tuple[JsnewsSpec, ...] = (
    # The site's own dateline with a space inside a 2-character name.
    js_article(
        "2023-05-02 09:40",
        "扬州东关街“五一”客流同比增长三成",
        lead("中国江苏网5月2日讯", ("记者", "汪 滢")),
        """
        “五一”假期首日，扬州东关街历史文化街区游人如织，客流同比增长约三成。
        街区今年新引入非遗工坊十二家，游客可以现场体验漆器、剪纸和玉雕技艺。
        扬州市文旅部门表示，将延长街区夜间开放时间，丰富假日文旅消费供给。
        """,
        foot("short", "王敏"),
        "js_trs_gb",
    ),
    # A reprint of 扬州日报 with its 本报讯 dateline; 来源 扬州日报.
    js_article(
        "2024-03-19 10:05",
        "扬州高新区新型储能产业链加速成型",
        lead("本报讯", ("记者", "顾星欣"), ("通讯员", "高宣")),
        """
        昨天，扬州高新区举行新型储能产业链项目集中签约活动，八个项目总投资超过六十亿元。
        高新区相关负责人介绍，园区已集聚储能电池、储能变流器等上下游企业三十余家，产业链加速成型。
        下一步，园区将围绕关键材料和系统集成招引更多项目，打造新质生产力发展的新引擎。
        """,
        foot("short", "李明", "周洁"),
        "js_mobile_utf8",
        source="扬州日报",
    ),
    js_article(
        "2024-09-06 16:20",
        "江都举办首届农民丰收节产销对接会",
        lead("中国江苏网9月6日讯", ("记者", "陈刚"), ("通讯员", "都宣")),
        """
        9月6日，江都区首届农民丰收节产销对接会举行，来自全区的四十余家农业经营主体带来特色农产品。
        现场签订农产品产销协议二十三份，签约金额达一点二亿元。
        江都区负责人表示，将持续推进农业品牌建设，让更多“江都好物”走向全国市场。
        """,
        foot("short", "王敏"),
        "js_trs_gb",
    ),
    # No byline: a dateline alone.
    js_article(
        "2025-06-12 11:30",
        "扬州发布夏季城市防汛工作方案",
        lead("中国江苏网6月12日讯", style="none"),
        """
        扬州市近日发布夏季城市防汛工作方案，明确城区易涝点整治、应急队伍建设和预警信息发布等重点任务。
        方案要求，主汛期城区重点部位实行二十四小时值守，确保城市安全度汛。
        """,
        foot("short", "赵琳"),
        "js_mobile_utf8",
    ),
    js_article(
        "2026-01-20 09:15",
        "宝应荷藕产业链年产值突破五十亿元",
        lead("中国江苏网1月20日讯", ("记者", "汪 滢"), ("通讯员", "宝宣", "刘洋")),
        """
        记者从宝应县获悉，去年全县荷藕产业链实现年产值五十二亿元，带动两万余户农户增收。
        宝应县持续做强荷藕精深加工，开发出藕粉、荷叶茶等一百多种产品，远销二十多个国家和地区。
        图为宝应县荷藕加工企业生产车间。（通讯员 宝宣 摄）
        """,
        foot("short", "王敏"),
        "js_trs_gb",
    ),
    # A wire copy reprinted in the column.
    js_article(
        "2026-04-08 15:45",
        "大运河扬州段春季生态补水启动",
        lead("新华社南京4月8日电", ("记者", "杨绍功")),
        """
        记者8日从江苏省水利厅获悉，大运河扬州段春季生态补水当天启动，预计补水量超过一亿立方米。
        此次补水将有效改善运河沿线水生态环境，助力大运河文化带建设。
        """,
        foot("short", "赵琳"),
        "js_mobile_utf8",
        source="新华社",
    ),
)

# --- list pages ------------------------------------------------------------------------------


def list_path(index: int) -> str:
    """List page `index` (0 is index.shtml)."""
    return f"{COLUMN_PATH}index.shtml" if index == 0 else f"{COLUMN_PATH}index_{index}.shtml"


def render_list_page(specs: Sequence[JsnewsSpec], index: int, pages: int) -> Page:
    """A TRS list page: a <ul> of relative links, dates in spans, page numbers."""
    items = "\n".join(
        f'    <li><a href="./{s.published_at:%Y%m}/t{s.published_at:%Y%m%d}_{s.id}.shtml">'
        f"{esc(s.title)}</a><span>{s.published_at:%Y-%m-%d}</span></li>"
        for s in specs
    )
    following = (
        f'<a href="{list_path(index + 1).rsplit("/", 1)[1]}">下一页</a>'
        if index + 1 < pages
        else "下一页"
    )
    text = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>扬州_{SITE_NAME}</title></head>
<body>
<div class="head"><a href="/">{SITE_NAME}</a></div>
<div class="list_con">
  <ul>
{items}
  </ul>
</div>
<div class="page">{following} 共{pages}页</div>
</body></html>
"""
    return Page(text.encode("utf-8"), "text/html; charset=utf-8")


# --- the section -----------------------------------------------------------------------------


@dataclass
class JsnewsSection:
    """The 中国江苏网 articles (newest first, with their truth) served by a SampleSite."""

    articles: list[SampleArticle]
    specs: list[JsnewsSpec]
    page_size: int

    def list_paths(self) -> list[str]:
        pages = max(1, -(-len(self.articles) // self.page_size))
        return [list_path(index) for index in range(pages)]


def _page_source(spec: JsnewsSpec) -> Callable[[], Page]:
    template = JS_TEMPLATES[spec.template or ""]
    return lambda: Page(template.render(spec).encode(template.codec), template.content_type)


def add_section(site: SampleSite, page_size: int = 3) -> JsnewsSection:
    """Serve the 中国江苏网 扬州 column from `site` too (its paths never clash with the others)."""
    chosen = sorted(JSNEWS_ARTICLES, key=lambda s: (s.published_at, int(s.id)), reverse=True)
    truths = []
    for spec in chosen:
        truths.append(expected_article(spec, JS_TEMPLATES))
        site.pages.add(spec.path, _page_source(spec))
    pages = max(1, -(-len(chosen) // page_size))
    for index in range(pages):
        chunk = chosen[index * page_size : (index + 1) * page_size]
        site.pages[list_path(index)] = render_list_page(chunk, index, pages)
    site.pages[COLUMN_PATH] = render_list_page(chosen[:page_size], 0, pages)
    return JsnewsSection(articles=truths, specs=list(chosen), page_size=page_size)
