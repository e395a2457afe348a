"""Tier 1: the light table of site labels says what the adapters say (#29)."""

from __future__ import annotations

from parsers.site_labels import SITE_LABELS, site_label
from parsers.sources import SOURCES


def test_each_source_is_labelled_by_its_adapters_first_site_name() -> None:
    assert {name: source.site_names[0] for name, source in SOURCES.items()} == SITE_LABELS


def test_an_unknown_name_is_its_own_label() -> None:
    assert site_label("yznews") == "扬州网"
    assert site_label("elsewhere") == "elsewhere"
