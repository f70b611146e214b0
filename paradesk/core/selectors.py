"""Reads of the audit log: administrators only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from paradesk.core.exceptions import NotVisibleError
from paradesk.core.models import AuditEvent
from paradesk.firm.models import Role, User


def audit_events_for(
    user: User,
    *,
    actor: str = "",
    action: str = "",
    matter_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log, newest first, for administrators; NotVisibleError for anyone else.

    Filters as in the admin audit viewer: actor by exact username, action by prefix,
    days in the firm's time zone, `until` inclusive.
    """
    if not user.is_active or user.role != Role.ADMIN:
        raise NotVisibleError("Administrators only.")
    events = AuditEvent.objects.order_by("-seq")
    if actor:
        events = events.filter(actor_label__iexact=actor)
    if action:
        events = events.filter(action__startswith=action)
    if matter_id is not None:
        events = events.filter(matter_id=matter_id)
    tz = timezone.get_current_timezone()
    if since is not None:
        events = events.filter(at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until is not None and until < date.max:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz)
        events = events.filter(at__lt=end)
    return events
