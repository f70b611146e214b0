"""An upload over the limit is refused while it streams in: never spooled whole to disk.

Each request's body is read through `WatchedBody`, which looks at Django's spool
folder every time the parser reads more, so the tests see the largest temporary file
that ever existed during the upload, not only what is left at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.conf import settings as django_settings
from django.test import Client
from django.test.client import (
    BOUNDARY,
    MULTIPART_CONTENT,
    FakePayload,
    encode_multipart,
)
from django.urls import reverse

from paradesk.core.storage import get_store
from paradesk.documents.models import Document
from paradesk.firm.tokens import issue_api_token
from paradesk.testing.personas import Firm

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

MB = 1024 * 1024
LIMIT_MESSAGE = "The file is larger than the upload limit of 1 MB."


class WatchedBody(FakePayload):
    """A request body that notes the largest spooled upload each time it is read."""

    def __init__(self, body: bytes) -> None:
        super().__init__(body)
        self.largest_spool = 0

    def read(self, size: int = -1, /) -> bytes:
        for spooled in spool_files():
            try:
                self.largest_spool = max(self.largest_spool, spooled.stat().st_size)
            except FileNotFoundError:
                continue
        return super().read(size)


def spool_files() -> list[Path]:
    # Django names its spool files `tmp<random>.upload<extension>`.
    return list(Path(settings.FILE_UPLOAD_TEMP_DIR).glob("*.upload*"))


class NamedBytes:
    """A file for `encode_multipart`: a name and content, read once."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self._data = data

    def read(self) -> bytes:
        return self._data


def post_multipart(
    client: Client, url: str, files: list[tuple[str, bytes]], **fields: str
) -> tuple[Response, WatchedBody]:
    body = encode_multipart(
        BOUNDARY, {"file": [NamedBytes(n, d) for n, d in files], **fields}
    )
    watched = WatchedBody(body)
    # Django's test client lets `extra` replace the WSGI input it would build.
    extra: dict[str, Any] = {"wsgi.input": watched}
    response: Response = client.generic(
        "POST", url, body, content_type=MULTIPART_CONTENT, **extra
    )
    return response, watched


def pdf_of(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"x" * (size - 9)


@pytest.fixture(autouse=True)
def _one_megabyte_limit(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    monkeypatch.setattr(django_settings, "PARADESK_MAX_UPLOAD_MB", 1)
    # Every file in these requests goes to disk, as uploads over 2.5 MB do.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024


def upload_url(firm: Firm) -> str:
    return reverse("documents:upload", args=[firm.matter.pk])


def test_the_upload_page_refuses_an_oversize_file_before_spooling_it(
    firm: Firm,
) -> None:
    blobs = set(get_store().iter_keys())
    response, body = post_multipart(
        firm.client(firm.paralegal), upload_url(firm), [("scan.pdf", pdf_of(5 * MB))]
    )

    assert response.status_code == 400
    assert LIMIT_MESSAGE in response.content.decode()
    # Django's own handler would have spooled all 5 MB before the view ran.
    assert 0 < body.largest_spool <= MB
    assert spool_files() == []
    assert not Document.objects.exists()
    assert set(get_store().iter_keys()) == blobs


def test_a_file_under_the_limit_is_spooled_and_stored(firm: Firm) -> None:
    response, body = post_multipart(
        firm.client(firm.paralegal),
        upload_url(firm),
        [("scan.pdf", pdf_of(MB - 1024))],
        title="Emergency department records",
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.title == "Emergency department records"
    assert document.latest_version is not None
    assert document.latest_version.size_bytes == MB - 1024
    assert body.largest_spool > 0
    assert spool_files() == []


def test_one_oversize_file_among_several_is_named_and_the_rest_are_stored(
    firm: Firm,
) -> None:
    client = firm.client(firm.paralegal)
    response, _body = post_multipart(
        client,
        upload_url(firm),
        [("huge.pdf", pdf_of(3 * MB)), ("note.pdf", pdf_of(200 * 1024))],
    )

    assert response.status_code == 302
    assert [d.title for d in Document.objects.all()] == ["note"]
    page = client.get(response["Location"]).content.decode()
    assert f"huge.pdf: {LIMIT_MESSAGE}" in page
    assert spool_files() == []


def test_a_new_version_over_the_limit_is_refused_with_the_message(firm: Firm) -> None:
    client = firm.client(firm.paralegal)
    post_multipart(client, upload_url(firm), [("er.pdf", pdf_of(100 * 1024))])
    document = Document.objects.get()

    response, body = post_multipart(
        client,
        reverse("documents:add_version", args=[document.pk]),
        [("er-v2.pdf", pdf_of(4 * MB))],
    )

    assert response.status_code == 400
    assert LIMIT_MESSAGE in response.content.decode()
    assert body.largest_spool <= MB
    assert document.versions.count() == 1
    assert spool_files() == []


def api_client(firm: Firm) -> Client:
    token = issue_api_token(actor=firm.paralegal, name="uploads").secret
    return Client(
        enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}"}
    )


def api_url(firm: Firm) -> str:
    return f"/api/v1/matters/{firm.matter.pk}/documents"


def test_the_api_refuses_an_oversize_file_before_spooling_it(firm: Firm) -> None:
    blobs = set(get_store().iter_keys())
    response, body = post_multipart(
        api_client(firm), api_url(firm), [("huge.pdf", pdf_of(5 * MB))]
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": "Larger than the upload limit of 1 MB: “huge.pdf”. "
        "Nothing was stored."
    }
    assert 0 < body.largest_spool <= MB
    assert spool_files() == []
    assert not Document.objects.exists()
    assert set(get_store().iter_keys()) == blobs


def test_the_api_stores_a_spooled_file_under_the_limit(firm: Firm) -> None:
    response, _body = post_multipart(
        api_client(firm), api_url(firm), [("er.pdf", pdf_of(MB - 1024))]
    )

    assert response.status_code == 201
    [upload] = response.json()["uploads"]
    assert upload["upload"]["document"]["latest_version"]["size_bytes"] == MB - 1024
    assert spool_files() == []


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_someone_off_the_matter_gets_404_and_nothing_is_spooled_or_stored(
    firm: Firm, who: str
) -> None:
    response, body = post_multipart(
        firm.client(getattr(firm, who)), upload_url(firm), [("x.pdf", pdf_of(3 * MB))]
    )

    assert response.status_code == 404
    assert body.largest_spool <= MB
    assert spool_files() == []
    assert not Document.objects.exists()
