"""Loading the demo firm once into an empty database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from paradesk.firm.models import User
from paradesk.ops.demo.codes import write_marker
from paradesk.ops.demo.matters import assign_tasks, open_delgado, open_harper
from paradesk.ops.demo.people import (
    ADMIN,
    DIANE,
    JORDAN,
    LENA,
    MARCUS,
    PEOPLE,
    PRIYA,
    DemoError,
    DemoPerson,
    add_person,
    create_admin,
    enrol_totp,
    set_up_paralegals,
)


@dataclass(frozen=True)
class LoadedDemo:
    created: bool
    people: tuple[DemoPerson, ...]


def load_demo_firm() -> LoadedDemo:
    """Loads the demo firm once; later calls find it and change nothing.

    Raises:
        DemoError: the database already holds people who are not the demo firm's.
    """
    if User.objects.filter(username=ADMIN.username).exists():
        write_marker()
        return LoadedDemo(created=False, people=PEOPLE)
    if User.objects.exists():
        raise DemoError(
            "This database already has users of its own, so the demo firm is not "
            "loaded into it. Run the demo with a fresh PARADESK_HOME (and no "
            "DATABASE_URL)."
        )
    with transaction.atomic():
        _build()
    write_marker()
    return LoadedDemo(created=True, people=PEOPLE)


def _build() -> None:
    today = timezone.localdate()
    admin = create_admin()
    diane, marcus, priya, jordan, lena = (
        add_person(admin, p) for p in (DIANE, MARCUS, PRIYA, JORDAN, LENA)
    )
    for user in (admin, diane, marcus, priya, jordan, lena):
        enrol_totp(user)
    set_up_paralegals(
        admin, today, diane=diane, marcus=marcus, priya=priya, jordan=jordan, lena=lena
    )
    harper = open_harper(
        today, diane=diane, marcus=marcus, priya=priya, jordan=jordan, lena=lena
    )
    delgado = open_delgado(
        today, diane=diane, marcus=marcus, priya=priya, jordan=jordan, lena=lena
    )
    assign_tasks(
        today,
        harper,
        delgado,
        diane=diane,
        marcus=marcus,
        priya=priya,
        jordan=jordan,
        lena=lena,
    )
