"""The demo firm's people: who they are, and how the loader signs each one up (the
administrator, the others through the services, a confirmed authenticator each, the
paralegals' profiles and onboarding)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.core import audit
from paradesk.core.exceptions import ParadeskError
from paradesk.firm import services as firm_services
from paradesk.firm.models import InPersonDuty, Lane, Role, User, WorkMode

# Printed by `paradesk demo` and in the README: it guards fictional data only.
DEMO_PASSWORD = "paradesk-demo-only"  # noqa: S105 (a published demo password)


class DemoError(ParadeskError):
    pass


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: str
    title: str
    about: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label


ADMIN = DemoPerson(
    "morgan",
    "Morgan",
    "Ellis",
    Role.ADMIN,
    "Firm administrator",
    "manages people and onboarding; on no matter team",
)


DIANE = DemoPerson(
    "diane",
    "Diane",
    "Okafor",
    Role.ATTORNEY,
    "Managing attorney",
    "responsible attorney on Harper; one task waits in her review queue",
)


MARCUS = DemoPerson(
    "marcus",
    "Marcus",
    "Webb",
    Role.ATTORNEY,
    "Associate attorney",
    "responsible attorney on Delgado; on the Harper team",
)


PRIYA = DemoPerson(
    "priya",
    "Priya",
    "Raman",
    Role.PARALEGAL,
    "Senior paralegal",
    "fully remote, demand lane; has an overdue task",
)


JORDAN = DemoPerson(
    "jordan",
    "Jordan",
    "Castillo",
    Role.PARALEGAL,
    "Litigation paralegal",
    "hybrid: courthouse filings and original signatures in person",
)


LENA = DemoPerson(
    "lena",
    "Lena",
    "Fischer",
    Role.PARALEGAL,
    "Records paralegal",
    "fully remote, medical-records lane; walled from Delgado",
)
PEOPLE = (ADMIN, DIANE, MARCUS, PRIYA, JORDAN, LENA)


def totp_token(device: TOTPDevice, *, at: float | None = None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"


def create_admin() -> User:
    # The first administrator cannot be created by an administrator: the loader
    # creates it and records that in the audit log as a system action.
    admin = User.objects.create_user(
        username=ADMIN.username,
        password=DEMO_PASSWORD,
        first_name=ADMIN.first_name,
        last_name=ADMIN.last_name,
        email=f"{ADMIN.username}@okafor-webb.example",
        role=ADMIN.role,
        title=ADMIN.title,
    )
    audit.record(
        "person.created",
        actor=None,
        obj=admin,
        details={"role": admin.role, "source": "demo"},
    )
    return admin


def enrol_totp(user: User) -> None:
    device = firm_services.start_enrolment(actor=user)
    firm_services.confirm_enrolment(actor=user, device=device, code=totp_token(device))


def add_person(admin: User, person: DemoPerson) -> User:
    return firm_services.create_person(
        actor=admin,
        username=person.username,
        first_name=person.first_name,
        last_name=person.last_name,
        email=f"{person.username}@okafor-webb.example",
        role=person.role,
        title=person.title,
        password=DEMO_PASSWORD,
    ).user


def set_up_paralegals(
    admin: User,
    today: date,
    *,
    diane: User,
    marcus: User,
    priya: User,
    jordan: User,
    lena: User,
) -> None:
    firm_services.update_paralegal_profile(
        actor=admin,
        person=priya,
        work_mode=WorkMode.REMOTE,
        in_person_duties=[],
        supervising_attorney=diane,
        lane=Lane.DEMAND,
        time_zone="America/Chicago",
    )
    firm_services.update_paralegal_profile(
        actor=admin,
        person=jordan,
        work_mode=WorkMode.HYBRID,
        in_person_duties=[
            InPersonDuty.COURTHOUSE_FILINGS,
            InPersonDuty.ORIGINAL_SIGNATURES,
        ],
        supervising_attorney=marcus,
        lane=Lane.LITIGATION,
        time_zone="America/New_York",
    )
    firm_services.update_paralegal_profile(
        actor=admin,
        person=lena,
        work_mode=WorkMode.REMOTE,
        in_person_duties=[],
        supervising_attorney=diane,
        lane=Lane.RECORDS,
        time_zone="America/Denver",
    )
    firm_services.update_onboarding(
        actor=admin,
        person=priya,
        device_provisioned_on=today - timedelta(days=200),
        confidentiality_training_on=today - timedelta(days=199),
        communication_rules_on=today - timedelta(days=199),
        first_week_reviews_on=today - timedelta(days=193),
    )
    firm_services.update_onboarding(
        actor=admin,
        person=jordan,
        device_provisioned_on=today - timedelta(days=40),
        confidentiality_training_on=today - timedelta(days=39),
        communication_rules_on=today - timedelta(days=38),
        first_week_reviews_on=None,
    )
    firm_services.update_onboarding(
        actor=admin,
        person=lena,
        device_provisioned_on=today - timedelta(days=6),
        confidentiality_training_on=today - timedelta(days=5),
        communication_rules_on=None,
        first_week_reviews_on=None,
        notes="Started Monday; first-week reviews with Diane on Friday.",
    )
