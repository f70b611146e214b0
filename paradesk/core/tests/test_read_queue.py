"""Read events queue in a journal and join the chain once, in order, even if killed."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from django.conf import settings

from paradesk.core import audit, readqueue
from paradesk.core.models import AuditEvent, AuditQueueMark
from paradesk.testing.personas import Firm


def _line(action: str, firm: Firm) -> bytes:
    return readqueue.journal_line(
        audit.entry_for(action, actor=firm.paralegal, matter=firm.matter)
    )


def _dead_journal(name: str, *lines: bytes) -> Path:
    folder = Path(settings.PARADESK_AUDIT_QUEUE_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"".join(lines))
    return path


def test_a_read_in_a_request_joins_the_chain_once_the_response_is_out(
    firm: Firm,
) -> None:
    response = firm.client(firm.paralegal).get(f"/matters/{firm.matter.pk}/")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="matter.viewed")
    assert event.matter_id == firm.matter.pk
    journal = next(Path(settings.PARADESK_AUDIT_QUEUE_DIR).glob("*.jsonl"))
    mark = AuditQueueMark.objects.get(journal=journal.name)
    assert mark.offset == journal.stat().st_size
    assert audit.verify_chain().ok


def test_a_journal_left_by_a_dead_process_joins_the_chain_once_in_order(
    firm: Firm,
) -> None:
    lines = [_line(f"test.read_{n}", firm) for n in range(3)]
    path = _dead_journal("host-1-dead.jsonl", *lines)

    assert readqueue.drain_abandoned() == 3
    assert readqueue.drain_abandoned() == 0

    actions = list(
        AuditEvent.objects.filter(action__startswith="test.read_").values_list(
            "action", flat=True
        )
    )
    assert actions == ["test.read_0", "test.read_1", "test.read_2"]
    assert not path.exists()
    assert not AuditQueueMark.objects.filter(journal=path.name).exists()
    assert audit.verify_chain().ok


def test_a_drain_cut_short_resumes_after_what_it_appended(firm: Firm) -> None:
    first, second = _line("test.read_first", firm), _line("test.read_second", firm)
    path = _dead_journal("host-2-dead.jsonl", first, second)
    # As if an earlier drain committed the first line and then the process died.
    AuditQueueMark.objects.create(journal=path.name, offset=len(first))

    assert readqueue.drain_abandoned() == 1
    assert list(
        AuditEvent.objects.filter(action__startswith="test.read_").values_list(
            "action", flat=True
        )
    ) == ["test.read_second"]


def test_a_half_written_last_line_is_never_appended(firm: Firm) -> None:
    whole = _line("test.read_whole", firm)
    _dead_journal("host-3-dead.jsonl", whole, _line("test.read_cut", firm)[:20])

    assert readqueue.drain_abandoned() == 1
    assert not AuditEvent.objects.filter(action="test.read_cut").exists()


def test_the_journal_of_a_live_process_is_left_to_it(firm: Firm) -> None:
    path = _dead_journal("host-4-live.jsonl", _line("test.read_live", firm))
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as its writer holds it

        assert readqueue.drain_abandoned() == 0
        assert path.exists()
    finally:
        os.close(fd)
    assert readqueue.drain_abandoned() == 1


def test_a_read_outside_a_request_joins_the_chain_at_once(firm: Firm) -> None:
    from paradesk.core.services import record_read

    record_read("test.read_direct", actor=firm.paralegal, matter=firm.matter)

    assert AuditEvent.objects.filter(action="test.read_direct").exists()
    assert not list(Path(settings.PARADESK_AUDIT_QUEUE_DIR).glob("*.jsonl"))


def test_a_long_journal_wholly_chained_is_replaced_by_a_new_one(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readqueue, "ROTATE_BYTES", 1)
    client = firm.client(firm.paralegal)
    folder = Path(settings.PARADESK_AUDIT_QUEUE_DIR)

    assert client.get(f"/matters/{firm.matter.pk}/").status_code == 200
    first = {path.name for path in folder.glob("*.jsonl")}
    assert client.get(f"/matters/{firm.matter.pk}/").status_code == 200
    second = {path.name for path in folder.glob("*.jsonl")}

    assert len(first) == len(second) == 1
    assert first != second
    assert AuditEvent.objects.filter(action="matter.viewed").count() == 2
    assert not AuditQueueMark.objects.filter(journal__in=first).exists()
    assert audit.verify_chain().ok
