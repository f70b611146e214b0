"""Upload, document page with its versions, download: translation only.

Every object comes through a selector, so anything the user may not see is a 404.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from paradesk.core.exceptions import NotVisibleError, ParadeskError
from paradesk.core.storage import StorageError
from paradesk.documents import selectors, services
from paradesk.documents.forms import UploadForm, VersionForm
from paradesk.documents.models import Document
from paradesk.firm.models import User
from paradesk.matters.selectors import matter_for

logger = logging.getLogger(__name__)


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise NotVisibleError("Sign in first.")
    return user


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, matter_id: int) -> HttpResponse:
    actor = _actor(request)
    matter = matter_for(actor, matter_id)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                added = services.add_document(
                    actor=actor,
                    matter=matter,
                    file=file,
                    name=file.name or "",
                    title=form.cleaned_data["title"],
                )
            except ParadeskError as exc:
                form.add_error("file", str(exc))
            else:
                if added.created:
                    messages.success(request, "Document uploaded and stored encrypted.")
                else:
                    messages.info(
                        request,
                        "This file is already on the matter as "
                        f"“{added.document.title}” (v{added.version.number}); "
                        "it was linked, not stored twice.",
                    )
                return redirect("documents:detail", added.document.pk)
    return render(
        request,
        "documents/upload.html",
        {"matter": matter, "form": form},
        status=400 if form.errors else 200,
    )


def _render_detail(
    request: HttpRequest, document: Document, form: VersionForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "matter": document.matter,
            "latest": document.latest_version,
            "versions": selectors.versions_of(document),
            "form": form,
        },
        status=status,
    )


@require_GET
def detail(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = _actor(request)
    document = selectors.document_for(actor, document_id)
    services.record_view(actor=actor, document=document)
    return _render_detail(request, document, VersionForm())


@require_POST
def add_version(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = _actor(request)
    document = selectors.document_for(actor, document_id)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            version = services.add_version(
                actor=actor, document=document, file=file, name=file.name or ""
            )
        except ParadeskError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, f"Version {version.number} added.")
            return redirect("documents:detail", document.pk)
    return _render_detail(request, document, form, status=400)


@require_GET
def download(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = _actor(request)
    version = selectors.version_for(actor, version_id)
    try:
        data = selectors.content_of(version)
    except StorageError:
        # Ids only in the log: the reason names a hash, never a file or client name.
        logger.exception("download refused: version_id=%s failed to read", version.pk)
        messages.error(
            request,
            "This file could not be read back intact, so it was not sent. "
            "Tell your administrator; the stored original is kept as it is.",
        )
        return redirect("documents:detail", version.document_id)
    services.record_download(actor=actor, version=version)
    response = HttpResponse(data, content_type=version.content_type)
    filename = services.clean_file_name(version.original_name)
    response["Content-Disposition"] = (
        content_disposition_header(True, filename) or "attachment"
    )
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    return response
