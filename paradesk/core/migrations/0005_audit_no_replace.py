"""SQLite: the audit table refuses `INSERT OR REPLACE` too.

REPLACE deletes the row in the way and inserts its own, and SQLite runs no DELETE
trigger for that delete unless recursive triggers are on, so 0003's triggers let it
through (`paradesk audit verify` caught it only afterwards). An insert that names an
existing id, sequence number or hash is refused before it happens; the application's
inserts name none of them (the id is new, seq and hash are unique anyway).
PostgreSQL has no REPLACE, and its `ON CONFLICT DO UPDATE` runs the UPDATE trigger.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_replace BEFORE INSERT ON core_auditevent
       WHEN EXISTS (
           SELECT 1 FROM core_auditevent
           WHERE id = NEW.id OR seq = NEW.seq OR hash = NEW.hash
       )
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: REPLACE refused'); END;""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS core_auditevent_no_replace;"]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_job_worker")]
    operations = [migrations.RunPython(forward, backward)]
