"""Fixtures shared by every app's tests (registered by the root conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from paradesk.testing.personas import Firm, build_firm
from paradesk.testing.tamper import (
    lift_audit_triggers_for_flush,
    restore_audit_triggers_if_lifted,
)


@pytest.fixture
def firm(db: None) -> Firm:
    return build_firm()


@pytest.fixture(autouse=True)
def _audit_triggers_in_place(django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        restore_audit_triggers_if_lifted()


@pytest.fixture
def live_firm(transactional_db: None, live_server: Any) -> Iterator[Firm]:
    """The personas, committed for real, for tests with a live server.

    The `browser` fixture asks for this one, so the browser is closed before it ends;
    requests the browser left in flight (a page picture still rendering, say) are then
    waited for. On SQLite the live server shares the test's one in-memory connection:
    emptying the tables while a request writes through it broke the flush.
    """
    yield build_firm()
    finish_live_requests(live_server)
    lift_audit_triggers_for_flush()


def finish_live_requests(live_server: Any, *, timeout: float = 30.0) -> None:
    """Waits for the live server's request threads to end.

    socketserver's ThreadingMixIn keeps its request threads in `_threads` (a private
    attribute, used here because the standard library offers no public way to wait
    for them short of closing the server, which pytest-django keeps for the session).
    """
    threads = getattr(getattr(live_server.thread, "httpd", None), "_threads", None)
    if isinstance(threads, list):  # before the first request it is a no-op stand-in
        for thread in list(threads):
            thread.join(timeout)


@pytest.fixture(autouse=True)
def _private_search_index(
    settings: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Database rows roll back after each test but an index on disk would not: a test
    # gets its own, so ids reused by the next test never meet stale pages.
    settings.PARADESK_SEARCH_INDEX = str(  # type: ignore[attr-defined]
        tmp_path_factory.mktemp("index")
    )
