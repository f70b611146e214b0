"""One page as a picture, for the viewer: PDF pages rendered, image frames converted."""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageSequence, UnidentifiedImageError

from paradesk.engines.pages import detect
from paradesk.engines.pages.exceptions import CorruptFileError, UnsupportedTypeError
from paradesk.engines.pages.pdf import PDFIUM_LOCK, open_pdf

_POINTS_PER_INCH = 72
# A viewer image needs a readable page, not a print master: about 1,400 px wide.
DEFAULT_WIDTH_PX = 1400
# Refuse absurd requests before allocating anything (a crafted page size).
_MAX_PIXELS = 40_000_000


def renderable(content_type: str) -> bool:
    """Whether pages of this type have a picture (PDF, PNG, JPEG, TIFF)."""
    return content_type in {detect.PDF, detect.PNG, detect.JPEG, detect.TIFF}


def render_page(
    data: bytes,
    number: int,
    *,
    width_px: int = DEFAULT_WIDTH_PX,
    password: str | None = None,
) -> bytes:
    """Renders page `number` (1-based) of a PDF or image file as a PNG.

    Args:
        data: the file's bytes.
        number: the page, from 1.
        width_px: the picture's width; the height follows the page's shape.
        password: the user password of an encrypted PDF.

    Returns:
        PNG bytes.

    Raises:
        UnsupportedTypeError: the file has no pictures of pages (Word, e-mail, text).
        CorruptFileError: the file or that page is damaged.
        IndexError: there is no page `number`.
    """
    content_type = detect.detect_content_type(data)
    if content_type == detect.PDF:
        return _render_pdf(data, number, width_px, password)
    if content_type in {detect.PNG, detect.JPEG, detect.TIFF}:
        return _render_image(data, number, width_px)
    raise UnsupportedTypeError("this kind of file has no page pictures")


def _render_pdf(data: bytes, number: int, width_px: int, password: str | None) -> bytes:
    # PDFium work only under the lock; the PNG encoding, most of the time, after.
    with open_pdf(data, password) as pdf, PDFIUM_LOCK:
        picture = _pdf_picture(pdf, number, width_px)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _pdf_picture(pdf: pdfium.PdfDocument, number: int, width_px: int) -> Image.Image:
    """Page `number` as a picture of its own memory; the caller holds PDFIUM_LOCK."""
    if not 1 <= number <= len(pdf):
        raise IndexError(number)
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        scale = width_px / max(width, 1)
        if math.ceil(width * scale) * math.ceil(height * scale) > _MAX_PIXELS:
            raise CorruptFileError("the page is too large to show")
        bitmap = page.render(scale=scale)
        try:
            # A copy: the bitmap's buffer belongs to PDFium and is freed with it.
            picture: Image.Image = bitmap.to_pil().copy()
            return picture
        finally:
            bitmap.close()
    except pdfium.PdfiumError:
        raise CorruptFileError("the page is damaged") from None
    finally:
        page.close()


def _render_image(data: bytes, number: int, width_px: int) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > _MAX_PIXELS * 4:
                raise CorruptFileError("the image is too large to show")
            frames = ImageSequence.Iterator(image)
            for index, frame in enumerate(frames, start=1):
                if index == number:
                    picture = frame.convert("RGB")
                    if picture.width > width_px:
                        height = round(picture.height * width_px / picture.width)
                        picture = picture.resize((width_px, height))
                    out = io.BytesIO()
                    picture.save(out, format="PNG")
                    return out.getvalue()
    except (UnidentifiedImageError, OSError):
        raise CorruptFileError("the image is damaged") from None
    raise IndexError(number)
