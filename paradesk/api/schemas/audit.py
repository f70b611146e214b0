"""The audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field, model_validator

from paradesk.api.schemas.common import Id
from paradesk.core.models import AuditEvent


class AuditFilters(Schema):
    actor: str = Field("", max_length=150, description="Username, exact")
    action: str = Field(
        "", max_length=64, description="Action or its prefix, e.g. task."
    )
    matter: Id | None = None
    since: date | None = None
    until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> AuditFilters:
        if self.since and self.until and self.since > self.until:
            raise ValueError("'since' must not be after 'until'.")
        return self


class AuditEventOut(Schema):
    seq: int
    at: datetime
    actor: str
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    matter_id: int | None
    ip: str | None
    user_agent: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, event: AuditEvent) -> AuditEventOut:
        return cls(
            seq=event.seq,
            at=event.at,
            actor=event.actor_label,
            actor_id=event.actor_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            matter_id=event.matter_id,
            ip=event.ip,
            user_agent=event.user_agent,
            details=event.details,
            prev_hash=event.prev_hash,
            hash=event.hash,
        )


class AuditPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AuditEventOut]
