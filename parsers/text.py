"""Text normalisation and the page-furniture lines that are not article content.

Every pattern in the project matches normalised text (DESIGN.md 2.1): NFKC first, so the
full-width `：（），` of the live pages become ASCII `:(),` and the ideographic space U+3000
becomes a space (`。“”、` stay as they are), then every whitespace run becomes one space.

    normalize_text("本报讯　（记者　邹平）\u00a0昨天")   -> "本报讯 (记者 邹平) 昨天"
    normalize_lines("标题\\n\\n　　正文\\n")             -> ("标题", "正文")

Control characters never survive it: terminal escape sequences (ESC [ ... m, ESC ] ... BEL,
ESC c, and their C1 forms) go whole, other C0/C1 controls and DEL go, and the whitespace ones
become spaces, so a hostile page can neither reach a terminal through a stored row nor split
a name (`王子\x1b]0;x\x07涵` -> `王子涵`).

Page furniture recognised on a normalised line:

    page tools     【字号: 】【打印                     (the seed's truncated copy)
                   【字号:大 中 小】【打印】【关闭】
                   【字体:大 中 小】 【打印本页】 【关闭窗口】
                   分享到:微信 微博
    hit counter    0 / 127 / 浏览次数:127 / 阅读:35 / 点击数:8
"""

from __future__ import annotations

import re
import unicodedata

WHITESPACE = re.compile(r"\s+")
# Zero-width characters are not `\s`; CMS editors leave them inside words, where a space
# would split a name or a term for jieba: they are removed.
ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# Icon fonts draw their glyphs at Private Use Area code points (\ue60e, a share icon): pictures,
# never text, so a toolbar of icons leaves no line behind.
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd]")
# Terminal escape sequences (ECMA-48), removed whole so that what they carry (a window title,
# a colour) never reaches a row and the text around one joins up again. An OSC's payload is
# bounded and never crosses a line, so a stray BEL further on cannot swallow the article; an
# OSC never ended loses only its numeric parameters. \x9b, \x9d and \x9c are CSI, OSC and ST.
ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]{0,512}(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\]|\x9d)[0-9;]*"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -/]*[0-~]"
)
# Controls that are not whitespace (those become a space with the rest): C0, DEL, C1, a lone ESC.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# What a paragraph indent is made of in the raw text (before NFKC turns U+3000 into a space).

# A line made only of bracketed tools; the last bracket may be unclosed (the seed's copy is cut).
BRACKETED_TOOLS = re.compile(
    r"^(?:[【\[]\s*(?:字号|字体|打印|关闭|收藏|返回|纠错|分享)[^【】\[\]]*(?:[】\]]|$)\s*)+$"
)
# Unbracketed tool labels; only with their colon, so a sentence starting 分享... is not hit.
LABELLED_TOOLS = re.compile(r"^(?:字号|字体|分享到)\s*:")
# Tool lines are short; a long line starting with a label is content that happens to match.
MAX_TOOLS_LENGTH = 60

HIT_COUNTER = re.compile(
    r"^(?:(?:浏览次数|浏览量|浏览|阅读次数|阅读量|阅读|点击数|点击量|点击|访问量|人气)\s*:?\s*)?"
    r"\d{1,9}\s*次?$"
)


def strip_controls(text: str) -> str:
    """`text` without escape sequences and non-whitespace control characters."""
    return CONTROL.sub("", ESCAPE_SEQUENCE.sub("", text))


def normalize_text(text: str) -> str:
    """NFKC, control, zero-width and icon-font characters removed, whitespace runs as one
    space, stripped."""
    text = ZERO_WIDTH.sub("", strip_controls(unicodedata.normalize("NFKC", text)))
    text = PRIVATE_USE.sub("", text)
    return WHITESPACE.sub(" ", text).strip()


def normalize_lines(text: str) -> tuple[str, ...]:
    """The non-empty lines of a text block, each normalised."""
    lines = (normalize_text(line) for line in text.splitlines())
    return tuple(line for line in lines if line)


def is_page_tools(line: str) -> bool:
    """True for the font-size / print / close / share tools line (normalised input)."""
    line = line.strip()
    if not line or len(line) > MAX_TOOLS_LENGTH:
        return False
    return BRACKETED_TOOLS.match(line) is not None or LABELLED_TOOLS.match(line) is not None


def is_hit_counter(line: str) -> bool:
    """True for a bare view-count line such as `0`, `127` or `浏览次数:127` (normalised input)."""
    return HIT_COUNTER.match(line.strip()) is not None
