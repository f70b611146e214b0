"""The audit log, for administrators only (anyone else gets the same 404 as a typo)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from paradesk.api.auth import actor_of
from paradesk.api.pagination import window
from paradesk.api.schemas import (
    ERRORS,
    AuditEventOut,
    AuditFilters,
    AuditPage,
    PageParams,
)
from paradesk.core import readqueue
from paradesk.core.services import record_read
from paradesk.firm.selectors import audit_events_for

router = Router(tags=["audit"])


@router.get("/audit", response={200: AuditPage, **ERRORS})
def list_events(
    request: HttpRequest, filters: Query[AuditFilters], paging: Query[PageParams]
) -> AuditPage:
    """Audit events, newest first, with their place in the hash chain."""
    actor = actor_of(request)
    # Reads queued by processes that died join the chain before anyone looks at it.
    readqueue.drain_abandoned()
    events = audit_events_for(
        actor,
        actor=filters.actor.strip(),
        action=filters.action.strip(),
        matter_id=filters.matter,
        since=filters.since,
        until=filters.until,
    )
    page = window(events, paging)
    record_read(
        "audit.viewed",
        actor=actor,
        details={"filters": filters.model_dump(mode="json", exclude_defaults=True)},
    )
    return AuditPage(
        count=page.count,
        page=page.page,
        page_size=page.page_size,
        items=[AuditEventOut.of(e) for e in page.items],
    )
