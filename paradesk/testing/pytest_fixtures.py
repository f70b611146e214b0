"""Fixtures shared by every app's tests (registered by the root conftest)."""

from __future__ import annotations

import pytest

from paradesk.testing.personas import Firm, build_firm


@pytest.fixture
def firm(db: None) -> Firm:
    return build_firm()
