"""The Harper matter's sample records: synthetic, uploaded as a custodian sends them."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

from paradesk.documents.services import add_upload
from paradesk.engines.common.packages import fixed_zip
from paradesk.engines.pages import samples
from paradesk.firm.models import User
from paradesk.matters.models import Matter


def upload_sample_records(matter: Matter, *, incident_on: date, lena: User) -> None:
    """A small production of synthetic records, read by the worker after loading.

    Made up from nothing (no real health data): a faxed emergency record that only OCR
    can read, a typed orthopedic consult, a therapy note in Word and a billing
    ledger, zipped the way a records custodian sends them; and an e-mail from the
    therapy clinic with its note attached.
    """

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
