"""Tier 1: text shown on a terminal cannot act on it (issue 13 item 5)."""

from __future__ import annotations

import json

import pytest

from flows.terminal import json_safe, terminal_safe


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("标题\x1b]0;pwned\x07", "标题\\x1b]0;pwned\\x07"),
        ("\x1bc\r\x9b2J\x7f", "\\x1bc\\r\\x9b2J\\x7f".replace("\\r", "\\x0d")),
        ("a\u202eb", "a\\u202eb"),
        ("two\tcolumns\nand lines", "two\tcolumns\nand lines"),
        ("扬州日报 (记者 邹平)", "扬州日报 (记者 邹平)"),
    ],
)
def test_terminal_safe(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


def test_json_safe_is_the_same_json_value_without_raw_controls() -> None:
    value = {"title": "标题\x1b\x9b\x7f\u202e", "n": 1}
    dumped = json_safe(json.dumps(value, ensure_ascii=False))
    assert json.loads(dumped) == value
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\x1b\u202e" for c in dumped)
