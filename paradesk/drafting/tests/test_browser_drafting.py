"""In headless Chromium: the paralegal builds the demand from the approved chronology,
the attorney enters the demand and approves it, and the final PDF is downloaded.

Also saves the drafting screenshot the README shows (docs/screenshots/).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from paradesk.chronology import selectors as chronology_selectors
from paradesk.chronology import services as chronology_services
from paradesk.chronology.models import Chronology
from paradesk.documents.services import add_document
from paradesk.drafting import selectors
from paradesk.drafting.models import Draft, Template
from paradesk.engines.medchron.samples import SAMPLE_FILES, SAMPLE_PATIENT
from paradesk.engines.pages.samples import text_pdf
from paradesk.testing.browser import SCREENSHOTS
from paradesk.testing.personas import Firm, enroll_totp
from paradesk.work.models import Task, TaskState
from paradesk.work.services import approve_task, assign_task
from paradesk.work.tests.test_browser_review_flow import CONSOLE_ERRORS, sign_in

pytestmark = pytest.mark.browser


def _approved_chronology(firm: Firm) -> Chronology:
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
    chronology_services.request_build(actor=firm.paralegal, matter=firm.matter)
    chronology = Chronology.objects.get(matter=firm.matter)
    assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Medical chronology",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 1),
    )
    task = chronology_services.submit_for_review(
        actor=firm.paralegal, chronology=chronology
    )
    approve_task(actor=firm.attorney, task=task)
    return chronology


def test_draft_submit_approve_and_finalize_a_demand(
    browser: Any, live_server: Any, live_firm: Firm
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors_before = len(CONSOLE_ERRORS)
    firm = live_firm
    base = live_server.url
    for user in (firm.attorney, firm.paralegal):
        enroll_totp(user)
    chronology = _approved_chronology(firm)
    totals = chronology_selectors.as_contract(chronology)["totals"]
    task = assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Demand letter to the insurer",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 1),
    )
    failed: list[tuple[int, str]] = []

    paralegal = sign_in(browser, base, firm.paralegal)
    paralegal.on(
        "response",
        lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None,
    )
    paralegal.goto(f"{base}/matters/{firm.matter.pk}/")
    paralegal.get_by_role("link", name="Letters and drafts").click()
    demand = Template.objects.get(builtin="demand")
    paralegal.locator("#id_template").select_option(value=str(demand.pk))
    paralegal.get_by_label("Title").fill("Demand to the insurer")
    paralegal.get_by_role("button", name="Create draft").click()
    paralegal.get_by_text("Draft created.").wait_for()
    assert paralegal.get_by_label("Demand amount in dollars (attorney)").is_disabled()
    paralegal.get_by_label("Facts of the incident").fill(
        "Our client was stopped at a red light when your insured struck her car."
    )
    paralegal.get_by_label("Liability").fill(
        "Your insured was cited; liability is clear."
    )
    paralegal.get_by_role("button", name="Save and render").click()
    paralegal.get_by_text("Saved: a new version").wait_for()
    draft = Draft.objects.get(matter=firm.matter)
    draft_url = f"{base}/drafts/{draft.pk}/"

    attorney = sign_in(browser, base, firm.attorney)
    attorney.goto(draft_url)
    attorney.get_by_label("Demand amount in dollars (attorney)").fill("185,000")
    attorney.get_by_label("General damages (attorney)").fill(
        "Four months of neck pain that kept her from work and from lifting her son."
    )
    attorney.get_by_role("button", name="Save and render").click()
    attorney.get_by_text("Saved: a new version").wait_for()
    assert "$185,000.00" in attorney.locator(".letter-text").inner_text()

    paralegal.goto(draft_url)
    paralegal.screenshot(path=str(SCREENSHOTS / "demand-draft.png"), full_page=True)
    paralegal.get_by_role("button", name="Submit for review").click()
    paralegal.get_by_text("Submitted for review by").wait_for()
    task.refresh_from_db()
    latest = selectors.latest_rendering(draft)
    assert latest is not None
    assert task.state == TaskState.SUBMITTED
    assert task.submitted_sha256 == latest.document_version.sha256

    attorney.goto(f"{base}/review/")
    attorney.get_by_role("link", name="Demand letter to the insurer").click()
    attorney.get_by_role("button", name="Approve this version").click()
    attorney.get_by_text("Approved. This exact version").wait_for()
    assert Task.objects.get(pk=task.pk).state == TaskState.APPROVED

    attorney.goto(draft_url)
    attorney.get_by_role("button", name="Finalize to PDF").click()
    attorney.get_by_text("Finalized: the approved letter is filed as a PDF.").wait_for()
    attorney.get_by_role("link", name="Final PDF").click()
    with attorney.expect_download() as download_info:
        attorney.get_by_role("link", name="Download v1").click()
    path = download_info.value.path()
    assert path is not None
    document = pdfium.PdfDocument(Path(path).read_bytes())
    text = "".join(page.get_textpage().get_text_bounded() for page in document)
    assert "DRAFT" not in text
    assert "$185,000.00" in text
    dollars, cents = divmod(totals["charges_cents"], 100)
    assert f"${dollars:,}.{cents:02d}" in text
    assert "Our client was stopped at a red light" in text

    mine = CONSOLE_ERRORS[errors_before:]
    del CONSOLE_ERRORS[errors_before:]
    assert [m for m in mine if "404" not in m] == [], failed
    assert failed == []
