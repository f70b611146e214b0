"""PDF pages: the text layer where there is one, OCR of a rendering where not."""

from __future__ import annotations

import io
import math
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

# pypdfium2 ships no type information.
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from paradesk.engines.common.packages import fixed_pdf
from paradesk.engines.pages.exceptions import (
    CorruptFileError,
    EmptyFileError,
    PasswordProtectedError,
    UnsupportedTypeError,
)
from paradesk.engines.pages.models import Page, PagesOptions
from paradesk.engines.pages.runner import PageRunner, pixel_limit_error

# PDF user space is 1/72 inch.
_POINTS_PER_INCH = 72

# Every call into PDFium, in any thread of this process, holds this lock. PDFium is not
# thread-safe, not even across different documents: concurrent calls corrupt or crash
# the whole process (pypdfium2's "Incompatibility with Threading"), and `paradesk
# serve` renders page pictures on its thread pool. A lock rather than a render
# process: a page picture takes tens of milliseconds of PDFium work, less than
# starting or feeding a process would cost, and the PNG encoding around it (the
# larger part) runs outside the lock on the other cores. Reading whole files already
# happens in a child process of its own (documents.pagereader). Re-entrant, so a
# helper that holds it may call another that takes it too. Objects PDFium allocated
# are closed explicitly inside the lock, never left to garbage collection, which
# could run their finalizers on any thread.
PDFIUM_LOCK = threading.RLock()


def read_pdf(
    data: bytes | Path, *, options: PagesOptions, password: str | None = None
) -> tuple[Page, ...]:
    """Reads every page of a PDF, choosing text layer or OCR page by page.

    Args:
        data: the PDF, or the path of a PDF file (read as pages are needed).
        options: the reading options.
        password: the user password of an encrypted PDF.

    Returns:
        One `Page` per PDF page, in order.

    Raises:
        PasswordProtectedError: encrypted, and `password` is missing or wrong.
        UnsupportedTypeError: encrypted with a scheme PDFium does not know.
        CorruptFileError: damaged or truncated.
        EmptyFileError: a valid PDF with no pages.
    """
    return tuple(stream_pdf(data, options=options, password=password))


def stream_pdf(
    data: bytes | Path, *, options: PagesOptions, password: str | None = None
) -> Iterator[Page]:
    """A PDF's pages one at a time, in order, none kept once handed on.

    The document is opened now, so a file that cannot be read at all raises here,
    before any page; its pages are then read (and OCR'd on `options.workers`) as the
    caller asks for them. Iterate to the end, or close the iterator, to release the
    document and the OCR pool.

    Args:
        data: the PDF, or the path of a PDF file (read as pages are needed).
        options: the reading options.
        password: the user password of an encrypted PDF.

    Returns:
        An iterator of one `Page` per PDF page, in order.

    Raises:
        PasswordProtectedError: encrypted, and `password` is missing or wrong.
        UnsupportedTypeError: encrypted with a scheme PDFium does not know.
        CorruptFileError: damaged or truncated.
        EmptyFileError: a valid PDF with no pages.
    """
    resources = ExitStack()
    with resources:
        pdf = resources.enter_context(open_pdf(data, password))
        with PDFIUM_LOCK:
            count = len(pdf)
        runner = resources.enter_context(PageRunner(count, options))
        opened = resources.pop_all()
    return _pages(pdf, options, runner, opened)


def _pages(
    pdf: pdfium.PdfDocument,
    options: PagesOptions,
    runner: PageRunner,
    resources: ExitStack,
) -> Iterator[Page]:
    with resources:
        with PDFIUM_LOCK:
            count = len(pdf)
        for index in range(count):
            _read_page(pdf, index, options, runner)
            yield from runner.ready()
        yield from runner.drain()


def decrypt_pdf(data: bytes, *, password: str) -> bytes:
    """A copy of an encrypted PDF with its encryption removed.

    Args:
        data: the encrypted PDF.
        password: its user or owner password (never stored).

    Returns:
        The same document, saved without security.

    Raises:
        PasswordProtectedError: the password is wrong.
        CorruptFileError: the PDF is damaged, or could not be saved.
        EmptyFileError: the PDF has no pages.
    """
    with open_pdf(data, password) as pdf, PDFIUM_LOCK:
        buffer = io.BytesIO()
        try:
            pdf.save(buffer, flags=pdfium_c.FPDF_REMOVE_SECURITY)
        except pdfium.PdfiumError as exc:
            raise CorruptFileError(
                "the PDF could not be saved without its password"
            ) from exc
        # PDFium writes a random file id: unlocking the same file twice must give the
        # same copy (the same hash, the same version).
        return fixed_pdf(buffer.getvalue())


@contextmanager
def open_pdf(data: bytes | Path, password: str | None) -> Iterator[pdfium.PdfDocument]:
    """Opens a PDF held in memory or on disk; the errors say why it cannot be opened.

    Opening and closing hold `PDFIUM_LOCK`; the caller holds it around its own calls
    on the document.
    """
    # Loaded through the raw API because pypdfium2 reports a document with no pages
    # with PDFium's last error, which is left over from an earlier, unrelated load.
    secret = None if password is None else (password + "\x00").encode("utf-8")
    with PDFIUM_LOCK:
        if isinstance(data, Path):
            # PDFium keeps the file open and reads objects from it as pages need them.
            raw = pdfium_c.FPDF_LoadDocument(os.fsencode(data), secret)
        else:
            raw = pdfium_c.FPDF_LoadMemDocument64(data, len(data), secret)
        if not raw:
            raise _load_error(pdfium_c.FPDF_GetLastError(), password)
        if pdfium_c.FPDF_GetPageCount(raw) < 1:
            pdfium_c.FPDF_CloseDocument(raw)
            raise EmptyFileError("the PDF has no pages")
        # PDFium reads from `data` (bytes or file) for as long as the document is
        # open; the caller's reference keeps the bytes alive until this block ends.
        pdf = pdfium.PdfDocument(raw)
    try:
        yield pdf
    finally:
        with PDFIUM_LOCK:
            pdf.close()


def _load_error(code: int, password: str | None) -> Exception:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        if password:
            return PasswordProtectedError("the PDF's password is wrong")
        return PasswordProtectedError("the PDF is password-protected")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return UnsupportedTypeError("the PDF uses an unsupported kind of encryption")
    return CorruptFileError("the PDF is damaged or truncated")


def _read_page(
    pdf: pdfium.PdfDocument, index: int, options: PagesOptions, runner: PageRunner
) -> None:
    with PDFIUM_LOCK:
        done = _page_text_or_image(pdf, index, options)
    if isinstance(done, Page):
        runner.add(done)
        return
    runner.add_image(index + 1, done, dpi=options.dpi)


def _page_text_or_image(
    pdf: pdfium.PdfDocument, index: int, options: PagesOptions
) -> Page | bytes:
    """The page's text, or a picture of it to OCR; the caller holds PDFIUM_LOCK."""
    number = index + 1
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        return Page(number=number, text="", method="text", error="the page is damaged")
    try:
        textpage = page.get_textpage()
        try:
            text = _normalise(textpage.get_text_bounded())
        finally:
            textpage.close()
        # Non-blank characters, counted in C: str.split() drops exactly the
        # characters str.isspace() names.
        if len("".join(text.split())) >= options.ocr_min_chars:
            return Page(number=number, text=text, method="text")
        scale = options.dpi / _POINTS_PER_INCH
        width, height = page.get_size()
        refused = pixel_limit_error(
            math.ceil(width * scale), math.ceil(height * scale), options, "page"
        )
        if refused is not None:
            return Page(number=number, text="", method="ocr", error=refused)
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            image = io.BytesIO()
            # Uncompressed PNM: encoding a PNG costs more than tesseract saves on it.
            bitmap.to_pil().convert("L").save(image, format="PPM")
        finally:
            bitmap.close()
    except pdfium.PdfiumError:
        return Page(number=number, text="", method="text", error="the page is damaged")
    finally:
        page.close()
    return image.getvalue()


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
