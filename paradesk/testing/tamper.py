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
