"""Headless Chromium from the OS packages, driven by Playwright (never its own browser builds).

`.ci/run` installs the `chromium` package when /usr/bin/chromium is missing; a developer's
machine needs `apt-get install -y chromium` once. Each launch gets a fresh user-data dir.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = (
    f"{CHROMIUM} is missing: the browser test drives the OS's Chromium."
    " Install it with `apt-get install -y chromium` (.ci/run does so when it is missing)."
)


def chromium_missing() -> str | None:
    """Why the browser cannot be started here, or None."""
    if not os.access(CHROMIUM, os.X_OK):
        return MISSING
    return None


@contextmanager
def chromium(width: int = 1100, height: int = 900) -> Iterator[BrowserContext]:
    """A headless Chromium with a fresh profile, closed on exit."""
    with (
        tempfile.TemporaryDirectory(prefix="yzdaily-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            locale="zh-CN",
        )
        try:
            yield context
        finally:
            context.close()
