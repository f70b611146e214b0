"""Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright.

Playwright's own browser download cannot run here (no outside network), so the tests
drive the system Chromium. Without it the tests skip, unless PARADESK_REQUIRE_BROWSER=1
(CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("PARADESK_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture
def chromium() -> str:
    """The Chromium to drive; skips the test (fails it in CI) when there is none."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("PARADESK_REQUIRE_BROWSER") == "1":
            pytest.fail(
                "Chromium is required (PARADESK_REQUIRE_BROWSER=1) but not found"
            )
        pytest.skip("Chromium not installed: apt-get install chromium")
    return executable


@pytest.fixture
def browser(chromium: str, live_firm: object) -> Iterator[object]:
    # `chromium` first, so a machine without it skips before the firm is built; then
    # `live_firm`, so that it ends after the browser: the browser is closed before the
    # firm's rows are emptied (see `live_firm`).
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous and safe, so Django's async guard is lifted here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()
