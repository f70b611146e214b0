"""Dashboard, my work, review queue and the task page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from paradesk.core.exceptions import NotVisibleError, ParadeskError
from paradesk.core.services import record_read
from paradesk.firm.models import Role, User
from paradesk.matters.selectors import matter_for, matters_visible_to
from paradesk.work import products, selectors, services
from paradesk.work.forms import (
    CommentForm,
    NoteForm,
    SubmitForm,
    TaskEditForm,
    TaskForm,
)
from paradesk.work.models import Task, TaskState, Transition

_DONE = {
    Transition.START: "Work started.",
    Transition.SUBMIT: "Submitted for review. It is now in the reviewer's queue.",
    Transition.REQUEST_CHANGES: "Changes requested. The owner sees your note.",
    Transition.APPROVE: "Approved. This exact version is pinned by its hash.",
    Transition.DELIVER: "Marked delivered.",
}


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise NotVisibleError("Sign in first.")
    return user


def _ids(items: list[Any]) -> list[int]:
    return [item.pk for item in items]


def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mine = list(selectors.work_of(user))
    queue = list(selectors.review_queue_for(user)) if user.role == Role.ATTORNEY else []
    matters = list(matters_visible_to(user)[:6])
    today = timezone.localdate()
    visible = selectors.tasks_visible_to(user).exclude(state=TaskState.DELIVERED)
    record_read(
        "task.listed",
        actor=user,
        details={
            "view": "dashboard",
            "task_ids": _ids(mine[:8] + queue[:8]),
            "matter_ids": _ids(matters),
        },
    )
    context = {
        "mine": mine[:8],
        "queue": queue[:8],
        "matters": matters,
        "stats": {
            "my_open": len(mine),
            "my_overdue": sum(1 for t in mine if t.is_overdue),
            "awaiting_review": len(queue),
            "team_overdue": visible.filter(due_on__lt=today).count(),
        },
    }
    return render(request, "work/dashboard.html", context)


def my_work(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    tasks = list(selectors.work_of(user))
    record_read(
        "task.listed", actor=user, details={"view": "my_work", "task_ids": _ids(tasks)}
    )
    return render(request, "work/my_work.html", {"tasks": tasks})


def review_queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role != Role.ATTORNEY:
        raise NotVisibleError("The review queue is for attorneys.")
    queue = list(selectors.review_queue_for(user))
    approved = list(selectors.approved_awaiting_delivery_for(user))
    changed = [t for t in approved if services.product_changed_since_approval(t)]
    ready = [t for t in approved if t not in changed]
    record_read(
        "task.listed",
        actor=user,
        details={"view": "review_queue", "task_ids": _ids(queue + approved)},
    )
    return render(
        request,
        "work/review_queue.html",
        {"tasks": queue, "changed": changed, "ready": ready},
    )


@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest, matter_id: int) -> HttpResponse:
    user = _user(request)
    matter = matter_for(user, matter_id)
    form = TaskForm(request.POST or None, matter=matter)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.assign_task(actor=user, matter=matter, **form.cleaned_data)
        except ParadeskError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Task assigned to {task.owner.display_name}.")
            return redirect("work:task_detail", task_id=task.pk)
    return render(
        request, "work/task_form.html", {"form": form, "matter": matter, "task": None}
    )


def _product_choices(task: Task) -> list[tuple[str, str]]:
    from paradesk.documents.selectors import documents_of

    choices = []
    for document in documents_of(task.matter):
        ref = products.resolve(task.matter, "document", str(document.pk))
        choices.append((f"document:{document.pk}", ref.label))
    return choices


def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    task = selectors.task_for(user, task_id)
    record_read("task.viewed", actor=user, obj=task, matter=task.matter)
    return render(request, "work/task_detail.html", _task_context(user, task))


def _task_context(user: User, task: Task, **extra: Any) -> dict[str, Any]:
    product = None
    if task.product_kind:
        try:
            product = products.resolve(task.matter, task.product_kind, task.product_id)
        except products.UnknownProductError:
            product = None
    is_owner = user.pk == task.owner_id
    is_reviewer = user.pk == task.reviewer_id
    allowed = set(task.allowed_transitions)
    context: dict[str, Any] = {
        "task": task,
        "product": product,
        "changed_since_approval": services.product_changed_since_approval(task),
        "comments": selectors.comments_of(task),
        "history": selectors.history_of(task),
        "comment_form": CommentForm(),
        "can_start": is_owner and Transition.START in allowed,
        "can_submit": is_owner and Transition.SUBMIT in allowed,
        "can_review": is_reviewer and task.state == TaskState.SUBMITTED,
        "can_deliver": (is_owner or is_reviewer) and Transition.DELIVER in allowed,
        "can_edit": user.role in {Role.ATTORNEY, Role.ADMIN} and task.is_open,
        "note_form": NoteForm(),
    }
    if context["can_submit"]:
        context["submit_form"] = SubmitForm(choices=_product_choices(task))
    context.update(extra)
    return context


@require_POST
def task_transition(
    request: HttpRequest, task_id: int, transition: str
) -> HttpResponse:
    user = _user(request)
    task = selectors.task_for(user, task_id)
    if transition not in Transition.values:
        raise NotVisibleError("No such step.")
    note = request.POST.get("note", "")[:5000]
    # The state the user saw: a move somebody else made meanwhile is refused, not
    # silently stacked on top.
    seen = request.POST.get("state") or None
    try:
        if transition == Transition.START:
            services.start_task(actor=user, task=task, expected_state=seen)
        elif transition == Transition.SUBMIT:
            form = SubmitForm(request.POST, choices=_product_choices(task))
            if not form.is_valid():
                messages.error(request, "Choose the work product to submit.")
                return redirect("work:task_detail", task_id=task.pk)
            kind, _, product_id = form.cleaned_data["product"].partition(":")
            services.submit_task(
                actor=user,
                task=task,
                product_kind=kind,
                product_id=product_id,
                note=form.cleaned_data["note"],
                expected_state=seen,
            )
        elif transition == Transition.REQUEST_CHANGES:
            services.request_changes(
                actor=user, task=task, note=note, expected_state=seen
            )
        elif transition == Transition.APPROVE:
            services.approve_task(actor=user, task=task, note=note, expected_state=seen)
        else:
            services.deliver_task(actor=user, task=task, note=note, expected_state=seen)
    except ParadeskError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _DONE[Transition(transition)])
    return redirect("work:task_detail", task_id=task.pk)


@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    task = selectors.task_for(user, task_id)
    if request.method == "GET":
        record_read("task.viewed", actor=user, obj=task, matter=task.matter)
    form = TaskEditForm(
        request.POST or None, matter=task.matter, initial=TaskEditForm.initial_for(task)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_task(
                actor=user, task=task, expected_version=version, changes=data
            )
        except ParadeskError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Task updated.")
            return redirect("work:task_detail", task_id=task.pk)
    return render(
        request,
        "work/task_form.html",
        {"form": form, "matter": task.matter, "task": task},
    )


@require_POST
def comment_add(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    task = selectors.task_for(user, task_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Write something before posting (at most 10,000 characters)."
        )
        return redirect("work:task_detail", task_id=task.pk)
    try:
        services.add_comment(actor=user, task=task, body=form.cleaned_data["body"])
    except ParadeskError as error:
        messages.error(request, str(error))
    return redirect(f"/tasks/{task.pk}/#comments")
