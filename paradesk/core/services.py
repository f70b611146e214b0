"""Reads of client data are audit events too: one helper for the UI and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from paradesk.core import audit, readqueue

if TYPE_CHECKING:
    from django.db.models import Model

    from paradesk.firm.models import User
    from paradesk.matters.models import Matter


def record_read(
    action: str,
    *,
    actor: User,
    obj: Model | None = None,
    matter: Matter | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Records who read which client data (ids only in `details`).

    In a request the event is queued durably (`core.readqueue`) and joins the chain
    once the response is out, so readers never wait for the chain's lock; elsewhere
    (commands, jobs) it is appended at once.

    Raises:
        OSError: the event could not be queued (the read must fail too).
    """
    entry = audit.entry_for(
        action, actor=actor, obj=obj, matter=matter, details=details
    )
    if readqueue.queuing():
        readqueue.enqueue(entry)
        return
    with transaction.atomic():
        audit.lock_chain()
        audit.append([entry])
