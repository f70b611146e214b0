"""Type detection from content alone, over small synthetic files."""

from __future__ import annotations

import io
import zipfile

import pytest

from paradesk.documents import filetypes


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


EMAIL = (
    b"Return-Path: <records@clinic.example>\r\n"
    b"Received: from mail.clinic.example by mx.firm.test;\r\n"
    b"\tMon, 3 Mar 2025 10:00:00 -0500\r\n"
    b"From: Records Desk <records@clinic.example>\r\n"
    b"To: paralegal@firm.test\r\n"
    b"Subject: Requested records\r\n"
    b"Date: Mon, 3 Mar 2025 10:00:00 -0500\r\n"
    b"MIME-Version: 1.0\r\n"
    b"\r\n"
    b"Please find the records attached.\r\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", filetypes.PDF),
        (b"\r\n\x00junk from a scanner\n%PDF-1.4\n", filetypes.PDF),
        (_zip(["[Content_Types].xml", "word/document.xml"]), filetypes.DOCX),
        (_zip(["[Content_Types].xml", "xl/workbook.xml"]), filetypes.ZIP),
        (_zip(["records/page1.pdf"]), filetypes.ZIP),
        (b"PK\x03\x04 this is not really a zip", filetypes.UNKNOWN),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", filetypes.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", filetypes.JPEG),
        (b"II*\x00\x08\x00\x00\x00", filetypes.TIFF),
        (b"MM\x00*\x00\x00\x00\x08", filetypes.TIFF),
        (EMAIL, filetypes.EMAIL),
        (
            b"From records@clinic.example Mon Mar  3 10:00:00 2025\n" + EMAIL,
            filetypes.EMAIL,
        ),
        (b"Visit summary\n\nBP 120/80. Follow up in two weeks.\n", filetypes.TEXT),
        ("Résumé — naïve café\n".encode(), filetypes.TEXT),
        (b"\xef\xbb\xbfText with a byte-order mark\n", filetypes.TEXT),
        (b"Subject: only one header-like line\n\nthen prose.\n", filetypes.TEXT),
        (b"plain words\x00with a NUL byte", filetypes.UNKNOWN),
        (b"\xc3\x28 invalid utf-8", filetypes.UNKNOWN),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 10, filetypes.UNKNOWN),
        (b"   \n\t  ", filetypes.UNKNOWN),
        (bytes(range(256)), filetypes.UNKNOWN),
    ],
)
def test_detects_type_from_content(data: bytes, expected: str) -> None:
    assert filetypes.detect_content_type(data) == expected


def test_a_multibyte_character_cut_by_the_sniff_window_is_still_text() -> None:
    text = ("€" * 30_000).encode()
    assert len(text) > 65_536
    assert 65_536 % 3 != 0
    assert filetypes.detect_content_type(text) == filetypes.TEXT


def test_a_lying_extension_does_not_matter_because_only_bytes_are_read() -> None:
    assert filetypes.detect_content_type(b"%PDF-1.4 named letter.docx") == filetypes.PDF


@pytest.mark.parametrize(
    ("content_type", "label"),
    [
        (filetypes.PDF, "PDF"),
        (filetypes.DOCX, "Word"),
        ("application/x-odd", "application/x-odd"),
    ],
)
def test_labels_are_short_human_names(content_type: str, label: str) -> None:
    assert filetypes.label_for(content_type) == label
