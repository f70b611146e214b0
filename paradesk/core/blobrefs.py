"""Which rows point at blobs: every model field declared as a `BlobField`.

A model that keeps content in the blob store declares the field holding the blob's
SHA-256 as a `BlobField`. That declaration is the registry: `blob_references` finds
every such field in the installed apps, so `blobs check`, `blobs prune` and backups
count every table that stores a blob, including apps added later, without core
importing any of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models

_QUERY_CHUNK = 500


if TYPE_CHECKING:
    _CharField = models.CharField[str, str]
else:
    # Django's fields are generic only in django-stubs.
    _CharField = models.CharField


class BlobField(_CharField):
    """The SHA-256 of a blob in the store that this row needs kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class BlobReference:
    """One model field whose values name blobs."""

    model: type[models.Model]
    field: str

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)


def blob_references() -> list[BlobReference]:
    """Every `BlobField` of every installed model, in a stable order."""
    found = [
        BlobReference(model=model, field=field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, BlobField)
    ]
    return sorted(found, key=lambda ref: (ref.model._meta.label, ref.field))


@dataclass(frozen=True)
class ReferencingRow:
    label: str
    pk: int
    sha256: str


def referencing_rows() -> Iterator[ReferencingRow]:
    """Every row that points at a blob, table by table in id order."""
    for ref in blob_references():
        rows = (
            ref.model._default_manager.order_by("pk")
            .values_list("pk", ref.field)
            .iterator()
        )
        for pk, sha256 in rows:
            yield ReferencingRow(label=ref.label, pk=pk, sha256=sha256)


def referenced_among(names: Iterable[str]) -> set[str]:
    """The names in `names` that some row references."""
    listed = list(names)
    found: set[str] = set()
    for ref in blob_references():
        manager = ref.model._default_manager
        for start in range(0, len(listed), _QUERY_CHUNK):
            chunk = listed[start : start + _QUERY_CHUNK]
            found.update(
                manager.filter(**{f"{ref.field}__in": chunk}).values_list(
                    ref.field, flat=True
                )
            )
    return found


def is_referenced(sha256: str) -> bool:
    return any(
        ref.model._default_manager.filter(**{ref.field: sha256}).exists()
        for ref in blob_references()
    )
