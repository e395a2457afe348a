"""The environment of a `yzdaily` process a test starts: the test's own, whatever the shell set."""

from __future__ import annotations

import os
from pathlib import Path


def cli_environment(
    data_dir: Path | None = None, prefect_home: Path | None = None, **extra: str
) -> dict[str, str]:
    """Ours without any YZDAILY_* or PREFECT_* variable, then the given dirs and variables.

    Each run stops the Prefect server it starts (YZDAILY_PREFECT_IDLE=0): a kept server would
    outlive the test's temporary Prefect home by minutes. Tests that mean to keep one (the
    e2e session's shared home, the kept-server tests) pass YZDAILY_PREFECT_IDLE themselves.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YZDAILY_", "PREFECT_"))}
    env["YZDAILY_PREFECT_IDLE"] = "0"
    if data_dir is not None:
        env["YZDAILY_DATA_DIR"] = str(data_dir)
    if prefect_home is not None:
        env["PREFECT_HOME"] = str(prefect_home)
    env.update(extra)
    return env


# How long a run leases the session's kept server: any positive value uses it (its keeper,
# started by tests/session.py, has its own idle time).
SHARED_SERVER_IDLE = "600"


def warm_cli_environment(data_dir: Path, prefect_home: Path, **extra: str) -> dict[str, str]:
    """`cli_environment` of a run as a user's later runs go: on the kept Prefect server of
    `prefect_home` (the session's, tests/session.py: started once, warm), with jieba's cache in
    the data dir as an earlier run would have left it. For tests that are not about a first
    run or a server's start-up."""
    from tests.session import seed_jieba_cache

    seed_jieba_cache(data_dir / "cache")
    return cli_environment(
        data_dir, prefect_home, **{"YZDAILY_PREFECT_IDLE": SHARED_SERVER_IDLE, **extra}
    )
