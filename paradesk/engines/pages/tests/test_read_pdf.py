"""PDFs: text layer page by page, OCR where a page has none, and every bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from paradesk.engines.pages import (
    CorruptFileError,
    EmptyFileError,
    OcrResult,
    PagesOptions,
    PasswordProtectedError,
    decrypt_pdf,
    read_pages,
    samples,
    stream_pages,
)

ASSETS = Path(__file__).parent / "assets"
PROTECTED = ASSETS / "password-protected.pdf"
PROTECTED_PASSWORD = "records-2025"  # set with qpdf --encrypt, AES-256

TEXT_PAGE = ["Discharge summary: patient discharged home in stable condition."]
SCAN_PAGE = ["Emergency department note", "Cervical strain after collision"]


@pytest.fixture(scope="module")
def mixed_pdf() -> bytes:
    return samples.combine(
        samples.text_pdf([TEXT_PAGE]), samples.scanned_pdf([SCAN_PAGE])
    )


def test_native_text_pdf_reads_every_page_from_its_text_layer() -> None:
    data = samples.text_pdf(
        [
            [
                "Patient seen for lumbar strain on March 3, 2025.",
                "Follow up in 2 weeks.",
            ],
            ["Physical therapy ordered: twice weekly for six weeks (97110)."],
        ]
    )

    extraction = read_pages(data, name="visit.pdf")

    assert extraction.kind == "pdf"
    assert [(p.number, p.method, p.confidence, p.error) for p in extraction.pages] == [
        (1, "text", None, None),
        (2, "text", None, None),
    ]
    assert extraction.pages[0].text == (
        "Patient seen for lumbar strain on March 3, 2025.\nFollow up in 2 weeks."
    )
    assert "(97110)" in extraction.pages[1].text


@pytest.mark.ocr
def test_scanned_pdf_pages_are_ocrd_with_confidence() -> None:
    data = samples.scanned_pdf([SCAN_PAGE, ["Lumbar spine X-ray", "No acute fracture"]])

    extraction = read_pages(data, name="scan.pdf", options=PagesOptions(workers=2))

    assert [p.method for p in extraction.pages] == ["ocr", "ocr"]
    assert "Cervical strain" in extraction.pages[0].text
    assert "fracture" in extraction.pages[1].text
    for page in extraction.pages:
        assert page.confidence is not None
        assert 80 < page.confidence <= 100


@pytest.mark.ocr
def test_mixed_pdf_decides_ocr_page_by_page(mixed_pdf: bytes) -> None:
    extraction = read_pages(mixed_pdf, name="production.pdf")

    assert [p.method for p in extraction.pages] == ["text", "ocr"]
    assert extraction.pages[0].text == TEXT_PAGE[0]
    assert extraction.pages[0].confidence is None
    assert "Emergency department note" in extraction.pages[1].text


def test_ocr_function_is_a_parameter_and_gets_a_rendering_at_the_dpi(
    mixed_pdf: bytes,
) -> None:
    seen: list[tuple[bytes, int | None]] = []

    def fake_ocr(image: bytes, *, dpi: int | None, timeout: float) -> OcrResult:
        seen.append((image[:20], dpi))
        return OcrResult(text="recognised", confidence=88.5)

    extraction = read_pages(
        mixed_pdf, name="p.pdf", options=PagesOptions(ocr=fake_ocr, dpi=150)
    )

    assert [(p.method, p.text, p.confidence) for p in extraction.pages] == [
        ("text", TEXT_PAGE[0], None),
        ("ocr", "recognised", 88.5),
    ]
    # A 612 x 288 point page at 150 dpi, as an 8-bit grey PNM.
    [(header, dpi)] = seen
    assert header.startswith(b"P5\n1275 600\n255\n")
    assert dpi == 150


def test_progress_reports_each_page_done(mixed_pdf: bytes) -> None:
    calls: list[tuple[int, int]] = []

    read_pages(
        mixed_pdf,
        options=PagesOptions(
            ocr=lambda image, *, dpi, timeout: OcrResult("x", None),
            progress=lambda done, total: calls.append((done, total)),
        ),
    )

    assert calls == [(1, 2), (2, 2)]


def test_page_over_the_pixel_limit_fails_alone() -> None:
    huge = samples.text_pdf([[]], size=(14_400, 14_400))  # 200 x 200 inches, blank
    data = samples.combine(samples.text_pdf([TEXT_PAGE]), huge)

    extraction = read_pages(
        data, options=PagesOptions(dpi=144, max_image_pixels=50_000_000)
    )

    first, second = extraction.pages
    assert (first.method, first.text, first.error) == ("text", TEXT_PAGE[0], None)
    assert (second.method, second.text) == ("ocr", "")
    assert second.error == (
        "the page would be 28800 x 28800 pixels, over the 50,000,000-pixel limit"
    )


@pytest.mark.ocr
def test_page_over_the_time_limit_fails_alone(mixed_pdf: bytes) -> None:
    extraction = read_pages(mixed_pdf, options=PagesOptions(page_timeout=0.001))

    first, second = extraction.pages
    assert (first.method, first.text, first.error) == ("text", TEXT_PAGE[0], None)
    assert (second.method, second.text) == ("ocr", "")
    assert second.error == "OCR ran past the 0.001-second page limit"


def test_password_protected_pdf_is_refused_without_its_password() -> None:
    with pytest.raises(PasswordProtectedError) as caught:
        read_pages(PROTECTED)

    assert caught.value.reason == "the PDF is password-protected"


def test_wrong_password_is_refused() -> None:
    with pytest.raises(PasswordProtectedError) as caught:
        read_pages(PROTECTED, password="guess")

    assert caught.value.reason == "the PDF's password is wrong"


def test_password_opens_the_pdf_and_decrypt_makes_a_plain_copy() -> None:
    data = PROTECTED.read_bytes()

    opened = read_pages(data, password=PROTECTED_PASSWORD)
    decrypted = decrypt_pdf(data, password=PROTECTED_PASSWORD)

    assert "Alvarez" in opened.pages[0].text
    assert read_pages(decrypted).pages == opened.pages


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", EmptyFileError, "the file is empty"),
        (b"  \n\t ", EmptyFileError, "the file holds only blank space"),
        (samples.no_pages_pdf(), EmptyFileError, "the PDF has no pages"),
        (
            samples.text_pdf([TEXT_PAGE])[:200],
            CorruptFileError,
            "the PDF is damaged or truncated",
        ),
        (
            b"%PDF-1.7\n" + bytes(range(256)) * 4,
            CorruptFileError,
            "the PDF is damaged or truncated",
        ),
    ],
    ids=["zero-bytes", "blank", "no-pages", "truncated", "garbage-after-header"],
)
def test_unreadable_pdf_raises_with_a_one_line_reason(
    data: bytes, error: type[Exception], reason: str
) -> None:
    with pytest.raises(error) as caught:
        read_pages(data, name="records.pdf")

    assert str(caught.value) == reason
    assert "\n" not in reason


def test_a_pdf_streams_its_pages_in_order_as_they_are_asked_for(
    tmp_path: Path,
) -> None:
    # Text-layer pages (long enough not to be taken for scans).
    note = "Visit note page {} of 40: neck pain improving with therapy."
    path = tmp_path / "records.pdf"
    path.write_bytes(samples.text_pdf([[note.format(n)] for n in range(1, 41)]))
    seen: list[int] = []

    pages = stream_pages(
        path, options=PagesOptions(progress=lambda done, _: seen.append(done))
    )

    assert pages is not None
    first = next(pages)
    # One page read, not the file: the rest wait for the caller.
    assert (first.number, first.method, seen) == (1, "text", [1])
    rest = list(pages)
    assert [p.number for p in rest] == list(range(2, 41))
    assert rest[-1].text == note.format(40)


def test_streamed_ocr_pages_keep_their_order(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(samples.scanned_pdf([["one"], ["two"], ["three"], ["four"]]))
    calls: list[int] = []

    def ocr(image: bytes, *, dpi: int | None, timeout: float) -> OcrResult:
        calls.append(len(calls) + 1)
        return OcrResult(f"page {len(calls)}", 90.0)

    pages = stream_pages(path, options=PagesOptions(ocr=ocr, workers=2))

    assert pages is not None
    assert [(p.number, p.method) for p in pages] == [(n, "ocr") for n in range(1, 5)]


def test_only_a_pdf_streams(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Seen for neck pain on 03/04/2024.")
    assert stream_pages(path) is None


def test_a_pdf_that_cannot_be_opened_fails_before_any_page(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n garbage")
    with pytest.raises(CorruptFileError):
        stream_pages(path)
