"""Does what the layout reader found read as an article? The fail-safe checks (issue 12).

Nobody here has seen the sites' real article HTML, and sites change their layouts without
notice. So a page is loaded only when what was read from it looks like an article; anything
else is refused with a reason (a `ParseError`), recorded as a failure and retried later.

    chrome line     page tools, share bars, font switches, counters, icon glyphs, breadcrumbs,
                    report bars, comment counts, a paywall's `请登录后阅读全文`:
                    `【字号:大 中 小】【打印】`, `分享到:微信 微博`, `用微信扫码二维码`,
                    `超大 大 标准 小`, `A+ A A-`, `打印 字体: 放大 正常 缩小`, `首页 > 市县传真`,
                    `举报文章问题`, `4,786 条评论`; and at the body's edges, buttons stacked
                    one a line: `大` / `标准` / `小`
    label           a block's heading or a button, never a headline: `相关文章`, `热点推荐`,
                    `APP下载`, a video player's `您的浏览器不支持video标签`, `00:00 / 02:35`
    prose           a line with sentence punctuation (`。,;!?、`) and ten characters or more
    list entry      a short line with a date and no sentence: `全省经济运行分析会召开2019-05-06`

The body is trimmed of chrome at both ends (its first and last lines are then text), and then
refused when it is not prose: no prose line at all, a list of titles and dates, or mostly
short lines without a sentence (a menu). Titles are refused when they are labels or chrome.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from parsers.dates import find_datetimes
from parsers.text import is_hit_counter, is_page_tools

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Normalised text: NFKC has made `，；！？：` ASCII; `。、` stay as they are.
SENTENCE_MARKS = re.compile(r"[。,;!?、…]")
SENTENCE_END = re.compile(r"[。!?;…]")
MIN_PROSE_LENGTH = 10
# Words of share bars and page tools. Each says "tool" on its own (关注 alone does not: it is
# a common verb in headlines and subheadings).
TOOL_WORDS = (
    "分享",
    "微信",
    "微博",
    "朋友圈",
    "QQ",
    "Qzone",
    "扫码",
    "扫一扫",
    "二维码",
    "字号",
    "字体",
    "打印",
    "放大",
    "缩小",
    "超大",
    "返回顶部",
    "收藏",
    "纠错",
    "复制链接",
    "点赞",
    "客户端",
    "下载APP",
    "APP下载",
    "长按识别",
    "听新闻",
    "语音播报",
    "无障碍",
    "关闭窗口",
)
TOOL_PATTERN = re.compile("|".join(re.escape(word) for word in TOOL_WORDS), re.IGNORECASE)
# What a paywall or a login form prints where the article would be: never article text.
PAYWALL = re.compile(
    r"请登录|登录后|会员专享|付费阅读|订阅后阅读|扫码阅读全文|查看全文请|阅读全文请"
)
# Font-size switches and similar rows of one-or-two-character buttons: `超大 大 标准 小`.
BUTTON_ROW = re.compile(r"^(?:\S{1,2}\s+){2,}\S{1,2}$")
# The same buttons stacked, one short label a line (a <ul> or a table column of them): a
# run of such lines at the body's edge is one button row (`大` / `标准` / `小`), and two or
# more font sizes in a row are a font switch (`大` / `小`).
STACKED_BUTTON = re.compile(r"^\S{1,2}$")
MIN_STACKED_BUTTONS = 3
FONT_SIZES = frozenset(
    {"特大", "超大", "大", "中", "标准", "默认", "正常", "小", "较小", "放大", "缩小"}
)
# A report bar and a comment count below an article: `举报` / `举报文章问题` / `4,786 条评论`.
# Whole lines only: `举报电话:...` in a notice is text.
REPORT_BAR = re.compile(r"^(?:我要)?举报(?:文章|此文|本文|该文|内容)?(?:问题)?$")
COMMENT_COUNT = re.compile(
    r"^(?:\d[\d,]*\s*条?(?:评论|留言|回复)|(?:评论|留言)\s*[(:]?\s*\d[\d,]*\s*\)?\s*条?)$"
)
MAX_CHROME_LENGTH = 40
# Breadcrumbs: `首页 > 市县传真 > 扬州`, `当前位置:首页>>要闻`, `您现在的位置:...`.
BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置|现在位置|所在位置)|(?:>|»|›|>>)\s*\S")
# Headings of page blocks, and buttons: never an article's headline.
LABELS = frozenset(
    {
        "相关文章",
        "相关新闻",
        "相关阅读",
        "相关链接",
        "相关报道",
        "热点推荐",
        "热点新闻",
        "热门新闻",
        "热门文章",
        "热门推荐",
        "推荐阅读",
        "精彩推荐",
        "猜你喜欢",
        "延伸阅读",
        "最新文章",
        "最新新闻",
        "最新动态",
        "图片新闻",
        "视频新闻",
        "新闻排行",
        "阅读排行",
        "排行榜",
        "网友评论",
        "我要评论",
        "发表评论",
        "评论",
        "首页",
        "正文",
        "详情",
        "返回",
        "返回首页",
        "返回列表",
        "上一篇",
        "下一篇",
        "登录",
        "注册",
        "搜索",
        "下载",
        "视频",
        "图片",
        "新闻",
        "要闻",
        "专题",
        "更多",
        "广告",
        "扫码关注",
    }
)
# What a video player or an ad shows in place of text.
PLAYER_TEXT = re.compile(
    r"浏览器不支持|video标签|播放器|加载中|点击播放|\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}|^广告",
    re.IGNORECASE,
)
MIN_TITLE_CJK = 4
MAX_TITLE_LENGTH = 100
# A body needs this much prose: one short sentence (a brief, a photo caption) is enough.
MIN_PROSE_CHARS = 10
# A line with a date that is this short and holds no sentence is a list entry, not prose.
MAX_LIST_ENTRY_LENGTH = 60


def cjk_count(text: str) -> int:
    """How many Chinese characters a text holds."""
    return len(CJK.findall(text))


def is_chrome(line: str) -> bool:
    """True for page tools, share bars, font switches, counters, breadcrumbs and glyph rows."""
    text = line.strip()
    if not text or is_page_tools(text) or is_hit_counter(text):
        return True
    if PAYWALL.search(text) and len(text) <= MAX_CHROME_LENGTH * 2:
        return True  # `本文为会员专享内容,请登录后阅读全文。` is a sentence, and chrome
    if len(text) > MAX_CHROME_LENGTH or SENTENCE_END.search(text):
        return False
    if not CJK.search(text):
        return True  # `A+ A A-`, `Qzone`, `|`, `00:00 / 02:35`: no word of the article
    if REPORT_BAR.match(text) or COMMENT_COUNT.match(text):
        return True
    if TOOL_PATTERN.search(text) or BREADCRUMB.search(text) or PAYWALL.search(text):
        return True
    return BUTTON_ROW.match(text) is not None


def is_label(text: str) -> bool:
    """True for a block heading, a button or a player's text: never a headline."""
    bare = re.sub(r"[\s:|>»【】\[\]()<>]+", "", text)
    return bare in LABELS or PLAYER_TEXT.search(text) is not None


def headline_problem(title: str) -> str | None:
    """Why `title` cannot be an article's headline, or None when it can be."""
    if is_label(title):
        return f"{title!r} is a label or a button, not a headline"
    if is_chrome(title):
        return f"{title!r} is page chrome, not a headline"
    if cjk_count(title) < MIN_TITLE_CJK:
        return f"{title!r} is too short to be a headline"
    if len(title) > MAX_TITLE_LENGTH:
        return f"{title[:30]!r}... is a paragraph, not a headline"
    if SENTENCE_END.search(title.rstrip("。")) and len(title) > 60:
        return f"{title[:30]!r}... is a sentence, not a headline"
    return None


def is_prose(line: str) -> bool:
    """True for a line of running text: sentence punctuation, ten characters or more."""
    return (
        len(line) >= MIN_PROSE_LENGTH
        and SENTENCE_MARKS.search(line) is not None
        and cjk_count(line) * 3 >= len(line)
        and not is_chrome(line)
    )


def is_list_entry(line: str) -> bool:
    """True for `a headline 2019-05-06`: a short line with a date and no sentence in it."""
    if len(line) > MAX_LIST_ENTRY_LENGTH or SENTENCE_END.search(line):
        return False
    return bool(find_datetimes(line))


def stacked_buttons(lines: Sequence[str]) -> int:
    """How many of the first lines are buttons stacked one a line: a run of at least
    MIN_STACKED_BUTTONS short labels that reads as a button row once joined (`大` / `标准` /
    `小`), or of two or more font sizes; 0 when the lines do not open with such a run."""
    run = 0
    while (
        run < len(lines)
        and STACKED_BUTTON.match(lines[run])
        and not SENTENCE_END.search(lines[run])
    ):
        run += 1
    if run >= 2 and all(line in FONT_SIZES for line in lines[:run]):
        return run
    if run >= MIN_STACKED_BUTTONS and is_chrome(" ".join(lines[:run])):
        return run
    return 0


def trim_chrome(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs without chrome lines at either end (inner tool rows dropped as well);
    buttons stacked one a line at an end count as one chrome row."""
    kept = [p for p in paragraphs if not (is_chrome(p) and TOOL_PATTERN.search(p))]
    start, end = 0, len(kept)
    while start < end:
        if is_chrome(kept[start]) or is_label(kept[start]):
            start += 1
        elif stacked := stacked_buttons(kept[start:end]):
            start += stacked
        else:
            break
    while end > start:
        if is_chrome(kept[end - 1]) or is_label(kept[end - 1]):
            end -= 1
        elif stacked := stacked_buttons(kept[start:end][::-1]):
            end -= stacked
        else:
            break
    return kept[start:end]


def _quote(lines: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(repr(line[:24]) for line in lines[:limit])
    return shown + (", ..." if len(lines) > limit else "")


def body_problem(paragraphs: Sequence[str]) -> str | None:
    """Why these paragraphs are not an article body (a sidebar, a menu, a list), or None."""
    if not paragraphs:
        return "no text below the date line"
    prose = [p for p in paragraphs if is_prose(p)]
    if sum(len(p) for p in prose) < MIN_PROSE_CHARS:
        return (
            f"no prose below the date line, only {len(paragraphs)} short line(s)"
            f" ({_quote(paragraphs)}): a menu, a list or an empty container"
        )
    entries = [p for p in paragraphs if is_list_entry(p)]
    if len(entries) >= 2 and len(entries) * 3 >= len(paragraphs):
        return (
            f"the text below the date line is a list of titles and dates ({_quote(entries)}),"
            " not an article body"
        )
    short = [p for p in paragraphs if not is_prose(p)]
    if len(short) >= 6 and len(short) * 4 >= len(paragraphs) * 3:
        return (
            f"{len(short)} of {len(paragraphs)} lines below the date line are short lines"
            f" without a sentence ({_quote(short)}): a menu or a list, not an article body"
        )
    return None
