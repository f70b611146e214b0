"""One entry point: any supported file in, its pages (and attachments) out."""

from __future__ import annotations

import codecs
import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path, PurePath

from paradesk.engines.pages import detect
from paradesk.engines.pages.exceptions import (
    EmptyFileError,
    UnreadableError,
    UnsupportedTypeError,
)
from paradesk.engines.pages.image import read_image
from paradesk.engines.pages.mail import read_eml, read_msg
from paradesk.engines.pages.models import Attachment, Extraction, Page, PagesOptions
from paradesk.engines.pages.pdf import read_pdf, stream_pdf
from paradesk.engines.pages.text import read_text
from paradesk.engines.pages.word import read_docx

# The name is only a hint for text the content check could not place (an old
# cp1252 export is not valid UTF-8), never for any other type.
_TEXT_SUFFIXES = frozenset({".txt", ".text", ".csv", ".log", ".md", ".tsv", ".asc"})
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_IMAGE_TYPES = frozenset({detect.PNG, detect.JPEG, detect.TIFF})
# `detect` finds a PDF's header at the start or within its first kilobyte.
_PDF_SNIFF_BYTES = 1024


def read_pages(
    source: bytes | str | os.PathLike[str],
    *,
    name: str = "",
    options: PagesOptions | None = None,
    password: str | None = None,
) -> Extraction:
    """Reads a file's text page by page, OCR'ing pages that have no text layer.

    The type is judged from the content (magic bytes); the name's extension is only
    a last hint that a file is plain text.

    Args:
        source: the file's bytes, or a path to read it from (a PDF is read from
            disk as its pages are needed, never loaded whole).
        name: the file's name, as uploaded (defaults to the path's name).
        options: how to read (DPI, OCR function, limits, workers, progress).
        password: the user password of an encrypted PDF (never stored).

    Returns:
        The pages, and for e-mail every attachment read recursively.

    Raises:
        PasswordProtectedError: an encrypted PDF, with no or a wrong password.
        CorruptFileError: the file is damaged or truncated.
        UnsupportedTypeError: the content is of a type this engine does not read.
        EmptyFileError: the file has no bytes, or no pages.
        OSError: `source` is a path that cannot be read.
    """
    options = options or PagesOptions()
    if isinstance(source, bytes):
        return _read(source, name, options, password, depth=0)
    path = Path(source)
    name = name or path.name
    streamed = stream_pages(path, options=options, password=password)
    if streamed is not None:
        return Extraction(kind="pdf", content_type=detect.PDF, pages=tuple(streamed))
    return _read(path.read_bytes(), name, options, password, depth=0)


def stream_pages(
    source: str | os.PathLike[str],
    *,
    options: PagesOptions | None = None,
    password: str | None = None,
) -> Iterator[Page] | None:
    """A PDF file's pages one at a time, for a reader that needs no page twice.

    Only the pages read ahead for OCR are held, so memory stays flat however long
    the file is. The file is opened now: one that cannot be read at all raises
    here, as `read_pages` would.

    Args:
        source: the path of the file.
        options: how to read (DPI, OCR function, limits, workers, progress).
        password: the user password of an encrypted PDF (never stored).

    Returns:
        The pages in order, read as they are asked for; None when the file is not a
        PDF (read it whole with `read_pages`: other types carry attachments and are
        small).

    Raises:
        The errors of `read_pages`.
    """
    path = Path(source)
    with path.open("rb") as file:
        head = file.read(_PDF_SNIFF_BYTES)
    # The start of a file is enough to tell a PDF (see `detect`), and PDFium reads a
    # PDF on disk page by page: a 2,000-page production is never held whole.
    if detect.detect_content_type(head) != detect.PDF:
        return None
    return stream_pdf(path, options=options or PagesOptions(), password=password)


def _read(
    data: bytes, name: str, options: PagesOptions, password: str | None, *, depth: int
) -> Extraction:
    if not data.strip():
        raise EmptyFileError(
            "the file is empty" if not data else "the file holds only blank space"
        )
    content_type = detect.detect_content_type(data)
    if content_type == detect.UNKNOWN and _named_as_text(name, data):
        content_type = detect.TEXT

    def read_child(child: bytes, child_name: str) -> Attachment:
        return _read_attachment(child, child_name, options, depth=depth + 1)

    if content_type == detect.PDF:
        pages = read_pdf(data, options=options, password=password)
        return Extraction(kind="pdf", content_type=content_type, pages=pages)
    if content_type in _IMAGE_TYPES:
        pages = read_image(data, options=options)
        return Extraction(kind="image", content_type=content_type, pages=pages)
    if content_type == detect.DOCX:
        return Extraction(kind="docx", content_type=content_type, pages=read_docx(data))
    if content_type == detect.TEXT:
        return Extraction(kind="text", content_type=content_type, pages=read_text(data))
    if content_type == detect.EMAIL:
        pages, attachments, metadata = read_eml(data, read_child=read_child)
        return Extraction(
            kind="eml",
            content_type=content_type,
            pages=pages,
            attachments=attachments,
            metadata=metadata,
        )
    if content_type == detect.MSG:
        pages, attachments, metadata = read_msg(data, read_child=read_child)
        return Extraction(
            kind="msg",
            content_type=content_type,
            pages=pages,
            attachments=attachments,
            metadata=metadata,
        )
    if content_type == detect.ZIP:
        raise UnsupportedTypeError(
            "unsupported type: a ZIP archive is not one document"
        )
    raise UnsupportedTypeError(
        "unsupported type: not a PDF, Word, image, e-mail or text file"
    )


def _read_attachment(
    data: bytes, name: str, options: PagesOptions, *, depth: int
) -> Attachment:
    if depth > options.max_depth:
        return Attachment(
            name=name,
            data=data,
            extraction=None,
            error=f"attachments are nested more than {options.max_depth} deep",
        )
    # Progress counts the top-level file's pages only.
    child_options = dataclasses.replace(options, progress=None)
    try:
        extraction = _read(data, name, child_options, None, depth=depth)
    except UnreadableError as exc:
        return Attachment(name=name, data=data, extraction=None, error=exc.reason)
    return Attachment(name=name, data=data, extraction=extraction)


def _named_as_text(name: str, data: bytes) -> bool:
    if PurePath(name).suffix.lower() not in _TEXT_SUFFIXES:
        return False
    # UTF-16 text is full of NUL bytes; anything else with them is binary.
    return data.startswith(_UTF16_BOMS) or b"\x00" not in data[:65536]
