"""Reads of client data are audit events too: one helper for the UI and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from paradesk.core import audit

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
    """Records who read which client data (ids only in `details`)."""
    with transaction.atomic():
        audit.record(action, actor=actor, obj=obj, matter=matter, details=details)
