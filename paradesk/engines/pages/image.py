"""Images (PNG, JPEG, TIFF with any number of frames): one OCR'd page per frame."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from paradesk.engines.pages.exceptions import CorruptFileError
from paradesk.engines.pages.models import Page, PagesOptions
from paradesk.engines.pages.runner import PageRunner, pixel_limit_error

# Below this a stored resolution is a placeholder (72 dpi screenshots, 1 dpi bugs),
# and telling tesseract would make it misjudge the text size.
_MIN_TRUSTED_DPI = 100
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError)


def read_image(data: bytes, *, options: PagesOptions) -> tuple[Page, ...]:
    """OCRs every frame of an image, each frame one page.

    Args:
        data: the PNG, JPEG or TIFF file.
        options: the reading options; `max_image_pixels` is checked per frame from
            its header, before the frame is decoded.

    Returns:
        One OCR `Page` per frame; a frame over the pixel limit or damaged fails alone.

    Raises:
        CorruptFileError: the file cannot be opened, or its only frame is damaged.
    """
    with warnings.catch_warnings():
        # Pillow's own bomb check warns above its global limit; ours is per frame
        # and configurable, below.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            frames = getattr(image, "n_frames", 1)
        except Image.DecompressionBombError:
            return (
                Page(
                    number=1,
                    text="",
                    method="ocr",
                    error="the image is over Pillow's decompression-bomb pixel limit",
                ),
            )
        except (UnidentifiedImageError, *_DECODE_ERRORS) as exc:
            raise CorruptFileError("the image is damaged or truncated") from exc
    with image, PageRunner(frames, options) as runner:
        for index in range(frames):
            page = _queue_frame(image, index, frames, options, runner)
            if page is not None:
                runner.add(page)
        return runner.finish()


def _queue_frame(
    image: Image.Image,
    index: int,
    frames: int,
    options: PagesOptions,
    runner: PageRunner,
) -> Page | None:
    """Queues one frame for OCR; returns a failed page instead when it cannot be."""
    number = index + 1
    try:
        image.seek(index)
    except _DECODE_ERRORS:
        return Page(number=number, text="", method="ocr", error="the frame is damaged")
    refused = pixel_limit_error(*image.size, options, "image")
    if refused is not None:
        return Page(number=number, text="", method="ocr", error=refused)
    try:
        frame = image.convert("L")
    except _DECODE_ERRORS as exc:
        if frames == 1:
            raise CorruptFileError("the image is damaged or truncated") from exc
        return Page(number=number, text="", method="ocr", error="the frame is damaged")
    buffer = io.BytesIO()
    frame.save(buffer, format="PPM")
    runner.add_image(number, buffer.getvalue(), dpi=_stored_dpi(image))
    return None


def _stored_dpi(image: Image.Image) -> int | None:
    dpi = image.info.get("dpi")
    if not isinstance(dpi, tuple) or not dpi:
        return None
    try:
        value = round(float(dpi[0]))
    except (TypeError, ValueError):
        return None
    return value if value >= _MIN_TRUSTED_DPI else None
