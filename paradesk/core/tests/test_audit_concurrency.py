"""Concurrent writers never fork the audit chain (PostgreSQL: advisory lock)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from paradesk.core import audit
from paradesk.core.models import AuditEvent
from paradesk.testing.personas import Firm


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database has one connection; run on PostgreSQL",
)
def test_parallel_appends_keep_one_contiguous_chain(live_firm: Firm) -> None:
    before = AuditEvent.objects.count()
    errors: list[BaseException] = []

    def append(worker: int) -> None:
        try:
            for n in range(25):
                audit.record("test.parallel", actor=None, details={"w": worker, "n": n})
        except BaseException as error:  # collected and re-raised in the test thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.count() == before + 100
    result = audit.verify_chain()
    assert result.ok, result.broken
    assert result.checked == before + 100
