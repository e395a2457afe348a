"""Tier 1: association measures, collocation windows and term suggestions (parsers/corpus.py)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

import pytest

from parsers.corpus import (
    LINE_BREAK,
    Contingency,
    WindowCounts,
    branching_entropy,
    count_words,
    node_spans,
    score_collocates,
    suggest_terms,
    window_positions,
)
from parsers.lexicon import ContentWords


def closed_form_g2(o11: float, o12: float, o21: float, o22: float) -> float:
    """G² written the other way: 2 (sum O ln O - sum R ln R - sum C ln C + N ln N)."""

    def xlx(x: float) -> float:
        return x * math.log(x) if x > 0 else 0.0

    n = o11 + o12 + o21 + o22
    rows, cols = (o11 + o12, o21 + o22), (o11 + o21, o12 + o22)
    return 2 * (
        sum(map(xlx, (o11, o12, o21, o22))) - sum(map(xlx, rows)) - sum(map(xlx, cols)) + xlx(n)
    )


@pytest.mark.parametrize(
    "table",
    [(110, 2442, 111, 29114), (10, 0, 0, 10), (3, 7, 50, 10_000), (1, 1, 1, 1), (0, 5, 9, 100)],
)
def test_log_likelihood_equals_its_closed_form(table: tuple[int, int, int, int]) -> None:
    assert Contingency(*table).log_likelihood() == pytest.approx(closed_form_g2(*table))


def test_association_on_tables_worked_by_hand() -> None:
    perfect = Contingency(10, 0, 0, 10)  # E11 = 10 * 10 / 20 = 5
    assert perfect.expected() == (5, 5, 5, 5)
    assert perfect.log_likelihood() == pytest.approx(40 * math.log(2))
    assert perfect.pmi() == pytest.approx(1.0)
    assert perfect.npmi() == pytest.approx(1.0)
    independent = Contingency(5, 5, 5, 5)
    assert independent.log_likelihood() == pytest.approx(0.0)
    assert independent.pmi() == pytest.approx(0.0) and not independent.attracted()
    assert Contingency.of(joint=3, first=10, second=4, total=100) == Contingency(3, 7, 1, 89)
    assert Contingency(0, 4, 4, 10).pmi() == -math.inf
    with pytest.raises(ValueError):
        Contingency.of(joint=5, first=3, second=4, total=10).log_likelihood()


def test_branching_entropy_counts_each_edge_as_its_own_neighbour() -> None:
    assert branching_entropy({"a": 2, "b": 2}) == pytest.approx(1.0)
    assert branching_entropy({"a": 4}) == pytest.approx(0.0)
    # {a: 2, b: 2} and two edges read as six neighbours: a a b b x y.
    expected = -(2 * (2 / 6) * math.log2(2 / 6) + 2 * (1 / 6) * math.log2(1 / 6))
    assert branching_entropy({"a": 2, "b": 2}, edges=2) == pytest.approx(expected)
    assert branching_entropy({}, edges=0) == 0.0


def test_node_spans_find_whole_tokens_and_split_words() -> None:
    tokens = ["新型", "储能", "和", "储能", LINE_BREAK, "新型", "储", "能"]
    assert node_spans(tokens, "新型储能") == [(0, 2), (5, 8)]
    assert node_spans(tokens, "储能") == [(1, 2), (3, 4), (6, 8)]
    assert node_spans(tokens, "新型储能产业") == []
    assert node_spans(["新型", LINE_BREAK, "储能"], "新型储能") == []  # not across a line


def test_windows_count_words_only_and_stop_at_line_breaks() -> None:
    tokens = ["a", "b", "，", "N", "c", LINE_BREAK, "d", "N", "e", "f", "g"]
    spans = node_spans(tokens, "N")
    assert window_positions(tokens, spans, 2) == {0, 1, 4, 6, 8, 9}
    assert window_positions(tokens, spans, 1) == {1, 4, 6, 8}
    assert count_words(tokens) == 9


def test_overlapping_windows_count_each_position_once() -> None:
    tokens = ["x", "N", "y", "N", "z"]
    counts = WindowCounts()
    counts.add(tokens, "N", 2, lambda token: True)
    assert counts.node_occurrences == 2
    assert counts.window_words == 3  # x, y, z: y is near both
    assert counts.observed == Counter({"x": 1, "y": 1, "z": 1})


def test_collocates_are_scored_on_their_table() -> None:
    counts = WindowCounts(Counter({"无人机": 6, "发展": 6, "会议": 1}), window_words=40)
    frequencies = {"无人机": 6, "发展": 3000, "会议": 50}
    found = score_collocates(counts, frequencies, total_words=10_000, min_count=2)
    assert [c.word for c in found] == ["无人机"]  # 发展 is no more frequent than expected
    best = found[0]
    table = Contingency.of(6, 40, 6, 10_000)
    assert best.expected == pytest.approx(40 * 6 / 10_000)
    assert (best.llr, best.pmi) == (pytest.approx(table.log_likelihood()), table.pmi())
    by_count = score_collocates(counts, frequencies, 10_000, min_count=2, measure="count")
    assert [c.word for c in by_count] == ["发展", "无人机"]  # 6 each: ties go by word
    with pytest.raises(ValueError):
        score_collocates(counts, frequencies, 10_000, measure="dice")


CONTENT = ContentWords(frozenset({"推进", "记者"}), frozenset())
FILLERS = ["企业", "项目", "群众", "园区", "产业", "服务", "建设", "政策", "工作", "城市"]


def corpus(stories: int) -> list[tuple[datetime, Sequence[str]]]:
    """Stories in which 融链/强群 is one unit in varied contexts (quoted in some); 召开 and 会议
    are frequent words that also occur apart; 亩均/论 always comes before 英雄 (a fixed right
    neighbour); 政策红利实实在在 is boilerplate, always between the same commas."""
    sequences: list[tuple[datetime, Sequence[str]]] = []
    for n in range(stories):
        left, right = FILLERS[n % len(FILLERS)], FILLERS[(n * 3 + 1) % len(FILLERS)]
        slogan = ["“", "融链", "强群", "”"] if n % 3 == 0 else ["融链", "强群"]
        tokens = [left, *slogan, right, "，", "召开", "会议", "，"]
        tokens += ["召开", FILLERS[(n + 2) % 10], "，", "会议", FILLERS[(n + 5) % 10], "。"]
        if n % 2:  # in half the stories: 融链强群 is the more frequent unit
            tokens += [FILLERS[(n + 7) % 10], "亩均", "论", "英雄", FILLERS[(n + 8) % 10], "。"]
        tokens += ["企业", "表示", "，", "政策", "红利", "实实在在", "，", "信心", "更足", "。"]
        tokens += [LINE_BREAK]
        tokens += ["推进", FILLERS[(n + 4) % 10], FILLERS[(n + 6) % 10]]
        sequences.append((datetime(2025, 1, 1 + n % 28), tokens))
    return sequences


def test_suggestions_find_the_unit_and_leave_collocations_and_fragments() -> None:
    sequences = corpus(20)
    found = suggest_terms(lambda: iter(sequences), CONTENT, min_stories=3)
    texts = [c.text for c in found]
    assert texts[0] == "融链强群"
    best = found[0]
    assert (best.parts, best.occurrences, best.stories) == (("融链", "强群"), 20, 20)
    assert best.first_seen == datetime(2025, 1, 1)
    assert best.npmi == pytest.approx(1.0) and best.entropy > 2
    assert "召开会议" not in texts  # the parts occur apart as often as together
    assert "亩均论" not in texts  # always followed by 英雄: no unit of its own
    assert "亩均论英雄" in texts
    assert "政策红利实实在在" not in texts  # varied words, but always the same commas around
    # A known word is never suggested, and rarer sequences than min_stories neither.
    assert "融链强群" not in [
        c.text for c in suggest_terms(lambda: iter(sequences), CONTENT, known={"融链强群"})
    ]
    assert suggest_terms(lambda: iter(sequences[:2]), CONTENT, min_stories=3) == []


def test_suggestions_are_deterministic() -> None:
    sequences: Iterable[tuple[datetime, Sequence[str]]] = corpus(15)
    first = suggest_terms(lambda: iter(sequences), CONTENT)
    assert first == suggest_terms(lambda: iter(list(sequences)), CONTENT)
