"""Settings precedence: defaults < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import Settings, SettingsError, build_settings


def test_defaults() -> None:
    settings = build_settings({})
    assert settings == Settings()
    assert settings.db_path == Path("data/yzdaily.duckdb")
    assert settings.delay == 1.0
    assert settings.user_agent.startswith("yzdaily/")


def test_environment_over_defaults_and_flags_over_environment() -> None:
    env = {"YZDAILY_DELAY": "2.5", "YZDAILY_DB": "/tmp/a.duckdb", "YZDAILY_MAX_PAGES": "3"}
    settings = build_settings(env, delay=0.0, max_pages=None)
    assert settings.delay == 0.0  # the flag wins
    assert settings.max_pages == 3  # an unset flag leaves the environment's value
    assert settings.db_path == Path("/tmp/a.duckdb")


def test_the_caps_on_reading_files_have_sane_defaults_and_come_from_the_environment() -> None:
    # Issue 25: a page before and after decompression, a line, the time one file may take.
    defaults = build_settings({})
    assert (defaults.max_page_bytes, defaults.max_line_bytes) == (5 * 1024 * 1024,) * 2
    assert defaults.file_seconds == 600
    env = {
        "YZDAILY_MAX_PAGE_BYTES": "1048576",
        "YZDAILY_MAX_LINE_BYTES": "65536",
        "YZDAILY_FILE_SECONDS": "2.5",
    }
    lowered = build_settings(env)
    assert (lowered.max_page_bytes, lowered.max_line_bytes) == (1048576, 65536)
    assert lowered.file_seconds == 2.5


def test_db_follows_data_dir_unless_set() -> None:
    assert build_settings({"YZDAILY_DATA_DIR": "/srv/yz"}).db_path == Path("/srv/yz/yzdaily.duckdb")
    assert build_settings({}, data_dir=Path("d"), db_path=Path("x.db")).db_path == Path("x.db")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"YZDAILY_DELAY": "soon"}, "YZDAILY_DELAY"),
        ({"YZDAILY_DELAY": "-1"}, "delay"),
        ({"YZDAILY_MAX_PAGES": "0"}, "max pages"),
        ({"YZDAILY_TIMEOUT": "0"}, "timeout"),
        ({"YZDAILY_MAX_PAGE_BYTES": "1000"}, "YZDAILY_MAX_PAGE_BYTES must be at least 65536"),
        ({"YZDAILY_MAX_LINE_BYTES": "5MB"}, "YZDAILY_MAX_LINE_BYTES"),
        ({"YZDAILY_FILE_SECONDS": "nan"}, "YZDAILY_FILE_SECONDS"),
        ({"YZDAILY_FILE_SECONDS": "0"}, "YZDAILY_FILE_SECONDS"),
        ({"YZDAILY_SOURCE": "xinhua"}, "unknown source 'xinhua'"),
    ],
)
def test_bad_values_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        build_settings(env)


def test_the_settings_default_source_is_the_registrys() -> None:
    # The settings check a source only when it is not the default, so as not to import the
    # registry (and BeautifulSoup) for every read command (#29).
    from config.settings import DEFAULT_SOURCE
    from parsers.sources import DEFAULT_SOURCE as REGISTRY_DEFAULT

    assert DEFAULT_SOURCE == REGISTRY_DEFAULT == Settings().source
    assert build_settings({"YZDAILY_SOURCE": "all"}).source == "all"


def test_the_cli_names_the_readers_wait_of_the_warehouse() -> None:
    from cli.options import READER_WAIT_DEFAULT
    from warehouse.db import READER_WAIT_SECONDS

    assert READER_WAIT_DEFAULT == READER_WAIT_SECONDS


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN", "1e9"])
@pytest.mark.parametrize("variable", ["YZDAILY_DELAY", "YZDAILY_TIMEOUT"])
def test_a_delay_or_timeout_that_is_no_usable_number_of_seconds_is_refused(
    variable: str, value: str
) -> None:
    # nan compares false with everything: `--delay nan` switched politeness off.
    with pytest.raises(SettingsError, match=variable.removeprefix("YZDAILY_").lower()):
        build_settings({variable: value})


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "--delay", "nan"],
        ["ingest", "--delay", "inf"],
        ["ingest", "--timeout", "nan"],
        ["ingest", "--timeout", "inf"],
        ["backfill", "--since", "2024-01-01", "--timeout=-inf"],
        ["search", "扬州", "--wait", "nan"],
        ["runs", "--limit", "99999999999999999999999"],
    ],
)
def test_unusable_numbers_on_the_command_line_are_bad_usage(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from cli import build_parser

    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(args)
    assert stopped.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("yzdaily") and ("finite" in error or "at most" in error), error


@pytest.mark.parametrize(
    ("variable", "value"), [("YZDAILY_DELAY", "nan"), ("YZDAILY_TIMEOUT", "inf")]
)
def test_an_unusable_environment_value_is_one_line_and_exit_2(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli import main

    monkeypatch.setenv(variable, value)
    assert main(["ingest", "--base-url", "http://127.0.0.1:9"]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
