"""Any file in, its text page by page out: PDF, Word, images, e-mail, plain text.

Pure Python (no Django): the documents app stores what this returns. PDF pages with a
text layer are read from it; pages without one are rendered and OCR'd with tesseract,
decided page by page. Each page has a time limit and each image a pixel limit, and a
page that exceeds one fails alone with its reason in `Page.error`.

    from paradesk.engines.pages import PagesOptions, read_pages
    extraction = read_pages(data, name="records.pdf", options=PagesOptions(workers=4))
    for page in extraction.pages:
        print(page.number, page.method, page.confidence, page.text)
"""

from __future__ import annotations

from paradesk.engines.pages.detect import detect_content_type
from paradesk.engines.pages.exceptions import (
    CorruptFileError,
    EmptyFileError,
    PasswordProtectedError,
    UnreadableError,
    UnsupportedTypeError,
)
from paradesk.engines.pages.models import (
    Attachment,
    Extraction,
    Kind,
    Method,
    OcrFunction,
    OcrResult,
    Page,
    PagesOptions,
    ProgressCallback,
)
from paradesk.engines.pages.ocr import tesseract
from paradesk.engines.pages.pdf import decrypt_pdf
from paradesk.engines.pages.reader import read_pages, stream_pages

__all__ = [
    "Attachment",
    "CorruptFileError",
    "EmptyFileError",
    "Extraction",
    "Kind",
    "Method",
    "OcrFunction",
    "OcrResult",
    "Page",
    "PagesOptions",
    "PasswordProtectedError",
    "ProgressCallback",
    "UnreadableError",
    "UnsupportedTypeError",
    "decrypt_pdf",
    "detect_content_type",
    "read_pages",
    "stream_pages",
    "tesseract",
]
