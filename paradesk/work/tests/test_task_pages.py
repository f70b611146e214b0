"""The task screens: assign, my work, review queue, submit and approve."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from paradesk.core.models import AuditEvent
from paradesk.documents.services import add_document, add_version
from paradesk.testing.personas import Firm
from paradesk.work import services
from paradesk.work.models import Task, TaskComment, TaskState


@pytest.fixture
def task(firm: Firm) -> Task:
    return services.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Request ER records",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 10),
    )


def test_attorney_assigns_a_task_from_the_matter(firm: Firm) -> None:
    response = firm.client(firm.attorney).post(
        f"/matters/{firm.matter.pk}/tasks/new/",
        {
            "title": "Draft letter of representation",
            "owner": firm.paralegal.pk,
            "reviewer": firm.attorney.pk,
            "due_on": "2030-02-01",
            "lane": "demand",
            "priority": "high",
        },
    )
    task = Task.objects.get(title="Draft letter of representation")
    assert response.status_code == 302
    assert (task.owner, task.reviewer, task.state) == (
        firm.paralegal,
        firm.attorney,
        TaskState.ASSIGNED,
    )


def test_walled_user_is_not_offered_as_owner(firm: Firm) -> None:
    response = firm.client(firm.attorney).post(
        f"/matters/{firm.matter.pk}/tasks/new/",
        {
            "title": "x",
            "owner": firm.walled.pk,
            "reviewer": firm.attorney.pk,
            "due_on": "2030-02-01",
            "lane": "general",
            "priority": "normal",
        },
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not Task.objects.filter(title="x").exists()


def test_submit_and_approve_through_the_pages_pins_the_document_hash(
    firm: Firm, task: Task
) -> None:
    paralegal = firm.client(firm.paralegal)
    attorney = firm.client(firm.attorney)
    added = add_document(
        actor=firm.paralegal,
        matter=firm.matter,
        file=b"%PDF-1.4 letter",
        name="letter.pdf",
    )
    assert paralegal.post(f"/tasks/{task.pk}/start/").status_code == 302
    paralegal.post(
        f"/tasks/{task.pk}/submit/",
        {"product": f"document:{added.document.pk}", "note": "Ready"},
    )
    queue = attorney.get("/review/")
    assert b"Request ER records" in queue.content
    attorney.post(f"/tasks/{task.pk}/approve/")
    task.refresh_from_db()
    assert task.state == TaskState.APPROVED
    assert task.approved_sha256 == added.version.sha256

    add_version(
        actor=firm.paralegal,
        document=added.document,
        file=b"%PDF-1.4 changed",
        name="l.pdf",
    )
    page = attorney.get(f"/tasks/{task.pk}/")
    assert b"changed after it was approved" in page.content
    assert b"Request ER records" in attorney.get("/review/").content
    response = attorney.post(f"/tasks/{task.pk}/deliver/", follow=True)
    assert b"needs review again" in response.content
    task.refresh_from_db()
    assert task.state == TaskState.APPROVED


def test_illegal_transition_from_the_page_shows_the_reason(
    firm: Firm, task: Task
) -> None:
    response = firm.client(firm.attorney).post(
        f"/tasks/{task.pk}/approve/", follow=True
    )
    assert "cannot be “approve”".encode() in response.content
    task.refresh_from_db()
    assert task.state == TaskState.ASSIGNED


def test_unknown_transition_name_is_404(firm: Firm, task: Task) -> None:
    assert (
        firm.client(firm.attorney).post(f"/tasks/{task.pk}/explode/").status_code == 404
    )


def test_overdue_tasks_are_highlighted_in_my_work(firm: Firm, task: Task) -> None:
    with time_machine.travel(datetime(2030, 1, 20, 17, 0, tzinfo=UTC)):
        response = firm.client(firm.paralegal).get("/my-work/")
    assert b'class="overdue"' in response.content
    assert b"10d overdue" in response.content


def test_my_work_lists_only_my_open_tasks(firm: Firm, task: Task) -> None:
    other = services.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Someone else's",
        owner=firm.attorney2,
        reviewer=firm.attorney,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    content = firm.client(firm.paralegal).get("/my-work/").content
    assert b"Request ER records" in content
    assert other.title.encode() not in content


def test_comment_thread_and_the_view_is_audited(firm: Firm, task: Task) -> None:
    client = firm.client(firm.paralegal)
    client.post(f"/tasks/{task.pk}/comments/", {"body": "Which provider first?"})
    assert TaskComment.objects.get(task=task).body == "Which provider first?"
    page = client.get(f"/tasks/{task.pk}/")
    assert b"Which provider first?" in page.content
    assert AuditEvent.objects.filter(
        action="task.viewed", object_id=str(task.pk)
    ).exists()


def test_empty_comment_is_refused_with_a_message(firm: Firm, task: Task) -> None:
    response = firm.client(firm.paralegal).post(
        f"/tasks/{task.pk}/comments/", {"body": "   "}, follow=True
    )
    assert b"Write something" in response.content
    assert not TaskComment.objects.exists()


def test_stale_edit_form_is_refused(firm: Firm, task: Task) -> None:
    client = firm.client(firm.attorney)
    form = {
        "title": "New title",
        "owner": firm.paralegal.pk,
        "reviewer": firm.attorney.pk,
        "due_on": "2030-01-10",
        "lane": "general",
        "priority": "normal",
        "version": 1,
    }
    assert client.post(f"/tasks/{task.pk}/edit/", form).status_code == 302
    stale = client.post(f"/tasks/{task.pk}/edit/", {**form, "title": "Lost update"})
    assert b"Someone else changed this task" in stale.content
    task.refresh_from_db()
    assert task.title == "New title"


def test_review_queue_is_for_attorneys_only(firm: Firm) -> None:
    assert firm.client(firm.paralegal).get("/review/").status_code == 404
    assert firm.client(firm.attorney).get("/review/").status_code == 200


@pytest.mark.parametrize("who", ["outsider", "walled"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/tasks/{t}/"),
        ("get", "/tasks/{t}/edit/"),
        ("post", "/tasks/{t}/start/"),
        ("post", "/tasks/{t}/approve/"),
        ("post", "/tasks/{t}/comments/"),
        ("get", "/matters/{m}/tasks/new/"),
    ],
)
def test_task_pages_are_404_off_the_team(
    firm: Firm, task: Task, who: str, method: str, path: str
) -> None:
    client = firm.client(getattr(firm, who))
    url = path.format(t=task.pk, m=firm.matter.pk)
    response = getattr(client, method)(url, {"body": "x"} if method == "post" else None)
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.state == TaskState.ASSIGNED
    assert not TaskComment.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_dashboard_and_lists_never_show_hidden_tasks(
    firm: Firm, task: Task, who: str
) -> None:
    client = firm.client(getattr(firm, who))
    for url in ("/", "/my-work/", "/matters/"):
        assert b"Request ER records" not in client.get(url).content


def test_approved_work_waits_in_the_queue_until_delivered(
    firm: Firm, task: Task
) -> None:
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=b"%PDF-1.4 a", name="a.pdf"
    )
    services.start_task(actor=firm.paralegal, task=task)
    services.submit_task(
        actor=firm.paralegal,
        task=task,
        product_kind="document",
        product_id=str(added.document.pk),
    )
    services.approve_task(actor=firm.attorney, task=task)
    page = firm.client(firm.attorney).get("/review/").content.decode()
    assert "Approved, ready to deliver" in page
    assert "Request ER records" in page
    services.deliver_task(actor=firm.attorney, task=task)
    page = firm.client(firm.attorney).get("/review/").content.decode()
    assert "Request ER records" not in page
