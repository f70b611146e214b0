"""Tags on documents: added and removed by anyone on the matter's team, audited."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import transaction

from paradesk.core import audit
from paradesk.core.exceptions import PermissionDeniedError
from paradesk.documents.exceptions import DocumentError
from paradesk.documents.models import Document, DocumentTag
from paradesk.matters.selectors import can_see_matter

if TYPE_CHECKING:
    from paradesk.firm.models import User

_TAG = re.compile(r"^[\w][\w .&/-]{0,49}$")


def normalise_tag(raw: str) -> str:
    """A tag as stored: trimmed, single spaces, lower case.

    Raises:
        DocumentError: empty, too long, or with characters a tag cannot hold.
    """
    name = " ".join(raw.split()).lower()
    if not _TAG.match(name):
        raise DocumentError(
            "A tag is 1 to 50 letters, digits, spaces or . & / - (for example "
            "“medical records”)."
        )
    return name


def tag_document(*, actor: User, document: Document, name: str) -> DocumentTag:
    """Adds a tag to a document; adding one it already has changes nothing.

    Raises:
        PermissionDeniedError, DocumentError.
    """
    if not can_see_matter(actor, document.matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    tag_name = normalise_tag(name)
    with transaction.atomic():
        tag, created = DocumentTag.objects.get_or_create(
            document=document, name=tag_name, defaults={"added_by": actor}
        )
        if created:
            audit.record(
                "document.tagged",
                actor=actor,
                obj=document,
                matter=document.matter,
                details={"tag": tag_name},
            )
    return tag


def untag_document(*, actor: User, document: Document, name: str) -> None:
    """Removes a tag from a document.

    Raises:
        PermissionDeniedError, DocumentError: the document has no such tag.
    """
    if not can_see_matter(actor, document.matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    with transaction.atomic():
        deleted, _ = DocumentTag.objects.filter(document=document, name=name).delete()
        if not deleted:
            raise DocumentError("This document has no such tag.")
        audit.record(
            "document.untagged",
            actor=actor,
            obj=document,
            matter=document.matter,
            details={"tag": name},
        )
