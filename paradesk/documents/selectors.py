"""Reads of documents, versions and their content, scoped to the visible matters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, BinaryIO

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from paradesk.core.exceptions import NotVisibleError
from paradesk.core.storage import get_store
from paradesk.documents.models import Document, DocumentVersion, Ingest, Page
from paradesk.documents.search import get_backend
from paradesk.matters.selectors import visible_matter_ids
from paradesk.work.products import ProductRef

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter


def _with_latest(documents: QuerySet[Document]) -> QuerySet[Document]:
    # A sliced prefetch (a window function in SQL) fetches only each document's newest
    # version, however many versions a document has.
    newest = DocumentVersion.objects.select_related("uploaded_by", "ingest").order_by(
        "-number"
    )
    return documents.annotate(version_count=Count("versions")).prefetch_related(
        Prefetch("versions", queryset=newest[:1], to_attr="latest_versions")
    )


def documents_of(matter: Matter) -> QuerySet[Document]:
    """A matter's documents, newest first, each with its latest version prefetched.

    Call only with a matter obtained through a selector.
    """
    # Explicit order: Django drops Meta.ordering from queries with an aggregate.
    return _with_latest(
        Document.objects.filter(matter=matter).select_related("created_by")
    ).order_by("-created_at", "-id")


def document_list_of(matter: Matter) -> QuerySet[Document]:
    """`documents_of` with each document's tags, for the list that shows them."""
    return documents_of(matter).prefetch_related("tags")


def _pk(value: int | str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def document_for(user: User, document_id: int | str) -> Document:
    """The document if `user` may see its matter; NotVisibleError (a 404) otherwise."""
    pk = _pk(document_id)
    document = (
        _with_latest(
            Document.objects.filter(matter__in=visible_matter_ids(user)).select_related(
                "matter", "matter__client", "created_by"
            )
        )
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if document is None:
        raise NotVisibleError("No such document.")
    return document


def page_for(
    user: User, document_id: int | str, number: int | str, page: int | str
) -> tuple[DocumentVersion, Page]:
    """A page of version `number` of a document the user may see; a 404 otherwise.

    The address names document, version number and page, so a citation opens the
    exact page of the exact version it quotes, whatever was uploaded since.
    """
    doc_pk, version_no, page_no = _pk(document_id), _pk(number), _pk(page)
    if doc_pk is None or version_no is None or page_no is None:
        raise NotVisibleError("No such page.")
    version = (
        DocumentVersion.objects.filter(
            document_id=doc_pk,
            number=version_no,
            document__matter__in=visible_matter_ids(user),
        )
        .select_related("document", "document__matter", "uploaded_by")
        .first()
    )
    found = (
        Page.objects.filter(version=version, number=page_no).first()
        if version
        else None
    )
    if version is None or found is None:
        raise NotVisibleError("No such page.")
    return version, found


def page_count_of(version: DocumentVersion) -> int:
    return Page.objects.filter(version=version).count()


def version_for(user: User, version_id: int | str) -> DocumentVersion:
    """The version if `user` may see its matter; NotVisibleError (a 404) otherwise."""
    pk = _pk(version_id)
    version = (
        DocumentVersion.objects.filter(
            pk=pk, document__matter__in=visible_matter_ids(user)
        )
        .select_related("document", "document__matter", "uploaded_by")
        .first()
        if pk is not None
        else None
    )
    if version is None:
        raise NotVisibleError("No such document version.")
    return version


def versions_of(document: Document) -> QuerySet[DocumentVersion]:
    """Every version of a document obtained through a selector, newest first."""
    return DocumentVersion.objects.filter(document=document).select_related(
        "uploaded_by"
    )


def content_of(version: DocumentVersion) -> bytes:
    """The verified bytes of a version obtained through a selector.

    Raises:
        StorageError: the blob is missing or fails its integrity check.
    """
    return get_store().read(version.sha256)


def open_content(version: DocumentVersion) -> BinaryIO:
    """The bytes of a version as a stream; each segment is verified before it is read.

    Raises:
        StorageError: the blob is missing or its header fails (later segments raise
            from `read`).
    """
    return get_store().open_stream(version.sha256)


def document_product(matter: Matter, product_id: str) -> ProductRef | None:
    """A document as a task's work product: its content hash is the latest version's.

    Registered with `paradesk.work.products`; the caller has already scoped `matter`.
    """
    pk = _pk(product_id)
    if pk is None:
        return None
    document = _with_latest(Document.objects.filter(matter=matter, pk=pk)).first()
    latest = document.latest_version if document is not None else None
    if document is None or latest is None:
        return None
    return ProductRef(
        kind="document",
        id=str(document.pk),
        label=f"{document.title} (v{latest.number})",
        sha256=latest.sha256,
        url=reverse("documents:detail", args=[document.pk]),
    )


def ingest_of(version: DocumentVersion) -> Ingest | None:
    """The reading state of a version obtained through a selector."""
    return Ingest.objects.filter(version=version).select_related("job").first()


def pages_of(version: DocumentVersion) -> QuerySet[Page]:
    """The pages read from a version obtained through a selector, in order."""
    return Page.objects.filter(version=version).order_by("number")


@dataclass(frozen=True)
class PageHit:
    """One page found by a search, with its document (fetched through the scope)."""

    document: Document
    version_id: int
    version_number: int
    page_number: int
    snippet_html: str


@dataclass(frozen=True)
class PageSearch:
    hits: list[PageHit]
    total: int


def search_pages(
    user: User,
    query: str,
    *,
    matter: Matter | None = None,
    limit: int = 20,
    offset: int = 0,
) -> PageSearch:
    """Pages matching `query` in the matters `user` may see (or in one of them).

    The permitted matters go into the search itself (the tantivy query, or the SQL
    WHERE clause), so the top hits are ranked among permitted pages only and sharing
    changes need no reindex.

    Raises:
        QuerySyntaxError: the query is malformed (its message says where).
        ImproperlyConfigured: PARADESK_SEARCH_BACKEND is wrong for this install.
    """
    if matter is not None:
        allowed = {matter.pk}
    else:
        allowed = set(visible_matter_ids(user).values_list("id", flat=True))
    if not allowed:
        return PageSearch(hits=[], total=0)
    result = get_backend().search(query, matter_ids=allowed, limit=limit, offset=offset)
    # A tantivy index is rebuilt from the database and may lag it: only documents
    # that still exist in a permitted matter are shown.
    documents = Document.objects.filter(
        pk__in={hit.document_id for hit in result.hits}, matter_id__in=allowed
    ).select_related("matter")
    by_id = {document.pk: document for document in documents}
    numbers = dict(
        DocumentVersion.objects.filter(
            pk__in={hit.version_id for hit in result.hits}, document__in=documents
        ).values_list("pk", "number")
    )
    hits = [
        PageHit(
            document=by_id[hit.document_id],
            version_id=hit.version_id,
            version_number=numbers[hit.version_id],
            page_number=hit.page_number,
            snippet_html=hit.snippet_html,
        )
        for hit in result.hits
        if hit.document_id in by_id and hit.version_id in numbers
    ]
    return PageSearch(hits=hits, total=result.total)


def filter_documents(
    documents: QuerySet[Document],
    *,
    tag: str = "",
    kind: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Document]:
    """Narrows documents already scoped by a selector by tag, type and upload day.

    The conditions go into a subquery so the version count the list shows is not
    multiplied by the joins they need.
    """
    matching = Document.objects.all()
    if tag:
        matching = matching.filter(tags__name=tag)
    if kind:
        matching = matching.filter(versions__content_type=kind)
    tz = timezone.get_current_timezone()
    if since is not None:
        start = datetime.combine(since, time.min, tzinfo=tz)
        matching = matching.filter(versions__uploaded_at__gte=start)
    if until is not None and until < date.max:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz)
        matching = matching.filter(versions__uploaded_at__lt=end)
    return documents.filter(pk__in=matching.values("pk"))
