"""Parties of a matter: adverse parties, insurers, providers, counsel, witnesses."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from paradesk.api.auth import actor_of
from paradesk.api.schemas import ERRORS, Id, PartyIn, PartyOut
from paradesk.core.services import record_read
from paradesk.matters import selectors, services

router = Router(tags=["parties"])


@router.get("/matters/{id:matter_id}/parties", response={200: list[PartyOut], **ERRORS})
def list_parties(request: HttpRequest, matter_id: Id) -> list[PartyOut]:
    actor = actor_of(request)
    matter = selectors.matter_for(actor, matter_id)
    parties = list(selectors.parties_of(matter))
    record_read(
        "party.listed",
        actor=actor,
        obj=matter,
        matter=matter,
        details={"ids": [p.pk for p in parties]},
    )
    return [PartyOut.of(party) for party in parties]


@router.post("/matters/{id:matter_id}/parties", response={201: PartyOut, **ERRORS})
def add_party(
    request: HttpRequest, matter_id: Id, payload: PartyIn
) -> Status[PartyOut]:
    """Adds a party; an insurer needs its claim number, and only an insurer has one."""
    actor = actor_of(request)
    matter = selectors.matter_for(actor, matter_id)
    party = services.add_party(
        actor=actor,
        matter=matter,
        role=payload.role,
        name=payload.name,
        kind=payload.kind,
        email=payload.email,
        phone=payload.phone,
        claim_number=payload.claim_number,
        adjuster_name=payload.adjuster_name,
        adjuster_email=payload.adjuster_email,
        adjuster_phone=payload.adjuster_phone,
        notes=payload.notes,
    )
    return Status(201, PartyOut.of(party))


@router.get("/parties/{id:party_id}", response={200: PartyOut, **ERRORS})
def get_party(request: HttpRequest, party_id: Id) -> PartyOut:
    actor = actor_of(request)
    party = selectors.party_for(actor, party_id)
    record_read("party.viewed", actor=actor, obj=party, matter=party.matter)
    return PartyOut.of(party)


@router.delete("/parties/{id:party_id}", response={204: None, **ERRORS})
def remove_party(request: HttpRequest, party_id: Id) -> Status[None]:
    """Removes a party; the client party stays."""
    actor = actor_of(request)
    party = selectors.party_for(actor, party_id)
    services.remove_party(actor=actor, party=party)
    return Status(204, None)
