"""Parties of a matter."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from paradesk.api.schemas.common import Email, Input, max_length_of
from paradesk.matters.models import (
    Contact,
    ContactKind,
    Party,
    PartyRole,
)


class PartyOut(Schema):
    id: int
    matter_id: int
    role: str
    kind: str
    name: str
    email: str
    phone: str
    claim_number: str
    adjuster_name: str
    adjuster_email: str
    adjuster_phone: str
    notes: str
    created_at: datetime

    @classmethod
    def of(cls, party: Party) -> PartyOut:
        contact = party.contact
        return cls(
            id=party.pk,
            matter_id=party.matter_id,
            role=party.role,
            kind=contact.kind,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            claim_number=party.claim_number,
            adjuster_name=party.adjuster_name,
            adjuster_email=party.adjuster_email,
            adjuster_phone=party.adjuster_phone,
            notes=party.notes,
            created_at=party.created_at,
        )


class PartyIn(Input):
    role: PartyRole
    name: str = Field(min_length=1, max_length=max_length_of(Contact, "name"))
    kind: ContactKind = ContactKind.PERSON
    email: Email = Field("", max_length=max_length_of(Contact, "email"))
    phone: str = Field("", max_length=max_length_of(Contact, "phone"))
    claim_number: str = Field("", max_length=max_length_of(Party, "claim_number"))
    adjuster_name: str = Field("", max_length=max_length_of(Party, "adjuster_name"))
    adjuster_email: Email = Field("", max_length=max_length_of(Party, "adjuster_email"))
    adjuster_phone: str = Field("", max_length=max_length_of(Party, "adjuster_phone"))
    notes: str = Field("", max_length=max_length_of(Party, "notes"))
