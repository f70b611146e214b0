"""The values the pages engine takes and returns."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

Kind = Literal["pdf", "docx", "image", "eml", "msg", "text"]
Method = Literal["text", "ocr"]


@dataclass(frozen=True)
class OcrResult:
    """What an OCR function read from one image.

    Attributes:
        text: the words, lines separated by newlines, paragraphs by a blank line.
        confidence: mean word confidence from 0 to 100, None when no word was found.
    """

    text: str
    confidence: float | None


class OcrFunction(Protocol):
    """Reads the words in one image (PNG, PNM or TIFF bytes).

    Implementations raise `TimeoutError` when `timeout` seconds pass and `OSError`
    or `RuntimeError` when the OCR program fails; the page then fails alone.
    """

    def __call__(self, image: bytes, *, dpi: int | None, timeout: float) -> OcrResult:
        """Returns the text and confidence of `image`."""
        ...


ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Page:
    """The text of one page.

    Attributes:
        number: 1-based position in its document.
        text: the page's text ("" when it failed).
        method: "text" when read from the file's own text, "ocr" when recognised
            from an image.
        confidence: mean OCR word confidence (0-100); None for text pages and for
            OCR pages with no words.
        error: why this page alone could not be read (time limit, pixel limit,
            damaged page); None when it was read.
    """

    number: int
    text: str
    method: Method
    confidence: float | None = None
    error: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A file found inside another one (an e-mail attachment), kept whole.

    Attributes:
        name: its file name as given by the sender, or a made-up one if none.
        data: its bytes, so the caller can store it as a child document.
        extraction: what was read from it; None when it could not be read.
        error: the one-line reason it could not be read; None when it was.
    """

    name: str
    data: bytes
    extraction: Extraction | None
    error: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything read from one file.

    Attributes:
        kind: what the file was judged to be from its content.
        content_type: the MIME type detected from its content.
        pages: its pages in order; never empty.
        attachments: files inside it (e-mail attachments), read recursively.
        metadata: header fields such as an e-mail's From, To, Cc, Date, Subject.
    """

    kind: Kind
    content_type: str
    pages: tuple[Page, ...]
    attachments: tuple[Attachment, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)


def _default_workers() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class PagesOptions:
    """How to read files; every field has a default that suits a firm's server.

    Attributes:
        ocr: the function that reads images; `paradesk.engines.pages.ocr.tesseract`
            (None) by default.
        dpi: resolution PDF pages are rendered at before OCR.
        ocr_min_chars: a PDF page whose text layer has fewer non-blank characters
            than this is treated as a scan and OCR'd, decided page by page.
        page_timeout: seconds one page's OCR may take before that page fails.
        max_image_pixels: the most pixels one rendered page or image frame may
            have; larger ones fail alone, before any pixel is decoded.
        workers: how many pages are OCR'd at once (one OCR process each).
        progress: called with (pages done, pages in total) as pages finish.
        max_depth: how deeply attachments inside attachments are read.
    """

    ocr: OcrFunction | None = None
    dpi: int = 300
    ocr_min_chars: int = 32
    page_timeout: float = 120.0
    max_image_pixels: int = 100_000_000
    workers: int = field(default_factory=_default_workers)
    progress: ProgressCallback | None = None
    max_depth: int = 5
