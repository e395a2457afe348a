"""bench's verdicts: a figure is met only by a real measurement under its target."""

from __future__ import annotations

import pytest

from bench.common import Figure


@pytest.mark.parametrize(
    ("value", "target", "verdict"),
    [
        (0.7, 0.75, "met"),
        (0.8, 0.75, "MISSED"),
        (-3.31, 0.75, "NOISE"),  # two runs minutes apart under a moving load
        (5.0, None, "info"),
    ],
)
def test_verdicts(value: float, target: float | None, verdict: str) -> None:
    assert Figure("ratio", value, "x", target).verdict == verdict
