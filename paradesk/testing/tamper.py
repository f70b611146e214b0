"""For tests only: lift the audit table's append-only triggers to play the attacker."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_triggers = importlib.import_module("paradesk.core.migrations.0003_audit_append_only")
_no_replace = importlib.import_module("paradesk.core.migrations.0005_audit_no_replace")


def _drop() -> None:
    # Plain SQL through a cursor, not the schema editor: SQLite refuses the schema
    # editor inside the atomic block every `db` test runs in.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_triggers.PG_BACKWARD)
        else:
            for sql in [*_triggers.SQLITE_BACKWARD, *_no_replace.SQLITE_BACKWARD]:
                cursor.execute(sql)


def _create() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_triggers.PG_FORWARD)
        else:
            for sql in [*_triggers.SQLITE_FORWARD, *_no_replace.SQLITE_FORWARD]:
                cursor.execute(sql)


@contextmanager
def audit_triggers_lifted() -> Iterator[None]:
    _drop()
    try:
        yield
    finally:
        _create()


_lifted_for_flush = False


def lift_audit_triggers_for_flush() -> None:
    """Lets a transactional test's closing flush empty the audit table.

    Django ends a transactional test by deleting every row (TRUNCATE on PostgreSQL),
    which the append-only triggers refuse. `restore_audit_triggers_if_lifted` puts them
    back before the next test.
    """
    global _lifted_for_flush
    _drop()
    _lifted_for_flush = True


def restore_audit_triggers_if_lifted() -> None:
    global _lifted_for_flush
    if not _lifted_for_flush:
        return
    _create()
    _lifted_for_flush = False
