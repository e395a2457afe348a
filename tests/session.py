"""What a test session builds once and every process of it shares (pytest-xdist's workers too).

One temporary directory per session (`session_dir`), made by the process that starts the
session (`start_session`, from tests/conftest.py) and named to its workers in the environment
(`SESSION_VARIABLE`), holds:

* `jieba/`: jieba's dictionary cache, built once (a cold build costs 2-8 s, a warm load 1 s);
  every Segmenter a test builds reads it (`jieba_cache_dir`), and a `yzdaily` subprocess's
  data dir gets a copy of it (`seed_jieba_cache`: hard links, as the CLI would have left it).
* the sample warehouses (tests/sample_warehouse.py), each built by whichever process asks
  first (`built_once`), the others waiting for it;
* `prefect/`: the Prefect home whose kept server (hosting/keeper.py) the e2e tests and the
  CLI's subprocesses share (`shared_prefect_home`), started warm once, stopped when the
  session ends (`end_session`). Tests of the servers' own start-up keep homes of their own.

Imported outside pytest (`python -m tests.eval_gate`, `tests.demo`), a process makes a
directory of its own, removed at exit.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

# Not YZDAILY_*: tests clear those from their environments, and the CLI ignores this one.
SESSION_VARIABLE = "PYTEST_YZDAILY_SESSION_DIR"
# The shared kept server outlives any gap between two runs of a session; stopped at its end.
KEPT_SERVER_IDLE = 3600.0
JIEBA = "jieba"
PREFECT = "prefect"


def start_session() -> Path | None:
    """Make the session's directory and name it to every process started from now on (the
    workers); the directory when this process made it (it ends the session), else None."""
    if os.environ.get(SESSION_VARIABLE):
        return None
    path = Path(tempfile.mkdtemp(prefix="yzdaily-tests-"))
    os.environ[SESSION_VARIABLE] = str(path)
    return path


def end_session(path: Path) -> None:
    """Stop the shared Prefect home's kept server and remove the session's directory."""
    from hosting.server import stop_kept_server

    if (path / PREFECT).exists():
        stop_kept_server(path / PREFECT)
    shutil.rmtree(path, ignore_errors=True)


@cache
def session_dir() -> Path:
    """The session's directory (a process's own one outside pytest)."""
    named = os.environ.get(SESSION_VARIABLE)
    if named:
        return Path(named)
    path = Path(tempfile.mkdtemp(prefix="yzdaily-tests-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@contextmanager
def locked(name: str) -> Iterator[None]:
    """Hold the session's lock of that name (one process at a time builds a thing)."""
    with (session_dir() / f".{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def built_once(name: str, build: Callable[[Path], object]) -> Path:
    """`session_dir()/name`, made by `build(path)` by the first process that asks for it;
    built under another name and renamed, so that no process ever sees half of it."""
    target = session_dir() / name
    with locked(name):
        if not target.exists():
            partial = target.with_name(f".partial-{name}")
            if partial.is_dir():
                shutil.rmtree(partial)
            partial.unlink(missing_ok=True)
            build(partial)
            partial.rename(target)
    return target


def _build_jieba_cache(path: Path) -> None:
    from parsers.nlp import Segmenter

    segmenter = Segmenter(cache_dir=path)  # jieba's dictionary, pickled there
    segmenter.keywords(["扬州"])  # and its IDF table (unless jieba.analyse was loaded)


@cache
def jieba_cache_dir() -> Path:
    """jieba's cache, built once per session: every Segmenter of a test may read it."""
    return built_once(JIEBA, _build_jieba_cache)


def seed_jieba_cache(cache_dir: Path) -> Path:
    """Give a data dir's jieba cache (`<data dir>/cache`) the session's tables, as an earlier
    run would have left them: a `yzdaily` subprocess then loads them warm. Hard links (the
    cache is only ever replaced, never written in place), copies across file systems."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    for table in jieba_cache_dir().iterdir():
        target = cache_dir / table.name
        if target.exists():
            continue
        try:
            os.link(table, target)
        except OSError:
            shutil.copyfile(table, target)
    return cache_dir


@cache
def shared_prefect_home() -> Path:
    """The session's Prefect home, its kept server up and answering (started once, by the
    first process that asks, with no test's environment: no test's process check finds it)."""
    from hosting.server import prefect_api, wait_healthy

    home = session_dir() / PREFECT
    with locked(PREFECT), prefect_api(home, keep_for=KEPT_SERVER_IDLE) as server:
        if server is not None:  # None: a PREFECT_API_URL of the caller's own
            wait_healthy(server)
    return home
