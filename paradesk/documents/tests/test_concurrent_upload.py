"""The same file uploaded twice at the same moment is stored once and linked once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from paradesk.documents.models import Document, DocumentVersion
from paradesk.documents.services import Added, add_document
from paradesk.testing.personas import Firm


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database has one connection; run on PostgreSQL",
)
def test_two_simultaneous_uploads_of_one_file_make_one_document(
    live_firm: Firm,
) -> None:
    data = b"%PDF-1.4 the same records sent twice by the provider"
    results: list[Added] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def upload() -> None:
        try:
            barrier.wait()
            results.append(
                add_document(
                    actor=live_firm.paralegal,
                    matter=live_firm.matter,
                    file=data,
                    name="records.pdf",
                )
            )
        except BaseException as error:  # re-raised below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert Document.objects.filter(matter=live_firm.matter).count() == 1
    assert (
        DocumentVersion.objects.filter(document__matter=live_firm.matter).count() == 1
    )
