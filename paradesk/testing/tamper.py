"""For tests only: lift the audit table's append-only triggers to play the attacker."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_triggers = importlib.import_module("paradesk.core.migrations.0003_audit_append_only")


@contextmanager
def audit_triggers_lifted() -> Iterator[None]:
    with connection.schema_editor() as editor:
        _triggers.backward(None, editor)
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            _triggers.forward(None, editor)


_lifted_for_flush = False


def lift_audit_triggers_for_flush() -> None:
    """Lets a transactional test's closing flush empty the audit table.

    Django ends a transactional test by deleting every row (TRUNCATE on PostgreSQL),
    which the append-only triggers refuse. `restore_audit_triggers_if_lifted` puts them
    back before the next test.
    """
    global _lifted_for_flush
    with connection.schema_editor() as editor:
        _triggers.backward(None, editor)
    _lifted_for_flush = True


def restore_audit_triggers_if_lifted() -> None:
    global _lifted_for_flush
    if not _lifted_for_flush:
        return
    with connection.schema_editor() as editor:
        _triggers.forward(None, editor)
    _lifted_for_flush = False
