"""The demo firm: fictional people, two personal-injury matters and their work.

Built only through the services, so the demo's audit log reads like a real firm's and
the chain verifies. The loader writes PARADESK_HOME/demo-firm.json naming the demo
users; `paradesk demo-code` gives TOTP codes only for users named there, and the CLI
runs every command of a home holding that file in demo mode.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.core import audit
from paradesk.core.exceptions import ParadeskError
from paradesk.core.home import DEMO_MARKER_NAME
from paradesk.documents.services import add_document
from paradesk.engines.common.packages import fixed_zip
from paradesk.firm import services as firm_services
from paradesk.firm.models import InPersonDuty, Lane, Role, User, WorkMode
from paradesk.matters.models import ContactKind, InjuryType, Matter, PartyRole, Phase
from paradesk.matters.services import add_party, erect_wall, open_matter
from paradesk.work.models import Priority, Task
from paradesk.work.services import (
    add_comment,
    approve_task,
    assign_task,
    start_task,
    submit_task,
)

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


@dataclass(frozen=True)
class LoadedDemo:
    created: bool
    people: tuple[DemoPerson, ...]


@dataclass(frozen=True)
class DemoCode:
    code: str
    # Seconds until the authenticator would show the next code.
    seconds_left: int


def marker_path() -> Path:
    return Path(settings.PARADESK_HOME) / DEMO_MARKER_NAME


def demo_usernames() -> set[str]:
    """The users the demo loader created in this home; empty when it never ran here."""
    try:
        data = json.loads(marker_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    names = data.get("usernames") if isinstance(data, dict) else None
    return {str(name) for name in names} if isinstance(names, list) else set()


def _write_marker() -> None:
    path = marker_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "usernames": [person.username for person in PEOPLE],
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def load_demo_firm() -> LoadedDemo:
    """Loads the demo firm once; later calls find it and change nothing.

    Raises:
        DemoError: the database already holds people who are not the demo firm's.
    """
    if User.objects.filter(username=ADMIN.username).exists():
        _write_marker()
        return LoadedDemo(created=False, people=PEOPLE)
    if User.objects.exists():
        raise DemoError(
            "This database already has users of its own, so the demo firm is not "
            "loaded into it. Run the demo with a fresh PARADESK_HOME (and no "
            "DATABASE_URL)."
        )
    with transaction.atomic():
        _build()
    _write_marker()
    return LoadedDemo(created=True, people=PEOPLE)


def _token(device: TOTPDevice, *, at: float | None = None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"


def current_code(username: str) -> DemoCode:
    """The code a demo user's authenticator app would show now, not yet used.

    A code signs in once: if the current one was used, this gives the next one, which
    the server already accepts (its tolerance is one step either side).

    Raises:
        DemoError: not a demo user of this home, or no confirmed authenticator.
    """
    if username not in demo_usernames():
        raise DemoError(
            f"“{username}” is not a user of the demo firm, so no code is given. "
            "Demo users: " + ", ".join(p.username for p in PEOPLE) + "."
        )
    device = (
        TOTPDevice.objects.filter(user__username=username, confirmed=True)
        .order_by("pk")
        .first()
    )
    if device is None:
        raise DemoError(f"“{username}” has no authenticator set up.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = now = time.time()
    step = int(device.step)
    steps_ahead = max(0, int(device.last_t) + 1 - int(totp.t()))
    seconds_left = step - int(now - device.t0) % step + steps_ahead * step
    return DemoCode(
        code=_token(device, at=now + steps_ahead * step), seconds_left=seconds_left
    )


def _create_admin() -> User:
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


def _enrol_totp(user: User) -> None:
    device = firm_services.start_enrolment(actor=user)
    firm_services.confirm_enrolment(actor=user, device=device, code=_token(device))


def _person(admin: User, person: DemoPerson) -> User:
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


def _build() -> None:
    today = timezone.localdate()
    admin = _create_admin()
    diane, marcus, priya, jordan, lena = (
        _person(admin, p) for p in (DIANE, MARCUS, PRIYA, JORDAN, LENA)
    )
    for user in (admin, diane, marcus, priya, jordan, lena):
        _enrol_totp(user)
    _paralegals(
        admin, today, diane=diane, marcus=marcus, priya=priya, jordan=jordan, lena=lena
    )
    harper = _harper(
        today, diane=diane, marcus=marcus, priya=priya, jordan=jordan, lena=lena
    )
    delgado = _delgado(
        today, diane=diane, marcus=marcus, priya=priya, jordan=jordan, lena=lena
    )
    _tasks(
        today,
        harper,
        delgado,
        diane=diane,
        marcus=marcus,
        priya=priya,
        jordan=jordan,
        lena=lena,
    )


def _paralegals(
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


def _harper(
    today: date, *, diane: User, marcus: User, priya: User, jordan: User, lena: User
) -> Matter:
    matter = open_matter(
        actor=diane,
        title="Harper v. Southline Freight Lines",
        client_name="Tamika Harper",
        client_email="tamika.harper@mail.example",
        client_phone="(404) 555-0117",
        jurisdiction="GA",
        responsible_attorney=diane,
        incident_on=today - timedelta(days=96),
        injury_type=InjuryType.MOTOR_VEHICLE,
        phase=Phase.TREATING,
        description=(
            "Rear-end collision on I-285 near the Riverdale Road exit: a Southline "
            "tractor-trailer struck the client's stopped sedan. Neck and lower-back "
            "injuries; client treating with orthopedics and physical therapy."
        ),
        team=[marcus, priya, jordan, lena],
    ).matter
    add_party(
        actor=diane,
        matter=matter,
        role=PartyRole.ADVERSE_PARTY,
        kind=ContactKind.ORGANIZATION,
        name="Southline Freight Lines, LLC",
        notes="Motor carrier; owner of the tractor-trailer.",
    )
    add_party(
        actor=diane,
        matter=matter,
        role=PartyRole.ADVERSE_PARTY,
        name="Curtis Boone",
        notes="Driver of the tractor-trailer.",
    )
    add_party(
        actor=diane,
        matter=matter,
        role=PartyRole.INSURER,
        kind=ContactKind.ORGANIZATION,
        name="Peachtree Mutual Insurance Company",
        claim_number="PMI-AU-2026-0318842",
        adjuster_name="Rhonda Tillman",
        adjuster_email="rtillman@peachtreemutual.example",
        adjuster_phone="(404) 555-0142",
    )
    add_party(
        actor=diane,
        matter=matter,
        role=PartyRole.MEDICAL_PROVIDER,
        kind=ContactKind.ORGANIZATION,
        name="Chattahoochee Valley Orthopedics",
        phone="(770) 555-0188",
        notes="Treating orthopedist; records custodian: Dana Wills.",
    )
    add_party(
        actor=diane,
        matter=matter,
        role=PartyRole.MEDICAL_PROVIDER,
        kind=ContactKind.ORGANIZATION,
        name="Magnolia Spine & Rehabilitation",
        phone="(678) 555-0163",
        notes="Physical therapy, twice weekly.",
    )
    add_party(
        actor=diane,
        matter=matter,
        role=PartyRole.WITNESS,
        name="Gerald Moss",
        phone="(404) 555-0191",
        notes="Driver behind the client; gave a statement at the scene.",
    )
    return matter


def _delgado(
    today: date, *, diane: User, marcus: User, priya: User, jordan: User, lena: User
) -> Matter:
    matter = open_matter(
        actor=marcus,
        title="Delgado v. Brightwater Apartments",
        client_name="Luis Delgado",
        client_email="luis.delgado@mail.example",
        client_phone="(770) 555-0124",
        jurisdiction="GA",
        responsible_attorney=marcus,
        incident_on=today - timedelta(days=41),
        injury_type=InjuryType.PREMISES,
        phase=Phase.INTAKE,
        description=(
            "Fall on an unlit exterior stairwell at the client's apartment complex."
        ),
        team=[diane, priya, jordan],
    ).matter
    erect_wall(
        actor=marcus,
        matter=matter,
        user=lena,
        reason="Worked for Brightwater Property Management before joining the firm.",
    )
    add_party(
        actor=marcus,
        matter=matter,
        role=PartyRole.ADVERSE_PARTY,
        kind=ContactKind.ORGANIZATION,
        name="Brightwater Property Management, Inc.",
    )
    add_party(
        actor=marcus,
        matter=matter,
        role=PartyRole.INSURER,
        kind=ContactKind.ORGANIZATION,
        name="Sentinel Casualty Group",
        claim_number="SCG-PL-2026-44107",
        adjuster_name="Owen Pratt",
        adjuster_email="opratt@sentinelcasualty.example",
        adjuster_phone="(800) 555-0175",
    )
    return matter


def _tasks(
    today: date,
    harper: Matter,
    delgado: Matter,
    *,
    diane: User,
    marcus: User,
    priya: User,
    jordan: User,
    lena: User,
) -> None:
    records = assign_task(
        actor=diane,
        matter=harper,
        owner=lena,
        reviewer=diane,
        title="Request records and bills from Chattahoochee Valley Orthopedics",
        due_on=today + timedelta(days=6),
        lane=Lane.RECORDS,
        priority=Priority.NORMAL,
        description="Every date of service since the first visit, and the ledger.",
    )
    start_task(actor=lena, task=records)
    assign_task(
        actor=diane,
        matter=harper,
        owner=priya,
        reviewer=diane,
        title="Send letter of representation to Peachtree Mutual",
        due_on=today - timedelta(days=3),
        lane=Lane.INTAKE,
        priority=Priority.HIGH,
        description="Ask the adjuster to confirm the policy limits and claim number.",
    )
    signatures = assign_task(
        actor=marcus,
        matter=harper,
        owner=jordan,
        reviewer=marcus,
        title="Collect original signed HIPAA authorizations from the client",
        due_on=today + timedelta(days=2),
        lane=Lane.GENERAL,
        priority=Priority.NORMAL,
    )
    start_task(actor=jordan, task=signatures)
    add_comment(
        actor=jordan,
        task=signatures,
        body="Meeting Ms. Harper at the office on Thursday to sign the originals.",
    )
    assign_task(
        actor=marcus,
        matter=delgado,
        owner=priya,
        reviewer=marcus,
        title="Draft preservation letter for the stairwell camera footage",
        due_on=today + timedelta(days=4),
        lane=Lane.LITIGATION,
        priority=Priority.URGENT,
    )
    _reviewed_work(
        today, harper, delgado, diane=diane, marcus=marcus, priya=priya, jordan=jordan
    )
    _sample_records(harper, incident_on=harper.incident_on or today, lena=lena)
    _chronology(today, harper, diane=diane, lena=lena)
    _demand(today, harper, diane=diane, priya=priya)


INTAKE_SUMMARY = """\
Intake summary: Harper v. Southline Freight Lines (fictional demo data)

Client: Tamika Harper. Stopped in traffic on I-285 eastbound near the Riverdale Road
exit when a Southline Freight Lines tractor-trailer struck her sedan from behind.
Police report: driver Curtis Boone cited for following too closely.
Injuries reported: neck pain, lower-back pain radiating to the left leg.
Treatment so far: emergency department the same evening; orthopedic follow-up at
Chattahoochee Valley Orthopedics; physical therapy twice weekly at Magnolia Spine &
Rehabilitation.
Insurance: Peachtree Mutual, claim PMI-AU-2026-0318842, adjuster Rhonda Tillman.
Open items: property-damage photos, wage-loss letter from employer.
"""

INCIDENT_TIMELINE = """\
Incident timeline: Delgado v. Brightwater Apartments (fictional demo data)

- About 9:40 p.m.: client leaves his unit by the east exterior stairwell.
- Stairwell light fixture reported out to the leasing office twice the week before.
- Client misses the third step from the bottom in the dark and falls.
- Neighbor finds him and calls 911; ambulance transport to the emergency department.
- Next morning: client's daughter photographs the stairwell and the dead fixture.
"""


def _submitted(
    *,
    owner: User,
    reviewer: User,
    matter: Matter,
    title: str,
    due_on: date,
    lane: str,
    file_name: str,
    text: str,
) -> Task:
    task = assign_task(
        actor=reviewer,
        matter=matter,
        owner=owner,
        reviewer=reviewer,
        title=title,
        due_on=due_on,
        lane=lane,
        priority=Priority.NORMAL,
    )
    start_task(actor=owner, task=task)
    document = add_document(
        actor=owner, matter=matter, file=text.encode(), name=file_name
    ).document
    return submit_task(
        actor=owner, task=task, product_kind="document", product_id=str(document.pk)
    )


def _reviewed_work(
    today: date,
    harper: Matter,
    delgado: Matter,
    *,
    diane: User,
    marcus: User,
    priya: User,
    jordan: User,
) -> None:
    # One task waits in Diane's review queue; one Marcus has already approved.
    _submitted(
        owner=priya,
        reviewer=diane,
        matter=harper,
        title="Write the client intake summary",
        due_on=today + timedelta(days=1),
        lane=Lane.INTAKE,
        file_name="Harper intake summary.txt",
        text=INTAKE_SUMMARY,
    )
    timeline = _submitted(
        owner=jordan,
        reviewer=marcus,
        matter=delgado,
        title="Prepare the incident timeline",
        due_on=today + timedelta(days=3),
        lane=Lane.LITIGATION,
        file_name="Delgado incident timeline.txt",
        text=INCIDENT_TIMELINE,
    )
    approve_task(actor=marcus, task=timeline, note="Clear and complete. Thank you.")


def _chronology(today: date, matter: Matter, *, diane: User, lena: User) -> None:
    """The Harper chronology: assigned to Lena for review by Diane, and built by the
    worker from the sample records (rebuilt as each of them is read)."""
    from paradesk.chronology.services import request_build

    assign_task(
        actor=diane,
        matter=matter,
        owner=lena,
        reviewer=diane,
        title="Medical chronology and specials for the demand",
        due_on=today + timedelta(days=5),
        lane=Lane.RECORDS,
        priority=Priority.HIGH,
        description="Check every visit against its page, then submit for review.",
    )
    request_build(actor=lena, matter=matter)


def _demand(today: date, matter: Matter, *, diane: User, priya: User) -> None:
    """The letter templates, and Priya's demand task: she drafts it from the built-in
    template once Diane has approved Lena's chronology."""
    from paradesk.drafting.services import install_builtin_templates

    install_builtin_templates()
    assign_task(
        actor=diane,
        matter=matter,
        owner=priya,
        reviewer=diane,
        title="Draft the demand letter to Peachtree Mutual",
        due_on=today + timedelta(days=12),
        lane=Lane.DEMAND,
        priority=Priority.NORMAL,
        description=(
            "Once the chronology is approved: Letters and drafts, Demand letter. "
            "Diane enters the demand amount and general damages."
        ),
    )


def _sample_records(matter: Matter, *, incident_on: date, lena: User) -> None:
    """A small production of synthetic records, read by the worker after loading.

    Made up from nothing (no real health data): a faxed emergency record that only OCR
    can read, a typed orthopedic consult, a therapy note in Word and a billing
    ledger, zipped the way a records custodian sends them; and an e-mail from the
    therapy clinic with its note attached.
    """
    from paradesk.documents.services import add_upload
    from paradesk.engines.pages import samples

    def day(offset: int) -> str:
        return (incident_on + timedelta(days=offset)).strftime("%m/%d/%Y")

    er_fax = samples.scanned_pdf(
        [
            [
                "SOUTHERN CRESCENT MEDICAL CENTER - EMERGENCY DEPARTMENT",
                f"Patient: Harper, Tamika   DOS: {day(0)}",
                "Chief complaint: neck pain after rear-end collision",
                "Pain 7/10. Denies loss of consciousness.",
            ],
            [
                "Assessment: cervical strain (S13.4XXA)",
                "CT cervical spine: no acute fracture",
                "Discharged with cyclobenzaprine 10 mg",
                "Follow up with orthopedics in one week",
            ],
        ]
    )
    consult = samples.text_pdf(
        [
            [
                "Chattahoochee Valley Orthopedics",
                f"Date of service: {day(6)}   Provider: R. Osei, MD",
                "History: restrained driver, rear-ended at a stop; neck, low back pain",
                "Exam: paraspinal tenderness C5-C7, reduced rotation to the left",
            ],
            [
                "Impression: cervical strain; lumbar strain (S39.012A)",
                "Plan: physical therapy 2x weekly for 6 weeks; MRI if no improvement",
                "Work status: light duty, no lifting over 15 pounds",
            ],
        ]
    )
    therapy = samples.docx_file(
        [
            [
                "Magnolia Spine & Rehabilitation - Physical Therapy Daily Note",
                f"Date: {day(13)}   Therapist: K. Alvarez, PT, DPT",
                "Subjective: neck pain 5/10, sleeping better",
                "Treatment: therapeutic exercise (97110), manual therapy (97140)",
            ]
        ]
    )
    ledger = samples.text_pdf(
        [
            [
                "Chattahoochee Valley Orthopedics - Itemized Statement",
                f"{day(6)}  99204  New patient visit, level 4      $325.00",
                f"{day(6)}  72040  X-ray cervical spine, 2-3 views  $185.00",
                "Total charges $510.00   Payments $0.00   Balance $510.00",
            ]
        ]
    )
    production = io.BytesIO()
    with zipfile.ZipFile(production, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ER/Southern Crescent ED record (fax).pdf", er_fax)
        archive.writestr("Ortho/CVO consult.pdf", consult)
        archive.writestr("Ortho/CVO itemized statement.pdf", ledger)
        archive.writestr("PT/Magnolia daily note.docx", therapy)
    add_upload(
        actor=lena,
        matter=matter,
        file=fixed_zip(production.getvalue()),
        name="Harper records production.zip",
    )
    note = samples.text_pdf(
        [
            [
                "Magnolia Spine & Rehabilitation - Progress Note",
                f"Date: {day(27)}   Visits to date: 8",
                "Cervical rotation improved to 70 degrees; lumbar pain 3/10",
                "Recommend 4 more weeks of therapy, then home exercise program",
            ]
        ]
    )
    add_upload(
        actor=lena,
        matter=matter,
        file=samples.eml_file(
            "Please find the progress note attached.",
            attachments=[("Magnolia progress note.pdf", "application/pdf", note)],
            subject="Records request - Tamika Harper",
        ),
        name="Records request reply.eml",
    )
