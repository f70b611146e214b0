"""Writes to matters, teams, walls and parties: one transaction and audit event each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from paradesk.core import audit
from paradesk.core.exceptions import ParadeskError, PermissionDeniedError
from paradesk.core.services import record_read
from paradesk.firm.models import Role
from paradesk.matters import selectors, walls
from paradesk.matters.models import (
    Contact,
    ContactKind,
    EthicalWall,
    Matter,
    MatterMember,
    Party,
    PartyRole,
    Phase,
)
from paradesk.matters.states import US_STATES

if TYPE_CHECKING:
    from paradesk.firm.models import User

_PG_NUMBER_LOCK = 7_263_002


class MatterError(ParadeskError):
    pass


@dataclass
class Opened:
    matter: Matter
    warnings: list[str] = field(default_factory=list)


def can_manage(user: User, matter: Matter) -> bool:
    """Responsible attorney, or an attorney or admin on the team, manages the matter."""
    if user.pk == matter.responsible_attorney_id:
        return True
    return user.role in {Role.ATTORNEY, Role.ADMIN} and selectors.can_see_matter(
        user, matter
    )


def _require_manager(actor: User, matter: Matter) -> None:
    if not can_manage(actor, matter):
        raise PermissionDeniedError(
            "Only the responsible attorney or an attorney or administrator on the team "
            "may change this matter's team, walls or details."
        )


def _next_number(year: int) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_NUMBER_LOCK])
    prefix = f"{year}-"
    last = (
        Matter.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
    ).first()
    seq = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _check_jurisdiction(code: str) -> None:
    if code not in dict(US_STATES):
        raise MatterError(
            f"Unknown jurisdiction {code!r}: use a two-letter US state code."
        )


def _check_attorney(user: User, what: str) -> None:
    if user.role != Role.ATTORNEY or not user.is_active:
        raise MatterError(f"The {what} must be an active attorney.")


def open_matter(
    *,
    actor: User,
    title: str,
    client_name: str,
    jurisdiction: str,
    responsible_attorney: User,
    incident_on: date | None = None,
    injury_type: str = "motor_vehicle",
    phase: str = Phase.INTAKE,
    description: str = "",
    client_email: str = "",
    client_phone: str = "",
    team: list[User] | None = None,
) -> Opened:
    """Opens a matter with client and team; a duplicate client name warns, never blocks.

    Raises:
        PermissionDeniedError: the actor is neither attorney nor admin.
        MatterError: bad jurisdiction, responsible attorney or team member.
    """
    if actor.role not in {Role.ATTORNEY, Role.ADMIN}:
        raise PermissionDeniedError("Only attorneys and administrators open matters.")
    if not title.strip() or not client_name.strip():
        raise MatterError("A matter needs a title and a client name.")
    _check_jurisdiction(jurisdiction)
    _check_attorney(responsible_attorney, "responsible attorney")
    if incident_on and incident_on > timezone.localdate():
        raise MatterError("The incident date cannot be in the future.")
    warnings = []
    if selectors.contact_name_taken(client_name):
        warnings.append(
            f"A contact named “{client_name.strip()}” already exists. "
            "Check that this is "
            "not a duplicate client or a conflict before going further."
        )
    with transaction.atomic():
        client = Contact.objects.create(
            kind=ContactKind.PERSON,
            name=client_name.strip(),
            email=client_email,
            phone=client_phone,
        )
        matter = Matter.objects.create(
            number=_next_number(timezone.localdate().year),
            title=title.strip(),
            client=client,
            incident_on=incident_on,
            injury_type=injury_type,
            jurisdiction=jurisdiction,
            phase=phase,
            responsible_attorney=responsible_attorney,
            description=description,
            opened_by=actor,
        )
        Party.objects.create(matter=matter, contact=client, role=PartyRole.CLIENT)
        members = {actor.pk: actor, responsible_attorney.pk: responsible_attorney}
        for user in team or []:
            members[user.pk] = user
        for user in members.values():
            if not user.is_active:
                raise MatterError(f"{user.display_name} is not an active user.")
            MatterMember.objects.create(matter=matter, user=user, added_by=actor)
        audit.record(
            "matter.opened",
            actor=actor,
            obj=matter,
            matter=matter,
            details={"number": matter.number, "team": sorted(members)},
        )
    return Opened(matter=matter, warnings=warnings)


UPDATABLE_MATTER_FIELDS = (
    "title",
    "incident_on",
    "injury_type",
    "jurisdiction",
    "phase",
    "description",
)


def update_matter(*, actor: User, matter: Matter, **changes: object) -> Matter:
    """Changes a matter's details; the audit event names the fields changed.

    Raises:
        PermissionDeniedError: the actor does not manage the matter.
        MatterError: an unknown field or bad value.
    """
    _require_manager(actor, matter)
    unknown = set(changes) - set(UPDATABLE_MATTER_FIELDS)
    if unknown:
        raise MatterError(
            f"These fields cannot be changed here: {', '.join(sorted(unknown))}."
        )
    if "jurisdiction" in changes:
        _check_jurisdiction(str(changes["jurisdiction"]))
    incident_on = changes.get("incident_on")
    if isinstance(incident_on, date) and incident_on > timezone.localdate():
        raise MatterError("The incident date cannot be in the future.")
    if "title" in changes and not str(changes["title"]).strip():
        raise MatterError("A matter needs a title.")
    if "phase" in changes and changes["phase"] not in Phase.values:
        raise MatterError(f"Unknown phase {changes['phase']!r}.")
    with transaction.atomic():
        locked = Matter.objects.select_for_update().get(pk=matter.pk)
        changed = [
            name for name, value in changes.items() if getattr(locked, name) != value
        ]
        for name in changed:
            setattr(locked, name, changes[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            audit.record(
                "matter.updated",
                actor=actor,
                obj=locked,
                matter=locked,
                details={"fields": changed},
            )
    return locked


def add_team_member(*, actor: User, matter: Matter, user: User) -> MatterMember:
    """Adds a user to the team; a walled user can never be added.

    Raises:
        PermissionDeniedError, MatterError.
    """
    _require_manager(actor, matter)
    if not user.is_active:
        raise MatterError(f"{user.display_name} is not an active user.")
    with transaction.atomic():
        if EthicalWall.objects.filter(matter=matter, user=user).exists():
            raise MatterError(
                f"{user.display_name} is behind an ethical wall on this matter "
                "and cannot "
                "join its team."
            )
        member, created = MatterMember.objects.get_or_create(
            matter=matter, user=user, defaults={"added_by": actor}
        )
        if not created:
            raise MatterError(f"{user.display_name} is already on the team.")
        audit.record(
            "matter.member_added",
            actor=actor,
            obj=member,
            matter=matter,
            details={"user_id": user.pk},
        )
    return member


def remove_team_member(*, actor: User, matter: Matter, user: User) -> None:
    """Removes a user from the team; the responsible attorney stays.

    Raises:
        PermissionDeniedError, MatterError.
    """
    _require_manager(actor, matter)
    if user.pk == matter.responsible_attorney_id:
        raise MatterError("The responsible attorney cannot be removed from the team.")
    with transaction.atomic():
        deleted, _ = MatterMember.objects.filter(matter=matter, user=user).delete()
        if not deleted:
            raise MatterError(f"{user.display_name} is not on the team.")
        audit.record(
            "matter.member_removed",
            actor=actor,
            obj=matter,
            matter=matter,
            details={"user_id": user.pk},
        )


def erect_wall(*, actor: User, matter: Matter, user: User, reason: str) -> EthicalWall:
    """Screens `user` from the matter entirely, takes them off its team, and takes
    their open work on it away from them (the consequences in `matters.walls`).

    Raises:
        PermissionDeniedError: the actor does not manage the matter.
        MatterError: walling the responsible attorney or oneself, or a missing reason.
    """
    _require_manager(actor, matter)
    if user.pk == matter.responsible_attorney_id:
        raise MatterError(
            "The responsible attorney cannot be walled from their own matter."
        )
    if user.pk == actor.pk:
        raise MatterError(
            "You cannot wall yourself; ask another manager of the matter."
        )
    if not reason.strip():
        raise MatterError(
            "Give the reason for the wall (it is kept in the audit trail)."
        )
    with transaction.atomic():
        wall, created = EthicalWall.objects.get_or_create(
            matter=matter,
            user=user,
            defaults={"reason": reason.strip(), "created_by": actor},
        )
        if not created:
            raise MatterError(
                f"{user.display_name} is already walled from this matter."
            )
        MatterMember.objects.filter(matter=matter, user=user).delete()
        audit.record(
            "matter.wall_erected",
            actor=actor,
            obj=wall,
            matter=matter,
            details={"user_id": user.pk},
        )
        walls.apply_consequences(wall, actor=actor)
    return wall


def add_party(
    *,
    actor: User,
    matter: Matter,
    role: str,
    name: str,
    kind: str = ContactKind.PERSON,
    email: str = "",
    phone: str = "",
    claim_number: str = "",
    adjuster_name: str = "",
    adjuster_email: str = "",
    adjuster_phone: str = "",
    notes: str = "",
) -> Party:
    """Adds a party to a matter the actor can see; an insurer needs its claim number.

    Raises:
        MatterError: unknown role, missing name, insurer without claim number.
    """
    if not selectors.can_see_matter(actor, matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    if role not in PartyRole.values:
        raise MatterError(f"Unknown party role {role!r}.")
    if role == PartyRole.CLIENT:
        raise MatterError("The client is set when the matter is opened.")
    if not name.strip():
        raise MatterError("A party needs a name.")
    if role == PartyRole.INSURER and not claim_number.strip():
        raise MatterError("An insurer needs its claim number.")
    insurer_only = {
        "claim_number": claim_number,
        "adjuster_name": adjuster_name,
        "adjuster_email": adjuster_email,
        "adjuster_phone": adjuster_phone,
    }
    if role != PartyRole.INSURER and any(v.strip() for v in insurer_only.values()):
        raise MatterError("Claim number and adjuster belong to an insurer party only.")
    with transaction.atomic():
        contact = Contact.objects.create(
            kind=kind, name=name.strip(), email=email, phone=phone
        )
        party = Party.objects.create(
            matter=matter,
            contact=contact,
            role=role,
            notes=notes,
            **{k: v.strip() for k, v in insurer_only.items()},
        )
        audit.record(
            "party.added",
            actor=actor,
            obj=party,
            matter=matter,
            details={"role": role},
        )
    return party


def remove_party(*, actor: User, party: Party) -> None:
    """Removes a party (never the client).

    Raises:
        MatterError: the party is the client.
    """
    if not selectors.can_see_matter(actor, party.matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    if party.role == PartyRole.CLIENT:
        raise MatterError("The client party cannot be removed.")
    with transaction.atomic():
        audit.record(
            "party.removed",
            actor=actor,
            obj=party,
            matter=party.matter,
            details={"role": party.role},
        )
        party.delete()


def record_matter_view(*, actor: User, matter: Matter) -> None:
    """Views of client data are audit events too."""
    record_read("matter.viewed", actor=actor, obj=matter, matter=matter)
