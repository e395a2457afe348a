"""Tier 1: query validation, parts, terms and snippets (parsers.query, pure)."""

from __future__ import annotations

import pytest

from parsers import nlp
from parsers.query import (
    MAX_QUERY_CHARS,
    QueryError,
    join_marked,
    make_snippet,
    may_hold_terms,
    normalize_term,
    parse_query,
    query_terms,
    snippet_segments,
)


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("新质生产力", ("新质生产力",)),
        ("  二次创业   开发园区 ", ("二次创业", "开发园区")),
        ("“二次创业”", ("二次创业",)),  # quotation marks around a word are not searched
        ("（新型储能）。", ("新型储能",)),
        ("二次创业，", ("二次创业",)),
        ("ＡＩ赋能", ("ai赋能",)),  # NFKC, then Latin lower-cased like the terms
        ("二次创业 二次创业", ("二次创业",)),
        ("一区一主导产业", ("一区一主导产业",)),
        ("'; drop table articles; --", ("drop", "table", "articles")),
        ("50%", ("50",)),
        ("a_b", ("a_b",)),
        ("二次\t创业", ("二次", "创业")),
        ("周调度、月通报", ("周调度、月通报",)),  # punctuation inside a word is kept
    ],
)
def test_parse_query(raw: str, parts: tuple[str, ...]) -> None:
    assert parse_query(raw).parts == parts


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "nothing to search"),
        ("   ", "nothing to search"),
        ("，。！？", "nothing to search"),
        ("-- ; ' %", "nothing to search"),
        ("二次创业\x00", "control"),
        ("\x1b[31m新质生产力", "control"),
        ("新质\u200b生产力", "control"),  # zero-width space: invisible, not searchable
        ("\udcff\udcfe", "control or invalid"),  # undecodable bytes on the command line
        ("新" * (MAX_QUERY_CHARS + 1), "at most 200"),
        ("a b c d e f g h i", "at most 8"),
    ],
)
def test_bad_queries_raise_a_clear_error(raw: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(raw)


def test_a_query_at_the_cap_is_accepted() -> None:
    assert parse_query("新" * MAX_QUERY_CHARS).parts == ("新" * MAX_QUERY_CHARS,)


@pytest.mark.parametrize("word", ["AI", "新质生产力", "ＡＩ", "5G网络", "Ünïcode"])
def test_normalize_term_is_the_indexs(word: str) -> None:
    assert normalize_term(word) == nlp.normalize_term(word)


@pytest.mark.parametrize(
    ("part", "expected"),
    [("新质生产力", True), ("ai", True), ("园", False), ("2024", False), ("50%", False)],
)
def test_may_hold_terms(part: str, expected: bool) -> None:
    assert may_hold_terms(part) is expected


class FakeTokenizer:
    """Splits on '|' and calls one-character tokens non-content."""

    def tag(self, text: str) -> list[tuple[str, str]]:
        return [(token, "n") for token in text.split("|")]

    def is_content(self, token: str) -> bool:
        return len(token) > 1


@pytest.mark.parametrize(
    ("part", "terms", "split"),
    [
        ("新质生产力", ("新质生产力",), False),
        ("新型|储能", ("新型", "储能"), True),
        ("和|美|乡村", ("乡村",), True),
        ("的", (), False),
        ("AI|赋能", ("ai", "赋能"), True),
    ],
)
def test_query_terms(part: str, terms: tuple[str, ...], split: bool) -> None:
    assert query_terms(part, FakeTokenizer()) == (terms, split)


BODY = (
    "昨天,扬州召开加快发展新质生产力推进会。会议指出,要因地制宜发展新质生产力,"
    "推动传统产业焕新。\n与会人员还参观了企业。"
)


@pytest.mark.parametrize(
    ("title", "body", "parts", "expected"),
    [
        (
            "标题",
            BODY,
            ("新质生产力",),
            "昨天,扬州召开加快发展【新质生产力】推进会。会议指出,要因地制宜发展【新质生产力】,推动传统产业焕新…",
        ),
        ("标题", "短文提到二次创业。", ("二次创业",), "短文提到【二次创业】。"),
        # Only the title matches: the title, marked.
        ("开发园区二次创业", "正文没有。", ("二次创业",), "开发园区【二次创业】"),
        # Latin letters match case-insensitively; the text keeps its case.
        ("t", "发展AI产业", ("ai",), "发展【AI】产业"),
        # Newlines become spaces; two parts are both marked.
        ("t", "开发园区\n二次创业", ("开发园区", "二次创业"), "【开发园区】 【二次创业】"),
    ],
)
def test_make_snippet(title: str, body: str, parts: tuple[str, ...], expected: str) -> None:
    assert make_snippet(title, body, parts) == expected


def test_snippet_keeps_context_either_side_of_the_first_match() -> None:
    body = "甲" * 100 + "新质生产力" + "乙" * 100
    snippet = make_snippet("t", body, ("新质生产力",), context=30)
    assert snippet == "…" + "甲" * 30 + "【新质生产力】" + "乙" * 30 + "…"


@pytest.mark.parametrize(
    ("title", "body", "parts"),
    [
        ("标题", BODY, ("新质生产力",)),
        ("开发园区二次创业", "正文没有。", ("二次创业",)),
        ("t", "甲" * 100 + "新质生产力" + "乙" * 100, ("新质生产力",)),
        ("t", "没有匹配", ("市长",)),
    ],
)
def test_snippet_segments_join_to_the_snippet(
    title: str, body: str, parts: tuple[str, ...]
) -> None:
    assert join_marked(snippet_segments(title, body, parts)) == make_snippet(title, body, parts)


def test_snippet_segments_keep_the_texts_own_brackets_apart_from_matches() -> None:
    # The text may hold 【】 itself: only the pieces say which part is a match.
    segments = snippet_segments("t", "【通知】市长讲话", ("市长",))
    assert segments == (("【通知】", False), ("市长", True), ("讲话", False))


@pytest.mark.parametrize(
    ("raw", "clauses", "excluded", "text"),
    [
        ("新质生产力 二次创业", (("新质生产力",), ("二次创业",)), (), "新质生产力 二次创业"),
        ("新质生产力 OR 低空经济", (("新质生产力", "低空经济"),), (), "新质生产力 OR 低空经济"),
        # OR binds its neighbours only: (A or B) and C.
        ("a OR b c", (("a", "b"), ("c",)), (), "a OR b c"),
        ("a OR b OR c", (("a", "b", "c"),), (), "a OR b OR c"),
        ("新质生产力 -无人机", (("新质生产力",),), ("无人机",), "新质生产力 -无人机"),
        (
            '"Artificial  Intelligence" ai',
            (("artificial intelligence",), ("ai",)),
            (),
            '"artificial intelligence" ai',
        ),
        ('"新质 生产力"', (("新质生产力",),), (), "新质生产力"),  # no space beside CJK
        ("“开发 园区”", (("开发园区",),), (), "开发园区"),  # Chinese quotation marks too
        ('二次创业 -"开发 园区"', (("二次创业",),), ("开发园区",), "二次创业 -开发园区"),
        ("a or b", (("a",), ("or",), ("b",)), (), "a or b"),  # only OR in capitals is OR
        # AND in capitals says what a space says (issue 27): not the word "and" to find.
        ("二次创业 AND 开发园区", (("二次创业",), ("开发园区",)), (), "二次创业 开发园区"),
        ("a AND b OR c", (("a",), ("b", "c")), (), "a b OR c"),
        ("a and b", (("a",), ("and",), ("b",)), (), "a and b"),
        ('"AND" a', (("and",), ("a",)), (), "and a"),
        ('"OR" a', (("or",), ("a",)), (), "or a"),
        ('新"质', (('新"质',),), (), '新"质'),  # a quote inside a word is part of it
        ("二次创业 -，", (("二次创业",),), (), "二次创业"),  # nothing left to exclude
    ],
)
def test_query_syntax(
    raw: str, clauses: tuple[tuple[str, ...], ...], excluded: tuple[str, ...], text: str
) -> None:
    query = parse_query(raw)
    assert (query.clauses, query.excluded, query.text) == (clauses, excluded, text)
    assert query.parts == tuple(dict.fromkeys(p for clause in clauses for p in clause))
    assert parse_query(query.text) == query  # the normalised text means the same query


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('"二次创业 开发园区', "unclosed quote"),
        ("新质生产力 “二次创业", "unclosed quote"),
        ("-二次创业", "only excludes"),
        ('-二次创业 -"开发园区"', "only excludes"),
        ("OR 二次创业", "OR needs a word on each side"),
        ("二次创业 OR", "OR needs a word on each side"),
        ("二次创业 OR -开发园区", "OR needs a word on each side"),
        ("二次创业 OR OR 开发园区", "OR needs a word on each side"),
        ("二次创业 OR ，", "OR needs a word on each side"),
        ("二次创业 -二次创业", "asks for 二次创业 and excludes it"),
        ("a b c d e -f -g -h -i", "at most 8"),
    ],
)
def test_malformed_queries_raise_a_clear_error(raw: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(raw)
