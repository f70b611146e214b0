"""Upload, document page with its versions, download: translation only.

Every object comes through a selector, so anything the user may not see is a 404.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from paradesk.core import audit
from paradesk.core.exceptions import NotVisibleError, ParadeskError
from paradesk.core.services import record_read
from paradesk.core.storage import StorageError
from paradesk.documents import selectors, services
from paradesk.documents.forms import (
    DocumentFilterForm,
    UnlockForm,
    UploadForm,
    VersionForm,
)
from paradesk.documents.models import Document, DocumentVersion
from paradesk.documents.services import ingest as ingest_services
from paradesk.documents.services import tags as tag_services
from paradesk.engines.fulltext import QuerySyntaxError
from paradesk.engines.pages import UnreadableError
from paradesk.engines.pages.render import render_page, renderable
from paradesk.firm.models import User
from paradesk.matters.selectors import matter_for, matters_visible_to

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
            files = form.cleaned_data["file"]
            title = form.cleaned_data["title"] if len(files) == 1 else ""
            outcomes, failures = [], []
            for file in files:
                try:
                    outcomes.append(
                        services.add_upload(
                            actor=actor,
                            matter=matter,
                            file=file,
                            name=file.name or "",
                            title=title,
                        )
                    )
                except ParadeskError as exc:
                    failures.append(f"{file.name}: {exc}")
            if outcomes and len(files) == 1 and not outcomes[0].extracted:
                _say_single(request, outcomes[0])
                return redirect("documents:detail", outcomes[0].upload.document.pk)
            if outcomes:
                _say_summary(request, outcomes, failures)
                return redirect("matters:detail", matter.pk)
            for failure in failures:
                form.add_error(
                    "file", failure if len(files) > 1 else failure.split(": ", 1)[-1]
                )
    return render(
        request,
        "documents/upload.html",
        {"matter": matter, "form": form},
        status=400 if form.errors else 200,
    )


def _say_single(request: HttpRequest, outcome: services.UploadOutcome) -> None:
    added = outcome.upload
    if added.created:
        messages.success(request, "Document uploaded and stored encrypted.")
    else:
        messages.info(
            request,
            "This file is already on the matter as "
            f"“{added.document.title}” (v{added.version.number}); "
            "it was linked, not stored twice.",
        )
    if outcome.archive_error:
        messages.warning(request, outcome.archive_error)


def _say_summary(
    request: HttpRequest, outcomes: list[services.UploadOutcome], failures: list[str]
) -> None:
    added = [o.upload for o in outcomes] + [a for o in outcomes for a in o.extracted]
    new = sum(1 for a in added if a.created)
    linked = len(added) - new
    text = f"{new} document{'s' if new != 1 else ''} added"
    if linked:
        text += f", {linked} already on the matter (linked, not stored twice)"
    messages.success(request, text + ".")
    for outcome in outcomes:
        if outcome.archive_error:
            messages.warning(
                request,
                f"{outcome.upload.document.title}: kept as uploaded, but not "
                f"expanded: {outcome.archive_error}",
            )
        for skipped in outcome.skipped:
            messages.warning(request, f"Left out {skipped.name}: {skipped.reason}.")
    for failure in failures:
        messages.error(request, failure)


def _render_detail(
    request: HttpRequest, document: Document, form: VersionForm, *, status: int = 200
) -> HttpResponse:
    latest = document.latest_version
    ingest = selectors.ingest_of(latest) if latest else None
    pages = list(selectors.pages_of(latest)[:_PAGES_SHOWN]) if latest else []
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "matter": document.matter,
            "latest": latest,
            "ingest": ingest,
            "ingest_interrupted": ingest is not None
            and ingest_services.is_interrupted(ingest),
            "pages": pages,
            "versions": selectors.versions_of(document),
            "form": form,
            "unlock_form": UnlockForm(),
            "tags": list(document.tags.all()),
        },
        status=status,
    )


# The page list is a preview; the viewer and search reach every page.
_PAGES_SHOWN = 200


@sensitive_post_parameters("password")
@require_POST
def unlock(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = _actor(request)
    version = selectors.version_for(actor, version_id)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Type the PDF's password.")
        return redirect("documents:detail", version.document_id)
    try:
        unlocked = ingest_services.unlock_pdf(
            actor=actor, version=version, password=form.cleaned_data["password"]
        )
    except ParadeskError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Version {unlocked.number} is the unlocked copy; it is being read now. "
            "The password was not kept.",
        )
    return redirect("documents:detail", version.document_id)


@require_POST
def retry_ingest(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = _actor(request)
    version = selectors.version_for(actor, version_id)
    try:
        ingest_services.retry_ingest(actor=actor, version=version)
    except ParadeskError as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, "Reading this version again.")
    return redirect("documents:detail", version.document_id)


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
def download(request: HttpRequest, version_id: int) -> HttpResponseBase:
    actor = _actor(request)
    version = selectors.version_for(actor, version_id)
    if version.size_bytes > _WHOLE_DOWNLOAD_BYTES:
        return _streamed_download(request, actor, version)
    try:
        data = selectors.content_of(version)
    except StorageError:
        return _refuse_damaged(request, version)
    services.record_download(actor=actor, version=version)
    return _as_attachment(
        HttpResponse(data, content_type=version.content_type), version
    )


# Up to this size a download is read and verified whole before the first byte is sent
# (a damaged file then becomes a clear message); larger ones stream.
_WHOLE_DOWNLOAD_BYTES = 32 * 1024 * 1024


def _refuse_damaged(request: HttpRequest, version: DocumentVersion) -> HttpResponse:
    # Ids only in the log: the reason names a hash, never a file or client name.
    logger.exception("download refused: version_id=%s failed to read", version.pk)
    messages.error(
        request,
        "This file could not be read back intact, so it was not sent. "
        "Tell your administrator; the stored original is kept as it is.",
    )
    return redirect("documents:detail", version.document_id)


def _as_attachment(
    response: HttpResponseBase, version: DocumentVersion
) -> HttpResponseBase:
    filename = services.clean_file_name(version.original_name)
    response["Content-Disposition"] = (
        content_disposition_header(True, filename) or "attachment"
    )
    response["Content-Length"] = str(version.size_bytes)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _streamed_download(
    request: HttpRequest, actor: User, version: DocumentVersion
) -> HttpResponseBase:
    """Sends a large version segment by segment, never holding it whole in memory.

    Each segment is authenticated before its bytes are released, so nothing
    unverified is ever sent; a damaged segment ends the response early, which the
    browser reports as a failed download (the length promised is not met).
    """
    try:
        stream = selectors.open_content(version)
    except StorageError:
        return _refuse_damaged(request, version)
    services.record_download(actor=actor, version=version)

    def chunks() -> Iterator[bytes]:
        try:
            while chunk := stream.read(1024 * 1024):
                yield chunk
        except StorageError:
            logger.exception("download cut: version_id=%s failed midway", version.pk)
        finally:
            stream.close()

    return _as_attachment(
        StreamingHttpResponse(chunks(), content_type=version.content_type), version
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search across the user's matters, or within one."""
    actor = _actor(request)
    query = request.GET.get("q", "").strip()[:1000]
    matter_param = request.GET.get("matter", "")
    matter = matter_for(actor, matter_param) if matter_param else None
    results: selectors.PageSearch | None = None
    error = ""
    if query:
        try:
            results = selectors.search_pages(actor, query, matter=matter, limit=50)
        except QuerySyntaxError as exc:
            error = str(exc)
        else:
            record_read(
                "search.performed",
                actor=actor,
                matter=matter,
                details={
                    **audit.search_details(query),
                    "hits": results.total,
                    "document_ids": sorted({h.document.pk for h in results.hits}),
                },
            )
    return render(
        request,
        "documents/search.html",
        {
            "query": query,
            "matter": matter,
            "matters": matters_visible_to(actor),
            "results": results,
            "error": error,
        },
        status=400 if error else 200,
    )


_OPERATORS = frozenset({"AND", "OR", "NOT"})


def _highlight(text: str, *, quote: str = "", query: str = "") -> SafeString:
    """The page text, escaped, with a cited quote or a search's words marked.

    A quote (from a citation) is marked where it stands exactly; a search query's
    words are marked one by one, a trailing * matching any ending.
    """
    escaped = str(escape(text))
    patterns = []
    if quote.strip():
        # Citations keep a quote with its whitespace collapsed; the page may have
        # runs of spaces or a line break where the quote has one space.
        words = [re.escape(str(escape(word))) for word in quote.split()]
        patterns.append(r"\s+".join(words))
    for word in re.findall(r"[^\s\"()+\-]+", query):
        if word in _OPERATORS or len(word.rstrip("*")) < 2:
            continue
        stem = re.escape(str(escape(word.rstrip("*"))))
        patterns.append(rf"\b{stem}\w*" if word.endswith("*") else rf"\b{stem}\b")
    if not patterns:
        return mark_safe(escaped)  # noqa: S308  (escaped just above)
    pattern = re.compile("|".join(patterns), re.IGNORECASE)
    return mark_safe(  # noqa: S308  (built from escaped text only)
        pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    )


@require_GET
def page_view(
    request: HttpRequest, document_id: int, number: int, page: int
) -> HttpResponse:
    """The viewer: a page's picture beside its text, at an address a citation keeps."""
    actor = _actor(request)
    version, found = selectors.page_for(actor, document_id, number, page)
    quote = request.GET.get("quote", "")[:1000]
    query = request.GET.get("q", "")[:1000]
    record_read(
        "document.page_viewed",
        actor=actor,
        obj=version,
        matter=version.document.matter,
        details={"document_id": version.document_id, "page": found.number},
    )
    total = selectors.page_count_of(version)
    return render(
        request,
        "documents/page.html",
        {
            "document": version.document,
            "matter": version.document.matter,
            "version": version,
            "page": found,
            "total": total,
            "text": _highlight(found.text, quote=quote, query=query),
            "carry": _carry(quote, query),
            "has_picture": renderable(version.content_type),
        },
    )


def _carry(quote: str, query: str) -> str:
    """The highlight parameters, kept when paging through the document."""
    from urllib.parse import urlencode

    kept = {k: v for k, v in (("quote", quote), ("q", query)) if v}
    return f"?{urlencode(kept)}" if kept else ""


@require_GET
def page_image(
    request: HttpRequest, document_id: int, number: int, page: int
) -> HttpResponse:
    """The page's picture, rendered on demand and never written to disk."""
    actor = _actor(request)
    version, found = selectors.page_for(actor, document_id, number, page)
    if not renderable(version.content_type):
        raise NotVisibleError("This page has no picture.")
    try:
        png = render_page(selectors.content_of(version), found.number)
    except (UnreadableError, IndexError):
        raise NotVisibleError("This page has no picture.") from None
    record_read(
        "document.page_image_viewed",
        actor=actor,
        obj=version,
        matter=version.document.matter,
        details={"document_id": version.document_id, "page": found.number},
    )
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def tag(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = _actor(request)
    document = selectors.document_for(actor, document_id)
    try:
        if request.POST.get("remove"):
            tag_services.untag_document(
                actor=actor, document=document, name=request.POST["remove"][:50]
            )
        else:
            tag_services.tag_document(
                actor=actor, document=document, name=request.POST.get("name", "")
            )
    except ParadeskError as exc:
        messages.error(request, str(exc))
    return redirect("documents:detail", document.pk)


@require_GET
def matter_documents(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Every document of a matter, filtered by tag, type and upload date."""
    actor = _actor(request)
    matter = matter_for(actor, matter_id)
    form = DocumentFilterForm(request.GET or None, matter=matter)
    documents = selectors.document_list_of(matter)
    if form.is_bound and form.is_valid():
        documents = selectors.filter_documents(documents, **form.cleaned_data)
    listed = list(documents)
    record_read(
        "document.listed",
        actor=actor,
        matter=matter,
        details={"document_ids": [d.pk for d in listed]},
    )
    return render(
        request,
        "documents/matter_documents.html",
        {"matter": matter, "documents": listed, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
