"""In headless Chromium: upload a scan, have it read, find an OCR-only word, open it.

The first test reads inside the upload request (the immediate task backend); the
second queues the reading in the database and runs the real worker, watching the
page's progress bar move from queued through pages read to done.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from paradesk.core.models import AuditEvent
from paradesk.documents.models import IngestState, Page
from paradesk.engines.pages.samples import scanned_pdf
from paradesk.ops.worker import run_worker
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


# Records every text the progress bar's state shows, in order, as htmx swaps it in:
# the test thread is busy running the worker meanwhile, so nothing is missed.
_WATCH_THE_BAR = """() => {
  window.barStates = [];
  const note = () => {
    const state = document.querySelector("#pages .job .job-line > span");
    const text = state ? state.textContent.replace(/\\s+/g, " ").trim() : "";
    if (text && window.barStates.at(-1) !== text) window.barStates.push(text);
  };
  note();
  new MutationObserver(note).observe(document.getElementById("pages"), {
    subtree: true, childList: true, characterData: true,
  });
}"""


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # On SQLite the live server shares the test thread's one in-memory connection,
    # and the worker below runs on that thread: with sessions saved only when they
    # change, the polls served while the job runs only read, so they never step
    # into the worker's transactions.
    settings.SESSION_SAVE_EVERY_REQUEST = False


def run_the_worker_on_one_cpu() -> None:
    """Runs the queued jobs, then returns; OCR shares one CPU, as on a small server.

    The reading then lasts about a second per page whatever the machine, so the bar
    is polled several times while pages are being read.
    """
    cpus = os.sched_getaffinity(0)
    # Linux: this thread only; the reader and its tesseract processes inherit it.
    os.sched_setaffinity(0, {min(cpus)})
    try:
        run_worker(heartbeat_seconds=3600, queue_names=["*"], interval=0.1, batch=True)
    finally:
        os.sched_setaffinity(0, cpus)


def test_the_progress_bar_follows_a_reading_in_the_background(
    browser: Any,
    live_server: Any,
    live_firm: Firm,
    tmp_path: Path,
    tesseract: None,
    database_tasks: None,
) -> None:
    firm = live_firm
    enroll_totp(firm.paralegal)
    scan = tmp_path / "ortho-fax.pdf"
    scan.write_bytes(
        scanned_pdf(
            [
                ["LAKESIDE ORTHOPEDICS", f"Visit {n} of 6"]
                + (["Assessment: persistent whiplash"] if n == 4 else [])
                for n in range(1, 7)
            ]
        )
    )
    page = sign_in(browser, live_server.url, firm.paralegal)
    page.goto(f"{live_server.url}/matters/{firm.matter.pk}/documents/upload/")
    page.get_by_label("Files").set_input_files(str(scan))
    page.get_by_role("button", name="Upload").click()
    bar = page.locator("#pages .job")
    bar.get_by_text("Queued").wait_for()
    # Queued in the database, and nothing has run it: no worker is running yet.
    [task] = DBTaskResult.objects.all()
    assert task.status == "READY"
    page.evaluate(_WATCH_THE_BAR)

    run_the_worker_on_one_cpu()

    bar.get_by_text("Done").wait_for()
    states = page.evaluate("window.barStates")
    assert states[0] == "Queued"
    assert states[-1] == "Done"
    running = states[1:-1]
    assert running, states
    assert all(re.fullmatch(r"[1-6] / 6", s) for s in running), states
    done_counts = [int(s.split(" / ")[0]) for s in running]
    assert done_counts == sorted(done_counts), states
    assert bar.get_by_text("6 pages read.").is_visible()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    stored = Page.objects.filter(version__document__title="ortho-fax")
    assert sorted(p.method for p in stored) == ["ocr"] * 6

    page.get_by_role("searchbox", name="Search documents").fill("whiplash")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="ortho-fax").click()
    page.get_by_role("heading", name="ortho-fax").wait_for()
    assert page.locator(".page-text mark").first.inner_text().lower() == "whiplash"
    assert "/page/4/" in page.url
