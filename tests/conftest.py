"""Settings every test process starts with, and the session every process of a run shares."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.session import end_session, shared_prefect_home, start_session

# A run in this process stops the Prefect server it starts (tests/environment.py says why).
os.environ.setdefault("YZDAILY_PREFECT_IDLE", "0")

SESSION_OWNER = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    # Before pytest-xdist starts its workers: they inherit the session's directory.
    owned = start_session()
    if owned is not None:
        config.stash[SESSION_OWNER] = owned


def pytest_unconfigure(config: pytest.Config) -> None:
    owned = config.stash.get(SESSION_OWNER, None)
    if owned is not None:
        end_session(owned)


@pytest.fixture(scope="session")
def prefect_home() -> Path:
    """One Prefect home for the session and all its workers: its database migrated once, its
    kept server started warm once, the runs sharing it (as a user's runs do), stopped when the
    session ends (tests/session.py). Tests of a server's own start-up keep homes of their own."""
    return shared_prefect_home()


# Wider-scoped fixtures that any number of processes share at no cost: built once per session
# in its directory, whichever process asks first (tests/session.py). (baseid, name)
SHARED_ACROSS_WORKERS = {("tests", "prefect_home")}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With pytest-xdist's `--dist loadgroup` (`make test`): the tests that share a session
    or module fixture of ours run on one worker (an `xdist_group`), so that no worker builds
    it again; every other test goes to whichever worker is free. Before xdist's own hook,
    which reads the groups."""
    if not getattr(config.option, "loadgroup", False):  # set in xdist's workers, who collect
        return
    for item, group in fixture_groups(items).items():
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(group))


def fixture_groups(items: list[pytest.Item]) -> dict[pytest.Item, str]:
    """Each test that needs one of our session or module fixtures, with its group: the tests
    of its module, joined with every other module that needs one of the same session
    fixtures (a union of modules)."""
    module_of = {item: item.nodeid.split("::", 1)[0] for item in items}
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    grouped: set[str] = set()
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        for name in info.names_closure if info is not None else ():
            for fixturedef in info.name2fixturedefs.get(name, ()):
                if not fixturedef.baseid or fixturedef.scope == "function":
                    continue  # pytest's own or a plugin's, or built per test anyway
                if (fixturedef.baseid, fixturedef.argname) in SHARED_ACROSS_WORKERS:
                    continue
                grouped.add(module_of[item])
                if fixturedef.scope == "session":
                    fixture = f"{fixturedef.baseid}::{fixturedef.argname}"
                    parent[root(module_of[item])] = root(fixture)
    return {item: root(module_of[item]) for item in items if module_of[item] in grouped}
