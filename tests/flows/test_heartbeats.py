"""A one-shot run's flow sends no heartbeats unless the user asks (#29 item 3): the engine
joins the heartbeat thread as the flow ends, half a second on average of a run with nothing
new. Run in a subprocess: importing Prefect here would fix its settings for the session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.environment import cli_environment

PROGRAM = """
import os
from hosting.env import without_heartbeats
from prefect.settings import get_current_settings

before = get_current_settings().flows.heartbeat_frequency
with without_heartbeats():
    inside = get_current_settings().flows.heartbeat_frequency
after = get_current_settings().flows.heartbeat_frequency
print(before, inside, after)
"""


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        (None, "180 None 180"),  # Prefect's default, off for the run, back after it
        ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY=60", "60 60 60"),  # the user's is kept
        ("PREFECT_RUNNER_HEARTBEAT_FREQUENCY=45", "45 45 45"),  # by its old name too
    ],
)
def test_heartbeats_are_off_for_a_one_shot_run_unless_the_user_set_them(
    tmp_path: Path, variable: str | None, expected: str
) -> None:
    env = cli_environment(tmp_path) | {"PREFECT_HOME": str(tmp_path / "prefect")}
    if variable:
        name, value = variable.split("=")
        env[name] = value
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
