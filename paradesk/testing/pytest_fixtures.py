"""Fixtures shared by every app's tests (registered by the root conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from socketserver import ThreadingMixIn

import pytest
from pytest_django.live_server_helper import LiveServer

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
def live_firm(transactional_db: None, live_server: LiveServer) -> Iterator[Firm]:
    """The personas, committed for real, for tests with a live server.

    The `browser` fixture asks for this one, so the browser is closed before it ends;
    requests the browser left in flight (a page picture still rendering, say) are then
    waited for. On SQLite the live server shares the test's one in-memory connection:
    emptying the tables while a request writes through it broke the flush.
    """
    httpd = live_server.thread.httpd
    # Django's test server runs requests on daemon threads, which socketserver does
    # not keep track of; as ordinary threads they are kept, and can be waited for.
    httpd.daemon_threads = False
    yield build_firm()
    finish_live_requests(httpd)
    lift_audit_triggers_for_flush()


def finish_live_requests(httpd: ThreadingMixIn, *, timeout: float = 30.0) -> None:
    """Waits for the live server's request threads to end.

    Args:
        httpd: the live server, serving requests on non-daemon threads.
        timeout: seconds to wait for each thread.

    socketserver keeps the threads in `_threads` (a private attribute: the standard
    library's only public way to wait for them is closing the server, which
    pytest-django keeps open for the whole session).
    """
    threads = getattr(httpd, "_threads", None)
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


@pytest.fixture(autouse=True)
def _private_audit_queue(
    settings: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Read events wait in a journal file, which a rolled-back test would leave behind
    # with its offsets forgotten: a test gets its own folder (and so its own journal).
    settings.PARADESK_AUDIT_QUEUE_DIR = tmp_path_factory.mktemp(  # type: ignore[attr-defined]
        "audit-queue"
    )
