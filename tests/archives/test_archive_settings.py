"""The archive settings: endpoints (defaults < environment < flags, validated) and archive names."""

from __future__ import annotations

import pytest

from config.settings import SettingsError, build_settings, parse_archives


def test_endpoints_default_to_the_public_archives_and_no_archive_is_read() -> None:
    settings = build_settings({})
    assert settings.wayback_url == "https://web.archive.org"
    assert settings.cc_index_url == "https://index.commoncrawl.org"
    assert settings.cc_data_url == "https://data.commoncrawl.org"
    assert settings.archives == ()  # backfill reads the list pages only


def test_environment_over_defaults_and_flags_over_environment() -> None:
    env = {
        "YZDAILY_WAYBACK_URL": "http://127.0.0.1:8001",
        "YZDAILY_CC_INDEX_URL": "http://127.0.0.1:8002/",
        "YZDAILY_CC_DATA_URL": "http://127.0.0.1:8003",
    }
    settings = build_settings(env, wayback_url="http://127.0.0.1:9001", archives=("wayback",))
    assert settings.wayback_url == "http://127.0.0.1:9001"
    assert settings.cc_index_url == "http://127.0.0.1:8002/"
    assert settings.cc_data_url == "http://127.0.0.1:8003"
    assert settings.archives == ("wayback",)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"YZDAILY_WAYBACK_URL": "web.archive.org"}, "--wayback-url must be an http"),
        ({"YZDAILY_CC_INDEX_URL": "ftp://index.commoncrawl.org"}, "--cc-index-url must be an http"),
        ({"YZDAILY_CC_DATA_URL": "https://"}, "--cc-data-url must be an http"),
        ({"YZDAILY_WAYBACK_URL": "https://web.archive.org/?x=1"}, "query or fragment"),
    ],
)
def test_bad_endpoints_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        build_settings(env)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("wayback,commoncrawl", ("wayback", "commoncrawl")),
        ("commoncrawl", ("commoncrawl",)),
        (" Wayback , wayback,,", ("wayback",)),
        ("", ()),
    ],
)
def test_archive_names(text: str, names: tuple[str, ...]) -> None:
    assert parse_archives(text) == names


def test_unknown_archives_are_named() -> None:
    with pytest.raises(SettingsError, match=r"unknown archive 'archive\.today'"):
        parse_archives("wayback,archive.today")
    with pytest.raises(SettingsError, match="unknown archive 'ia'"):
        build_settings({}, archives=("ia",))
