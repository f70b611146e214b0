"""Images: every frame OCR'd as a page, each frame with its own pixel limit."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from paradesk.engines.pages import (
    CorruptFileError,
    OcrResult,
    PagesOptions,
    read_pages,
    samples,
)

PAGE_ONE = ["Radiology report", "Mild disc bulge at L4-L5"]
PAGE_TWO = ["Pharmacy receipt", "Ibuprofen 800 mg"]


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("fmt", "pages", "expected"),
    [
        ("PNG", [PAGE_ONE], ["disc bulge"]),
        ("JPEG", [PAGE_ONE], ["Radiology report"]),
        ("TIFF", [PAGE_ONE, PAGE_TWO], ["disc bulge", "Ibuprofen"]),
    ],
)
def test_image_frames_are_ocrd_one_page_each(
    fmt: str, pages: list[list[str]], expected: list[str]
) -> None:
    data = samples.image_file(pages, fmt=fmt)

    extraction = read_pages(data, name=f"scan.{fmt.lower()}")

    assert extraction.kind == "image"
    assert len(extraction.pages) == len(expected)
    for page, words in zip(extraction.pages, expected, strict=True):
        assert page.method == "ocr"
        assert words in page.text
        assert page.confidence is not None
        assert page.confidence > 80


def test_tiff_frame_over_the_pixel_limit_fails_alone() -> None:
    small = samples.scan(PAGE_ONE, size=(1000, 400))
    large = samples.scan(PAGE_TWO, size=(3000, 3000))
    buffer = io.BytesIO()
    small.save(buffer, format="TIFF", save_all=True, append_images=[large])

    extraction = read_pages(
        buffer.getvalue(),
        options=PagesOptions(
            max_image_pixels=1_000_000,
            ocr=lambda image, *, dpi, timeout: OcrResult("first frame", 90.0),
        ),
    )

    first, second = extraction.pages
    assert (first.text, first.error) == ("first frame", None)
    assert second.text == ""
    assert second.error == (
        "the image would be 3000 x 3000 pixels, over the 1,000,000-pixel limit"
    )


def test_truncated_png_is_corrupt() -> None:
    data = samples.image_file([PAGE_ONE], fmt="PNG")

    with pytest.raises(CorruptFileError, match=r"^the image is damaged or truncated$"):
        read_pages(data[: len(data) // 2], name="scan.png")


def test_pillow_decompression_bomb_fails_the_page_not_the_reader() -> None:
    buffer = io.BytesIO()
    Image.new("1", (20_000, 10_000)).save(buffer, format="PNG")

    extraction = read_pages(buffer.getvalue(), name="bomb.png")

    [page] = extraction.pages
    assert page.text == ""
    assert page.error == "the image is over Pillow's decompression-bomb pixel limit"
