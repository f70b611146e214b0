"""The audit chain: intact when untouched, broken at the right event after tampering."""

from __future__ import annotations

import itertools

import pytest
from django.db import DatabaseError, connection, transaction

from paradesk.core import audit
from paradesk.core.models import AuditEvent
from paradesk.testing.tamper import audit_triggers_lifted

pytestmark = pytest.mark.django_db


@pytest.fixture
def events() -> list[AuditEvent]:
    recorded = []
    for n in range(5):
        with transaction.atomic():
            recorded.append(
                audit.record("test.event", actor=None, details={"n": n, "note": "äö"})
            )
    return recorded


def test_untouched_chain_verifies(events: list[AuditEvent]) -> None:
    result = audit.verify_chain()

    assert result.ok
    assert result.checked == 5
    assert result.head_hash == events[-1].hash
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))


def test_empty_chain_verifies() -> None:
    result = audit.verify_chain()

    assert result.ok
    assert result.checked == 0
    assert result.head_hash == audit.GENESIS_HASH


def test_edited_details_break_the_chain_at_that_event(events: list[AuditEvent]) -> None:
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=events[2].pk).update(details={"n": 99})

    result = audit.verify_chain()

    assert result.broken is not None
    assert result.broken.seq == 3
    assert result.broken.event_id == events[2].pk
    assert "edited" in result.broken.reason
    assert result.checked == 2


def test_edited_actor_label_breaks_the_chain(events: list[AuditEvent]) -> None:
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=events[0].pk).update(actor_label="someone-else")

    broken = audit.verify_chain().broken

    assert broken is not None
    assert broken.seq == 1


def test_deleted_middle_event_breaks_the_chain_at_the_next(
    events: list[AuditEvent],
) -> None:
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=events[2].pk).delete()

    broken = audit.verify_chain().broken

    assert broken is not None
    assert broken.seq == 4
    assert broken.event_id == events[3].pk
    assert "deleted" in broken.reason


def test_deleted_last_event_leaves_a_shorter_intact_chain(
    events: list[AuditEvent],
) -> None:
    # Truncating the tail is not detectable from the chain alone; the head hash that
    # `paradesk audit verify` prints is what an operator compares with a saved one.
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=events[-1].pk).delete()

    result = audit.verify_chain()

    assert result.ok
    assert result.head_hash != events[-1].hash


def test_swapped_events_break_the_chain(events: list[AuditEvent]) -> None:
    second, third = events[1], events[2]
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=second.pk).update(seq=1000)
        AuditEvent.objects.filter(pk=third.pk).update(seq=2)
        AuditEvent.objects.filter(pk=second.pk).update(seq=3)

    broken = audit.verify_chain().broken

    assert broken is not None
    assert broken.seq == 2
    assert broken.event_id == third.pk


def test_renumbered_event_breaks_the_chain(events: list[AuditEvent]) -> None:
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=events[-1].pk).update(seq=50)

    broken = audit.verify_chain().broken

    assert broken is not None
    assert broken.seq == 50


def test_database_refuses_update(events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).update(action="tampered")

    assert AuditEvent.objects.get(pk=events[0].pk).action == "test.event"


def test_database_refuses_delete(events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=events[1].pk).delete()

    assert AuditEvent.objects.count() == 5


def test_database_refuses_raw_sql_update(events: list[AuditEvent]) -> None:
    table = AuditEvent._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET details = '{{}}'")  # noqa: S608 (constant)

    assert audit.verify_chain().ok


def test_sqlite_refuses_insert_or_replace(events: list[AuditEvent]) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("INSERT OR REPLACE exists only on SQLite")
    table = AuditEvent._meta.db_table
    victim = events[2]
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The victim's own id, seq and hash with new details: a silent rewrite.
        cursor.execute(
            f"INSERT OR REPLACE INTO {table} "  # noqa: S608 (constant)
            "(id, seq, at, actor_label, action, object_type, object_id, user_agent, "
            "details, prev_hash, hash) SELECT id, seq, at, actor_label, action, "
            "object_type, object_id, user_agent, '{}', prev_hash, hash "
            f"FROM {table} WHERE id = %s",
            [victim.pk],
        )

    assert AuditEvent.objects.get(pk=victim.pk).details == victim.details
    assert audit.verify_chain().ok


def test_postgresql_refuses_truncate(events: list[AuditEvent]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {AuditEvent._meta.db_table}")

    assert AuditEvent.objects.count() == 5


def test_event_rolls_back_with_its_transaction(events: list[AuditEvent]) -> None:
    class RefusedError(Exception):
        pass

    def change_that_fails() -> None:
        with transaction.atomic():
            audit.record("test.rolled_back", actor=None)
            raise RefusedError

    with pytest.raises(RefusedError):
        change_that_fails()

    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    after = audit.record("test.after", actor=None)
    assert after.seq == 6
    assert audit.verify_chain().ok
