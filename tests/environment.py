"""The environment of a `yzdaily` process a test starts: the test's own, whatever the shell set."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
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


@contextmanager
def environment(env: Mapping[str, str]) -> Iterator[None]:
    """This process's environment as `env` (one `cli_environment` made) while the block lasts."""
    saved = dict(os.environ)
    for name in set(os.environ) - set(env):
        del os.environ[name]
    os.environ.update({k: v for k, v in env.items() if os.environ.get(k) != v})
    try:
        yield
    finally:
        for name in set(os.environ) - set(saved):
            del os.environ[name]
        os.environ.update({k: v for k, v in saved.items() if os.environ.get(k) != v})


def run_in_process(args: Sequence[str], env: Mapping[str, str]) -> tuple[int, str, str]:
    """`yzdaily ARGS` in this process through `cli.main` (what the console script runs), as a
    subprocess with the environment `env` would run it: (exit code, stdout, stderr). For a read
    command whose test is about its output, not the console script (no interpreter start per
    call; the console script's own behaviour is tested through it, tests/e2e/test_query_cli.py)."""
    from cli import main

    out, err = io.StringIO(), io.StringIO()
    with environment(env), redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse: --help (0) or bad usage (2)
            code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
    return code, out.getvalue(), err.getvalue()
