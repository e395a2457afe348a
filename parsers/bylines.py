"""Datelines, bylines, photo credits and footers, with each role kept apart (DESIGN.md 2.3).

All input is normalised text (`parsers.text.normalize_text`: ASCII `:(),`), though full-width
brackets and colons are accepted too. Roles: 记者, 本报记者, 见习记者, 实习生, 特约记者,
首席记者, 摄影记者 (and photo credits) are reporters; 通讯员 are correspondents.

Lead paragraph (`split_lead`) -> (Byline, rest):

    本报讯 (记者 邹平 世春 刘宁) 昨天,...   dateline 本报讯, reporters 邹平 世春 刘宁
    本报讯(记者 玉菁 通讯员 张三 李四)       correspondents 张三 李四; roles in any order
    扬州网讯 (记者 伊然 仁辂)               web dateline
    新华社南京1月5日电 (记者 X)             wire dateline {agency}{place}{M月D日}电/讯
    中国江苏网5月2日讯 (记者 汪 滢)          1+1 characters joined: reporter 汪滢
    本报讯 昨天,...                        dateline only
    本报记者 王五 / 记者 邹平 通讯员 张三     a byline-only paragraph: rest ""
    1月5日上午,市长...                      a reprint without dateline: unchanged
    记者从市发改委获悉,...                   a sentence, not a byline: unchanged

Photo credits anywhere in a paragraph (`photo_credits`): `(记者 X 摄)`, `(通讯员 Y 摄)`, and
`记者 X 摄` closing a caption.

Footer (`parse_footer`): `作者:  编辑:马丽花`, `责任编辑:煜婕`, `责编:张慰 崔欣`,
`(责任编辑:X)`, `[责任编辑:X]`, `作者:` alone. The line must start with the label.

Names (`split_names`) are separated by spaces, `、`, `,`, `，`, `/`; two single characters in a
row are one name written with a space (`汪 滢` -> 汪滢), three in a row one 3-character name.
"""

from __future__ import annotations

import re

from parsers.models import Byline, Footer

CJK = r"\u4e00-\u9fff"

# Longest first: 本报记者 must win over 记者.
REPORTER_ROLES = ("本报记者", "特约记者", "见习记者", "首席记者", "摄影记者", "记者", "实习生")
CORRESPONDENT_ROLES = ("通讯员",)
ROLE = re.compile("(" + "|".join(REPORTER_ROLES + CORRESPONDENT_ROLES) + ")")

# 本报讯, 扬州网讯, 交汇点讯, 新华日报讯; 本报消息.
DATELINE_PLAIN = rf"[{CJK}]{{1,6}}(?:报|网|社|台|点)讯|(?:本报|本网|本台)(?:综合)?消息"
# 新华社南京1月5日电, 中国江苏网5月2日讯, 中新网扬州3月1日电, 人民日报北京3月5日电, 本报3月5日讯:
# an agency word (社 网 报 台 点 新闻), an optional place, then the day.
DATELINE_WIRE = (
    rf"[{CJK}]{{1,8}}?(?:社|网|报|台|点|新闻)[{CJK}]{{0,5}}\s*"
    r"\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯)"
)
DATELINE = re.compile(rf"^(?P<dateline>{DATELINE_WIRE}|{DATELINE_PLAIN})[\s:]*")
# A parenthesised credits block at the start of the rest: (记者 邹平 世春 刘宁).
LEAD_CREDITS = re.compile(r"^[(（](?P<credits>[^()（）]{1,80})[)）]\s*")

# Photo credits: inside brackets anywhere, or unbracketed at the end of a caption.
BRACKETED_PHOTO = re.compile(r"[(（](?P<credits>[^()（）]{1,60}?)\s*/?\s*摄[)）]")
TRAILING_PHOTO = re.compile(
    r"(?:^|(?<=[\s。!?;,]))(?P<credits>"
    + ROLE.pattern
    + r"[\s:]*[^。!?;()（）]{1,40}?)(?:\s+|\s*/)摄\s*[。.]?$"
)

NAME_SEPARATORS = re.compile(r"[\s、,，;；/]+")
# Stray punctuation around a token (a middle dot inside a minority name stays).
NAME_EDGE_PUNCTUATION = ":：()（）[]【】“”\"'‘’。.·-—<>《》"
# Credit words that sit among the names but are not names.
CREDIT_MARKERS = frozenset({"摄", "文", "摄影", "报道", "文图", "图文", "图", "等", "摄像"})
# A plausible person's name: 2-4 CJK characters, or a minority name with a middle dot.
PERSON_NAME = re.compile(rf"^(?:[{CJK}]{{2,4}}|[{CJK}]{{1,6}}·[{CJK}]{{1,10}})$")
# Words that look like 2-4 character names but show that a line is a sentence.
NOT_NAMES = frozenset(
    {"昨天", "今天", "昨日", "今日", "近日", "日前", "近期", "目前", "获悉", "了解到", "表示"}
)
# Sentence punctuation never appears in a byline-only line.
SENTENCE_PUNCTUATION = re.compile(r"[。!?;“”\"]")
MAX_BARE_BYLINE_LENGTH = 50

# Footer labels. Only the first group may open a footer line; 审核, 校对 ... may follow later.
AUTHOR_LABELS = ("作者",)
EDITOR_LABELS = ("责任编辑", "网络编辑", "值班编辑", "责编", "编辑")
OTHER_FOOTER_LABELS = ("审核", "审校", "校对", "初审", "复审", "终审", "监制", "签发", "来源")
FOOTER_LABEL = re.compile(
    "(" + "|".join(AUTHOR_LABELS + EDITOR_LABELS + OTHER_FOOTER_LABELS) + r")\s*[:：]"
)
FOOTER_START = re.compile(
    r"^[(（\[【]?\s*(?:" + "|".join(AUTHOR_LABELS + EDITOR_LABELS) + r")\s*[:：]"
)
MAX_FOOTER_LENGTH = 100


def _join_single_characters(tokens: list[str]) -> list[str]:
    """Rejoin names split into single characters: 汪 滢 -> 汪滢, 欧 阳 明 -> 欧阳明."""
    names: list[str] = []
    i = 0
    while i < len(tokens):
        run_end = i
        while run_end < len(tokens) and len(tokens[run_end]) == 1:
            run_end += 1
        run = tokens[i:run_end]
        if len(run) < 2:
            names.append(tokens[i])
            i += 1
            continue
        # Pairs, except that an odd run ends in one 3-character name.
        while len(run) > 3 or len(run) == 2:
            names.append(run[0] + run[1])
            run = run[2:]
        if run:
            names.append("".join(run))
        i = run_end
    return names


def split_names(text: str) -> tuple[str, ...]:
    """Names from a credits string: split on spaces, 、 and commas; 1+1 characters joined."""
    tokens = [token.strip(NAME_EDGE_PUNCTUATION) for token in NAME_SEPARATORS.split(text)]
    tokens = [token for token in tokens if token and token not in CREDIT_MARKERS]
    return tuple(_join_single_characters(tokens))


def _without_photo_mark(names: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a 摄 glued to the last name (记者 张三摄): 3+ characters only, so 2-char names stay."""
    if names and len(names[-1]) >= 3 and names[-1].endswith("摄"):
        return (*names[:-1], names[-1][:-1])
    return names


def parse_credits(text: str) -> Byline | None:
    """Reporters and correspondents from `记者 X Y 通讯员 Z`; None if it is not a credits string."""
    parts = ROLE.split(text.strip())
    # Only punctuation may precede the first role: `(文/记者 X)` is credits, `(会议 记者)` is not.
    if len(parts) < 3 or split_names(parts[0]):
        return None
    reporters: list[str] = []
    correspondents: list[str] = []
    for role, segment in zip(parts[1::2], parts[2::2], strict=True):
        names = _without_photo_mark(split_names(segment))
        target = correspondents if role in CORRESPONDENT_ROLES else reporters
        target.extend(name for name in names if name not in target)
    if not reporters and not correspondents:
        return None
    return Byline(reporters=tuple(reporters), correspondents=tuple(correspondents))


def _all_person_names(byline: Byline) -> bool:
    """True when every credited name looks like a person's name and not like a sentence word."""
    names = byline.reporters + byline.correspondents
    return all(PERSON_NAME.match(name) and name not in NOT_NAMES for name in names)


def parse_bare_byline(text: str) -> Byline | None:
    """A line that is only unbracketed credits (`本报记者 王五`), or None for anything else."""
    text = text.strip()
    if (
        not text
        or len(text) > MAX_BARE_BYLINE_LENGTH
        or ROLE.match(text) is None
        or SENTENCE_PUNCTUATION.search(text)
    ):
        return None
    byline = parse_credits(text)
    # Unbracketed, only a short list of real-looking names counts: 记者从市发改委获悉 does not.
    if byline is None or not _all_person_names(byline):
        return None
    return byline


def _match_dateline(paragraph: str) -> tuple[str | None, str]:
    """The leading dateline (spaces removed) and the text after it."""
    match = DATELINE.match(paragraph)
    if match is None:
        return None, paragraph
    return re.sub(r"\s+", "", match.group("dateline")), paragraph[match.end() :]


def split_lead(paragraph: str) -> tuple[Byline, str]:
    """Split a leading dateline and byline off the first body paragraph: (Byline, rest)."""
    dateline, rest = _match_dateline(paragraph.strip())
    credits_match = LEAD_CREDITS.match(rest)
    if credits_match:
        credits = parse_credits(credits_match.group("credits"))
        if credits is not None:
            rest = rest[credits_match.end() :]
            return _with_dateline(credits, dateline), rest.lstrip()
    bare = parse_bare_byline(rest)
    if bare is not None:
        return _with_dateline(bare, dateline), ""
    if dateline is None:
        # Nothing recognised: hand the paragraph back exactly as it came.
        return Byline(), paragraph
    return Byline(dateline=dateline), rest.lstrip()


def _with_dateline(byline: Byline, dateline: str | None) -> Byline:
    """The same credits with the dateline set."""
    return Byline(dateline, byline.reporters, byline.correspondents)


def _merge(bylines: list[Byline]) -> Byline:
    """Credits of several bylines in order of appearance, each name once per role."""
    reporters: list[str] = []
    correspondents: list[str] = []
    for byline in bylines:
        reporters.extend(name for name in byline.reporters if name not in reporters)
        correspondents.extend(name for name in byline.correspondents if name not in correspondents)
    return Byline(reporters=tuple(reporters), correspondents=tuple(correspondents))


def photo_credits(paragraph: str) -> Byline:
    """Names from photo credits in a paragraph: `(记者 X 摄)` anywhere, `记者 X 摄` at the end."""
    found: list[Byline] = []
    for match in BRACKETED_PHOTO.finditer(paragraph):
        credits = parse_credits(match.group("credits"))
        if credits is not None:
            found.append(credits)
    trailing = TRAILING_PHOTO.search(paragraph)
    if trailing:
        credits = parse_credits(trailing.group("credits"))
        # Unbracketed, so only accept it when it reads as names, not as caption prose.
        if credits is not None and _all_person_names(credits):
            found.append(credits)
    return _merge(found)


def parse_footer(line: str) -> Footer | None:
    """The closing credits line (`作者:  编辑:马丽花`, `责编:张慰 崔欣`), or None."""
    line = line.strip()
    if len(line) > MAX_FOOTER_LENGTH or "。" in line or FOOTER_START.match(line) is None:
        return None
    line = line.strip("()（）[]【】 ")
    labels = FOOTER_LABEL.split(line)
    author_names: list[str] = []
    editors: list[str] = []
    for label, value in zip(labels[1::2], labels[2::2], strict=True):
        names = split_names(value)
        if label in AUTHOR_LABELS:
            author_names.extend(names)
        elif label in EDITOR_LABELS:
            editors.extend(name for name in names if name not in editors)
    # The model holds one author string; several authors are kept, joined the Chinese way.
    author = "、".join(author_names) or None
    return Footer(author=author, editors=tuple(editors))
