"""Pages of other Chinese news and government sites, imported as zgjssw pages (issue 12).

Each shape imitates a kind of page seen in the wild (written here, never copied) and declares
what a careful reader takes from it: `Read(...)` with every field, or `Refused(field)` when the
page is no article that can be read. Such pages come in as files (`yzdaily import DIR --source
zgjssw`): their URL carries no date, so the date printed in the header is the truth.

    for shape in FOREIGN_SHAPES:
        html, content_type = shape.page()                  # str, or bytes in their own encoding
        shape.expected                                     # Read(...) or Refused("body")
    save_foreign_pages("tmp/imports")                      # one <name>.html per shape

The field a `Refused` names is the first, in reading order (published_at, title, body), that the
page does not give for an article of its own: a date printed for the page itself (dates of list
items, search hits or sidebars are not), then a headline of its own, then a body of prose (a
player, a login wall, an attachment link or an empty container is none).

`Read` truths follow the sample site's conventions (site.expected_article): NFKC strings, the
dateline and byline taken out of the first paragraph, names without inner spaces, the subtitle
without its dashes, no page tools, share bars, counters, icon glyphs or footers in the body.

    shape                       models                              traps                                       expected
    news_agency_portal          national news agency portal         用微信扫码二维码 / 分享至好友和朋友圈 and      Read
                                                                    关注新华网 微信 微博 Qzone opening the body,
                                                                    【责任编辑：X】 in brackets, 相关文章 list
    people_portal               people's daily-like portal          `2023年05月02日09:30 | 来源：`, 字号 A- A A+,    Read
                                                                    （责编：X、Y）, 返回顶部, dated 推荐阅读
    province_gov_portal         provincial government portal (TRS)  打印 字体：放大 正常 缩小 opening the body,        Read
                                                                    an empty 浏览次数, no byline, no editor
    city_gov_zwgk               city 政务公开 page                   索引号 table with its own date, 【字体：大 中 小】,   Read
                                                                    扫一扫在手机打开当前页
    city_gov_interpretation     city 政策解读 page                   调整字体, icon glyphs \\ue621 \\ue60e before      Read
                                                                    labels, an empty 作者, 编辑 + 审核 footer
    tv_station_news             TV station news page                a video player: 您的浏览器不支持video标签,       Read
                                                                    00:00 / 02:35, 播放 全屏 between header and text
    digital_paper_article       newspaper digital edition (数字报)   kicker, title, ——subtitle; a date without a     Read
                                                                    time; 版面导航 and the page's other titles
    mobile_article              mobile page                         APP下载 banner above the title, \\ue60e / \\ue621  Read
                                                                    glyphs as their own elements, 返回顶部
    county_portal_gbk           county portal, GB18030 bytes        【字号：大 中 小】【打印】【关闭】, 点击数 by        Read
                                                                    script, （责任编辑：X）, 本网讯, a GBK-only name
    iconfont_portal             modern portal with an icon font     <h1> is the logo, A+ A- buttons, 相关文章 before  Read
                                                                    the article, glyphs before date and 来源
    provincial_news_app         provincial paper's app page         调整字体 超大 大 标准 小 and the WeChat share box    Read
                                                                    opening the body
    print_version               a print view                        【打印】【关闭】 above and below, 作者 + 编辑         Read
    seed_like_tools             a page like the seed's text copy    0 counter, `【字号:  】【打印` unclosed, A- A A+,   Read
                                                                    返回顶部
    stacked_font_switch_list    city portal, font switch as a list  大 / 标准 / 小 one per line opening the body     Read
    stacked_font_switch_labelled  newspaper site                    字号 / 大 / 中 / 小 in a <dl>, one per line        Read
    stacked_font_switch_table   TRS gov page, font switch in cells  超大 / 大 / 标准 / 小 one cell a line, no byline  Read
    report_bar_app              news app page                       举报 / 举报文章问题 / 4,786 条评论 ending the body  Read
    list_page                   a column list mistaken for an article  titles and dates where a body should be;   Refused published_at
                                                                    every date is a list item's
    error_page_200              an error page served with 200       页面不存在 / 404 text, no date                   Refused published_at
    login_wall                  paid content behind a login         title, date, 来源, then 请登录后阅读全文 + a form   Refused body
    js_shell                    a JavaScript-rendered shell         <div id="app">, data in a script, noscript     Refused published_at
    video_only                  a video page without text           player text and a 相关视频 list only            Refused body
    zhuanti_page                a 专题 (topic) landing page         a banner, a slogan and dated link lists         Refused published_at
    script_loaded_body          a body loaded by a script           empty container; 热点推荐 with plain-text       Refused body
                                                                    titles and dates below it
    title_by_script             a gov page whose headline is JS     document.write(title); the line above the      Refused title
                                                                    date is a column label (部门动态)
    headline_in_image           a page whose headline is a picture  <img> without alt, <title> is the site name,   Refused title
                                                                    A+ A A- and 相关文章 the only headings
    gov_attachment_only         a 政务公开 notice that is a PDF      附件 link only, 索引号 table                      Refused body
    digital_paper_page          a 数字报 page overview               版面导航 and the page's titles                   Refused body
    wechat_article              a WeChat-article-like page          the publish time filled by script (empty em)   Refused published_at
    search_results              a site search result page           titles, prose snippets ending in …, the hits'  Refused title
                                                                    dates and sources
    placeholder_date            a CMS page never given a date       发布时间：1900-01-01 00:00:00 (the CMS default)   Refused published_at
    tools_only_body             a news app page, text by script     大 / 标准 / 小, 举报, 12 条评论 and no text         Refused body
"""

# HTML is kept as a page author would write it: long lines stay whole.
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from tests.sample_site.site import nfkc, subtitle_text

RefusedField = Literal["body", "title", "published_at"]
UTF8 = "text/html; charset=utf-8"
# Headlines of other pages for related lists and sidebars: never a shape's own title.
ELSEWHERE = (
    "全省文旅消费季活动启动",
    "长三角生态绿色一体化发展示范区建设提速",
    "多地出台措施支持高校毕业生就业创业",
    "省政府常务会议研究部署近期重点工作",
    "沿海地区风电装机容量稳步增长",
    "全省中小学“课后服务”实现全覆盖",
    "一批重大交通项目加快推进",
    "省级现代农业产业园名单公布",
)


@dataclass(frozen=True)
class Read:
    """The shape is an article: a correct parser returns exactly these fields."""

    title: str
    published_at: datetime
    paragraphs: tuple[str, ...]
    source: str | None = None
    dateline: str | None = None
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    author: str | None = None
    kicker: str | None = None
    subtitle: str | None = None


@dataclass(frozen=True)
class Refused:
    """The shape is no readable article: a parser must raise ParseError for `field`."""

    field: RefusedField
    why: str


@dataclass(frozen=True)
class ForeignShape:
    """One kind of foreign page: what it models, the traps it carries, its expected outcome."""

    name: str
    models: str
    traps: str
    render: Callable[[], tuple[str | bytes, str]]
    expected: Read | Refused

    def page(self) -> tuple[str | bytes, str]:
        """The page (decoded HTML, or raw bytes in their own encoding) and its Content-Type."""
        return self.render()

    @property
    def import_url(self) -> str:
        """The identity an imported file gets: no host, no date."""
        return f"file:///imported/{self.name}.html"


@dataclass(frozen=True)
class Story:
    """A foreign article as printed: its lead (dateline and byline) opens the first paragraph.

    Refused shapes use stories too, for their text; their `published_at` is then not printed.
    """

    title: str
    published_at: datetime
    lead: str
    paragraphs: tuple[str, ...]

    def printed(self) -> list[str]:
        """The paragraphs as the page prints them (escaped text, lead joined to the first)."""
        first, *rest = self.paragraphs
        return [_esc(self.lead + first), *(_esc(p) for p in rest)]

    def read(
        self,
        *,
        source: str | None = None,
        dateline: str | None = None,
        reporters: tuple[str, ...] = (),
        correspondents: tuple[str, ...] = (),
        editors: tuple[str, ...] = (),
        author: str | None = None,
        kicker: str | None = None,
        subtitle: str | None = None,
    ) -> Read:
        """The truth: title, paragraphs, kicker and subtitle normalised, the rest as given."""
        return Read(
            title=nfkc(self.title),
            published_at=self.published_at,
            paragraphs=tuple(nfkc(p) for p in self.paragraphs),
            source=source,
            dateline=dateline,
            reporters=reporters,
            correspondents=correspondents,
            editors=editors,
            author=author,
            kicker=nfkc(kicker) if kicker else None,
            subtitle=subtitle_text(subtitle) if subtitle else None,
        )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ps(story: Story, indent: str = "") -> str:
    return "\n".join(f"<p>{indent}{text}</p>" for text in story.printed())


def _dated_list(day: str, count: int = 4, start: int = 0) -> str:
    """Linked other headlines with a date each (the first ones on the article's own day)."""
    return "\n".join(
        f'<li><a href="/news/{start + i}.html">{ELSEWHERE[(start + i) % len(ELSEWHERE)]}</a><span>{day if i < 2 else "2023-04-2" + str(8 - i)}</span></li>'
        for i in range(count)
    )


# --- Read: articles under other sites' chrome ----------------------------------------------------

AGENCY = Story(
    "江苏沿江城市加快建设绿色低碳产业集群",
    datetime(2023, 5, 2, 9, 30, 15),
    "新华社南京5月2日电（记者 顾文清、朱明远）",
    (
        "记者从江苏省发展改革委获悉，今年一季度，江苏沿江8市绿色低碳产业完成产值同比增长14.6%，新型储能、光伏、氢能等产业集群加速成长。",
        "在南京江北新区，一家新型储能企业的生产线上，机械臂正在有序组装电池模组。企业负责人介绍，今年以来订单量同比翻了一番，新建的二期工厂将于年内投产。",
        "江苏省发展改革委有关负责人表示，江苏将坚持生态优先、绿色发展，推动沿江地区传统产业绿色化改造，培育一批具有国际竞争力的绿色低碳产业集群。",
    ),
)


def news_agency_portal() -> tuple[str, str]:
    """A national agency's article page: share box and 关注 bar open the body container."""
    s = AGENCY
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}-新华网</title>
<meta name="keywords" content="绿色低碳,产业集群">
<meta name="description" content="{s.title}">
</head>
<body>
<div class="topbar"><a href="/">首页</a> | <a href="/politics/">时政</a> | <a href="/local/">地方</a> | <a href="/fortune/">财经</a> | <a href="/video/">视频</a></div>
<div class="header">
  <div class="header-cont">
    <div class="crumb"><a href="/">新华网</a> &gt; <a href="/local/">地方</a> &gt; 正文</div>
    <h1><span class="title">{s.title}</span></h1>
    <div class="header-info"><span class="time">2023-05-02 09:30:15</span> <span class="source">来源：新华网</span></div>
  </div>
</div>
<div class="main clearfix">
  <div id="detail">
    <div class="share-box"><div class="qr"><img src="/static/qr.png" alt=""></div><p>用微信扫码二维码</p><p>分享至好友和朋友圈</p></div>
    <div class="focus">关注新华网 <a href="#">微信</a> <a href="#">微博</a> <a href="#">Qzone</a></div>
{_ps(s, "　　")}
    <div class="editor">【责任编辑：刘思远】</div>
    <div class="jiucuo"><a href="/jiucuo/">【纠错】</a></div>
  </div>
  <div class="related">
    <h3>相关文章</h3>
    <ul>
{_dated_list("2023-05-02")}
    </ul>
  </div>
</div>
<div class="foot">Copyright © 2023 版权所有 · 未经书面授权禁止转载</div>
</body>
</html>
"""
    return html, UTF8


PEOPLE = Story(
    "苏北五市携手打造淮海经济区物流枢纽",
    datetime(2023, 5, 2, 9, 30),
    "本报南京5月1日电　（记者 孔令雯）",
    (
        "记者从江苏省交通运输厅获悉，徐州、连云港、宿迁、淮安、盐城五市日前签署物流协同发展合作协议，将共建多式联运通道，推动港口、铁路、公路物流设施互联互通。",
        "根据协议，五市将联合开行集装箱班列，共享物流园区信息平台，力争到2025年区域内社会物流总费用占地区生产总值比重下降1个百分点。",
        "业内人士认为，苏北地区物流一体化将进一步降低企业运输成本，为淮海经济区高质量发展提供有力支撑。",
    ),
)


def people_portal() -> tuple[str, str]:
    """A people's-daily-like portal: one header line with `|`, A- A A+ font buttons."""
    s = PEOPLE
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="content-type" content="text/html;charset=UTF-8">
<title>{s.title}--江苏频道--人民网</title>
<meta name="publishdate" content="2023-05-02">
</head>
<body>
<div class="w1000 nav"><a href="/">人民网首页</a><a href="/js/">江苏频道</a><a href="/js/gd/">滚动</a><a href="/js/sz/">时政</a></div>
<div class="w1000 path"><a href="/">人民网</a>&gt;&gt;<a href="/js/">江苏频道</a>&gt;&gt;<a href="/js/gd/">滚动新闻</a></div>
<div class="w1000 clearfix text_title">
  <h1>{s.title}</h1>
  <div class="box01">
    <div class="fl">2023年05月02日09:30 | 来源：<a href="/js/">人民网－江苏频道</a></div>
    <div class="fr">字号 <a href="#">A-</a> <a href="#">A</a> <a href="#">A+</a></div>
  </div>
</div>
<div class="w1000 clearfix text_con">
  <div class="fl text_con_left">
    <div class="box_con">
{_ps(s, "　　")}
    </div>
    <div class="edit clearfix">(责编：韩冰、秦露)</div>
    <div class="box_share">分享让更多人看到 <a href="#">微信</a> <a href="#">微博</a></div>
  </div>
  <div class="fr text_con_right">
    <h3>推荐阅读</h3>
    <ul>
{_dated_list("2023-05-02", 5, 2)}
    </ul>
  </div>
</div>
<div class="gotop"><a href="#top">返回顶部</a></div>
<div class="copyright">人民网版权所有，未经书面授权禁止使用</div>
</body>
</html>
"""
    return html, UTF8


PROVINCE = Story(
    "省发展改革委部署全省重大项目建设年行动",
    datetime(2023, 5, 2, 16, 20),
    "",
    (
        "5月2日，省发展改革委召开全省重大项目建设推进会，部署开展重大项目建设年行动，明确今年省级重大项目220个，年度计划投资6000亿元以上。",
        "会议要求，各地要建立重大项目“月调度、季通报”工作机制，聚焦先进制造业、现代服务业、重大基础设施等领域，加快推动项目开工建设和竣工投产。",
        "会议强调，要强化用地、用能、资金等要素保障，对照时间节点倒排工期，确保全年目标任务顺利完成。",
    ),
)


def province_gov_portal() -> tuple[str, str]:
    """A provincial TRS portal: tools open the body container, an empty counter, no byline."""
    s = PROVINCE
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{s.title} 江苏省人民政府</title>
<meta name="SiteName" content="江苏省人民政府">
<meta name="ColumnName" content="部门动态">
<meta name="ArticleTitle" content="{s.title}">
<meta name="PubDate" content="2023-05-02 16:20">
<meta name="ContentSource" content="省发展改革委">
</head>
<body>
<div class="gov-head"><span>今天是：<script>document.write(new Date().toLocaleDateString());</script></span><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a> <a href="/hdjl/">互动交流</a></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/bmdt/">部门动态</a></div>
<div class="article">
  <div class="article-title"><h2>{s.title}</h2></div>
  <div class="article-info">发布日期：2023-05-02 16:20　　来源：省发展改革委　　浏览次数：<span id="hits"></span><script>getHits("8839201");</script></div>
  <div class="article-content">
    <div class="tools">打印　字体：<a href="#">放大</a> <a href="#">正常</a> <a href="#">缩小</a></div>
{_ps(s, "　　")}
  </div>
  <div class="article-bottom">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
  <div class="xgwz">
    <h4>相关文章</h4>
    <ul>
{_dated_list("2023-05-02", 3, 1)}
    </ul>
  </div>
</div>
<div class="gov-foot">主办：江苏省人民政府办公厅　网站标识码：3200000001</div>
</body>
</html>
"""
    return html, UTF8


ZWGK = Story(
    "市发改委召开一季度经济运行分析会",
    datetime(2023, 5, 2, 10, 5),
    "",
    (
        "4月28日，市发改委召开一季度全市经济运行分析会，通报一季度主要经济指标完成情况，分析当前经济运行中的困难和问题。",
        "一季度，全市地区生产总值同比增长5.6%，规模以上工业增加值增长7.2%，固定资产投资增长6.8%，主要指标增速好于全省平均水平。",
        "会议要求，要紧盯全年目标任务，加快重大项目建设进度，持续扩大有效投资，推动经济运行持续向好。",
    ),
)


def city_gov_zwgk() -> tuple[str, str]:
    """A city 政务公开 page: an 索引号 table with its own date above the title."""
    s = ZWGK
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}_部门动态_政务公开</title>
</head>
<body>
<div class="top"><a href="/">市人民政府门户网站</a> <a href="/zwgk/">政府信息公开</a> <a href="/zwfw/">政务服务</a></div>
<div class="wz">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 部门动态</div>
<table class="xxgk-table">
<tr><td>索引号：</td><td>01401234-0/2023-0502001</td><td>信息分类：</td><td>工作动态</td></tr>
<tr><td>发布机构：</td><td>市发展和改革委员会</td><td>生成日期：</td><td>2023-05-02</td></tr>
<tr><td>文号：</td><td>无</td><td>有效性：</td><td>有效</td></tr>
</table>
<div class="xxgk-detail">
  <h2 class="title">{s.title}</h2>
  <div class="info">发布时间：2023-05-02 10:05　来源：市发改委　【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
  <div class="content" id="zoom">
{_ps(s, "　　")}
  </div>
  <div class="ewm"><img src="/images/ewm.png" alt=""><p>扫一扫在手机打开当前页</p></div>
  <div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<div class="foot">主办：市人民政府办公室　技术支持：市大数据管理局</div>
</body>
</html>
"""
    return html, UTF8


INTERPRETATION = Story(
    "《关于进一步优化营商环境的若干措施》政策解读",
    datetime(2023, 4, 18, 15, 30),
    "",
    (
        "一、出台背景",
        "为深入贯彻落实国家和省优化营商环境决策部署，进一步激发市场主体活力，市政府办公室近日印发《关于进一步优化营商环境的若干措施》。",
        "二、主要内容",
        "《措施》共5个方面25条，涵盖政务服务、要素保障、市场准入、公平监管和法治保障等领域，重点解决企业反映集中的审批难、融资难、用地难等问题。",
        "三、政策亮点",
        "《措施》提出推行涉企事项“一件事一次办”，企业开办时间压缩至1个工作日以内，对符合条件的项目实行“拿地即开工”。",
    ),
)


def city_gov_interpretation() -> tuple[str, str]:
    """A 政策解读 page: 调整字体, icon glyphs before 打印 / 分享, an empty 作者, 编辑 + 审核."""
    s = INTERPRETATION
    body = "\n".join(
        f"<p><strong>{text}</strong></p>" if len(text) < 8 else f"<p>　　{text}</p>"
        for text in s.printed()
    )
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<title>{s.title}</title>
<link rel="stylesheet" href="/css/iconfont.css">
</head>
<body>
<div class="head"><a href="/">首页</a><a href="/zcjd/">政策解读</a><a href="/zcwj/">政策文件</a></div>
<div class="detail">
  <h1 class="detail-title">{s.title}</h1>
  <div class="detail-info">
    <span>时间：2023-04-18 15:30</span>
    <span>来源：市政府办公室</span>
    <span>作者：</span>
  </div>
  <div class="detail-tools"><span>调整字体</span> <a href="#"><i class="iconfont">\ue621</i>打印</a> <a href="#"><i class="iconfont">\ue60e</i>分享</a></div>
  <div class="detail-content">
{body}
  </div>
  <div class="detail-editor">编辑：周婉清　审核：许志成</div>
</div>
<div class="foot">网站标识码：3210000017</div>
</body>
</html>
"""
    return html, UTF8


TV = Story(
    "运河沿线非遗展演活动精彩纷呈",
    datetime(2023, 5, 2, 19, 45, 12),
    "本台消息（记者 蒋一凡）",
    (
        "“五一”假期，运河沿线多个城市的非遗展演活动精彩纷呈，剪纸、刺绣、木偶戏等传统技艺吸引了大批游客驻足观看。",
        "在一处非遗展示街区，传承人现场演示传统漆器制作工艺，不少游客在体验区亲手制作了漆扇。来自上海的游客李女士说：“看得见、摸得着的非遗，让孩子对传统文化有了更直观的认识。”",
        "据了解，假期期间，沿线城市共举办非遗展演展示活动120余场，吸引游客超过50万人次。",
    ),
)


def tv_station_news() -> tuple[str, str]:
    """A TV station's news page: the player's fallback text and controls above the text."""
    s = TV
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}_新闻_江淮广电网</title>
</head>
<body>
<div class="tv-nav"><a href="/">首页</a><a href="/news/">新闻</a><a href="/live/">直播</a><a href="/program/">节目</a></div>
<div class="tv-main">
  <h1>{s.title}</h1>
  <div class="tv-info">2023-05-02 19:45:12　来源：江淮广电新闻中心</div>
  <div class="tv-player">
    <video src="/media/2023/0502/feiyi.mp4" controls poster="/media/2023/0502/feiyi.jpg">您的浏览器不支持video标签</video>
    <div class="tv-ctrl"><span class="tv-time">00:00 / 02:35</span> <a href="#">播放</a> <a href="#">全屏</a></div>
  </div>
  <div class="tv-text">
{_ps(s)}
  </div>
  <div class="tv-editor">责任编辑：许嘉怡</div>
</div>
<div class="tv-side"><h3>热门视频</h3><ul>
{_dated_list("2023-05-02", 3, 4)}
</ul></div>
</body>
</html>
"""
    return html, UTF8


PAPER = Story(
    "重大项目建设提速提效",
    datetime(2023, 5, 2),
    "本报讯（记者 周子涵）",
    (
        "记者从市发改委获悉，一季度，全市168个市级重大项目完成投资312亿元，占年度计划的28.6%，新开工项目46个，竣工投产项目19个。",
        "项目建设提速的背后，是服务保障的持续加力。我市建立重大项目“绿色通道”，实行审批事项“并联办理”，平均审批时间压缩四成以上。",
        "下一步，全市将聚焦“产业强市”主攻方向，加快推进一批强链补链延链项目，为全年经济发展提供有力支撑。",
    ),
)
PAPER_KICKER = "聚力“产业强市”　跑出发展加速度"
PAPER_SUBTITLE = "——全市一季度重大项目推进情况综述"


def digital_paper_article() -> tuple[str, str]:
    """A 数字报 article: 引题, 主题, 副题; the edition's date only; the page's other titles."""
    s = PAPER
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>扬州日报数字报-{s.title}</title>
</head>
<body>
<div class="paper-top">扬州日报　2023年05月02日　星期二</div>
<table class="paper"><tr>
<td class="paper-left">
  <div class="bm">第A01版：要闻</div>
  <ul class="bmdh">
    <li><a href="node_1.htm">第A01版：要闻</a></li>
    <li><a href="node_2.htm">第A02版：综合</a></li>
    <li><a href="node_3.htm">第A03版：民生</a></li>
    <li><a href="node_4.htm">第A04版：视点</a></li>
  </ul>
  <div class="bmbt">本版标题</div>
  <ul class="titles">
    <li><a href="content_1.htm">{s.title}</a></li>
    <li><a href="content_2.htm">市领导调研防汛工作</a></li>
    <li><a href="content_3.htm">“五一”假期文旅市场红火</a></li>
  </ul>
</td>
<td class="paper-right">
  <h3 class="yt">{PAPER_KICKER}</h3>
  <h1 class="bt">{s.title}</h1>
  <h2 class="ft">{PAPER_SUBTITLE}</h2>
  <div class="info">2023年05月02日　第A01版：要闻　来源：扬州日报</div>
  <div class="content" id="ozoom">
{_ps(s, "　　")}
  </div>
  <div class="paper-tools"><a href="content_0.htm">上一篇</a> <a href="content_2.htm">下一篇</a> <a href="node_1.htm">返回目录</a>　<a href="#">放大</a> <a href="#">缩小</a> <a href="#">默认</a>　<a href="javascript:window.print()">打印本文</a></div>
</td>
</tr></table>
</body>
</html>
"""
    return html, UTF8


MOBILE = Story(
    "我市暑期文旅消费持续升温",
    datetime(2023, 8, 3, 8, 20),
    "本报讯（记者 葛晓雯 通讯员 文旅宣）",
    (
        "暑期以来，我市文旅市场持续升温。7月份，全市接待游客680万人次，实现旅游收入同比增长23.5%。",
        "夜游、研学、亲子游成为今年暑期旅游的热门选择。运河沿线的夜游项目每晚接待游客上万人次，不少景区推出的研学课程一经上线便被预订一空。",
        "市文旅部门负责人介绍，全市将持续丰富暑期文旅产品供给，做好游客服务和安全保障工作。",
    ),
)


def mobile_article() -> tuple[str, str]:
    """A mobile page: an APP下载 banner above the title, glyph buttons, 返回顶部."""
    s = MOBILE
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,user-scalable=no">
<title>{s.title}</title>
</head>
<body>
<div class="app-banner"><img src="/m/logo.png" alt=""><div>打开APP 阅读体验更佳</div><a class="btn" href="/app/">APP下载</a></div>
<header class="m-head"><a class="back" href="javascript:history.back()">\ue60e</a><span class="m-logo">扬州晚报</span><a class="more" href="#">\ue621</a></header>
<div class="m-article">
  <h1 class="m-title">{s.title}</h1>
  <div class="m-meta"><span>来源：扬州晚报</span> <span>2023-08-03 08:20</span></div>
  <div class="m-body">
{_ps(s)}
  </div>
  <div class="m-editor">编辑：陶然</div>
</div>
<div class="m-open">打开APP查看更多精彩内容</div>
<a class="m-top" href="#top">返回顶部</a>
</body>
</html>
"""
    return html, UTF8


COUNTY = Story(
    "我县特色水产养殖喜获丰收",
    datetime(2023, 10, 12, 11, 12),
    "本网讯（通讯员 孙喆 记者 钱宇）",
    (
        "金秋时节，我县万亩水产养殖基地迎来捕捞高峰，螃蟹、青虾、鳜鱼等特色水产品陆续上市，今年全县特色水产品产量预计达到3.5万吨。",
        "近年来，我县大力推广池塘生态养殖模式，建成标准化养殖池塘2.6万亩，带动8000多户养殖户增收致富。",
        "县农业农村局负责人表示，将继续做强特色水产品牌，延伸加工销售产业链，让“小水产”成为富民“大产业”。",
    ),
)


def county_portal_gbk() -> tuple[bytes, str]:
    """A county portal in tables, GB18030 bytes declared gb2312 in a meta tag only."""
    s = COUNTY
    body = "\n".join(f"　　{text}<br><br>" for text in s.printed())
    text = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{s.title}-县人民政府</title>
</head>
<body>
<table width=1000 align=center><tr><td><img src="/images/top.jpg"></td></tr>
<tr><td class=nav><a href="/">首页</a> | <a href="/xwzx/">新闻中心</a> | <a href="/zwgk/">政务公开</a> | <a href="/bsfw/">办事服务</a></td></tr></table>
<table width=1000 align=center>
<tr><td align=center><font size=5><b>{s.title}</b></font></td></tr>
<tr><td align=center>发布日期：2023-10-12 11:12:00　来源：县融媒体中心　点击数：<script>document.write(356)</script></td></tr>
<tr><td align=center>【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</td></tr>
<tr><td class=zw>
{body}
</td></tr>
<tr><td align=right>（责任编辑：吴佳宁）</td></tr>
</table>
<table width=1000 align=center><tr><td align=center>县人民政府办公室主办</td></tr></table>
</body>
</html>
"""
    return text.encode("gb18030"), "text/html"


ICONFONT = Story(
    "长江南京以下江海联运港区年吞吐量创新高",
    datetime(2023, 5, 2, 14, 5, 30),
    "中国江苏网5月2日讯（记者 汪 琦）",
    (
        "记者从省交通运输厅获悉，今年一季度，长江南京以下江海联运港区完成货物吞吐量6.2亿吨，同比增长8.1%，集装箱吞吐量创同期新高。",
        "港口企业加快智慧化改造，多个码头实现远程操控和无人集卡运输，单箱作业效率提升两成以上。",
        "省交通运输厅有关负责人表示，将进一步完善江海河联运体系，提升港口服务长三角一体化发展的能力。",
    ),
)


def iconfont_portal() -> tuple[str, str]:
    """A portal whose <h1> is its logo, with A+ A- buttons and glyphs before date and 来源."""
    s = ICONFONT
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}_中国江苏网</title>
</head>
<body>
<div class="header"><h1 class="logo"><a href="/">中国江苏网</a></h1><div class="menu"><a href="/">首页</a><a href="/news/">新闻</a><a href="/city/">城市</a></div></div>
<div class="container">
  <div class="col-left">
    <h2>相关文章</h2>
    <ul>
{_dated_list("2023-05-02", 4, 3)}
    </ul>
  </div>
  <div class="col-main">
    <div class="art-title">{s.title}</div>
    <div class="art-font"><a href="#">A+</a></div>
    <div class="art-font"><a href="#">A-</a></div>
    <div class="art-meta"><span><i class="iconfont">\ue60e</i>2023-05-02 14:05:30</span> <span><i class="iconfont">\ue621</i>来源：中国江苏网</span></div>
    <div class="art-body">
{_ps(s, "　　")}
    </div>
    <div class="art-editor">责编：陈一鸣</div>
    <div class="art-share"><i class="iconfont">\ue621</i></div>
  </div>
</div>
<div class="footer">中国江苏网版权所有</div>
</body>
</html>
"""
    return html, UTF8


APP = Story(
    "南通海工装备产业订单排至2026年",
    datetime(2023, 5, 2, 7, 55),
    "交汇点讯（记者 刘明川 通讯员 通工信）",
    (
        "记者从南通市工信局获悉，今年以来，南通海工装备企业新接订单持续增长，部分龙头企业的生产订单已排至2026年。",
        "在南通一家海工装备企业的总装车间，工人们正在为一座大型海上风电安装平台进行焊接作业。企业负责人介绍，今年一季度企业新签合同额同比增长45%。",
        "南通市工信局有关负责人表示，南通将围绕海工装备和高技术船舶产业链，加快引进一批配套企业，打造具有全球影响力的海工装备产业集群。",
    ),
)


def provincial_news_app() -> tuple[str, str]:
    """A provincial paper's app page: font chooser and the WeChat share box open the body."""
    s = APP
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<title>{s.title}</title>
</head>
<body>
<div class="xhby-head"><a href="/">交汇点</a></div>
<div class="xhby-article">
  <div class="xhby-title">{s.title}</div>
  <div class="xhby-info">来源：新华日报·交汇点　2023-05-02 07:55</div>
  <div class="xhby-body">
    <div class="fontset"><span>调整字体</span><div class="sizes"><a>超大</a> <a>大</a> <a>标准</a> <a>小</a></div></div>
    <div class="wxshare"><p>用微信扫码二维码</p><p>分享至好友和朋友圈</p></div>
{_ps(s)}
    <p class="editor">编辑：姜山</p>
  </div>
</div>
</body>
</html>
"""
    return html, UTF8


PRINT = Story(
    "全市秋季招聘月活动启动",
    datetime(2023, 9, 15, 9, 0),
    "本报讯（记者 苏亦然）",
    (
        "昨天，全市秋季招聘月活动在市人力资源市场启动，200余家企业提供就业岗位6000多个，吸引3000多名求职者进场洽谈。",
        "招聘会现场设置了高校毕业生、退役军人、就业困难人员等专区，并提供政策咨询、职业指导等服务。",
        "市人社局负责人介绍，招聘月期间，全市将举办线上线下招聘活动50余场，帮助更多劳动者实现就业。",
    ),
)


def print_version() -> tuple[str, str]:
    """A print view: almost no markup, tools above and below, 作者 and 编辑 in one line."""
    s = PRINT
    html = f"""<html>
<head>
<meta charset="utf-8">
<title>打印 - {s.title}</title>
</head>
<body onload="window.print()">
<div class="tools">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
<h2>{s.title}</h2>
<p class="info">发布时间：2023-09-15 09:00　来源：扬州日报</p>
{_ps(s, "　　")}
<p>作者：苏亦然　编辑：陈茜</p>
<div class="tools">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
</body>
</html>
"""
    return html, UTF8


SEEDLIKE = Story(
    "我市召开全市文明城市长效管理推进会",
    datetime(2023, 5, 2, 8, 48),
    "本报讯 (记者 邹一鸣 通讯员 扬文明) ",
    (
        "昨天，全市文明城市长效管理推进会召开，总结去年文明城市创建工作，部署今年长效管理重点任务。",
        "会议指出，文明城市创建只有进行时，没有完成时。要坚持问题导向，聚焦背街小巷、农贸市场、老旧小区等薄弱环节，持续开展常态化督查。",
        "会议要求，要坚持创建为民、创建惠民，动员广大市民共同参与，让文明成为城市最亮丽的风景。",
    ),
)


def seed_like_tools() -> tuple[str, str]:
    """A page laid out like the seed's text copy: counter 0, `【字号:  】【打印`, A- A A+."""
    s = SEEDLIKE
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}</title>
</head>
<body>
<div class="t">{s.title}</div>
<div class="d">2023-05-02 08:48:00</div>
<div class="s">来源:扬州日报</div>
<div class="c">0</div>
<div class="k">【字号:  】【打印</div>
<div class="f"><a>A-</a> <a>A</a> <a>A+</a></div>
<div class="b">
{_ps(s)}
</div>
<div class="e">作者:  编辑:马丽花</div>
<div class="g"><a href="#top">返回顶部</a></div>
</body>
</html>
"""
    return html, UTF8


# --- Refused: pages that are no article ----------------------------------------------------------


STACKED = Story(
    "我市新增一批省级专精特新中小企业",
    datetime(2024, 3, 18, 16, 20),
    "本网讯（通讯员 扬工信 记者 顾晓明）",
    (
        "日前，省工信厅公布2024年第一批省级专精特新中小企业名单，我市共有46家企业入选，入选数量位居全省前列。",
        "据了解，此次入选企业主要集中在高端装备、新材料、生物医药等领域，平均研发投入占营业收入比重超过5%。",
        "市工信局有关负责人表示，将加大对专精特新企业的培育支持力度，推动更多企业向“小巨人”迈进。",
    ),
)


def stacked_font_switch_list() -> tuple[str, str]:
    """A city portal whose font switch is a list: 大 / 标准 / 小, one per line, opening the body."""
    s = STACKED
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}-新闻中心</title>
</head>
<body>
<div class="top"><a href="/">首页</a> <a href="/news/">新闻中心</a></div>
<div class="news-detail">
  <h2 class="news-title">{s.title}</h2>
  <div class="news-info">时间：2024-03-18 16:20　来源：市工信局</div>
  <ul class="font-switch">
    <li class="on">大</li>
    <li>标准</li>
    <li>小</li>
  </ul>
  <div class="news-text">
{_ps(s)}
  </div>
  <div class="news-editor">（编辑：钱思语）</div>
</div>
</body>
</html>
"""
    return html, UTF8


STACKED_LABELLED = Story(
    "扬州港集装箱吞吐量实现一季度“开门红”",
    datetime(2024, 4, 8, 10, 5),
    "本报讯（记者 江卉 通讯员 港宣）",
    (
        "记者从扬州港务集团获悉，一季度扬州港完成集装箱吞吐量18.6万标箱，同比增长12.3%，实现“开门红”。",
        "今年以来，扬州港加密内外贸航线，新开通至东南亚的近洋航线2条，港口服务能力进一步提升。",
        "下一步，扬州港将加快智慧港口建设，推动港口、产业、城市融合发展。",
    ),
)


def stacked_font_switch_labelled() -> tuple[str, str]:
    """A newspaper site whose font switch stands in a definition list under its label:
    字号 / 大 / 中 / 小, one per line, between the date line and the text."""
    s = STACKED_LABELLED
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}_扬州晚报网</title>
<meta name="ArticleTitle" content="{s.title}">
</head>
<body>
<div class="header"><a href="/">扬州晚报网</a></div>
<div class="main">
  <div class="art-head">
    <h1>{s.title}</h1>
    <p class="meta">2024-04-08 10:05 来源：扬州日报</p>
  </div>
  <dl class="art-font">
    <dt>字号</dt>
    <dd>大</dd>
    <dd>中</dd>
    <dd>小</dd>
  </dl>
  <div class="art-body">
{_ps(s)}
  </div>
  <p class="art-editor">责任编辑：孙一鸣</p>
</div>
</body>
</html>
"""
    return html, UTF8


STACKED_TABLE = Story(
    "市区新增公共停车泊位1200个",
    datetime(2024, 5, 6, 8, 40),
    "",
    (
        "为缓解市民停车难问题，今年以来，市城管局结合老旧小区改造和城市更新项目，在市区新增公共停车泊位1200个。",
        "新增泊位主要分布在老城区、医院和学校周边，其中800个泊位已接入全市智慧停车平台，市民可通过手机查询空余泊位。",
        "市城管局有关负责人介绍，年内还将再建设一批立体停车设施，进一步扩大停车供给。",
    ),
)


def stacked_font_switch_table() -> tuple[str, str]:
    """A TRS government page whose font switch is a table column: 超大 / 大 / 标准 / 小, one
    cell a line, opening the text; no byline."""
    s = STACKED_TABLE
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}_市城市管理局</title>
</head>
<body>
<table class="detail" width="980">
  <tr><td class="title">{s.title}</td></tr>
  <tr><td class="info">发布日期：2024-05-06 08:40　信息来源：市城管局</td></tr>
  <tr><td>
    <table class="fontsize">
      <tr><td>超大</td></tr>
      <tr><td>大</td></tr>
      <tr><td>标准</td></tr>
      <tr><td>小</td></tr>
    </table>
  </td></tr>
  <tr><td class="TRS_Editor">
{_ps(s)}
  </td></tr>
</table>
</body>
</html>
"""
    return html, UTF8


REPORT = Story(
    "高邮湖大闸蟹开捕 预计产量增长一成",
    datetime(2024, 9, 20, 15, 30),
    "扬州网讯（记者 王亚楠）",
    (
        "9月20日，高邮湖大闸蟹正式开捕。今年高邮湖大闸蟹养殖面积稳定在20万亩左右，预计总产量较去年增长一成。",
        "养殖户介绍，今年通过科学投喂、种植水草等措施，螃蟹个头大、膏脂足，上市价格保持稳定。",
        "高邮市农业农村局有关负责人表示，将持续做好品牌宣传，推动高邮湖大闸蟹走向更大的市场。",
    ),
)


def report_bar_app() -> tuple[str, str]:
    """A news app's article page that ends with a report bar and a comment count: 举报 /
    举报文章问题 / 4,786 条评论, one per line, as text, not links."""
    s = REPORT
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<title>{s.title}</title>
</head>
<body>
<div class="app-article">
  <h1 class="app-title">{s.title}</h1>
  <div class="app-meta"><span>扬州发布</span> <span>2024-09-20 15:30</span></div>
  <div class="app-source">来源：扬州网</div>
  <div class="app-content">
{_ps(s)}
  </div>
  <div class="app-report">
    <div class="report-icon">举报</div>
    <div class="report-text">举报文章问题</div>
  </div>
  <div class="app-comments"><div class="count">4,786 条评论</div></div>
</div>
</body>
</html>
"""
    return html, UTF8


PLACEHOLDER = Story(
    "区政务服务中心推出“周末不打烊”服务",
    datetime(1900, 1, 1, 0, 0),
    "",
    (
        "为方便上班族办事，区政务服务中心自本月起推出“周末不打烊”服务，每周六上午开设综合受理窗口。",
        "周末可办理的事项涵盖社保、医保、不动产登记等126项高频事项，群众可通过线上预约错峰办理。",
    ),
)


def placeholder_date() -> tuple[str, str]:
    """A CMS that prints its default date where the publish time was never set: 1900-01-01."""
    s = PLACEHOLDER
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}_区人民政府</title>
<meta name="ArticleTitle" content="{s.title}">
</head>
<body>
<div class="wrap">
  <h1>{s.title}</h1>
  <div class="info">发布时间：1900-01-01 00:00:00　来源：区行政审批局</div>
  <div class="TRS_Editor">
{_ps(s)}
  </div>
</div>
</body>
</html>
"""
    return html, UTF8


TOOLS_ONLY = Story(
    "市区两条公交线路优化调整",
    datetime(2024, 9, 20, 16, 0),
    "",
    ("",),
)


def tools_only_body() -> tuple[str, str]:
    """A news app page whose text a script loads: only the stacked font switch, the report
    bar and the comment count are printed where the body should be."""
    s = TOOLS_ONLY
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{s.title}</title>
</head>
<body>
<div class="app-article">
  <h1 class="app-title">{s.title}</h1>
  <div class="app-meta">2024-09-20 16:00 来源：扬州发布</div>
  <ul class="font-switch"><li>大</li><li>标准</li><li>小</li></ul>
  <div class="app-content" id="content"></div>
  <script>loadContent("#content", 88231);</script>
  <div class="app-report"><div>举报</div><div>举报文章问题</div></div>
  <div class="app-comments"><div class="count">12 条评论</div></div>
</div>
</body>
</html>
"""
    return html, UTF8


def list_page() -> tuple[str, str]:
    """A column's list page: titles and dates where a body should be."""
    items = "\n".join(
        f'<li><a href="/zwdt/2023050{i % 9 + 1}_{4410 + i}.html">{ELSEWHERE[i % len(ELSEWHERE)]}</a><span class="date">2023-05-0{i % 9 + 1}</span></li>'
        for i in range(16)
    )
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>工作动态_市人民政府</title>
</head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/zwdt/">政务动态</a> <a href="/zwgk/">政务公开</a></div>
<div class="wz">当前位置：<a href="/">首页</a> &gt; 工作动态</div>
<div class="list">
  <h2>工作动态</h2>
  <ul>
{items}
  </ul>
  <div class="page">首页 上一页 <a>1</a> <a>2</a> <a>3</a> 下一页 尾页 共25页</div>
</div>
</body>
</html>
"""
    return html, UTF8


def error_page_200() -> tuple[str, str]:
    """An error page served with 200: 页面不存在 / 404 text and the site's chrome, no date."""
    html = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>404 页面不存在</title>
</head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/news/">新闻</a> <a href="/zwgk/">政务公开</a></div>
<div class="error">
  <div class="code">404</div>
  <h1>很抱歉，您访问的页面不存在或已被删除！</h1>
  <p>请检查您输入的网址是否正确，或点击下面的链接继续浏览。</p>
  <p><a href="/">返回首页</a> <a href="javascript:history.back()">返回上一页</a></p>
</div>
<div class="foot">版权所有 市人民政府办公室</div>
</body>
</html>
"""
    return html, UTF8


def login_wall() -> tuple[str, str]:
    """Paid content: title, date and 来源 are there, the body is a login prompt and a form."""
    html = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>深度：一座老城的更新之路_会员专享</title>
</head>
<body>
<div class="head"><a href="/">首页</a> <a href="/vip/">会员专区</a></div>
<div class="article">
  <h1>深度：一座老城的更新之路</h1>
  <div class="info">2023-05-02 10:00　来源：城市周刊</div>
  <div class="paywall">
    <p>本文为会员专享内容，请登录后阅读全文。</p>
    <form action="/login" method="post">
      <label>用户名</label><input name="user">
      <label>密码</label><input name="password" type="password">
      <button type="submit">登录</button>
    </form>
    <p><a href="/register">注册</a> | <a href="/forget">忘记密码</a></p>
  </div>
</div>
</body>
</html>
"""
    return html, UTF8


def js_shell() -> tuple[str, str]:
    """A JavaScript-rendered shell: an empty #app, the article only inside a script."""
    html = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>扬州新闻客户端</title>
<script>window.__INITIAL_STATE__={"article":{"title":"我市举行重点项目集中开工活动","time":"2023-05-02 09:00","content":"<p>昨天，我市举行重点项目集中开工活动。</p>"}};</script>
<script src="/static/js/chunk-vendors.3f2a.js"></script>
<script src="/static/js/app.8c1d.js"></script>
</head>
<body>
<noscript><strong>请开启JavaScript以正常浏览本站。</strong></noscript>
<div id="app"></div>
</body>
</html>
"""
    return html, UTF8


def video_only() -> tuple[str, str]:
    """A video page: the player and a 相关视频 list, no text of the story."""
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>视频｜古运河夜游_江淮广电网</title>
</head>
<body>
<div class="tv-nav"><a href="/">首页</a><a href="/video/">视频</a></div>
<div class="tv-main">
  <h1>视频｜古运河夜游</h1>
  <div class="tv-info">2023-05-02 20:10:00　来源：江淮广电新闻中心</div>
  <div class="tv-player">
    <video src="/media/2023/0502/yeyou.mp4" controls>您的浏览器不支持video标签</video>
    <div class="tv-ctrl"><span>00:00 / 02:35</span> <a>播放</a> <a>全屏</a></div>
  </div>
  <div class="tv-side"><h3>相关视频</h3><ul>
{_dated_list("2023-05-02", 5, 1)}
  </ul></div>
</div>
</body>
</html>
"""
    return html, UTF8


def zhuanti_page() -> tuple[str, str]:
    """A 专题 landing page: banner, slogan, sections of dated links."""
    sections = "\n".join(
        f'<div class="zt-section"><h3>{name}</h3><ul>\n{_dated_list(day, 4, start)}\n</ul><a class="more">更多&gt;&gt;</a></div>'
        for name, day, start in (
            ("要闻动态", "2023-05-02", 0),
            ("基层实践", "2023-04-30", 2),
            ("媒体聚焦", "2023-04-29", 5),
        )
    )
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>奋力推进高质量发展专题</title>
</head>
<body>
<div class="zt-banner"><img src="/zt/2023/banner.jpg" alt="奋力推进高质量发展"></div>
<div class="zt-slogan">凝心聚力　真抓实干</div>
{sections}
<div class="foot">主办：市委宣传部</div>
</body>
</html>
"""
    return html, UTF8


def script_loaded_body() -> tuple[str, str]:
    """The body loaded by a script into an empty container; a 热点推荐 of plain text below."""
    plain = "".join(
        f"<li>{title}2023-05-0{day}</li>"
        for title, day in (
            ("全省经济运行分析会召开", 2),
            ("全省生态环境保护大会举行", 2),
            ("省委理论学习中心组举行集体学习", 1),
            ("全省文明城市创建工作推进会召开", 1),
        )
    )
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>我市召开优化营商环境工作推进会_新闻中心</title>
</head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/news/">新闻中心</a></div>
<div class="article">
  <h1>我市召开优化营商环境工作推进会</h1>
  <div class="info">发布时间：2023-05-02 09:30　来源：市融媒体中心</div>
  <div class="TRS_Editor" id="zoom"></div>
  <script>$.get("/api/article/5521.json",function(d){{$("#zoom").html(d.content);}});</script>
</div>
<div class="side">
  <h3>热点推荐</h3>
  <ul>{plain}</ul>
  <h3>最新发布</h3>
  <ul>
{_dated_list("2023-05-02", 4, 2)}
  </ul>
</div>
</body>
</html>
"""
    return html, UTF8


BY_SCRIPT = Story(
    "市住建局开展城镇燃气安全专项检查",
    datetime(2023, 5, 2, 11, 0),
    "",
    (
        "近日，市住建局组织开展城镇燃气安全专项检查，重点检查燃气经营企业、餐饮场所和老旧小区燃气设施，共排查隐患86处，已整改79处。",
        "检查中，执法人员详细查看了燃气管道、报警装置和安全管理台账，对发现的问题当场提出整改要求，并明确整改时限。",
        "市住建局负责人表示，将建立燃气安全隐患排查整治长效机制，坚决守牢城市安全底线。",
    ),
)


def title_by_script() -> tuple[str, str]:
    """A gov page whose headline is written by a script; a column label sits above the date."""
    s = BY_SCRIPT
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>市人民政府</title>
<script>var articleTitle = "{s.title}";</script>
</head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/bmdt/">部门动态</a></div>
<div class="lm">部门动态</div>
<div class="article">
  <div class="title"><script>document.write(articleTitle);</script></div>
  <div class="info">2023-05-02 11:00　来源：市住建局</div>
  <div class="content">
{_ps(s, "　　")}
  </div>
  <div class="editor">责任编辑：沈佳</div>
</div>
</body>
</html>
"""
    return html, UTF8


IN_IMAGE = Story(
    "",
    datetime(2023, 5, 2, 15, 0),
    "",
    (
        "5月2日下午，市委宣传部召开全市网络文明建设工作推进会，总结去年工作，部署今年重点任务。",
        "会议指出，要坚持正面宣传引导，深入开展网络文明主题活动，持续净化网络生态，营造清朗网络空间。",
        "会议要求，各地各部门要压实工作责任，形成齐抓共管的工作合力，推动网络文明建设取得新成效。",
    ),
)


def headline_in_image() -> tuple[str, str]:
    """The headline is a picture without alt text; only buttons and a box heading are text."""
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>文明网</title>
</head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/wmcj/">文明创建</a> <a href="/gzdt/">工作动态</a></div>
<div class="main">
  <div class="headline"><img src="/uploadfile/2023/0502/bt_0502.png" alt=""></div>
  <div class="fontsize"><a href="#">A+</a> <a href="#">A</a> <a href="#">A-</a></div>
  <div class="info">2023-05-02 15:00　来源：市委宣传部</div>
  <div class="text">
{_ps(IN_IMAGE, "　　")}
  </div>
  <div class="editor">编辑：顾雨</div>
</div>
<div class="related"><h3>相关文章</h3><ul>
{_dated_list("2023-05-02", 3, 6)}
</ul></div>
</body>
</html>
"""
    return html, UTF8


def gov_attachment_only() -> tuple[str, str]:
    """A 政务公开 notice whose whole content is an attachment link."""
    html = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>关于公布2023年度市级重点项目名单的通知</title>
</head>
<body>
<div class="wz">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 通知公告</div>
<table class="xxgk-table">
<tr><td>索引号：</td><td>01401234-0/2023-0502007</td><td>发布机构：</td><td>市发展和改革委员会</td></tr>
<tr><td>生成日期：</td><td>2023-05-02</td><td>有效性：</td><td>有效</td></tr>
</table>
<div class="xxgk-detail">
  <h2>关于公布2023年度市级重点项目名单的通知</h2>
  <div class="info">发布日期：2023-05-02　来源：市发改委</div>
  <div class="content">
    <p>附件：<a href="/uploadfile/2023/0502/zdxm.pdf">2023年度市级重点项目名单.pdf</a></p>
  </div>
  <div class="ewm"><p>扫一扫在手机打开当前页</p></div>
</div>
</body>
</html>
"""
    return html, UTF8


def digital_paper_page() -> tuple[str, str]:
    """A 数字报 page overview: the edition's navigation and the titles on that page."""
    titles = "\n".join(
        f'<li><a href="content_{i}.htm">{title}</a></li>'
        for i, title in enumerate(
            (
                "重大项目建设提速提效",
                "市领导调研防汛工作",
                "“五一”假期文旅市场红火",
                "我市新增一批省级专精特新企业",
            )
        )
    )
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>扬州日报数字报-第A01版：要闻</title>
</head>
<body>
<div class="paper-top">扬州日报　2023年05月02日　星期二</div>
<div class="bm">第A01版：要闻</div>
<div class="bmt"><img src="page_1.jpg" usemap="#pagemap" alt=""></div>
<ul class="bmdh">
  <li><a href="node_1.htm">第A01版：要闻</a></li>
  <li><a href="node_2.htm">第A02版：综合</a></li>
  <li><a href="node_3.htm">第A03版：民生</a></li>
</ul>
<div class="bmbt">本版标题</div>
<ul class="titles">
{titles}
</ul>
<div class="paper-tools"><a href="node_0.htm">上一版</a> <a href="node_2.htm">下一版</a> <a href="pdf/a01.pdf">PDF下载</a></div>
</body>
</html>
"""
    return html, UTF8


WECHAT = Story(
    "这份“五一”出游指南请收好",
    datetime(2023, 4, 28, 18, 0),
    "",
    (
        "“五一”假期即将到来，不少市民已经开始规划出行。为方便大家出游，我们整理了一份假期出游指南。",
        "假期期间，市区主要景区将延长开放时间，部分景区实行预约入园，请游客提前通过官方平台预约，错峰出行。",
        "公交部门将加密景区线路班次，并开通多条旅游专线。自驾出行的市民可通过手机查询景区周边停车场的空余车位。",
    ),
)


def wechat_article() -> tuple[str, str]:
    """A WeChat-like article: title and text are there, the publish time only in a script."""
    s = WECHAT
    body = "\n".join(
        f'<section><span style="font-size: 15px;">{text}</span></section>' for text in s.printed()
    )
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta property="og:title" content="{s.title}">
<title>{s.title}</title>
</head>
<body id="activity-detail">
<div class="rich_media">
  <h1 class="rich_media_title" id="activity-name">{s.title}</h1>
  <div class="rich_media_meta_list">
    <span class="rich_media_meta rich_media_meta_text">原创</span>
    <span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);">扬州发布</a></span>
    <em id="publish_time" class="rich_media_meta rich_media_meta_text"></em>
  </div>
  <div class="rich_media_content" id="js_content">
{body}
  </div>
  <div class="rich_media_tool"><a id="js_view_source">阅读原文</a> <span>预览时标签不可点</span></div>
  <div class="qr_code_pc"><img src="/mp/qrcode" alt=""><p>微信扫一扫<br>关注该公众号</p></div>
</div>
<script>var ct = "1682676000"; var nickname = "扬州发布";</script>
</body>
</html>
"""
    return html, UTF8


def search_results() -> tuple[str, str]:
    """A site search page: titles, prose snippets cut off with …, dates, pagination."""
    snippets = (
        "我市加快培育新质生产力，聚焦人工智能、新型储能等领域，培育未来产业项目…",
        "会议强调，要因地制宜发展新质生产力，推动传统产业焕新、新兴产业壮大…",
        "开发园区要在发展新质生产力上走在前、做示范，以“二次创业”的闯劲拼劲…",
    )
    items = "\n".join(
        f'<div class="result"><h3><a href="/news/{i}.html">{ELSEWHERE[i]}</a></h3><p>{snippet}</p><span>2023-05-0{2 - i % 2} 扬州日报</span></div>'
        for i, snippet in enumerate(snippets)
    )
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>搜索结果_新质生产力</title>
</head>
<body>
<div class="search"><form action="/search"><input name="q" value="新质生产力"><button>搜索</button></form></div>
<div class="summary">共找到 23 条与“新质生产力”相关的结果</div>
{items}
<div class="page">上一页 <a>1</a> <a>2</a> <a>3</a> 下一页</div>
</body>
</html>
"""
    return html, UTF8


FOREIGN_SHAPES: tuple[ForeignShape, ...] = (
    ForeignShape(
        "news_agency_portal",
        "national news agency portal",
        "用微信扫码二维码 / 分享至好友和朋友圈, 关注新华网 微信 微博 Qzone opening the body; 【责任编辑：X】",
        news_agency_portal,
        AGENCY.read(
            source="新华网",
            dateline="新华社南京5月2日电",
            reporters=("顾文清", "朱明远"),
            editors=("刘思远",),
        ),
    ),
    ForeignShape(
        "people_portal",
        "people's daily-like portal",
        "date glued to its time, `| 来源：`, 字号 A- A A+, （责编：X、Y）, 返回顶部",
        people_portal,
        PEOPLE.read(
            source="人民网-江苏频道",
            dateline="本报南京5月1日电",
            reporters=("孔令雯",),
            editors=("韩冰", "秦露"),
        ),
    ),
    ForeignShape(
        "province_gov_portal",
        "provincial government portal (TRS)",
        "打印 字体：放大 正常 缩小 opening the body, an empty 浏览次数, 相关文章",
        province_gov_portal,
        PROVINCE.read(source="省发展改革委"),
    ),
    ForeignShape(
        "city_gov_zwgk",
        "city 政务公开 page",
        "an 索引号 table with its own date above the title, 【字体：大 中 小】 on the date line",
        city_gov_zwgk,
        ZWGK.read(source="市发改委"),
    ),
    ForeignShape(
        "city_gov_interpretation",
        "city 政策解读 page",
        "调整字体 and icon glyphs \\ue621 \\ue60e before 打印 / 分享, an empty 作者, 编辑 + 审核",
        city_gov_interpretation,
        INTERPRETATION.read(source="市政府办公室", editors=("周婉清",)),
    ),
    ForeignShape(
        "tv_station_news",
        "TV station news page with a video player",
        "您的浏览器不支持video标签, 00:00 / 02:35, 播放 全屏 between the header and the text",
        tv_station_news,
        TV.read(
            source="江淮广电新闻中心",
            dateline="本台消息",
            reporters=("蒋一凡",),
            editors=("许嘉怡",),
        ),
    ),
    ForeignShape(
        "digital_paper_article",
        "newspaper digital edition (数字报) article",
        "引题 and ——副题 around the title, a date without a time, 版面导航 and the page's titles",
        digital_paper_article,
        PAPER.read(
            source="扬州日报",
            dateline="本报讯",
            reporters=("周子涵",),
            kicker=PAPER_KICKER,
            subtitle=PAPER_SUBTITLE,
        ),
    ),
    ForeignShape(
        "mobile_article",
        "mobile article page",
        "APP下载 banner above the title, \\ue60e and \\ue621 glyphs as their own elements, 返回顶部",
        mobile_article,
        MOBILE.read(
            source="扬州晚报",
            dateline="本报讯",
            reporters=("葛晓雯",),
            correspondents=("文旅宣",),
            editors=("陶然",),
        ),
    ),
    ForeignShape(
        "county_portal_gbk",
        "county portal in tables, GB18030 bytes",
        "【字号：大 中 小】【打印】【关闭】, 点击数 written by script, （责任编辑：X）, a GBK-only name",
        county_portal_gbk,
        COUNTY.read(
            source="县融媒体中心",
            dateline="本网讯",
            reporters=("钱宇",),
            correspondents=("孙喆",),
            editors=("吴佳宁",),
        ),
    ),
    ForeignShape(
        "iconfont_portal",
        "modern portal with an icon font",
        "<h1> is the logo, A+ / A- buttons below the title, 相关文章 before the article, glyphs before date and 来源",
        iconfont_portal,
        ICONFONT.read(
            source="中国江苏网",
            dateline="中国江苏网5月2日讯",
            reporters=("汪琦",),
            editors=("陈一鸣",),
        ),
    ),
    ForeignShape(
        "provincial_news_app",
        "provincial newspaper's app page",
        "调整字体 超大 大 标准 小 and 用微信扫码二维码 / 分享至好友和朋友圈 opening the body",
        provincial_news_app,
        APP.read(
            source="新华日报·交汇点",
            dateline="交汇点讯",
            reporters=("刘明川",),
            correspondents=("通工信",),
            editors=("姜山",),
        ),
    ),
    ForeignShape(
        "print_version",
        "print view of an article",
        "【打印】【关闭】 above and below, 作者 and 编辑 on one line",
        print_version,
        PRINT.read(
            source="扬州日报",
            dateline="本报讯",
            reporters=("苏亦然",),
            editors=("陈茜",),
            author="苏亦然",
        ),
    ),
    ForeignShape(
        "seed_like_tools",
        "a page laid out like the seed's text copy",
        "counter 0, `【字号:  】【打印` unclosed, A- A A+, 返回顶部",
        seed_like_tools,
        SEEDLIKE.read(
            source="扬州日报",
            dateline="本报讯",
            reporters=("邹一鸣",),
            correspondents=("扬文明",),
            editors=("马丽花",),
        ),
    ),
    ForeignShape(
        "stacked_font_switch_list",
        "city portal with a list for a font switch",
        "大 / 标准 / 小 as list items, one per line, between the date line and the text",
        stacked_font_switch_list,
        STACKED.read(
            source="市工信局",
            dateline="本网讯",
            reporters=("顾晓明",),
            correspondents=("扬工信",),
            editors=("钱思语",),
        ),
    ),
    ForeignShape(
        "stacked_font_switch_labelled",
        "newspaper site with a labelled font switch",
        "字号 / 大 / 中 / 小 in a definition list, one per line, above the text",
        stacked_font_switch_labelled,
        STACKED_LABELLED.read(
            source="扬州日报",
            dateline="本报讯",
            reporters=("江卉",),
            correspondents=("港宣",),
            editors=("孙一鸣",),
        ),
    ),
    ForeignShape(
        "stacked_font_switch_table",
        "TRS government page with a font switch in table cells",
        "超大 / 大 / 标准 / 小, one cell a line, opening the text; no byline",
        stacked_font_switch_table,
        STACKED_TABLE.read(source="市城管局"),
    ),
    ForeignShape(
        "report_bar_app",
        "news app page ending with a report bar",
        "举报 / 举报文章问题 / 4,786 条评论, one per line as text after the last paragraph",
        report_bar_app,
        REPORT.read(source="扬州网", dateline="扬州网讯", reporters=("王亚楠",)),
    ),
    ForeignShape(
        "list_page",
        "a column list page mistaken for an article",
        "titles and dates where a body should be, pagination",
        list_page,
        Refused("published_at", "every date on the page is a list item's"),
    ),
    ForeignShape(
        "error_page_200",
        "an error page served with status 200",
        "页面不存在 / 404 text as the only text, no date",
        error_page_200,
        Refused("published_at", "no date anywhere: it is no article"),
    ),
    ForeignShape(
        "login_wall",
        "paid content behind a login",
        "title, date and 来源 are there; the body is 请登录后阅读全文 and a form",
        login_wall,
        Refused("body", "the text is behind a login"),
    ),
    ForeignShape(
        "js_shell",
        "a JavaScript-rendered shell",
        "an empty #app, the article inside a script, a noscript notice",
        js_shell,
        Refused("published_at", "nothing is printed: the page is built by a script"),
    ),
    ForeignShape(
        "video_only",
        "a video page without text",
        "the player's text and a dated 相关视频 list only",
        video_only,
        Refused("body", "a player, no text"),
    ),
    ForeignShape(
        "zhuanti_page",
        "a 专题 (topic) landing page",
        "a banner, a slogan and sections of dated links",
        zhuanti_page,
        Refused("published_at", "sections of dated links; the page has no date of its own"),
    ),
    ForeignShape(
        "script_loaded_body",
        "an article whose body a script loads",
        "an empty container; 热点推荐 with plain-text titles and dates, then a linked list",
        script_loaded_body,
        Refused("body", "the container is empty; below it is a sidebar"),
    ),
    ForeignShape(
        "title_by_script",
        "a government page whose headline a script writes",
        "document.write(title); <title> is the site's name; a column label (部门动态) above the date",
        title_by_script,
        Refused("title", "the headline is not printed; the line above the date is a label"),
    ),
    ForeignShape(
        "headline_in_image",
        "a page whose headline is a picture",
        "<img> without alt text for the headline, <title> is the site's name, A+ A A- above the date",
        headline_in_image,
        Refused("title", "the headline is an image; nothing else on the page names the article"),
    ),
    ForeignShape(
        "gov_attachment_only",
        "a 政务公开 notice that is only an attachment",
        "an 附件 link where the text should be, an 索引号 table",
        gov_attachment_only,
        Refused("body", "the content is a PDF link"),
    ),
    ForeignShape(
        "digital_paper_page",
        "a 数字报 page overview",
        "版面导航 and the titles on that page, the edition's date",
        digital_paper_page,
        Refused("body", "a page of titles, no article"),
    ),
    ForeignShape(
        "wechat_article",
        "a WeChat-article-like page",
        "the publish time is an empty element filled by script",
        wechat_article,
        Refused("published_at", "the date is only a script variable"),
    ),
    ForeignShape(
        "placeholder_date",
        "a CMS page whose publish time was never set",
        "发布时间：1900-01-01 00:00:00, the CMS's default, on an otherwise whole article",
        placeholder_date,
        Refused("published_at", "1900-01-01 is no publication date: before any site existed"),
    ),
    ForeignShape(
        "tools_only_body",
        "a news app page whose text a script loads",
        "大 / 标准 / 小 stacked, then 举报 / 举报文章问题 / 12 条评论 where the text should be",
        tools_only_body,
        Refused("body", "page tools only: the text is loaded by a script"),
    ),
    ForeignShape(
        "search_results",
        "a site search result page",
        "titles, prose snippets ending in …, dates and sources, pagination",
        search_results,
        # Its dates are the hits': above each, a snippet, never a headline of the page's own
        # (its markup's title is the label 搜索结果). Refusing on the title says just that.
        Refused("title", "search hits: no headline of its own above any date"),
    ),
)
FOREIGN_BY_NAME = {shape.name: shape for shape in FOREIGN_SHAPES}


def page_bytes(shape: ForeignShape) -> bytes:
    """The shape's page as a saved file holds it: bytes as served, HTML text as UTF-8."""
    page, _ = shape.page()
    return page if isinstance(page, bytes) else page.encode("utf-8")


def save_foreign_pages(folder: str | Path) -> list[Path]:
    """Write every shape as `<name>.html` (for an import test); returns the paths."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for shape in FOREIGN_SHAPES:
        path = target / f"{shape.name}.html"
        path.write_bytes(page_bytes(shape))
        written.append(path)
    return written
