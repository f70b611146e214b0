"""Synthetic sample files for tests, benchmarks and the demo firm (no real PHI).

Each file is built here from its format's own rules or with the library that writes
it (Pillow, python-docx, the standard library), so every test input can be read.
"""

from __future__ import annotations

import hashlib
import io
from email.message import EmailMessage

import docx
import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

from paradesk.engines.common.packages import FIXED_DATETIME, fixed_pdf, fixed_zip
from paradesk.engines.pages.pdf import PDFIUM_LOCK

SCAN_DPI = 300
_LETTER_POINTS = (612, 792)


def text_pdf(
    pages: list[list[str]], *, size: tuple[int, int] = _LETTER_POINTS
) -> bytes:
    """A PDF with a Helvetica text layer: one page per entry, one line per string.

    Args:
        pages: the lines of each page (cp1252 characters only).
        size: every page's width and height in points.

    Returns:
        The PDF file, with a correct cross-reference table.
    """
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in once the page objects are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /Encoding /WinAnsiEncoding >>",
    ]
    kids: list[int] = []
    for lines in pages:
        shown = b" T* ".join(b"(" + _pdf_string(line) + b") Tj" for line in lines)
        stream = b"BT /F1 12 Tf 72 720 Td 16 TL " + shown + b" ET"
        objects.append(
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        )
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (*size, content)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    return _pdf_file(objects)


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def combine(*pdfs: bytes) -> bytes:
    """The pages of several PDFs, in order, as one PDF (written by PDFium)."""
    buffer = io.BytesIO()
    # Tests build samples while a live server may be rendering pages (PDFIUM_LOCK).
    with PDFIUM_LOCK:
        combined = pdfium.PdfDocument.new()
        try:
            for data in pdfs:
                source = pdfium.PdfDocument(data)
                try:
                    combined.import_pages(source)
                finally:
                    source.close()
            combined.save(buffer)
        finally:
            combined.close()
    # PDFium writes a random file id.
    return fixed_pdf(buffer.getvalue())


def no_pages_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    return _pdf_file(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )


def scan(lines: list[str], *, size: tuple[int, int] = (2550, 1200)) -> Image.Image:
    """A grayscale "scanned" page at 300 dpi with `lines` in a large, clear font."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=48)
    for index, line in enumerate(lines):
        draw.text((150, 150 + 110 * index), line, font=font, fill=0)
    return image


def scanned_pdf(pages: list[list[str]]) -> bytes:
    """A PDF of page images with no text layer, as a scanner makes."""
    images = [scan(lines) for lines in pages]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="PDF",
        save_all=True,
        append_images=images[1:],
        resolution=300,
        # Pillow stamps the clock unless told: the same pages make the same file.
        creationDate=FIXED_DATETIME.utctimetuple(),
        modDate=FIXED_DATETIME.utctimetuple(),
    )
    return buffer.getvalue()


def image_file(pages: list[list[str]], *, fmt: str) -> bytes:
    """A PNG/JPEG (first page only) or a TIFF with one frame per page."""
    images = [scan(lines) for lines in pages]
    buffer = io.BytesIO()
    if fmt == "TIFF":
        images[0].save(
            buffer,
            format="TIFF",
            save_all=True,
            append_images=images[1:],
            dpi=(SCAN_DPI, SCAN_DPI),
            compression="tiff_lzw",
        )
    else:
        images[0].save(buffer, format=fmt, dpi=(SCAN_DPI, SCAN_DPI))
    return buffer.getvalue()


def docx_file(pages: list[list[str]], *, table: list[list[str]] | None = None) -> bytes:
    """A Word file with one paragraph per line and a page break between pages."""
    document = docx.Document()
    for index, lines in enumerate(pages):
        if index:
            document.add_page_break()  # type: ignore[no-untyped-call]  # unannotated upstream
        for line in lines:
            document.add_paragraph(line)
        if table and index == 0:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for row, values in zip(grid.rows, table, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def eml_file(
    body: str,
    *,
    attachments: list[tuple[str, str, bytes]],
    html: str | None = None,
    subject: str = "Records from Riverside Clinic",
) -> bytes:
    """An e-mail with a text (maybe HTML) body and (name, MIME type, bytes) files."""
    message = EmailMessage()
    message["From"] = "Records Desk <records@clinic.example>"
    message["To"] = "paralegal@firm.test"
    message["Cc"] = "attorney@firm.test"
    message["Date"] = "Mon, 03 Mar 2025 10:00:00 -0500"
    message["Subject"] = subject
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, mime, data in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    # The library draws boundaries at random; these come from the content instead.
    content = hashlib.sha256(body.encode() + (html or "").encode())
    for _name, _mime, data in attachments:
        content.update(data)
    parts = (part for part in message.walk() if part.is_multipart())
    for index, part in enumerate(parts):
        part.set_boundary(f"==paradesk-{index}-{content.hexdigest()[:32]}==")
    return message.as_bytes()
