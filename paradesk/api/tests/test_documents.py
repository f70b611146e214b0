"""Documents through the API: upload, versions, download, pages, reading, unlocking."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from paradesk.api.tests.conftest import BASE, ApiClient
from paradesk.core.models import AuditEvent
from paradesk.documents.models import Document, DocumentVersion, IngestState
from paradesk.documents.services import add_document
from paradesk.engines.pages.samples import text_pdf
from paradesk.firm.models import User
from paradesk.testing.personas import Firm

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

MakeApi = Callable[[User], ApiClient]
Capture = Any

ASSETS = Path(__file__).resolve().parents[2] / "engines" / "pages" / "tests" / "assets"
LOCKED_PDF = (ASSETS / "password-protected.pdf").read_bytes()
# The published password of the synthetic test asset.
LOCKED_PASSWORD = "records-2025"
RECORD = text_pdf(
    [
        ["Emergency department visit 03/04/2025", "Cervical strain, CT negative"],
        ["Discharged home in stable condition with follow-up in one week"],
    ]
)


def upload(client: ApiClient, path: str, files: Any, **fields: str) -> Response:
    """A real multipart/form-data POST, as `curl -F file=@...` sends it."""
    response: Response = client.client.post(BASE + path, {"file": files, **fields})
    return response


def pdf_file(name: str = "er.pdf", data: bytes = RECORD) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docs_path(firm: Firm) -> str:
    return f"/matters/{firm.matter.pk}/documents"


@pytest.fixture
def stored(firm: Firm, django_capture_on_commit_callbacks: Capture) -> Document:
    """A two-page text PDF on the matter, already read into pages."""
    with django_capture_on_commit_callbacks(execute=True):
        added = add_document(
            actor=firm.paralegal, matter=firm.matter, file=RECORD, name="er.pdf"
        )
    return added.document


# --- Upload ---------------------------------------------------------------------------


def test_a_single_file_is_uploaded_and_read(
    firm: Firm, api: MakeApi, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            api(firm.paralegal), docs_path(firm), pdf_file(), title="ER visit"
        )
    assert response.status_code == 201
    [result] = response.json()["uploads"]
    assert result["name"] == "er.pdf"
    assert (result["extracted"], result["skipped"], result["archive_error"]) == (
        [],
        [],
        "",
    )
    added = result["upload"]
    assert (added["created"], added["version_number"]) == (True, 1)
    document = added["document"]
    assert (document["title"], document["matter_id"], document["source"]) == (
        "ER visit",
        firm.matter.pk,
        None,
    )
    latest = document["latest_version"]
    assert latest["content_type"] == "application/pdf"
    assert latest["size_bytes"] == len(RECORD)
    assert latest["uploaded_by"]["username"] == "paralegal"
    version = DocumentVersion.objects.get(pk=added["version_id"])
    assert latest["sha256"] == version.sha256
    # The response was built before the read ran (it runs after commit).
    assert latest["ingest"]["state"] == "queued"
    detail = api(firm.paralegal).get(f"/documents/{document['id']}").json()
    assert detail["latest_version"]["ingest"]["state"] == "done"
    assert detail["latest_version"]["page_count"] == 2


def test_several_files_at_once_each_become_a_document(firm: Firm, api: MakeApi) -> None:
    response = upload(
        api(firm.paralegal),
        docs_path(firm),
        [
            pdf_file("er.pdf"),
            SimpleUploadedFile("ledger.txt", b"Balance due $1,250.00"),
        ],
    )
    assert response.status_code == 201
    uploads = response.json()["uploads"]
    assert [(u["name"], u["upload"]["document"]["title"]) for u in uploads] == [
        ("er.pdf", "er"),
        ("ledger.txt", "ledger"),
    ]
    assert [
        u["upload"]["document"]["latest_version"]["content_type"] for u in uploads
    ] == ["application/pdf", "text/plain"]
    assert Document.objects.filter(matter=firm.matter).count() == 2


def test_a_zip_is_kept_and_its_files_become_documents(firm: Firm, api: MakeApi) -> None:
    archive = make_zip(
        {
            "records/er-visit.pdf": RECORD,
            "bills/ledger.txt": b"Balance due $1,250.00",
            "../escape.txt": b"nope",
            "notes/empty.txt": b"",
        }
    )
    response = upload(
        api(firm.paralegal),
        docs_path(firm),
        SimpleUploadedFile("production.zip", archive),
    )
    assert response.status_code == 201
    [result] = response.json()["uploads"]
    assert result["upload"]["document"]["title"] == "production"
    assert result["upload"]["document"]["latest_version"]["ingest"]["state"] == (
        "archive"
    )
    zip_version = result["upload"]["version_id"]
    extracted = {e["document"]["title"]: e for e in result["extracted"]}
    assert set(extracted) == {"er-visit", "ledger"}
    assert extracted["er-visit"]["document"]["source"] == {
        "document_id": result["upload"]["document"]["id"],
        "version_id": zip_version,
        "path": "records/er-visit.pdf",
    }
    assert sorted((s["name"], s["reason"]) for s in result["skipped"]) == [
        ("../escape.txt", "its path points outside the archive"),
        ("notes/empty.txt", "empty"),
    ]
    assert result["archive_error"] == ""


def test_a_refused_archive_is_kept_and_says_why(firm: Firm, api: MakeApi) -> None:
    bomb = make_zip({"zeros.bin": b"\0" * (20 * 1024 * 1024)})
    response = upload(
        api(firm.paralegal), docs_path(firm), SimpleUploadedFile("bomb.zip", bomb)
    )
    assert response.status_code == 201
    [result] = response.json()["uploads"]
    assert result["upload"]["created"] is True
    assert "zip bomb" in result["archive_error"]
    assert result["extracted"] == []
    assert Document.objects.filter(matter=firm.matter).count() == 1


def test_the_same_content_twice_is_linked_not_stored_again(
    firm: Firm, api: MakeApi
) -> None:
    client = api(firm.paralegal)
    first = upload(client, docs_path(firm), pdf_file("er.pdf")).json()["uploads"][0]
    again = upload(client, docs_path(firm), pdf_file("copy of er.pdf")).json()
    linked = again["uploads"][0]["upload"]
    assert linked["created"] is False
    assert linked["document"]["id"] == first["upload"]["document"]["id"]
    assert linked["version_id"] == first["upload"]["version_id"]
    assert DocumentVersion.objects.filter(document__matter=firm.matter).count() == 1
    assert AuditEvent.objects.filter(action="document.upload_linked").count() == 1


def test_an_empty_file_is_422_naming_it_and_nothing_is_stored(
    firm: Firm, api: MakeApi
) -> None:
    response = upload(
        api(firm.paralegal),
        docs_path(firm),
        [pdf_file("er.pdf"), SimpleUploadedFile("blank.pdf", b"")],
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "file", 1]
    assert error["type"] == "empty_file"
    assert "“blank.pdf” is empty" in error["msg"]
    assert not Document.objects.filter(matter=firm.matter).exists()


def test_a_file_over_the_limit_is_413_naming_it(
    firm: Firm, api: MakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(django_settings, "PARADESK_MAX_UPLOAD_MB", 1)
    big = SimpleUploadedFile("huge.pdf", b"%PDF-1.4\n" + b"x" * (1024 * 1024))
    response = upload(api(firm.paralegal), docs_path(firm), [pdf_file(), big])
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert "upload limit of 1 MB" in detail
    assert "“huge.pdf”" in detail
    assert "er.pdf" not in detail
    assert not Document.objects.filter(matter=firm.matter).exists()


def test_a_title_with_several_files_is_422(firm: Firm, api: MakeApi) -> None:
    response = upload(
        api(firm.paralegal),
        docs_path(firm),
        [pdf_file("a.pdf"), SimpleUploadedFile("b.txt", b"text")],
        title="One title",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["form", "title"]
    assert not Document.objects.filter(matter=firm.matter).exists()


def test_an_upload_without_a_file_is_422(firm: Firm, api: MakeApi) -> None:
    response = api(firm.paralegal).client.post(
        BASE + docs_path(firm), {"title": "Nothing"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "file"


# --- Listing and reading --------------------------------------------------------------


def test_the_matter_list_is_paginated_and_audited(
    firm: Firm, api: MakeApi, stored: Document
) -> None:
    add_document(
        actor=firm.paralegal, matter=firm.matter, file=b"Second note", name="n.txt"
    )
    response = api(firm.paralegal).get(docs_path(firm), {"page_size": 1})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (2, 1, 1)
    [newest] = body["items"]
    assert newest["title"] == "n"
    second = api(firm.paralegal).get(docs_path(firm), {"page_size": 1, "page": 2})
    [older] = second.json()["items"]
    assert older["id"] == stored.pk
    assert older["version_count"] == 1
    latest = older["latest_version"]
    assert (latest["number"], latest["page_count"]) == (1, 2)
    assert latest["ingest"]["state"] == "done"
    event = AuditEvent.objects.filter(action="document.listed").latest("seq")
    assert event.details == {"ids": [stored.pk], "count": 2, "page": 2}
    assert event.matter_id == firm.matter.pk


def test_a_document_shows_every_version_and_its_view_is_audited(
    firm: Firm, api: MakeApi, stored: Document
) -> None:
    client = api(firm.paralegal)
    added = upload(
        client, f"/documents/{stored.pk}/versions", pdf_file("er-v2.pdf", b"%PDF v2")
    )
    assert added.status_code == 201
    assert added.json()["number"] == 2
    response = client.get(f"/documents/{stored.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["version_count"] == 2
    assert [v["number"] for v in body["versions"]] == [2, 1]
    v1 = body["versions"][1]
    assert set(v1) >= {
        "sha256",
        "size_bytes",
        "content_type",
        "original_name",
        "uploaded_by",
        "uploaded_at",
    }
    assert (v1["original_name"], v1["ingest"]["state"], v1["page_count"]) == (
        "er.pdf",
        "done",
        2,
    )
    assert body["latest_version"]["number"] == 2
    viewed = AuditEvent.objects.filter(action="document.viewed").get()
    assert (viewed.actor_id, viewed.object_id) == (firm.paralegal.pk, str(stored.pk))


def test_identical_content_as_a_new_version_is_400_with_the_reason(
    firm: Firm, api: MakeApi, stored: Document
) -> None:
    response = upload(
        api(firm.paralegal), f"/documents/{stored.pk}/versions", pdf_file()
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "This file is identical to the current version (v1); "
        "no new version was added."
    }


def test_an_empty_new_version_is_422(
    firm: Firm, api: MakeApi, stored: Document
) -> None:
    response = upload(
        api(firm.paralegal),
        f"/documents/{stored.pk}/versions",
        SimpleUploadedFile("blank.pdf", b""),
    )
    assert response.status_code == 422
    assert "“blank.pdf” is empty" in response.json()["detail"][0]["msg"]
    assert stored.versions.count() == 1


def test_the_download_is_the_original_bytes_and_is_audited(
    firm: Firm, api: MakeApi, stored: Document
) -> None:
    version = stored.versions.get()
    response = api(firm.paralegal).get(f"/documents/versions/{version.pk}/content")
    assert response.status_code == 200
    assert response.content == RECORD
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="er.pdf"'
    event = AuditEvent.objects.filter(action="document.downloaded").get()
    assert event.details["sha256"] == version.sha256


def test_pages_after_reading_are_listed_and_one_page_is_addressable(
    firm: Firm, api: MakeApi, stored: Document
) -> None:
    client = api(firm.paralegal)
    version = stored.versions.get()
    listed = client.get(f"/documents/versions/{version.pk}/pages")
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 2
    assert [(p["number"], p["method"], p["error"]) for p in body["items"]] == [
        (1, "text", ""),
        (2, "text", ""),
    ]
    assert "Cervical strain" in body["items"][0]["text"]
    page = client.get(f"/documents/{stored.pk}/v1/pages/2")
    assert page.status_code == 200
    cited = page.json()
    assert (cited["document_id"], cited["version_id"], cited["version_number"]) == (
        stored.pk,
        version.pk,
        1,
    )
    assert (cited["number"], cited["page_count"]) == (2, 2)
    assert "Discharged home" in cited["text"]
    assert client.get(f"/documents/{stored.pk}/v1/pages/3").status_code == 404
    assert client.get(f"/documents/{stored.pk}/v2/pages/1").status_code == 404
    listed_event = AuditEvent.objects.filter(action="document.pages_listed").get()
    assert listed_event.details == {"document_id": stored.pk, "pages": [1, 2]}
    viewed = AuditEvent.objects.filter(action="document.page_viewed").get()
    assert viewed.details == {"document_id": stored.pk, "page": 2}


# --- Reading again, unlocking ---------------------------------------------------------


def test_a_failed_read_can_be_retried_and_a_done_one_cannot(
    firm: Firm,
    api: MakeApi,
    stored: Document,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client = api(firm.paralegal)
    truncated = RECORD[:60]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, docs_path(firm), pdf_file("broken.pdf", truncated))
    broken = response.json()["uploads"][0]["upload"]["version_id"]
    detail = client.get(f"/documents/versions/{broken}/pages")
    assert detail.json()["count"] == 0
    retried = client.post(f"/documents/versions/{broken}/retry")
    assert retried.status_code == 200
    assert retried.json()["ingest"]["state"] == IngestState.QUEUED
    assert AuditEvent.objects.filter(action="document.ingest_retried").count() == 1
    done = stored.versions.get()
    refused = client.post(f"/documents/versions/{done.pk}/retry")
    assert refused.status_code == 400
    assert refused.json() == {"detail": "This version has been read already."}


@pytest.fixture
def locked(
    firm: Firm, api: MakeApi, django_capture_on_commit_callbacks: Capture
) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            api(firm.paralegal), docs_path(firm), pdf_file("locked.pdf", LOCKED_PDF)
        )
    version = response.json()["uploads"][0]["upload"]["version_id"]
    detail = api(firm.paralegal).get(f"/documents/versions/{version}/pages")
    assert detail.json()["count"] == 0
    return int(version)


def test_a_locked_pdf_is_unlocked_into_a_new_version_that_is_read(
    firm: Firm,
    api: MakeApi,
    locked: int,
    django_capture_on_commit_callbacks: Capture,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = api(firm.paralegal)
    document_id = DocumentVersion.objects.get(pk=locked).document_id
    state = client.get(f"/documents/{document_id}").json()
    assert state["latest_version"]["ingest"]["state"] == "password"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/documents/versions/{locked}/unlock", {"password": LOCKED_PASSWORD}
        )
    assert response.status_code == 201
    unlocked = response.json()
    assert unlocked["number"] == 2
    assert unlocked["document_id"] == document_id
    assert LOCKED_PASSWORD not in response.content.decode()
    pages = client.get(f"/documents/versions/{unlocked['id']}/pages").json()
    assert pages["count"] >= 1
    assert all(LOCKED_PASSWORD not in str(e.details) for e in AuditEvent.objects.all())
    assert LOCKED_PASSWORD not in caplog.text


@pytest.mark.parametrize(
    ("password", "status"), [("not-it", 400), ("", 422), ("x" * 201, 422)]
)
def test_a_wrong_password_is_refused_and_never_echoed(
    firm: Firm,
    api: MakeApi,
    locked: int,
    password: str,
    status: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    response = api(firm.paralegal).post(
        f"/documents/versions/{locked}/unlock", {"password": password}
    )
    assert response.status_code == status
    if password:
        assert password not in response.content.decode()
        assert password not in caplog.text
    if status == 400:
        assert response.json() == {"detail": "That password does not open this PDF."}
    assert DocumentVersion.objects.filter(document__versions=locked).count() == 1


# --- Who may see what -----------------------------------------------------------------


@pytest.fixture
def paths(firm: Firm, stored: Document) -> list[tuple[str, str]]:
    version = stored.versions.get()
    return [
        ("get", f"/matters/{firm.matter.pk}/documents"),
        ("upload", f"/matters/{firm.matter.pk}/documents"),
        ("get", f"/documents/{stored.pk}"),
        ("upload", f"/documents/{stored.pk}/versions"),
        ("get", f"/documents/versions/{version.pk}/content"),
        ("get", f"/documents/versions/{version.pk}/pages"),
        ("get", f"/documents/{stored.pk}/v1/pages/1"),
        ("post", f"/documents/versions/{version.pk}/retry"),
        ("unlock", f"/documents/versions/{version.pk}/unlock"),
    ]


def call(client: ApiClient, method: str, path: str) -> Response:
    if method == "upload":
        return upload(client, path, pdf_file("new.pdf", b"%PDF other bytes"))
    if method == "unlock":
        return client.post(path, {"password": "guess"})
    if method == "post":
        return client.post(path)
    return client.get(path)


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_people_off_the_team_get_404_everywhere(
    firm: Firm, api: MakeApi, paths: list[tuple[str, str]], who: str
) -> None:
    client = api(getattr(firm, who))
    before = AuditEvent.objects.count()
    for method, path in paths:
        response = call(client, method, path)
        assert (path, response.status_code) == (path, 404)
        assert response.json() == {"detail": "Not found."}
    assert AuditEvent.objects.count() == before
    assert DocumentVersion.objects.count() == 1


def test_nonexistent_ids_get_the_same_404(firm: Firm, api: MakeApi) -> None:
    client = api(firm.paralegal)
    for method, path in [
        ("get", "/matters/999999/documents"),
        ("upload", "/matters/999999/documents"),
        ("get", "/documents/999999"),
        ("get", "/documents/versions/999999/content"),
        ("get", "/documents/999999/v1/pages/1"),
        ("post", "/documents/versions/999999/retry"),
    ]:
        response = call(client, method, path)
        assert (path, response.json()) == (path, {"detail": "Not found."})


def test_every_document_endpoint_needs_a_token(
    firm: Firm, paths: list[tuple[str, str]]
) -> None:
    client = ApiClient(None)
    for method, path in paths:
        response = call(client, method, path)
        assert (path, response.status_code) == (path, 401)
        assert response["WWW-Authenticate"] == 'Bearer realm="paradesk"'


def test_openapi_lists_the_document_paths(firm: Firm) -> None:
    schema = Client().get(f"{BASE}/openapi.json").json()
    for path in [
        "/api/v1/matters/{matter_id}/documents",
        "/api/v1/documents/{document_id}",
        "/api/v1/documents/{document_id}/versions",
        "/api/v1/documents/versions/{version_id}/content",
        "/api/v1/documents/versions/{version_id}/pages",
        "/api/v1/documents/{document_id}/v{number}/pages/{page}",
        "/api/v1/documents/versions/{version_id}/retry",
        "/api/v1/documents/versions/{version_id}/unlock",
        "/api/v1/search",
    ]:
        assert path in schema["paths"], path
    upload_body = schema["paths"]["/api/v1/matters/{matter_id}/documents"]["post"][
        "requestBody"
    ]
    assert "multipart/form-data" in upload_body["content"]
