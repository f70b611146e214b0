"""`paradesk audit verify` exits 0 on an intact chain and 1 naming the first break."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from paradesk.core import audit
from paradesk.core.models import AuditEvent
from paradesk.testing.tamper import audit_triggers_lifted

pytestmark = pytest.mark.django_db


def _record(count: int) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit.record("test.event", actor=None, details={"n": n})
            for n in range(count)
        ]


def test_intact_chain_exits_zero_and_prints_the_head() -> None:
    events = _record(3)
    out = StringIO()

    call_command("audit", "verify", stdout=out)

    assert out.getvalue().splitlines() == [
        f"audit chain intact: 3 events, head {events[-1].hash}",
        f"anchor: 3:{events[-1].hash} (keep it elsewhere; pass it to --expect-head "
        "later)",
    ]


def test_broken_chain_exits_one_naming_the_event() -> None:
    events = _record(4)
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=events[1].pk).update(object_id="999")
    err = StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", stdout=StringIO(), stderr=err)

    assert exit_info.value.code == 1
    assert err.getvalue().startswith(
        f"audit chain BROKEN at event #2 (id {events[1].pk}): "
    )


def test_anchor_detects_deletion_of_the_newest_events() -> None:
    events = _record(4)
    anchor = f"4:{events[-1].hash}"
    call_command("audit", "verify", "--expect-head", anchor, stdout=StringIO())
    with audit_triggers_lifted():
        AuditEvent.objects.filter(seq__gte=3).delete()
    err = StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", "--expect-head", anchor, stderr=err)

    assert exit_info.value.code == 1
    assert "BROKEN at event #4" in err.getvalue()
    assert "newest events were deleted" in err.getvalue()


def test_anchor_with_another_hash_is_refused() -> None:
    _record(2)
    err = StringIO()

    with pytest.raises(SystemExit):
        call_command("audit", "verify", "--expect-head", f"2:{'0' * 64}", stderr=err)

    assert "hash differs from the anchor" in err.getvalue()
