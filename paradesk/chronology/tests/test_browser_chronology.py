"""In headless Chromium: a paralegal edits the built chronology and submits it, the
attorney approves it and downloads the DOCX.

Also saves the chronology screenshots the README shows (docs/screenshots/).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest

from paradesk.chronology import selectors, services
from paradesk.chronology.models import Chronology, Origin
from paradesk.documents.services import add_document
from paradesk.engines.medchron.samples import SAMPLE_FILES, SAMPLE_PATIENT
from paradesk.engines.pages.samples import text_pdf
from paradesk.testing.browser import SCREENSHOTS
from paradesk.testing.personas import Firm, enroll_totp
from paradesk.work.models import Task, TaskState
from paradesk.work.services import assign_task
from paradesk.work.tests.test_browser_review_flow import CONSOLE_ERRORS, sign_in

pytestmark = pytest.mark.browser


def _matter_with_chronology(firm: Firm) -> Chronology:
    firm.matter.incident_on = date(2024, 3, 4)
    firm.matter.save()
    firm.matter.client.name = SAMPLE_PATIENT
    firm.matter.client.save()
    for name, pages in SAMPLE_FILES.items():
        add_document(
            actor=firm.paralegal,
            matter=firm.matter,
            file=text_pdf([page.splitlines() for page in pages]),
            name=name,
        )
    services.request_build(actor=firm.paralegal, matter=firm.matter)
    return Chronology.objects.get(matter=firm.matter)


def test_edit_submit_approve_and_export_a_chronology(
    browser: Any, live_server: Any, live_firm: Firm
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors_before = len(CONSOLE_ERRORS)
    firm = live_firm
    base = live_server.url
    for user in (firm.attorney, firm.paralegal):
        enroll_totp(user)
    chronology = _matter_with_chronology(firm)
    task = assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Medical chronology for the demand",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 1),
    )

    paralegal = sign_in(browser, base, firm.paralegal)
    # Any failed request names its address, so a refusal says where it came from.
    failed: list[tuple[int, str]] = []
    paralegal.on(
        "response",
        lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None,
    )
    paralegal.goto(f"{base}/matters/{firm.matter.pk}/")
    paralegal.get_by_role("link", name="Medical chronology", exact=True).click()
    paralegal.get_by_role("heading", name="Medical chronology").wait_for()
    er = chronology.entries.get(date=date(2024, 3, 4))
    row = paralegal.locator(f"#entry-{er.pk}")
    assert "Maria Chen, MD" in row.inner_text()
    paralegal.screenshot(path=str(SCREENSHOTS / "chronology.png"), full_page=True)

    # A citation opens the viewer at its page with the quoted text marked.
    row.get_by_role("link", name="Piedmont_ER_records.pdf p. 1").click()
    paralegal.locator("mark").first.wait_for()
    assert "Date of Service" in paralegal.locator("mark").first.inner_text()
    paralegal.wait_for_load_state("load")
    paralegal.goto(f"{base}/matters/{firm.matter.pk}/chronology/")

    paralegal.locator(f"#entry-{er.pk}").get_by_role("link", name="Edit").click()
    paralegal.get_by_role("heading", name="Where each fact was read").wait_for()
    paralegal.get_by_label("Facility").fill("Piedmont Hospital Emergency Department")
    paralegal.get_by_label("Future care recommendations (one per line)").fill(
        "Follow up with primary care in 1 week.\nOrthopedic consult for neck pain."
    )
    paralegal.screenshot(path=str(SCREENSHOTS / "chronology-entry.png"), full_page=True)
    paralegal.get_by_role("button", name="Save entry").click()
    paralegal.get_by_text("Entry saved.").wait_for()
    er.refresh_from_db()
    assert er.origin == Origin.EDITED
    assert er.data["facility"] == "Piedmont Hospital Emergency Department"
    assert er.machine is not None
    assert er.machine["facility"] == "Piedmont Regional Medical Center"

    paralegal.get_by_role("button", name="Submit for review").click()
    paralegal.get_by_text("Submitted for review.").wait_for()
    task.refresh_from_db()
    assert task.state == TaskState.SUBMITTED
    assert task.submitted_sha256 == selectors.content_hash(chronology)

    attorney = sign_in(browser, base, firm.attorney)
    attorney.goto(f"{base}/review/")
    attorney.get_by_role("link", name="Medical chronology for the demand").click()
    attorney.get_by_role("button", name="Approve this version").click()
    attorney.get_by_text("Approved. This exact version").wait_for()
    task = Task.objects.get(pk=task.pk)
    assert task.state == TaskState.APPROVED
    assert task.approved_sha256 == selectors.content_hash(chronology)

    attorney.goto(f"{base}/matters/{firm.matter.pk}/chronology/")
    with attorney.expect_download() as download_info:
        attorney.get_by_role("link", name="DOCX").click()
    download = download_info.value
    path = download.path()
    assert path is not None
    document = docx.Document(io.BytesIO(Path(path).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Piedmont Hospital Emergency Department" in text
    assert "$4,447.50" in text  # total charges of the sample bills, to the cent

    # Only this test's console messages; the shared list is left as it was found.
    mine = CONSOLE_ERRORS[errors_before:]
    del CONSOLE_ERRORS[errors_before:]
    problems = [m for m in mine if "404" not in m]
    assert problems == [], failed
    assert failed == []
