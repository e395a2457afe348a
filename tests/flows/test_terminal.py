"""Tier 1: text shown on a terminal cannot act on it (issue 13 item 5)."""

from __future__ import annotations

import io
import json

import pytest
from rich.cells import cell_len

from flows.progress import Reporter
from flows.terminal import format_table, json_safe, plural, terminal_safe
from tests.e2e.hostile import TERMINAL_CONTROL


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


# Issue 17 item 5: tables laid out by rich, by display width; still plain and still safe.
PEOPLE = [
    ["张宝娟", "市长", "2020-10-22 .. 2024-06-30", "12 story(ies)"],
    ["王进健", "扬州市委书记", "2021-02-01 .. 2024-01-05", "3 story(ies)"],
    ["Li Wei", "经开区党工委书记", "2022-03-04 .. 2022-03-04", "1 story(ies)"],
    ["夏心旻", "副市长", "2023-05-06 .. 2025-01-01", "40 story(ies)"],
]


def column_starts(line: str, cells: list[str]) -> list[int]:
    """The display column where each cell starts in `line`."""
    starts, at = [], 0
    for cell in cells:
        at = line.index(cell, at)
        starts.append(cell_len(line[:at]))
        at += len(cell)
    return starts


def test_a_cjk_table_lines_up_by_display_width() -> None:
    lines = format_table(PEOPLE).splitlines()
    assert len(lines) == len(PEOPLE)
    starts = [column_starts(line, row) for line, row in zip(lines, PEOPLE, strict=True)]
    assert all(s == starts[0] for s in starts), starts
    # The widest role (8 CJK characters, 16 columns) sets where the dates start.
    assert starts[0][2] == starts[0][1] + cell_len("经开区党工委书记") + 1
    # Hand padding by characters (the old `{role:<10}`) would not line these up.
    assert len({len(f"{r[0]:<6} {r[1]:<10} ".split(r[2])[0]) for r in PEOPLE}) == 1
    assert len({cell_len(f"{r[0]:<6} {r[1]:<10} ") for r in PEOPLE}) > 1


def test_a_table_is_plain_text_for_pipes_and_scripts() -> None:
    text = format_table(
        [["2024", "3/10 (30.0%)"], ["2025", "12/100 (12.0%)"]],
        headers=["period", "新质生产力"],
        right={1},
        gap=2,
    )
    assert text.splitlines() == [
        "period      新质生产力",
        "2024      3/10 (30.0%)",
        "2025    12/100 (12.0%)",
    ]
    assert "\x1b" not in text and not set(text) & set("─│┃━╭╮")


def test_a_title_with_terminal_escapes_prints_neutralised_in_a_table() -> None:
    title = "标题\x1b]0;pwned\x07\x1b[2J\x9b31m\r"
    text = format_table([[title, "市长"], ["短", "副市长"]])
    assert not TERMINAL_CONTROL.findall(text)
    first, second = text.splitlines()
    assert first.startswith("标题\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x0d")
    # The escape as shown is what takes the room: the columns still line up.
    assert cell_len(first[: first.index("市长")]) == cell_len(second[: second.index("副市长")])


@pytest.mark.parametrize(
    ("count", "noun", "shown"),
    [(0, "link", "0 links"), (1, "link", "1 link"), (2, "link", "2 links"),
     (1, "list page", "1 list page"), (3, "story", "3 stories")],
)  # fmt: skip
def test_plural(count: int, noun: str, shown: str) -> None:
    nouns = "stories" if noun == "story" else None
    assert plural(count, noun, nouns) == shown


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_rich_on_a_terminal_and_absent_in_a_pipe() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        report = Reporter(stream=stream)
        report.advance(1, 4, "pages")
        report("batch 1 of 《标题\x1b]0;pwned\x07》 loaded")
        report.advance(4, 4, "pages")
        report("done")
    assert pipe.getvalue() == "batch 1 of 《标题\\x1b]0;pwned\\x07》 loaded\ndone\n"
    shown = terminal.getvalue()
    assert "1/4" in shown and "4/4" in shown and "━" in shown
    assert "标题\\x1b]0;pwned\\x07" in shown and "\x07" not in shown
    assert shown.endswith("done\n")
