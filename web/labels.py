"""The web page's words: one table of the UI's labels and of the Chinese of every message.

The pages are Chinese throughout; English stays only where a term has no usual Chinese form
(G², PMI, BM25, JSON, CSV). Names of sites come from the adapter registry; the fields,
statuses, verdicts and flows have one label each here. Messages the lower layers write in
English (a bad parameter, a query that cannot be read, a site's health) are shown in Chinese
through `zh`, which reads each by its pattern; a message no pattern reads is shown as written
(tests/web/test_labels.py checks that the messages the app writes all read).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from parsers.sources import SOURCES, site_label

SITE_LABELS = {name: site_label(name) for name in SOURCES}
FIELD_LABELS = {
    "title": "标题",
    "kicker": "引题",
    "subtitle": "副题",
    "published_at": "发布时间",
    "source": "来源",
    "dateline": "电头",
    "reporters": "记者",
    "correspondents": "通讯员",
    "editors": "编辑",
    "author": "作者",
    "body": "正文",
    "body_chars_median": "正文长度中位数（字）",
    "site": "站点",
    "url": "原文",
    "column": "栏目",
}
STATUS_LABELS = {"completed": "完成", "partial": "部分失败", "failed": "失败", "running": "运行中"}
VERDICT_LABELS = {"ok": "正常", "warn": "注意", "fail": "异常"}
FLOW_LABELS = {"ingest": "采集", "backfill": "补采", "reprocess": "重新解析", "import": "导入"}
KIND_LABELS = {"person": "人物", "place": "地名", "org": "机构"}
# Stories: a story on several sites counts once; articles: every copy counts.
UNIT_LABELS = {"stories": "报道", "articles": "文章"}
BY_LABELS = {"year": "年", "quarter": "季度", "month": "月"}
MEASURE_LABELS = {"share": "占当期的比例", "count": "篇数"}
SORT_LABELS = {"relevance": "相关度", "date": "发布时间（新的在前）"}
FILTER_LABELS = {
    "since": "起始",
    "until": "截止",
    "source": "来源",
    "reporter": "记者",
    "site": "站点",
}
PARAMETER_LABELS = {
    "q": "检索词",
    "term": "词",
    "kind": "类别",
    "year": "年份",
    "role": "职务",
    "name": "姓名",
    "limit": "条数",
    "offset": "起始位置",
    "width": "前后字数",
    "window": "前后词数",
    "by": "时期",
    "unit": "单位",
    "measure": "度量",
    "sort": "排序",
    "min_stories": "至少报道数",
    "min_g2": "G² 至少",
    "min_count": "至少次数",
    "timeline": "按任期",
    **FILTER_LABELS,
}


def label(table: dict[str, str], key: str | None) -> str:
    """The label of a key in a table; the key itself when the table has none (or `—`)."""
    if key is None:
        return "—"
    return table.get(key, key)


def _parameter(name: str) -> str:
    shown = PARAMETER_LABELS.get(name)
    return f"{shown}（{name}）" if shown else name


Reading = Callable[[re.Match[str]], str]
# (pattern of an English message, its Chinese), in the order tried. The patterns follow the
# messages of web/params.py, web/pages.py, parsers/query.py and warehouse/health.py.
MESSAGES: tuple[tuple[re.Pattern[str], Reading], ...] = tuple(
    (re.compile(pattern, re.DOTALL), reading)
    for pattern, reading in (
        (
            r"unknown parameter '(.+?)'(?: \(did you mean (\w+)\?\))?; this page takes: (.*)",
            lambda m: (
                f"不认识的参数“{m[1]}”"
                + (f"（是不是 {m[2]}？）" if m[2] else "")
                + f"；本页可用的参数：{'无' if m[3] == 'none' else m[3]}"
            ),
        ),
        (
            r"(\w+): give it once, not (\d+) times",
            lambda m: f"{_parameter(m[1])}只能给一次，不能给 {m[2]} 次",
        ),
        (
            r"(\w+): at most (\d+) characters, not (\d+)",
            lambda m: f"{_parameter(m[1])}最多 {m[2]} 个字符，现在是 {m[3]} 个",
        ),
        (
            r"(\w+): contains a control or invalid character: (.*)",
            lambda m: f"{_parameter(m[1])}含有控制字符或无效字符：{m[2]}",
        ),
        (
            r"(\w+): not a date \(YYYY-MM-DD\): (.*)",
            lambda m: f"{_parameter(m[1])}不是日期（应为 YYYY-MM-DD）：{m[2]}",
        ),
        (r"until (\S+) is before since (\S+)", lambda m: f"截止日期 {m[1]} 早于起始日期 {m[2]}"),
        (r"(\w+): not a whole number: (.*)", lambda m: f"{_parameter(m[1])}不是整数：{m[2]}"),
        (
            r"(\w+): must be from (-?\d+) to (-?\d+), not (.*)",
            lambda m: f"{_parameter(m[1])}应在 {m[2]} 到 {m[3]} 之间，现在是 {m[4]}",
        ),
        (r"(\w+): not a number: (.*)", lambda m: f"{_parameter(m[1])}不是数字：{m[2]}"),
        (
            r"(\w+): must be more than (\S+), not (.*)",
            lambda m: f"{_parameter(m[1])}应大于 {m[2]}，现在是 {m[3]}",
        ),
        (
            r"(\w+): one of (.+), not (.*)",
            lambda m: f"{_parameter(m[1])}应为 {m[2]} 之一，现在是 {m[3]}",
        ),
        (r"(\w+): 1 or 0, not (.*)", lambda m: f"{_parameter(m[1])}应为 1 或 0，现在是 {m[2]}"),
        (r"q: give a query, e\.g\. q=(.*)", lambda m: f"请给出检索词，例如 q={m[1]}"),
        (
            r"(?:q: )?the query is (\d+) characters long; at most (\d+)",
            lambda m: f"检索词有 {m[1]} 个字符，最多 {m[2]} 个",
        ),
        (r"term: give at least one, e\.g\. (.*)", lambda m: f"请至少给出一个词，例如 {m[1]}"),
        (r"term: give a word, e\.g\. (.*)", lambda m: f"请给出一个词，例如 {m[1]}"),
        (r"term: at most (\d+) terms on one chart", lambda m: f"一张图最多 {m[1]} 个词"),
        (
            r"(?:term: )?a trend term is one word; (.*) is (\d+)",
            lambda m: f"每个趋势词只能是一个词；“{m[1]}”是 {m[2]} 个",
        ),
        (
            r"(\w+): give one word; (.*) is (\d+)",
            lambda m: f"{_parameter(m[1])}只能是一个词；“{m[2]}”是 {m[3]} 个",
        ),
        (
            r"year: give a year or since/until, not both",
            lambda m: "请给出年份或起止日期，不要同时给",
        ),
        (r"timeline: give a role too, e\.g\. (.*)", lambda m: f"按任期查看需要职务，例如 {m[1]}"),
        (
            r"role: (\S+) has several holders at a time.*",
            lambda m: (
                f"“{m[1]}”同时有多人担任（或是以前的职务）：任期只适用于一职一人的职务，如"
                "市长、市委书记、市人大常委会主任、市政协主席及各县（市、区）、园区的主要负责人"
            ),
        ),
        (r"article id: too long", lambda m: "文章编号太长"),
        (r"the query has an unclosed quote: (.*?);.*", lambda m: f"检索词的引号没有闭合：{m[1]}"),
        (
            r"OR needs a word on each side.*",
            lambda m: (
                "OR 两边都要有词（如 新质生产力 OR 低空经济）；"
                "要检索 OR 这个词本身，请写成小写或加引号"
            ),
        ),
        (
            r"the query only excludes \((.*?)\).*",
            lambda m: f"检索词只有排除项（{m[1]}）：请同时给出要检索的词，例如 二次创业 -开发园区",
        ),
        (
            r"the query has nothing to search for.*",
            lambda m: "检索词里没有可检索的内容：请给出一个词（汉字、字母或数字），例如 二次创业",
        ),
        (
            r"the query contains a control or invalid character \((.*?)\)",
            lambda m: f"检索词含有控制字符或无效字符（{m[1]}）",
        ),
        (
            r"the query has (\d+) words; at most (\d+)",
            lambda m: f"检索词有 {m[1]} 个，最多 {m[2]} 个",
        ),
        (
            r"the query asks for (.+) and excludes it \(-(.+)\)",
            lambda m: f"检索词既要求又排除了“{m[1]}”",
        ),
        # warehouse/health.py: a site's reasons and notes.
        (
            r"(\w+) filled on (\d+%) of (\d+) article\(s\) \((\d+%) of (\d+) before\)",
            lambda m: (
                f"{label(FIELD_LABELS, m[1])}：{m[3]} 篇中 {m[2]} 有此项（此前 {m[5]} 篇中 {m[4]}）"
            ),
        ),
        (
            r"median body (\d+) characters \((\d+) before\)",
            lambda m: f"正文长度中位数 {m[1]} 字（此前 {m[2]} 字）",
        ),
        (
            r"(\d+) new article\(s\) in ([\d.]+) days \(([\d.]+) a day before\)",
            lambda m: f"{m[2]} 天新增 {m[1]} 篇（此前每天 {m[3]} 篇）",
        ),
        (r"list page (\S+) yielded no article links", lambda m: f"列表页 {m[1]} 没有文章链接"),
        (
            r"(\d+) of (\d+) article page\(s\) did not read as articles \((\d+%)\)",
            lambda m: f"{m[2]} 个文章页中有 {m[1]} 个未能读作文章（{m[3]}）",
        ),
        (r"no article read: fields not judged", lambda m: "没有读到文章：未判定各字段"),
        # warehouse/runs.py and flows/stages.py: what a run's row says of it.
        (
            r"(\d+) URL\(s\) failing; see `yzdaily failures`",
            lambda m: f"{m[1]} 个网址失败，下次运行重试（见 `yzdaily failures`）",
        ),
        (
            r"did not finish \(killed or crashed\); the next run resumes its work",
            lambda m: "未完成（被终止或崩溃）；下一次运行会接着做完",
        ),
        # web/app.py and web/reading.py: a missing article, a busy or missing warehouse.
        (r"no article with id (.*)", lambda m: f"没有编号为 {m[1]} 的文章"),
        (
            r"the server failed to answer this request \(see its log\)",
            lambda m: "服务器未能回答这个请求（详见服务器日志）",
        ),
        (
            r"the warehouse (.+) is in use by another process.*",
            lambda m: f"数据库 {m[1]} 正被另一个进程使用（多半是采集正在写入），请稍后再试",
        ),
        (
            r"the warehouse (.+) has an older schema.*",
            lambda m: f"数据库 {m[1]} 的结构较旧：请先运行一次 `yzdaily ingest` 升级",
        ),
        (
            r"no warehouse at (\S+?)[;:].*",
            lambda m: f"{m[1]} 还没有数据库：请先运行 `yzdaily ingest`（或 `make demo`）",
        ),
        (
            r"too little history to judge fields \((\d+) article\(s\) before; (\d+) needed\)",
            lambda m: f"历史太少，无法判定各字段（此前 {m[1]} 篇；需要 {m[2]} 篇）",
        ),
    )
)


def _read(message: str) -> str | None:
    for pattern, reading in MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return reading(found)
    return None


def zh(message: str) -> str:
    """A message of the lower layers in Chinese, by its pattern (or, for a run's message and
    its warnings joined by `; `, part by part); as written when none reads it."""
    whole = _read(message)
    if whole is not None:
        return whole
    parts = [_read(part) for part in message.split("; ")]
    if len(parts) > 1 and all(part is not None for part in parts):
        return "；".join(part for part in parts if part is not None)
    return message


def reads(message: str) -> bool:
    """Whether the message is shown in Chinese (a pattern of MESSAGES reads it)."""
    return zh(message) != message
