"""Many files at once and zip archives: each file a document, the archive kept too."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from paradesk.documents.models import Document
from paradesk.documents.services import add_upload
from paradesk.testing.personas import Firm

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def url(firm: Firm) -> str:
    return f"/matters/{firm.matter.pk}/documents/upload/"


def test_a_zip_becomes_its_files_and_stays_as_uploaded(firm: Firm) -> None:
    archive = make_zip(
        {
            "records/er-visit.pdf": PDF,
            "bills/ledger.txt": b"Balance due $1,250.00",
            "../escape.txt": b"nope",
        }
    )
    response = firm.client(firm.paralegal).post(
        url(firm), {"file": SimpleUploadedFile("production.zip", archive)}, follow=True
    )
    content = response.content.decode()
    assert "3 documents added" in content
    assert "Left out ../escape.txt: its path points outside the archive." in content
    zipped = Document.objects.get(title="production")
    children = Document.objects.filter(source__document=zipped).order_by("source_path")
    assert [(d.title, d.source_path) for d in children] == [
        ("ledger", "bills/ledger.txt"),
        ("er-visit", "records/er-visit.pdf"),
    ]


def test_a_zip_bomb_is_kept_but_not_expanded(firm: Firm) -> None:
    bomb = make_zip({"zeros.bin": b"\0" * (20 * 1024 * 1024)})
    outcome = add_upload(
        actor=firm.paralegal, matter=firm.matter, file=bomb, name="bomb.zip"
    )
    assert outcome.upload.created
    assert "zip bomb" in outcome.archive_error
    assert outcome.extracted == ()
    assert Document.objects.filter(matter=firm.matter).count() == 1


def test_the_same_archive_twice_is_linked_not_stored_again(firm: Firm) -> None:
    archive = make_zip({"a.txt": b"alpha", "b.txt": b"beta"})
    first = add_upload(
        actor=firm.paralegal, matter=firm.matter, file=archive, name="p.zip"
    )
    again = add_upload(
        actor=firm.paralegal, matter=firm.matter, file=archive, name="p.zip"
    )
    assert [a.created for a in first.extracted] == [True, True]
    assert not again.upload.created
    assert [a.created for a in again.extracted] == [False, False]
    assert Document.objects.filter(matter=firm.matter).count() == 3


def test_a_word_file_is_not_mistaken_for_an_archive(firm: Firm) -> None:
    buffer = io.BytesIO()
    word = docx.Document()
    word.add_paragraph("Letter of representation")
    word.save(buffer)
    outcome = add_upload(
        actor=firm.paralegal, matter=firm.matter, file=buffer.getvalue(), name="l.docx"
    )
    assert outcome.extracted == ()
    assert outcome.archive_error == ""


def test_several_files_at_once_go_back_to_the_matter(firm: Firm) -> None:
    client = firm.client(firm.paralegal)
    response = client.post(
        url(firm),
        {
            "file": [
                SimpleUploadedFile("one.txt", b"first"),
                SimpleUploadedFile("two.txt", b"second"),
                SimpleUploadedFile("empty.txt", b""),
            ]
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/matters/{firm.matter.pk}/"
    assert sorted(Document.objects.values_list("title", flat=True)) == ["one", "two"]
    page = client.get(response["Location"]).content.decode()
    assert "empty.txt: The file is empty" in page


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_bulk_upload_to_a_hidden_matter_is_404(firm: Firm, who: str) -> None:
    archive = make_zip({"a.txt": b"alpha"})
    response = firm.client(getattr(firm, who)).post(
        url(firm), {"file": SimpleUploadedFile("p.zip", archive)}
    )
    assert response.status_code == 404
    assert not Document.objects.exists()
