"""Article pages of random structure: layouts that no parser code can special-case (issue 12).

    body, content_type = render_random_layout(spec, seed=7)
    for truth, body, content_type in random_layout_corpus(400, seed=1): ...
    site = build_site(specs, layout=RandomLayouts(seed=3))       # served by the sample server

Every structural choice is drawn from `random.Random(f"random-layout:{seed}:{spec.id}:...")`:

    markup     class names and ids of random consonants (no words, no pinyin initials such as
               bt/zw/nr/ly that CMS class names use), wrappers 0-4 deep (div, section, table)
    blocks     nav, breadcrumbs, left and right sidebars of dated other headlines (some on the
               article's own day) before or after the article, footer: in random order
    header     kicker, title (h1 or not), subtitle; date and 来源 on one line or two, in either
               order, date label 发布时间/时间/日期/发布日期 or none, source label 来源/稿源/文章来源,
               with or without seconds, numeric (- or /) or 年月日 dates
    chrome     hit counters (浏览次数/阅读/点击, a number or an empty span), tools lines
               (【字号：大 中 小】【打印】【关闭】, 字体：大 中 小, 【打印本页】【关闭窗口】), share bars
               (分享到：微信 微博), each above the body or below it
    body       <p>, <div> or <br><br> paragraphs, indents, captions, bold subheads
    footer     the editor line right after the body or after the chrome below it
    encoding   utf-8 or gb18030 (declared gb2312, gbk or gb18030), charset in the HTTP header, in a
               meta tag or both; meta tags ArticleTitle / PubDate / ContentSource each optional;
               <title> joins the site name with _ | - or ——

What never varies is what keeps the truth unambiguous (`expected_article(spec)`): the title,
kicker and subtitle are printed whole on their own lines, in that order; the printed date shows
seconds whenever the article has them; the source always carries its label (a bare name could
be anything); the PubDate meta tag, when present, agrees with the printed date; sidebars carry
only OTHER_HEADLINES; the body's paragraphs are printed in order, each once.
"""

# HTML is kept as a page author would write it: long lines stay whole.
# ruff: noqa: E501

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tests.sample_site.generator import generate_articles
from tests.sample_site.site import Page, SampleArticle, expected_article
from tests.sample_site.specs import COLUMN_PATH, ArticleSpec, Footer
from tests.sample_site.templates import (
    COPYRIGHT,
    ICP,
    NAV_LINKS,
    SITE_NAME,
    attr,
    esc,
    image_name,
    lead_blocks,
    same_day_items,
)

LAYOUT_NAME = "random_layout"
# Consonants only: no English word can form, and the pinyin initials below are refused too.
NAME_LETTERS = "bcdfghjklmnpqrstvwxz"
# Initials Chinese CMS templates use in class names (bt 标题, zw 正文, nr 内容, ly 来源 ...).
PINYIN_HINTS = re.compile(
    r"bt|zw|nr|ly|sj|xl|wz|dh|zz|zb|bj|fx|xg|rq|zt|tp|nav|src|txt|cnt|hd|bd|ft|wr|sd|dt|cn|nws|pg"
)
DATE_LABELS = ("", "", "发布时间：", "时间：", "日期：", "发布日期：")
SOURCE_LABELS = ("来源：", "来源：", "稿源：", "文章来源：")
COUNTER_LABELS = ("浏览次数：", "阅读：", "点击：", "阅读次数：", "浏览：")
TOOLS_LINES = (
    "【字号：<a>大</a> <a>中</a> <a>小</a>】【<a>打印</a>】【<a>关闭</a>】",
    "字体：<a>大</a> <a>中</a> <a>小</a>",
    "【<a>打印本页</a>】【<a>关闭窗口</a>】",
    "【字体：<a>大</a> <a>中</a> <a>小</a>】 【<a>打印</a>】",
    "【<a>收藏</a>】【<a>打印</a>】【<a>关闭</a>】",
)
SHARE_BARS = (
    "分享到：<a>微信</a> <a>微博</a>",
    "分享到：<a>微信</a><a>微博</a><a>QQ空间</a>",
    '<span>分享到：</span><a class="{a}">微信</a> <a class="{b}">微博</a>',
)
HEADER_GAPS = ("　", "&nbsp;&nbsp;", "&nbsp;&nbsp;&nbsp;&nbsp;", " | ", " ", "")
TITLE_JOINERS = ("_", "|", " - ", "——", " | ")
GB_LABELS = ("gb2312", "gbk", "GB18030", "GB2312")


@dataclass(frozen=True)
class Encoding:
    """How a random page is encoded and where its charset is declared."""

    codec: str
    label: str
    in_header: bool
    in_meta: bool

    @property
    def content_type(self) -> str:
        return f"text/html; charset={self.label}" if self.in_header else "text/html"


def layout_rng(spec: ArticleSpec, seed: int, part: str) -> random.Random:
    """One random source per page and decision group (string seeds: stable across runs)."""
    return random.Random(f"random-layout:{seed}:{spec.id}:{part}")


def random_encoding(spec: ArticleSpec, seed: int) -> Encoding:
    """utf-8 or gb18030, declared in the header, in a meta tag, or both."""
    rng = layout_rng(spec, seed, "encoding")
    if rng.random() < 0.6:
        codec, label = "utf-8", rng.choice(("utf-8", "UTF-8"))
    else:
        codec, label = "gb18030", rng.choice(GB_LABELS)
    where = rng.choice(("header", "meta", "both"))
    return Encoding(codec, label, where in ("header", "both"), where in ("meta", "both"))


class _Names:
    """Random class names and ids: consonant strings, each used once per page."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self) -> str:
        while True:
            length = self.rng.randrange(3, 8)
            name = "".join(self.rng.choice(NAME_LETTERS) for _ in range(length))
            if self.rng.random() < 0.3:
                name += self.rng.choice(("-", "_")) + "".join(
                    self.rng.choice(NAME_LETTERS) for _ in range(self.rng.randrange(2, 5))
                )
            if self.rng.random() < 0.2:
                name += str(self.rng.randrange(1, 10))
            if name not in self.used and not PINYIN_HINTS.search(name):
                self.used.add(name)
                return name

    def attrs(self) -> str:
        """` class="..."`, ` id="..."`, both or neither."""
        dice = self.rng.random()
        if dice < 0.5:
            return f' class="{self()}"'
        if dice < 0.7:
            return f' id="{self()}"'
        if dice < 0.9:
            return f' id="{self()}" class="{self()} {self()}"'
        return ""


def wrap(html: str, rng: random.Random, names: _Names, most: int = 4) -> str:
    """The block inside 0 to `most` random wrappers (div, section or a one-cell table)."""
    for _ in range(rng.randrange(most + 1)):
        tag = rng.choice(("div", "div", "div", "section", "table"))
        if tag == "table":
            html = f'<table{names.attrs()} width="100%"><tbody><tr><td{names.attrs()}>\n{html}\n</td></tr></tbody></table>'
        else:
            html = f"<{tag}{names.attrs()}>\n{html}\n</{tag}>"
    return html


# --- the article's own parts -------------------------------------------------------------------


def date_text(spec: ArticleSpec, rng: random.Random) -> str:
    """The printed date: seconds whenever the article has them, numeric or 年月日."""
    when = spec.published_at
    seconds = bool(when.second) or rng.random() < 0.5
    clock = f"{when:%H:%M:%S}" if seconds else f"{when:%H:%M}"
    day = rng.choice(
        (f"{when:%Y-%m-%d}", f"{when:%Y-%m-%d}", f"{when:%Y/%m/%d}", f"{when:%Y年%m月%d日}")
    )
    return f"{rng.choice(DATE_LABELS)}{day} {clock}"


def counter_html(spec: ArticleSpec, rng: random.Random, names: _Names) -> str:
    """A hit counter: a label and a number, or a label and an empty span a script fills."""
    label = rng.choice(COUNTER_LABELS)
    if rng.random() < 0.5:
        return f"{label}<span{names.attrs()}>{(int(spec.id) * 17) % 5000 + 3}</span>"
    return f'{label}<span id="{names()}"></span>'


def header_html(spec: ArticleSpec, rng: random.Random, names: _Names) -> tuple[str, str]:
    """(title block, meta block): kicker, title, subtitle; then date, 来源 and maybe a counter."""
    title_tag = rng.choice(("h1", "h1", "h2", "div", "p", "h3", "strong"))
    title = f"<{title_tag}{names.attrs()}>{esc(spec.title)}</{title_tag}>"
    if title_tag == "strong":
        title = f"<div{names.attrs()}>{title}</div>"
    lines = [title]
    if spec.kicker:
        tag = rng.choice(("p", "div", "h4", "span"))
        kicker = f"<{tag}{names.attrs()}>{esc(spec.kicker)}</{tag}>"
        lines.insert(0, kicker if tag != "span" else f"<div>{kicker}</div>")
    if spec.subtitle:
        tag = rng.choice(("p", "div", "h4", "h3"))
        lines.append(f"<{tag}{names.attrs()}>{esc(spec.subtitle)}</{tag}>")
    items = [f"<span{names.attrs()}>{date_text(spec, rng)}</span>"]
    source_first = False
    if spec.source:
        source = f"<span{names.attrs()}>{rng.choice(SOURCE_LABELS)}{esc(spec.source)}</span>"
        source_first = rng.random() < 0.4
        items.insert(0 if source_first else 1, source)
    if rng.random() < 0.35:
        items.append(counter_html(spec, rng, names))
    if rng.random() < 0.5:
        gap = rng.choice(HEADER_GAPS)
        # `来源：扬州日报2023-05-02` would glue the date to the name: a source is followed by a gap.
        if source_first and not gap:
            gap = " "
        meta = f"<div{names.attrs()}>{gap.join(items)}</div>"
    else:
        meta = "\n".join(f"<div{names.attrs()}>{item}</div>" for item in items)
    return "\n".join(lines), meta


def chrome_line(rng: random.Random, names: _Names) -> str:
    """A page tools line or a share bar."""
    if rng.random() < 0.5:
        line = rng.choice(TOOLS_LINES)
    else:
        line = rng.choice(SHARE_BARS).format(a=names(), b=names())
    return f"<div{names.attrs()}>{line}</div>"


def body_html(spec: ArticleSpec, rng: random.Random, names: _Names) -> str:
    """The paragraphs in one of three markups, with captions and subheads."""
    style = rng.choice(("p", "div", "br"))
    indent = rng.choice(("", "　　", "&nbsp;&nbsp;&nbsp;&nbsp;"))
    parts: list[str] = []
    for index, block in enumerate(lead_blocks(spec)):
        text = esc(block.text)
        if block.kind == "subhead":
            bold = rng.choice(("strong", "b"))
            text = f"<{bold}>{text}</{bold}>"
        if block.kind == "caption":
            image = f'<img src="/{names()}/{image_name(spec, index)}" alt="">'
            parts.append(f"<div{names.attrs()}>{image}</div>")
            parts.append(f"<p{names.attrs()}>{text}</p>" if style != "br" else f"{text}<br><br>")
            continue
        if style == "p":
            parts.append(f"<p>{indent}{text}</p>")
        elif style == "div":
            parts.append(f"<div>{indent}{text}</div>")
        else:
            parts.append(f"{indent}{text}<br><br>")
    return "\n".join(parts)


def footer_html(footer: Footer, rng: random.Random, names: _Names) -> str:
    """The editor footer: the label styles of the spec, on one line or split over two."""
    editors = " ".join(esc(name) for name in footer.editors)
    if footer.style == "author_editor":
        author = f"作者：{esc(footer.author or '')}"
        if rng.random() < 0.3:
            return f"<div{names.attrs()}><p>{author}</p><p>编辑：{editors}</p></div>"
        gap = rng.choice(("&nbsp;&nbsp;", "　", " "))
        return f"<div{names.attrs()}>{author}{gap}编辑：{editors}</div>"
    label = {"responsible": "责任编辑", "short": "责编", "editor": "编辑"}[footer.style]
    text = f"{label}：{editors}"
    if rng.random() < 0.2:
        text = rng.choice((f"（{text}）", f"[{text}]"))
    return f"<div{names.attrs()}>{text}</div>"


def article_html(spec: ArticleSpec, seed: int, names: _Names) -> str:
    """The article block: header, chrome above or below the body, the footer, random wrappers."""
    rng = layout_rng(spec, seed, "article")
    title, meta = header_html(spec, rng, names)
    above = [chrome_line(rng, names) for _ in range(rng.choice((0, 0, 1, 2)))]
    below = [chrome_line(rng, names) for _ in range(rng.choice((0, 1, 1, 2)))]
    body = wrap(body_html(spec, rng, names), rng, names, most=2)
    footer = footer_html(spec.footer, rng, names)
    tail = [footer, *below] if rng.random() < 0.5 else [*below, footer]
    head = wrap(f"{title}\n{meta}", rng, names, most=1)
    parts = [head, *above, body, *tail]
    return wrap("\n".join(parts), rng, names)


# --- the page around it ------------------------------------------------------------------------


def sidebar_html(spec: ArticleSpec, seed: int, salt: str, names: _Names) -> str:
    """A box of other columns' dated headlines, some on the article's day, linked."""
    rng = layout_rng(spec, seed, salt)
    heading = rng.choice(("热点新闻", "推荐阅读", "最新发布", "相关新闻", "图片新闻", "专题"))
    items = same_day_items(spec, f"{seed}:{salt}", rng.randrange(3, 7), (rng.random() < 0.5, False))
    lines = "\n".join(
        f'<li><a href="{href}" title="{attr(title)}">{esc(title)}</a><span>{date}</span></li>'
        for href, title, date in items
    )
    return wrap(
        f"<div{names.attrs()}>{heading}</div>\n<ul{names.attrs()}>\n{lines}\n</ul>",
        rng,
        names,
        most=2,
    )


def nav_html(rng: random.Random, names: _Names) -> str:
    links = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in NAV_LINKS)
    return f"<div{names.attrs()}><ul>{links}</ul></div>"


def crumbs_html(rng: random.Random, names: _Names) -> str:
    lead = rng.choice(("当前位置：", "您的位置：", "", "位置："))
    sep = rng.choice((" &gt; ", " &gt;&gt; ", " / ", " » "))
    links = sep.join(
        f'<a href="{h}">{t}</a>'
        for t, h in (("首页", "/"), ("市县传真", "/shixianchuanzhen/"), ("扬州", COLUMN_PATH))
    )
    return f"<div{names.attrs()}>{lead}{links}</div>"


def page_footer_html(rng: random.Random, names: _Names) -> str:
    extra = rng.choice(("", "<p><a>返回顶部</a></p>", "<p><a>关于我们</a> | <a>联系我们</a></p>"))
    return f"<div{names.attrs()}>{extra}<p>{COPYRIGHT}</p><p>{ICP}</p></div>"


def head_html(spec: ArticleSpec, seed: int, encoding: Encoding) -> str:
    """<head>: charset meta (or none), <title>, optional gov meta tags, a script or two."""
    rng = layout_rng(spec, seed, "head")
    lines: list[str] = []
    if encoding.in_meta:
        lines.append(
            rng.choice(
                (
                    f'<meta charset="{encoding.label}">',
                    f'<meta http-equiv="Content-Type" content="text/html; charset={encoding.label}">',
                )
            )
        )
    lines.append(f"<title>{esc(spec.title)}{rng.choice(TITLE_JOINERS)}{SITE_NAME}</title>")
    when = spec.published_at
    if rng.random() < 0.5:
        lines.append(f'<meta name="ArticleTitle" content="{attr(spec.title)}">')
    if rng.random() < 0.5:
        stamp = (
            f"{when:%Y-%m-%d %H:%M:%S}"
            if when.second or rng.random() < 0.5
            else f"{when:%Y-%m-%d %H:%M}"
        )
        lines.append(f'<meta name="PubDate" content="{stamp}">')
    if spec.source and rng.random() < 0.5:
        lines.append(f'<meta name="ContentSource" content="{attr(spec.source)}">')
    if rng.random() < 0.5:
        lines.append(
            f'<script src="/{"".join(rng.choice(NAME_LETTERS) for _ in range(6))}.js"></script>'
        )
    return "\n".join(lines)


def render_random_layout(spec: ArticleSpec, seed: int) -> tuple[bytes, str]:
    """The spec's page in a random structure: (bytes, Content-Type); the same for the same seed."""
    rng = layout_rng(spec, seed, "page")
    names = _Names(layout_rng(spec, seed, "names"))
    encoding = random_encoding(spec, seed)
    article = article_html(spec, seed, names)
    # Sidebars sit before or after the article; everything else in a random order around it.
    before = [sidebar_html(spec, seed, f"side{i}", names) for i in range(rng.choice((0, 1, 1, 2)))]
    after = [sidebar_html(spec, seed, f"tail{i}", names) for i in range(rng.choice((0, 1, 2)))]
    main = wrap("\n".join([*before, article, *after]), rng, names, most=2)
    blocks = [nav_html(rng, names), crumbs_html(rng, names), main]
    rng.shuffle(blocks)
    footer = page_footer_html(rng, names)
    if rng.random() < 0.8:
        blocks.append(footer)
    else:
        blocks.insert(rng.randrange(len(blocks)), footer)
    doctype = rng.choice(
        (
            "<!DOCTYPE html>",
            "<!doctype html>",
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        )
    )
    text = f"""{doctype}
<html>
<head>
{head_html(spec, seed, encoding)}
</head>
<body{names.attrs()}>
{chr(10).join(blocks)}
</body>
</html>
"""
    return text.encode(encoding.codec), encoding.content_type


def random_layout_truth(spec: ArticleSpec, seed: int) -> SampleArticle:
    """The expected parse of the spec's random page: its truth, in this layout and encoding."""
    return replace(
        expected_article(spec), template=LAYOUT_NAME, encoding=random_encoding(spec, seed).codec
    )


@dataclass(frozen=True)
class RandomLayouts:
    """A `site.Layout`: every article of a site in its own random structure."""

    seed: int
    name: str = LAYOUT_NAME
    shows_seconds: bool = True
    shows_author: bool = True
    shows_kicker: bool = True
    shows_subtitle: bool = True

    def truth(self, spec: ArticleSpec) -> SampleArticle:
        """The expected parse of the spec's page."""
        return random_layout_truth(spec, self.seed)

    def page(self, spec: ArticleSpec) -> Page:
        """The spec's page."""
        body, content_type = render_random_layout(spec, self.seed)
        return Page(body, content_type)


def random_layout_corpus(n: int, seed: int) -> list[tuple[SampleArticle, bytes, str]]:
    """(truth, page bytes, Content-Type) for n generated articles, each in a random layout."""
    specs: Sequence[ArticleSpec] = generate_articles(n, seed=seed)
    corpus: list[tuple[SampleArticle, bytes, str]] = []
    for spec in specs:
        body, content_type = render_random_layout(spec, seed)
        corpus.append((random_layout_truth(spec, seed), body, content_type))
    return corpus
