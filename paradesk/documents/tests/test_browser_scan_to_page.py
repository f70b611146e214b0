"""In headless Chromium: upload a scan, have it read, find an OCR-only word, open it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from paradesk.core.models import AuditEvent
from paradesk.documents.models import IngestState, Page
from paradesk.engines.pages.samples import scanned_pdf
from paradesk.testing.browser import SCREENSHOTS
from paradesk.testing.personas import Firm, enroll_totp
from paradesk.work.tests.test_browser_review_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.ocr]


@pytest.fixture
def tesseract() -> None:
    if shutil.which("tesseract") is None:
        if os.environ.get("PARADESK_REQUIRE_OCR") == "1":
            pytest.fail("tesseract is required (PARADESK_REQUIRE_OCR=1) but not found")
        pytest.skip("tesseract not installed: apt-get install tesseract-ocr")


def test_a_scanned_page_is_found_by_a_word_only_ocr_saw(
    browser: Any, live_server: Any, live_firm: Firm, tmp_path: Path, tesseract: None
) -> None:
    firm = live_firm
    enroll_totp(firm.paralegal)
    scan = tmp_path / "er-fax.pdf"
    scan.write_bytes(
        scanned_pdf(
            [
                ["RIVERSIDE EMERGENCY DEPARTMENT", "Diagnosis: whiplash"],
                ["Follow up with orthopedics"],
            ]
        )
    )
    page = sign_in(browser, live_server.url, firm.paralegal)
    page.goto(f"{live_server.url}/matters/{firm.matter.pk}/documents/upload/")
    page.get_by_label("Files").set_input_files(str(scan))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("heading", name="Pages of v1").wait_for()
    page.get_by_text("Ready").first.wait_for()
    stored = Page.objects.filter(version__document__title="er-fax").order_by("number")
    assert [p.method for p in stored] == ["ocr", "ocr"]
    assert stored[0].version.ingest.state == IngestState.DONE

    page.get_by_role("searchbox", name="Search documents").fill("whiplash")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="er-fax").click()
    page.get_by_role("heading", name="er-fax").wait_for()
    assert page.locator(".page-text mark").first.inner_text().lower() == "whiplash"
    picture = page.get_by_role("img", name="Page 1 of er-fax")
    picture.wait_for()
    # The load event waits for images: the rendered picture has arrived by then.
    page.wait_for_load_state("load")
    width = page.evaluate("document.querySelector('.viewer-image img').naturalWidth")
    assert width > 0
    page.screenshot(path=str(SCREENSHOTS / "viewer.png"), full_page=True)
    assert AuditEvent.objects.filter(action="search.performed").exists()
    assert AuditEvent.objects.filter(action="document.page_viewed").exists()
