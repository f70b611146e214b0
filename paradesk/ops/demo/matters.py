"""The demo firm's two matters, Harper and Delgado: parties, a wall, tasks in every
state, work already reviewed, the chronology to check and the demand to draft."""

from __future__ import annotations

from datetime import date, timedelta

from paradesk.documents.services import add_document
from paradesk.firm.models import Lane, User
from paradesk.matters.models import ContactKind, InjuryType, Matter, PartyRole, Phase
from paradesk.matters.services import add_party, erect_wall, open_matter
from paradesk.ops.demo.records import upload_sample_records
from paradesk.work.models import Priority, Task
from paradesk.work.services import (
    add_comment,
    approve_task,
    assign_task,
    start_task,
    submit_task,
)


def open_harper(
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


def open_delgado(
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


def assign_tasks(
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
    upload_sample_records(harper, incident_on=harper.incident_on or today, lena=lena)
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
    # Imported here, as in _demand: `paradesk demo-code` loads this package and need
    # not wait for the chronology and drafting engines to load.
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
