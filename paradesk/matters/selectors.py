"""Reads of matters and parties, always scoped: team membership minus ethical walls.

Admins are no exception: they manage people, not client data, unless on the team.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from paradesk.core.exceptions import NotVisibleError
from paradesk.matters.models import (
    Contact,
    EthicalWall,
    Matter,
    MatterMember,
    Party,
    PartyRole,
    Phase,
)

if TYPE_CHECKING:
    from paradesk.firm.models import User


def visible_matter_ids(user: User) -> QuerySet[Matter, Any]:
    """The ids of matters `user` may see, as a subquery to compose into others."""
    return matters_visible_to(user).values("id")


def matters_visible_to(user: User) -> QuerySet[Matter]:
    if not user.is_authenticated or not user.is_active:
        return Matter.objects.none()
    member = MatterMember.objects.filter(matter=OuterRef("pk"), user=user)
    walled = EthicalWall.objects.filter(matter=OuterRef("pk"), user=user)
    return (
        Matter.objects.filter(Exists(member))
        .exclude(Exists(walled))
        .select_related("client", "responsible_attorney")
    )


def matter_for(user: User, matter_id: int | str) -> Matter:
    """The matter if `user` may see it; NotVisibleError (a 404) otherwise."""
    try:
        pk = int(matter_id)
    except (TypeError, ValueError):
        raise NotVisibleError("No such matter.") from None
    matter = matters_visible_to(user).filter(pk=pk).first()
    if matter is None:
        raise NotVisibleError("No such matter.")
    return matter


def search_matters(user: User, query: str = "", phase: str = "") -> QuerySet[Matter]:
    matters = matters_visible_to(user)
    if query:
        matters = matters.filter(
            Q(number__icontains=query)
            | Q(title__icontains=query)
            | Q(client__name__icontains=query)
        )
    if phase:
        matters = matters.filter(phase=phase)
    return matters


def team_of(matter: Matter) -> QuerySet[User]:
    """The matter's team minus walled users. Call only with a matter from a selector."""
    from paradesk.firm.models import User

    walled = EthicalWall.objects.filter(matter=matter, user=OuterRef("pk"))
    return (
        User.objects.filter(memberships__matter=matter, is_active=True)
        .exclude(Exists(walled))
        .order_by("role", "last_name", "first_name")
    )


def walls_of(matter: Matter) -> QuerySet[EthicalWall]:
    return EthicalWall.objects.filter(matter=matter).select_related(
        "user", "created_by"
    )


def parties_of(matter: Matter) -> QuerySet[Party]:
    return Party.objects.filter(matter=matter).select_related("contact")


def parties_visible_to(user: User) -> QuerySet[Party]:
    return Party.objects.filter(matter__in=visible_matter_ids(user)).select_related(
        "contact", "matter"
    )


def party_for(
    user: User, party_id: int | str, *, matter: Matter | None = None
) -> Party:
    try:
        pk = int(party_id)
    except (TypeError, ValueError):
        raise NotVisibleError("No such party.") from None
    parties = parties_visible_to(user)
    if matter is not None:
        parties = parties.filter(matter=matter)
    party = parties.filter(pk=pk).first()
    if party is None:
        raise NotVisibleError("No such party.")
    return party


def contact_name_taken(name: str) -> bool:
    """Whether a client of the firm already has this name (a possible duplicate).

    Deliberately reveals only yes or no, never which matter: a duplicate warning
    must not leak a walled matter.
    """
    return Contact.objects.filter(
        name__iexact=name.strip(), parties__role=PartyRole.CLIENT
    ).exists()


def can_see_matter(user: User, matter: Matter) -> bool:
    return matters_visible_to(user).filter(pk=matter.pk).exists()


def open_matters_led_by(person: User) -> str:
    """ "responsible attorney on N open matter(s)", or "" (a `firm.duties` duty)."""
    count = (
        Matter.objects.filter(responsible_attorney=person)
        .exclude(phase=Phase.CLOSED)
        .count()
    )
    return f"responsible attorney on {count} open matter(s)" if count else ""
