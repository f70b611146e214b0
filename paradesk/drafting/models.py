"""The firm's letter templates (versioned) and the drafts made from them.

A draft's every rendering is a version of one matter document (a DOCX carrying the
DRAFT watermark), so drafts are filed, searched, audited and downloaded like any other
document. `Rendering` keeps, beside each version, the exact context and template it
was filled from: finalizing re-fills the approved version's own context, without the
watermark, so the final PDF says what the attorney approved and nothing newer.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from paradesk.core.blobrefs import BlobField
from paradesk.documents.models import Document, DocumentVersion
from paradesk.matters.models import Matter


class TemplateKind(models.TextChoices):
    DEMAND = "demand", "Demand letter"
    RECORDS_REQUEST = "records_request", "Medical records request"
    HIPAA_AUTHORIZATION = "hipaa_authorization", "HIPAA authorization"
    REPRESENTATION = "representation", "Letter of representation"
    CLIENT_STATUS = "client_status", "Client status letter"
    OTHER = "other", "Other letter"


class Template(models.Model):
    """A letter template of the firm's library; built-ins carry their engine key."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=32, choices=TemplateKind.choices)
    description = models.CharField(max_length=300, blank=True)
    builtin = models.CharField(max_length=40, blank=True)
    archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["kind", "name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["builtin"],
                condition=~models.Q(builtin=""),
                name="unique_builtin_template",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(models.Model):
    template = models.ForeignKey(
        Template, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    sha256 = BlobField()
    size_bytes = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255)
    # The merge fields the template uses, checked against the context at upload.
    fields = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["template", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["template", "number"], name="unique_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class Draft(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="drafts")
    template = models.ForeignKey(
        Template, on_delete=models.PROTECT, related_name="drafts"
    )
    title = models.CharField(max_length=200)
    # What people entered for this letter (dates ISO, money in cents), by field name.
    inputs = models.JSONField(default=dict, blank=True)
    document = models.OneToOneField(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft",
    )
    final_document = models.OneToOneField(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="final_of_draft",
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Bumped by every change; a form posts the version it showed.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return self.template.kind


class Rendering(models.Model):
    """One filled version of a draft: the document version and what made it."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="renderings"
    )
    document_version = models.OneToOneField(
        DocumentVersion, on_delete=models.PROTECT, related_name="rendering"
    )
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="+"
    )
    # The full `paradesk.draft-context/1` document the version was filled from.
    context = models.JSONField()
    warnings = models.JSONField(default=list, blank=True)
    # The approved chronology's content hash a demand was built from ("" otherwise).
    chronology_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-id"]

    def __str__(self) -> str:
        return f"rendering {self.pk} of draft {self.draft_id}"
