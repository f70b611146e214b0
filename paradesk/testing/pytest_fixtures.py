"""Fixtures shared by every app's tests (registered by the root conftest)."""

from __future__ import annotations

from collections.abc import Iterator

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
def live_firm(transactional_db: None) -> Iterator[Firm]:
    """The personas, committed for real, for tests with a live server."""
    yield build_firm()
    lift_audit_triggers_for_flush()


@pytest.fixture(autouse=True)
def _private_search_index(
    settings: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Database rows roll back after each test but an index on disk would not: a test
    # gets its own, so ids reused by the next test never meet stale pages.
    settings.PARADESK_SEARCH_INDEX = str(  # type: ignore[attr-defined]
        tmp_path_factory.mktemp("index")
    )
