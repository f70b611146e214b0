"""Pages to PDF bytes: a text layer with reportlab, or a "scan" with no text at all."""

from __future__ import annotations

import io
import random
import time

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageDraw
from reportlab.pdfgen.canvas import Canvas

from paradesk.engines.medchron.corpus.models import seeded
from paradesk.engines.medchron.corpus.productions import Production, Scan
from paradesk.engines.medchron.corpus.typeset import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Rule,
    Sheet,
)
from paradesk.engines.pages.pdf import PDFIUM_LOCK

# A fixed creation date keeps every written file byte-for-byte the same per seed.
_CREATED = time.struct_time((2025, 1, 15, 9, 0, 0, 2, 15, 0))
_POINTS_PER_INCH = 72


def render(production: Production) -> bytes:
    """The production's PDF: text layer as laid out, or image-only when scanned."""
    scan = production.scan
    if scan is None:
        return text_pdf(production.sheets)
    rng = seeded("scan", scan.seed)
    skews = [scan.angle + rng.uniform(-0.3, 0.3) for _ in production.sheets]
    return scanned_pdf(text_pdf(production.sheets, skews=skews), scan)


def text_pdf(sheets: tuple[Sheet, ...], *, skews: list[float] | None = None) -> bytes:
    """Draws the sheets with reportlab's standard fonts (nothing embedded).

    `skews` turns each page by that many degrees about its centre: a page fed
    crooked through a scanner, drawn as vectors because rotating a 300 dpi
    bitmap costs ten times more than rendering it.
    """
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1
    )
    for number, sheet in enumerate(sheets):
        if skews:
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(skews[number])
            canvas.translate(-PAGE_WIDTH / 2, -PAGE_HEIGHT / 2)
        for item in sheet:
            if isinstance(item, Rule):
                canvas.setLineWidth(0.6)
                canvas.line(item.x1, item.y1, item.x2, item.y2)
                continue
            canvas.setFont(item.font, item.size)
            draw = {"left": canvas.drawString, "right": canvas.drawRightString}.get(
                item.align, canvas.drawCentredString
            )
            draw(item.x, item.y, item.text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scanned_pdf(data: bytes, scan: Scan) -> bytes:
    """Renders each page and saves it back as a speckled, image-only PDF.

    Rasterised from the laid-out PDF rather than drawn straight to an image, so the
    scan shows the very same layout, fonts and line breaks as a text-layer copy.
    """
    rng = seeded("scan", scan.seed)
    rendered = []
    # PDFium is not thread-safe: every call holds the process-wide lock.
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            for page in pdf:
                bitmap = page.render(scale=scan.dpi / _POINTS_PER_INCH, grayscale=True)
                rendered.append(bitmap.to_pil().convert("L"))
                bitmap.close()
                page.close()
        finally:
            pdf.close()
    images = []
    for image in rendered:
        _speckle(image, rng)
        images.append(
            image.point(lambda v: 255 if v > 150 else 0, mode="1")
            if scan.bilevel
            else image
        )
    buffer = io.BytesIO()
    # Grayscale pages are stored as JPEG, 1-bit pages as CCITT G4 (no quality knob).
    jpeg = {} if scan.bilevel else {"quality": 70}
    images[0].save(
        buffer,
        format="PDF",
        save_all=True,
        append_images=images[1:],
        resolution=float(scan.dpi),
        creationDate=_CREATED,
        modDate=_CREATED,
        **jpeg,
    )
    return buffer.getvalue()


def _speckle(image: Image.Image, rng: random.Random) -> None:
    """Dust and toner specks, few and small enough that OCR still reads the page."""
    draw = ImageDraw.Draw(image)
    width, height = image.size
    for _ in range(width * height // 30000):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.choice((1, 1, 2))
        draw.ellipse((x, y, x + size, y + size), fill=rng.randrange(0, 120))
