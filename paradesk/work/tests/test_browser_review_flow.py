"""In headless Chromium: sign in with TOTP, open a matter, assign, submit, approve.

Also saves the screenshots the README shows (docs/screenshots/).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.core.audit import verify_chain
from paradesk.core.models import AuditEvent
from paradesk.firm.models import User
from paradesk.matters.models import Matter
from paradesk.testing.browser import SCREENSHOTS
from paradesk.testing.personas import PASSWORD, Firm, enroll_totp
from paradesk.work.models import Task, TaskState

pytestmark = pytest.mark.browser


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


CONSOLE_ERRORS: list[str] = []


def sign_in(browser: Any, base_url: str, user: User, *, shot: str = "") -> Any:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    # A Content-Security-Policy violation or a script error shows up here.
    page.on(
        "console",
        lambda msg: CONSOLE_ERRORS.append(msg.text) if msg.type == "error" else None,
    )
    page.goto(f"{base_url}/login/")
    if shot:
        page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Authentication code").fill(current_code(user))
    page.get_by_role("button", name="Verify and sign in").click()
    page.get_by_role("link", name="Dashboard").wait_for()
    return page


def onboard_a_hybrid_paralegal(admin: Any, firm: Firm) -> None:
    """The administrator adds a hybrid paralegal and starts their onboarding."""
    admin.get_by_role("navigation", name="Main").get_by_role(
        "link", name="People"
    ).click()
    admin.get_by_role("link", name="Add a person").first.click()
    admin.get_by_label("Username").fill("riley")
    admin.get_by_label("First name").fill("Riley")
    admin.get_by_label("Last name").fill("Park")
    admin.get_by_label("Role").select_option("paralegal")
    admin.get_by_role("button", name="Add person").click()
    admin.get_by_role("heading", name="Riley Park was added").wait_for()
    admin.get_by_role("link", name="I have noted it").click()
    admin.get_by_label("Hybrid").check()
    admin.get_by_label("Courthouse filings").check()
    admin.get_by_label("Supervising attorney").select_option(str(firm.attorney.pk))
    admin.get_by_label("Workflow lane").select_option("records")
    admin.get_by_role("button", name="Save profile").click()
    admin.get_by_label("Device provisioned on").fill("2026-11-20")
    admin.get_by_role("button", name="Save checklist").click()
    admin.screenshot(path=str(SCREENSHOTS / "person.png"), full_page=True)
    riley = User.objects.get(username="riley")
    profile = riley.paralegal_profile
    assert (profile.work_mode, profile.in_person_duties) == (
        "hybrid",
        ["courthouse_filings"],
    )
    assert riley.onboarding.device_provisioned_on is not None
    admin.get_by_role("navigation", name="Main").get_by_role(
        "link", name="People"
    ).click()
    admin.get_by_role("link", name="Onboarding progress").click()
    admin.get_by_text("Riley Park").first.wait_for()
    admin.screenshot(path=str(SCREENSHOTS / "onboarding.png"), full_page=True)


def test_matter_task_submit_approve_in_the_browser(
    browser: Any, live_server: Any, live_firm: Firm, tmp_path: Any
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    firm = live_firm
    for user in (firm.admin, firm.attorney, firm.paralegal, firm.outsider, firm.walled):
        enroll_totp(user)

    attorney = sign_in(browser, base, firm.attorney, shot="login.png")
    attorney.get_by_role("link", name="Matters").first.click()
    attorney.get_by_role("link", name="Open a matter").click()
    attorney.get_by_label("Title").fill("Nguyen v. Harbor Freight Lines")
    attorney.get_by_label("Client name").fill("Linh Nguyen")
    attorney.get_by_label("Incident date").fill("2025-09-02")
    attorney.get_by_label("Jurisdiction").select_option("GA")
    attorney.get_by_label("Pat Legal (Paralegal)").check()
    attorney.get_by_role("button", name="Open matter").click()
    attorney.get_by_role("heading", name="Nguyen v. Harbor Freight Lines").wait_for()
    matter = Matter.objects.get(title="Nguyen v. Harbor Freight Lines")
    assert firm.paralegal in [m.user for m in matter.members.all()]

    attorney.get_by_role("link", name="Assign a task").click()
    attorney.get_by_label("Title").fill("Summarize the emergency room records")
    attorney.get_by_label("Owner").select_option(str(firm.paralegal.pk))
    attorney.get_by_label("Reviewing attorney").select_option(str(firm.attorney.pk))
    due = timezone.localdate() + timedelta(days=7)
    attorney.get_by_label("Due").fill(due.isoformat())
    attorney.get_by_label("Lane").select_option("records")
    attorney.get_by_role("button", name="Assign task").click()
    attorney.get_by_text("Task assigned to").wait_for()
    task = Task.objects.get(title="Summarize the emergency room records")

    paralegal = sign_in(browser, base, firm.paralegal)
    paralegal.get_by_role(
        "link", name="Summarize the emergency room records"
    ).first.wait_for()
    paralegal.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    paralegal.get_by_role(
        "link", name="Summarize the emergency room records"
    ).first.click()
    paralegal.get_by_role("button", name="Start work").click()
    paralegal.get_by_text("Work started.").wait_for()

    summary = tmp_path / "er-summary.txt"
    summary.write_text("ER visit 09/02/2025: cervical strain, CT negative.\n")
    paralegal.get_by_role("link", name=matter.number).first.click()
    paralegal.get_by_role("link", name="Upload the first document").click()
    paralegal.get_by_label("Files").set_input_files(str(summary))
    paralegal.get_by_role("button", name="Upload").click()
    paralegal.goto(f"{base}/matters/{matter.pk}/")
    paralegal.get_by_role("link", name="er-summary").wait_for()
    paralegal.screenshot(path=str(SCREENSHOTS / "matter.png"), full_page=True)

    paralegal.goto(f"{base}/tasks/{task.pk}/")
    paralegal.get_by_role("combobox", name="Work product").select_option(index=1)
    paralegal.get_by_label("Note to reviewer").fill("Ready for your review.")
    paralegal.get_by_role("button", name="Submit for review").click()
    paralegal.get_by_text("Submitted for review.").wait_for()

    attorney.goto(f"{base}/review/")
    attorney.get_by_role("link", name="Summarize the emergency room records").wait_for()
    attorney.screenshot(path=str(SCREENSHOTS / "review-queue.png"), full_page=True)
    attorney.get_by_role("link", name="Summarize the emergency room records").click()
    attorney.get_by_role("button", name="Approve this version").click()
    attorney.get_by_text("Approved. This exact version").wait_for()
    assert attorney.locator("#task-state").inner_text() == "Approved"
    attorney.screenshot(path=str(SCREENSHOTS / "task.png"), full_page=True)

    task.refresh_from_db()
    assert task.state == TaskState.APPROVED
    assert task.approved_sha256 == task.submitted_sha256 != ""

    admin = sign_in(browser, base, firm.admin)
    onboard_a_hybrid_paralegal(admin, firm)
    admin.get_by_role("link", name="Audit trail").click()
    admin.get_by_role("heading", name="Audit trail").wait_for()
    admin.get_by_role("button", name="Verify chain").click()
    admin.get_by_text("chain intact").wait_for()
    assert admin.evaluate("typeof htmx") == "object"
    admin.screenshot(path=str(SCREENSHOTS / "audit.png"), full_page=True)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"matter.opened", "task.assigned", "task.submit", "task.approve"} <= actions
    assert verify_chain().ok

    for outsider in (firm.outsider, firm.walled):
        page = sign_in(browser, base, outsider)
        for url in (
            f"/matters/{matter.pk}/",
            f"/tasks/{task.pk}/",
            f"/matters/{firm.matter.pk}/",
        ):
            response = page.goto(f"{base}{url}")
            assert response is not None
            assert response.status == 404
            assert "Nguyen" not in page.content()

    # 404 pages log their status as a console error; anything else is a real problem.
    problems = [m for m in CONSOLE_ERRORS if "404" not in m]
    assert problems == []
