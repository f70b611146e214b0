"""A large upload streams into the encrypted store: memory stays bounded."""

from __future__ import annotations

import tracemalloc

import pytest
from django.conf import settings as django_settings

from paradesk.core.storage import LocalEncryptedStore, get_store
from paradesk.documents.exceptions import DocumentError
from paradesk.documents.models import DocumentVersion
from paradesk.documents.services import add_document
from paradesk.testing.personas import Firm

MB = 1024 * 1024


class GeneratedFile:
    """`size` bytes of text made on the fly, read like an uploaded file."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.line = b"Progress note: cervical strain improving with therapy.\n" * 1000

    def read(self, size: int = -1, /) -> bytes:
        take = min(self.left, len(self.line) if size < 0 else min(size, len(self.line)))
        self.left -= take
        return self.line[:take]


def test_a_large_file_streams_with_bounded_memory(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(django_settings, "PARADESK_MAX_UPLOAD_MB", 400)
    tracemalloc.start()
    try:
        added = add_document(
            actor=firm.paralegal,
            matter=firm.matter,
            file=GeneratedFile(300 * MB),
            name="big.txt",
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * MB
    assert added.version.size_bytes == 300 * MB
    assert added.version.content_type == "text/plain"
    stream = get_store().open_stream(added.version.sha256)
    assert (
        stream.read(55) == b"Progress note: cervical strain improving with therapy.\n"
    )
    stream.close()
    # The store outlives the test's database rows: leave no 300 MB blob behind.
    get_store().delete(added.version.sha256)


def test_a_streamed_file_over_the_limit_stores_nothing(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(django_settings, "PARADESK_MAX_UPLOAD_MB", 5)
    before = set(get_store().iter_keys())
    with pytest.raises(DocumentError, match="larger than the upload limit of 5 MB"):
        add_document(
            actor=firm.paralegal,
            matter=firm.matter,
            file=GeneratedFile(12 * MB),
            name="big.txt",
        )
    assert not DocumentVersion.objects.exists()
    assert set(get_store().iter_keys()) == before


def test_a_large_download_streams_and_a_damaged_segment_cuts_it(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.http import StreamingHttpResponse

    monkeypatch.setattr(django_settings, "PARADESK_MAX_UPLOAD_MB", 100)
    added = add_document(
        actor=firm.paralegal,
        matter=firm.matter,
        file=GeneratedFile(40 * MB),
        name="big.txt",
    )
    client = firm.client(firm.paralegal)
    url = f"/documents/versions/{added.version.pk}/download/"
    response = client.get(url)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Length"] == str(40 * MB)
    assert sum(len(chunk) for chunk in response.streaming_content) == 40 * MB

    store = get_store()
    assert isinstance(store, LocalEncryptedStore)
    path = store.path_for(added.version.sha256)
    with open(path, "r+b") as blob:
        blob.seek(20 * MB)
        byte = blob.read(1)
        blob.seek(20 * MB)
        blob.write(bytes([byte[0] ^ 0xFF]))
    cut = client.get(url)
    sent = sum(len(chunk) for chunk in cut.streaming_content)
    assert sent < 20 * MB
    get_store().delete(added.version.sha256)


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_hidden_large_downloads_are_404(
    firm: Firm, who: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(django_settings, "PARADESK_MAX_UPLOAD_MB", 100)
    added = add_document(
        actor=firm.paralegal,
        matter=firm.matter,
        file=GeneratedFile(33 * MB),
        name="big.txt",
    )
    response = firm.client(getattr(firm, who)).get(
        f"/documents/versions/{added.version.pk}/download/"
    )
    assert response.status_code == 404
    get_store().delete(added.version.sha256)
