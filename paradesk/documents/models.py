"""Documents of a matter and their immutable versions, each pointing at one blob.

A version is its own row (Document -> DocumentVersion, pages later hang off the
version), so no query can mistake an old version for a document. A version's content is
the blob named by its `sha256` in `paradesk.core.storage`; the blob is written before
the row and never overwritten.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from paradesk.core.blobrefs import BlobField
from paradesk.documents import filetypes
from paradesk.documents.exceptions import DocumentError


class Document(models.Model):
    matter = models.ForeignKey(
        "matters.Matter", on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Where the document came from when it was not uploaded on its own: the archive
    # (or, later, the e-mail) version it was taken out of, and its path inside it.
    source = models.ForeignKey(
        "DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extracted_documents",
    )
    source_path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["matter", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def latest_version(self) -> DocumentVersion | None:
        # `latest_versions` is the selectors' prefetch of the newest version only.
        prefetched: list[DocumentVersion] | None = getattr(
            self, "latest_versions", None
        )
        if prefetched is not None:
            return prefetched[0] if prefetched else None
        return self.versions.order_by("-number").first()


class DocumentVersion(models.Model):
    """One immutable upload of a document: saved once, never updated."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    sha256 = BlobField(db_index=True)
    size_bytes = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["document", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["document", "number"], name="unique_document_version_number"
            ),
            models.UniqueConstraint(
                fields=["document", "sha256"], name="unique_document_version_content"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="document_version_number_from_1"
            ),
            models.CheckConstraint(
                condition=models.Q(size_bytes__gt=0), name="document_version_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A cited page or an approved work product names a version: changing one in
        # place would silently change what was cited or approved.
        if not self._state.adding:
            raise DocumentError(
                "A document version cannot be changed; upload a new version instead."
            )
        super().save(*args, **kwargs)

    @property
    def type_label(self) -> str:
        return filetypes.label_for(self.content_type)

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12]


class IngestState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Reading pages"
    DONE = "done", "Ready"
    FAILED = "failed", "Could not be read"
    PASSWORD = "password", "Password-protected"
    ARCHIVE = "archive", "Archive: its files are documents of their own"
    UNLOCKED = "unlocked", "Password-protected; a later version is the unlocked copy"


class Ingest(models.Model):
    """Reading one version's pages: its state, progress and the reason it failed.

    Kept apart from the immutable version: this is processing state, which changes
    while the version never does. A failure never deletes anything: the version and
    its blob stay, and the ingest can be retried.
    """

    version = models.OneToOneField(
        DocumentVersion, on_delete=models.PROTECT, related_name="ingest"
    )
    state = models.CharField(
        max_length=16, choices=IngestState.choices, default=IngestState.QUEUED
    )
    error = models.CharField(max_length=500, blank=True)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    job = models.ForeignKey(
        "core.JobProgress",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"ingest of {self.version_id}: {self.state}"


class PageMethod(models.TextChoices):
    TEXT = "text", "Text layer"
    OCR = "ocr", "OCR"


class Page(models.Model):
    """The text of one page of one version, as read by `paradesk.engines.pages`."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, related_name="pages"
    )
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    method = models.CharField(max_length=8, choices=PageMethod.choices)
    confidence = models.FloatField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering: ClassVar = ["version", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "number"], name="unique_page_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="page_number_from_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id} p{self.number}"


class DocumentTag(models.Model):
    """A label on a document ("medical", "bills", "police report"), for filtering."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(max_length=50)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["document", "name"], name="unique_tag")
        ]
        indexes: ClassVar = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name
