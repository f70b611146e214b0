"""Matters, their teams and ethical walls."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from paradesk.api.auth import actor_of
from paradesk.api.pagination import window
from paradesk.api.references import user_named
from paradesk.api.schemas import (
    ERRORS,
    Id,
    MatterFilters,
    MatterIn,
    MatterOpenedOut,
    MatterOut,
    MatterPage,
    MatterPatch,
    MemberIn,
    PageParams,
    UserRef,
    WallIn,
    WallOut,
)
from paradesk.core.services import record_read
from paradesk.matters import selectors, services

router = Router(tags=["matters"])


@router.get("/matters", response={200: MatterPage, **ERRORS})
def list_matters(
    request: HttpRequest, filters: Query[MatterFilters], paging: Query[PageParams]
) -> MatterPage:
    """The matters you may see (your teams, minus ethical walls), newest first."""
    actor = actor_of(request)
    query = filters.q.strip()
    matters = selectors.search_matters(actor, query, filters.phase or "").order_by(
        "-opened_at", "-id"
    )
    page = window(matters, paging)
    record_read(
        "matter.listed",
        actor=actor,
        details={
            "ids": page.ids,
            "count": page.count,
            "page": page.page,
            "phase": filters.phase or "",
            # Whether a search was made, not its words: they may be a client's name.
            "searched": bool(query),
        },
    )
    return MatterPage(
        count=page.count,
        page=page.page,
        page_size=page.page_size,
        items=[MatterOut.of(m) for m in page.items],
    )


@router.post("/matters", response={201: MatterOpenedOut, **ERRORS})
def open_matter(request: HttpRequest, payload: MatterIn) -> Status[MatterOpenedOut]:
    """Opens a matter. A client name already on file is a warning, not a refusal."""
    actor = actor_of(request)
    attorney = user_named(
        payload.responsible_attorney_id,
        loc=("body", "payload", "responsible_attorney_id"),
    )
    team = [
        user_named(user_id, loc=("body", "payload", "team_ids", i))
        for i, user_id in enumerate(payload.team_ids)
    ]
    opened = services.open_matter(
        actor=actor,
        title=payload.title,
        client_name=payload.client_name,
        jurisdiction=payload.jurisdiction,
        responsible_attorney=attorney,
        incident_on=payload.incident_on,
        injury_type=payload.injury_type,
        phase=payload.phase,
        description=payload.description,
        client_email=payload.client_email,
        client_phone=payload.client_phone,
        team=team,
    )
    matter = selectors.matter_for(actor, opened.matter.pk)
    return Status(
        201, MatterOpenedOut(matter=MatterOut.of(matter), warnings=opened.warnings)
    )


@router.get("/matters/{id:matter_id}", response={200: MatterOut, **ERRORS})
def get_matter(request: HttpRequest, matter_id: Id) -> MatterOut:
    actor = actor_of(request)
    matter = selectors.matter_for(actor, matter_id)
    services.record_matter_view(actor=actor, matter=matter)
    return MatterOut.of(matter)


@router.patch("/matters/{id:matter_id}", response={200: MatterOut, **ERRORS})
def update_matter(
    request: HttpRequest, matter_id: Id, payload: MatterPatch
) -> MatterOut:
    """Changes only the fields sent."""
    actor = actor_of(request)
    matter = selectors.matter_for(actor, matter_id)
    services.update_matter(
        actor=actor, matter=matter, **payload.model_dump(exclude_unset=True)
    )
    return MatterOut.of(selectors.matter_for(actor, matter_id))


@router.get("/matters/{id:matter_id}/team", response={200: list[UserRef], **ERRORS})
def get_team(request: HttpRequest, matter_id: Id) -> list[UserRef]:
    actor = actor_of(request)
    matter = selectors.matter_for(actor, matter_id)
    team = list(selectors.team_of(matter))
    record_read(
        "team.viewed",
        actor=actor,
        obj=matter,
        matter=matter,
        details={"ids": [u.pk for u in team]},
    )
    return [UserRef.of(user) for user in team]


@router.post("/matters/{id:matter_id}/team", response={201: UserRef, **ERRORS})
def add_team_member(
    request: HttpRequest, matter_id: Id, payload: MemberIn
) -> Status[UserRef]:
    actor = actor_of(request)
    matter = selectors.matter_for(actor, matter_id)
    user = user_named(payload.user_id, loc=("body", "payload", "user_id"))
    services.add_team_member(actor=actor, matter=matter, user=user)
    return Status(201, UserRef.of(user))


@router.delete(
    "/matters/{id:matter_id}/team/{id:user_id}", response={204: None, **ERRORS}
)
def remove_team_member(
    request: HttpRequest, matter_id: Id, user_id: Id
) -> Status[None]:
    actor = actor_of(request)
    matter = selectors.matter_for(actor, matter_id)
    user = user_named(user_id, loc=("path", "user_id"))
    services.remove_team_member(actor=actor, matter=matter, user=user)
    return Status(204, None)


@router.post("/matters/{id:matter_id}/walls", response={201: WallOut, **ERRORS})
def erect_wall(request: HttpRequest, matter_id: Id, payload: WallIn) -> Status[WallOut]:
    """Screens a user from the matter entirely (and takes them off its team)."""
    actor = actor_of(request)
    matter = selectors.matter_for(actor, matter_id)
    user = user_named(payload.user_id, loc=("body", "payload", "user_id"))
    wall = services.erect_wall(
        actor=actor, matter=matter, user=user, reason=payload.reason
    )
    return Status(201, WallOut.of(wall))
