"""The people every test talks about: one of each role, an outsider and a walled user.

`firm` builds a small firm around one matter:
- admin (on no team), attorney (responsible), paralegal and billing on the team;
- outsider: an attorney of the firm on no team of this matter;
- walled: a paralegal on the team of another matter and walled from this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.firm.models import Role, User
from paradesk.matters.models import Matter, MatterMember
from paradesk.matters.services import erect_wall, open_matter

PASSWORD = "correct horse battery staple"


def make_user(username: str, role: str, *, first: str = "", last: str = "") -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        first_name=first or username.title(),
        last_name=last or "Tester",
        email=f"{username}@firm.test",
    )
    return user


def enroll_totp(user: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(
        user=user, name="default", confirmed=True
    )
    return device


def verified_client(user: User) -> Client:
    """A test client signed in as `user` with a verified second factor."""
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or enroll_totp(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@dataclass
class Firm:
    admin: User
    attorney: User
    attorney2: User
    paralegal: User
    billing: User
    outsider: User
    walled: User
    matter: Matter
    other_matter: Matter

    def client(self, user: User) -> Client:
        return verified_client(user)


def build_firm() -> Firm:
    admin = make_user("admin", Role.ADMIN, first="Ada", last="Admin")
    attorney = make_user("attorney", Role.ATTORNEY, first="Alice", last="Counsel")
    attorney2 = make_user("attorney2", Role.ATTORNEY, first="Bob", last="Barrister")
    paralegal = make_user("paralegal", Role.PARALEGAL, first="Pat", last="Legal")
    billing = make_user("billing", Role.BILLING, first="Bill", last="Ledger")
    outsider = make_user("outsider", Role.ATTORNEY, first="Otto", last="Outside")
    walled = make_user("walled", Role.PARALEGAL, first="Wally", last="Walled")
    matter = open_matter(
        actor=attorney,
        title="Rivera v. Acme Trucking",
        client_name="Maria Rivera",
        jurisdiction="GA",
        responsible_attorney=attorney,
        incident_on=date(2025, 3, 14),
        team=[attorney2, paralegal, billing, walled],
    ).matter
    other = open_matter(
        actor=attorney2,
        title="Chen v. Lakeside Mall",
        client_name="Wei Chen",
        jurisdiction="FL",
        responsible_attorney=attorney2,
        team=[walled, outsider],
    ).matter
    erect_wall(
        actor=attorney,
        matter=matter,
        user=walled,
        reason="Former employer of adverse party",
    )
    # The wall must win even over a stale team membership (say, restored from an old
    # backup): keep one in place so every denial test exercises the wall itself.
    MatterMember.objects.create(matter=matter, user=walled, added_by=attorney)
    return Firm(
        admin=admin,
        attorney=attorney,
        attorney2=attorney2,
        paralegal=paralegal,
        billing=billing,
        outsider=outsider,
        walled=walled,
        matter=matter,
        other_matter=other,
    )
