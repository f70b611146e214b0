"""The type comes from the content: names lie, and only hint at plain text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from paradesk.engines.pages import UnsupportedTypeError, read_pages, samples

PDF = samples.text_pdf([["Deposition exhibit 4: repair estimate for the vehicle."]])


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("records/a.pdf", PDF)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF, "estimate.docx", "pdf"),
        (PDF, "estimate.txt", "pdf"),
        (samples.docx_file([["Letter body"]]), "letter.pdf", "docx"),
        (b"Just words in a file called image.\n", "photo.jpg", "text"),
        (samples.eml_file("Hi.", attachments=[]), "message.pdf", "eml"),
    ],
)
def test_a_lying_extension_is_ignored(data: bytes, name: str, kind: str) -> None:
    assert read_pages(data, name=name).kind == kind


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (_zip(), "records.zip", "unsupported type: a ZIP archive is not one document"),
        (
            b"\x00\x01binary\x00" * 20,
            "notes.txt",
            "unsupported type: not a PDF, Word, image, e-mail or text file",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "old.doc",
            "unsupported type: not a PDF, Word, image, e-mail or text file",
        ),
        (
            b"\xc3\x28 not UTF-8 and not named as text",
            "data.bin",
            "unsupported type: not a PDF, Word, image, e-mail or text file",
        ),
    ],
    ids=["zip", "binary-named-txt", "legacy-ole", "undecodable-without-text-name"],
)
def test_unsupported_content_is_refused(data: bytes, name: str, reason: str) -> None:
    with pytest.raises(UnsupportedTypeError) as caught:
        read_pages(data, name=name)

    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "name",
    ["Résumé 診療記録 🩺.pdf", "x" * 200 + ".pdf", "no extension"],
)
def test_paths_with_unicode_and_long_names_are_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PDF)

    extraction = read_pages(path)

    assert extraction.pages[0].text.startswith("Deposition exhibit 4")
