"""A database failure after the blob is written leaves no row and no audit event."""

from __future__ import annotations

import hashlib

import pytest
from django.db import DatabaseError, connection

from paradesk.core.models import AuditEvent
from paradesk.core.storage import get_store
from paradesk.documents.models import Document, DocumentVersion
from paradesk.documents.services import add_document
from paradesk.testing.personas import Firm

_SQLITE = """
CREATE TRIGGER refuse_document_versions BEFORE INSERT ON documents_documentversion
BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
"""
_POSTGRES = [
    """
    CREATE FUNCTION refuse_document_versions() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER refuse_document_versions BEFORE INSERT ON documents_documentversion
    FOR EACH ROW EXECUTE FUNCTION refuse_document_versions()
    """,
]


@pytest.fixture
def versions_refused(db: None) -> None:
    """A real database that refuses version rows (the DDL rolls back with the test)."""
    statements = [_SQLITE] if connection.vendor == "sqlite" else _POSTGRES
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def test_a_failed_row_write_after_the_blob_write_leaves_no_row(
    firm: Firm, versions_refused: None
) -> None:
    content = b"%PDF-1.4 records that will not get a row"
    with pytest.raises(DatabaseError):
        add_document(
            actor=firm.paralegal, matter=firm.matter, file=content, name="r.pdf"
        )
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="document.").exists()
    # The blob was written first and stays until pruning: never a row without its blob.
    assert get_store().exists(hashlib.sha256(content).hexdigest())
