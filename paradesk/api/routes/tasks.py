"""Tasks, their review workflow and their comment threads."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from paradesk.api.auth import actor_of
from paradesk.api.pagination import window
from paradesk.api.references import user_named
from paradesk.api.schemas import (
    ERRORS,
    CommentIn,
    CommentOut,
    Id,
    NoteIn,
    PageParams,
    RequestChangesIn,
    SubmitIn,
    TaskFilters,
    TaskIn,
    TaskOut,
    TaskPage,
    TaskPatch,
)
from paradesk.core.services import record_read
from paradesk.matters.selectors import matter_for
from paradesk.work import selectors, services

router = Router(tags=["tasks"])


@router.get("/tasks", response={200: TaskPage, **ERRORS})
def list_tasks(
    request: HttpRequest, filters: Query[TaskFilters], paging: Query[PageParams]
) -> TaskPage:
    """Tasks on the matters you may see, soonest due first."""
    actor = actor_of(request)
    tasks = selectors.tasks_visible_to(actor)
    if filters.matter is not None:
        tasks = tasks.filter(matter_id=filters.matter)
    if filters.state:
        tasks = tasks.filter(state=filters.state)
    if filters.mine:
        tasks = tasks.filter(owner=actor)
    if filters.review:
        tasks = tasks.filter(reviewer=actor)
    page = window(tasks.order_by("due_on", "id"), paging)
    record_read(
        "task.listed",
        actor=actor,
        details={"ids": page.ids, "count": page.count, "page": page.page},
    )
    return TaskPage(
        count=page.count,
        page=page.page,
        page_size=page.page_size,
        items=[TaskOut.of(t) for t in page.items],
    )


@router.post("/matters/{id:matter_id}/tasks", response={201: TaskOut, **ERRORS})
def assign_task(
    request: HttpRequest, matter_id: Id, payload: TaskIn
) -> Status[TaskOut]:
    """Assigns a task to one owner with one reviewing attorney, both on the team."""
    actor = actor_of(request)
    matter = matter_for(actor, matter_id)
    owner = user_named(payload.owner_id, loc=("body", "payload", "owner_id"))
    reviewer = user_named(payload.reviewer_id, loc=("body", "payload", "reviewer_id"))
    task = services.assign_task(
        actor=actor,
        matter=matter,
        title=payload.title,
        owner=owner,
        reviewer=reviewer,
        due_on=payload.due_on,
        lane=payload.lane,
        priority=payload.priority,
        description=payload.description,
    )
    return Status(201, TaskOut.of(selectors.task_for(actor, task.pk)))


@router.get("/tasks/{id:task_id}", response={200: TaskOut, **ERRORS})
def get_task(request: HttpRequest, task_id: Id) -> TaskOut:
    actor = actor_of(request)
    task = selectors.task_for(actor, task_id)
    record_read("task.viewed", actor=actor, obj=task, matter=task.matter)
    return TaskOut.of(task)


@router.patch("/tasks/{id:task_id}", response={200: TaskOut, **ERRORS})
def update_task(request: HttpRequest, task_id: Id, payload: TaskPatch) -> TaskOut:
    """Edits an open task. Send the `version` you read: a stale one is a 409."""
    actor = actor_of(request)
    task = selectors.task_for(actor, task_id)
    changes: dict[str, object] = payload.model_dump(
        exclude_unset=True, exclude={"version"}
    )
    for field in ("owner", "reviewer"):
        user_id = changes.pop(f"{field}_id", None)
        if isinstance(user_id, int):
            changes[field] = user_named(user_id, loc=("body", "payload", f"{field}_id"))
    services.update_task(
        actor=actor, task=task, expected_version=payload.version, changes=changes
    )
    return _fresh(request, task_id)


def _fresh(request: HttpRequest, task_id: Id) -> TaskOut:
    return TaskOut.of(selectors.task_for(actor_of(request), task_id))


@router.post("/tasks/{id:task_id}/start", response={200: TaskOut, **ERRORS})
def start_task(request: HttpRequest, task_id: Id) -> TaskOut:
    """The owner starts work (also after changes were requested)."""
    actor = actor_of(request)
    services.start_task(actor=actor, task=selectors.task_for(actor, task_id))
    return _fresh(request, task_id)


@router.post("/tasks/{id:task_id}/submit", response={200: TaskOut, **ERRORS})
def submit_task(request: HttpRequest, task_id: Id, payload: SubmitIn) -> TaskOut:
    """The owner submits a work product, pinned by its content hash, for review."""
    actor = actor_of(request)
    services.submit_task(
        actor=actor,
        task=selectors.task_for(actor, task_id),
        product_kind=payload.product_kind,
        product_id=payload.product_id,
        note=payload.note,
    )
    return _fresh(request, task_id)


@router.post("/tasks/{id:task_id}/request-changes", response={200: TaskOut, **ERRORS})
def request_changes(
    request: HttpRequest, task_id: Id, payload: RequestChangesIn
) -> TaskOut:
    """The reviewing attorney sends the work back, saying what to change."""
    actor = actor_of(request)
    services.request_changes(
        actor=actor, task=selectors.task_for(actor, task_id), note=payload.note
    )
    return _fresh(request, task_id)


@router.post("/tasks/{id:task_id}/approve", response={200: TaskOut, **ERRORS})
def approve_task(
    request: HttpRequest, task_id: Id, payload: NoteIn | None = None
) -> TaskOut:
    """The reviewing attorney approves exactly the submitted version (hash pinned)."""
    actor = actor_of(request)
    services.approve_task(
        actor=actor,
        task=selectors.task_for(actor, task_id),
        note=payload.note if payload else "",
    )
    return _fresh(request, task_id)


@router.post("/tasks/{id:task_id}/deliver", response={200: TaskOut, **ERRORS})
def deliver_task(
    request: HttpRequest, task_id: Id, payload: NoteIn | None = None
) -> TaskOut:
    """Marks approved work delivered, if the product is still the approved version."""
    actor = actor_of(request)
    services.deliver_task(
        actor=actor,
        task=selectors.task_for(actor, task_id),
        note=payload.note if payload else "",
    )
    return _fresh(request, task_id)


@router.get("/tasks/{id:task_id}/comments", response={200: list[CommentOut], **ERRORS})
def list_comments(request: HttpRequest, task_id: Id) -> list[CommentOut]:
    actor = actor_of(request)
    task = selectors.task_for(actor, task_id)
    comments = list(selectors.comments_of(task))
    record_read(
        "comment.listed",
        actor=actor,
        obj=task,
        matter=task.matter,
        details={"ids": [c.pk for c in comments]},
    )
    return [CommentOut.of(comment) for comment in comments]


@router.post("/tasks/{id:task_id}/comments", response={201: CommentOut, **ERRORS})
def add_comment(
    request: HttpRequest, task_id: Id, payload: CommentIn
) -> Status[CommentOut]:
    actor = actor_of(request)
    comment = services.add_comment(
        actor=actor, task=selectors.task_for(actor, task_id), body=payload.body
    )
    return Status(201, CommentOut.of(comment))
