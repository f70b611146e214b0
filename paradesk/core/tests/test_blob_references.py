"""Every model that stores a blob is counted as referencing it (`BlobField`)."""

from __future__ import annotations

from django.apps import apps

from paradesk.core.blobrefs import BlobField, blob_references

# Fields holding a hash of content that lives elsewhere (a version's blob, a rendered
# chronology), never the only reference to a stored blob.
CONTENT_HASHES = {
    ("work.Task", "submitted_sha256"),
    ("work.Task", "approved_sha256"),
    ("work.TaskEvent", "product_sha256"),
    ("drafting.Rendering", "chronology_sha256"),
}


def test_document_and_template_versions_reference_blobs() -> None:
    found = {(ref.model._meta.label, ref.field) for ref in blob_references()}

    assert {
        ("documents.DocumentVersion", "sha256"),
        ("drafting.TemplateVersion", "sha256"),
    } <= found


def test_every_hash_field_is_a_blob_field_or_a_known_content_hash() -> None:
    undeclared = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if "sha256" in field.name and not isinstance(field, BlobField)
    }

    assert undeclared <= CONTENT_HASHES, (
        "A field that names a stored blob must be a paradesk.core.blobrefs.BlobField, "
        "or `blobs prune` deletes its blob"
    )
