"""Matters, their teams and walls."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field, field_validator

from paradesk.api.schemas.common import (
    Email,
    Id,
    Input,
    Jurisdiction,
    UserRef,
    max_length_of,
    not_null,
)
from paradesk.matters.models import (
    Contact,
    EthicalWall,
    InjuryType,
    Matter,
    Phase,
)


class ClientOut(Schema):
    id: int
    name: str
    email: str
    phone: str


class MatterOut(Schema):
    id: int
    number: str
    title: str
    client: ClientOut
    incident_on: date | None
    injury_type: str
    jurisdiction: str
    phase: str
    responsible_attorney: UserRef
    description: str
    opened_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, matter: Matter) -> MatterOut:
        client = matter.client
        return cls(
            id=matter.pk,
            number=matter.number,
            title=matter.title,
            client=ClientOut(
                id=client.pk, name=client.name, email=client.email, phone=client.phone
            ),
            incident_on=matter.incident_on,
            injury_type=matter.injury_type,
            jurisdiction=matter.jurisdiction,
            phase=matter.phase,
            responsible_attorney=UserRef.of(matter.responsible_attorney),
            description=matter.description,
            opened_at=matter.opened_at,
            updated_at=matter.updated_at,
        )


class MatterOpenedOut(Schema):
    matter: MatterOut
    warnings: list[str]


class MatterPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[MatterOut]


class MatterFilters(Schema):
    q: str = Field(
        "", max_length=200, description="Matter number, title or client name"
    )
    phase: Phase | None = None


class MatterIn(Input):
    title: str = Field(min_length=1, max_length=max_length_of(Matter, "title"))
    client_name: str = Field(min_length=1, max_length=max_length_of(Contact, "name"))
    jurisdiction: Jurisdiction
    responsible_attorney_id: Id
    incident_on: date | None = None
    injury_type: InjuryType = InjuryType.MOTOR_VEHICLE
    phase: Phase = Phase.INTAKE
    description: str = Field("", max_length=max_length_of(Matter, "description"))
    client_email: Email = Field("", max_length=max_length_of(Contact, "email"))
    client_phone: str = Field("", max_length=max_length_of(Contact, "phone"))
    team_ids: list[Id] = Field(default_factory=list, max_length=100)


class MatterPatch(Input):
    """Only the fields sent change; `null` only clears the incident date."""

    title: str | None = Field(
        None, min_length=1, max_length=max_length_of(Matter, "title")
    )
    incident_on: date | None = None
    injury_type: InjuryType | None = None
    jurisdiction: Jurisdiction | None = None
    phase: Phase | None = None
    description: str | None = Field(
        None, max_length=max_length_of(Matter, "description")
    )

    _not_null = field_validator(
        "title", "injury_type", "jurisdiction", "phase", "description", mode="before"
    )(not_null)


class MemberIn(Input):
    user_id: Id


class WallIn(Input):
    user_id: Id
    reason: str = Field(min_length=1, max_length=max_length_of(EthicalWall, "reason"))


class WallOut(Schema):
    id: int
    matter_id: int
    user: UserRef
    reason: str
    created_at: datetime
    created_by: UserRef

    @classmethod
    def of(cls, wall: EthicalWall) -> WallOut:
        return cls(
            id=wall.pk,
            matter_id=wall.matter_id,
            user=UserRef.of(wall.user),
            reason=wall.reason,
            created_at=wall.created_at,
            created_by=UserRef.of(wall.created_by),
        )
