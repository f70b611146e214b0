"""OCR with Debian's tesseract, one process per image."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

from paradesk.engines.pages.models import OcrResult

# tesseract's OpenMP threads fight each other when several pages run at once: one
# thread per process, one process per core, was about 8x faster on our servers.
_ENV_OVERRIDES = {"OMP_THREAD_LIMIT": "1"}
_TSV_COLUMNS = 12


def tesseract_path() -> str | None:
    """The tesseract executable on PATH, or None when it is not installed."""
    return shutil.which("tesseract")


def tesseract(
    image: bytes, *, dpi: int | None, timeout: float, language: str = "eng"
) -> OcrResult:
    """Reads `image` with tesseract, one thread per process; a page whose first
    reading left much of its ink unread is read a second time (see below).

    Args:
        image: the picture as PNG, PNM, JPEG or TIFF bytes (first frame only).
        dpi: its resolution when known, so tesseract need not guess text size.
        timeout: seconds before a tesseract process is killed.
        language: tesseract's language code.

    Returns:
        The text, rebuilt from tesseract's word table, and the mean word confidence.

    Raises:
        TimeoutError: tesseract ran longer than `timeout`.
        FileNotFoundError: tesseract is not installed.
        RuntimeError: tesseract failed on the image.
    """
    program = tesseract_path()
    if program is None:
        raise FileNotFoundError("tesseract is not installed")
    # Page segmentation mode 4 (one column of text of varying sizes), not the default
    # 3 (automatic layout): the text is rebuilt in visual rows from the word boxes
    # anyway, and automatic layout dropped a claim form's right-hand charges column
    # as non-text. Measured on two held-out synthetic corpora (seeds 1212, 1313; 30
    # cases each): bills exact 23 and 25 of 30 against 21 and 23, encounters unchanged.
    started = time.monotonic()
    first = run_tesseract(
        program, image, dpi=dpi, timeout=timeout, language=language, psm=4
    )
    spent = time.monotonic() - started
    # Mode 4 too can leave a whole column unread (a skewed statement's charges). The
    # ink no word box covers tells: then the page is read again as one uniform block
    # (mode 6, which keeps table rows but reads prose less well), and that reading is
    # kept only if it leaves less than half as much ink unread. It runs only in the
    # time the page has left, and if it fails the first reading stands.
    ink = dark_pixels(image)
    left = unread_ink(ink, first)
    if left <= UNREAD_INK_LIMIT or timeout - spent < 1.5 * spent:
        return parse_tsv(first)
    try:
        second = run_tesseract(
            program, image, dpi=dpi, timeout=timeout - spent, language=language, psm=6
        )
    except (TimeoutError, RuntimeError):
        return parse_tsv(first)
    return parse_tsv(second if unread_ink(ink, second) < left / 2 else first)


# Share of a page's ink outside every recognised word that calls for a second reading.
# Rules, logos and scanner specks leave up to about 4% on the synthetic corpus's pages;
# a lost column of amounts left 12%.
UNREAD_INK_LIMIT = 0.06
# Unread ink under this share of the page's area is specks, whatever its share of
# the ink (a blank page's specks are all unread).
_UNREAD_FLOOR = 0.0005
# Word boxes are tight around the glyphs; anti-aliased edges stand a little outside.
_BOX_MARGIN = 6
# Solid areas (a scanner's black edge, a redaction bar, a dark logo) are ink no reading
# covers: square cells of this many pixels that are mostly ink are not counted.
_CELL = 32
_SOLID = 0.6


def dark_pixels(image: bytes) -> npt.NDArray[np.bool_] | None:
    """The page's dark pixels that could be text, for `unread_ink`.

    Args:
        image: the picture as tesseract gets it (PNM, PNG, JPEG or TIFF bytes).

    Returns:
        True where the picture is dark (transparent parts count as white paper),
        solid dark areas left out; None when the picture cannot be decoded here.
    """
    try:
        with warnings.catch_warnings():
            # Past Pillow's size warning the caller has already checked the pixels.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(image)) as picture:
                if (
                    picture.mode in ("RGBA", "LA", "PA")
                    or "transparency" in picture.info
                ):
                    paper = Image.new("RGBA", picture.size, "white")
                    gray = Image.alpha_composite(paper, picture.convert("RGBA"))
                    gray = gray.convert("L")
                else:
                    gray = picture.convert("L")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    ink: npt.NDArray[np.bool_] = np.asarray(gray) < 128
    rows, columns = (size - size % _CELL for size in ink.shape)
    if rows and columns:
        cells = ink[:rows, :columns].reshape(
            rows // _CELL, _CELL, columns // _CELL, _CELL
        )
        solid = cells.mean(axis=(1, 3)) > _SOLID
        ink[:rows, :columns] &= ~np.repeat(np.repeat(solid, _CELL, 0), _CELL, 1)
    return ink


def unread_ink(ink: npt.NDArray[np.bool_] | None, tsv: str) -> float:
    """The share of a page's ink outside the word boxes of a tesseract reading.

    Args:
        ink: the page's dark pixels (`dark_pixels`), or None when unknown.
        tsv: tesseract's TSV output for the page.

    Returns:
        From 0 to 1; 0 when the ink is unknown, or when what lies outside the words
        is too little to be more than specks.
    """
    if ink is None:
        return 0.0
    total = int(ink.sum())
    outside = ink.copy()
    for left, top, width, height in word_boxes(tsv):
        outside[
            max(0, top - _BOX_MARGIN) : top + height + _BOX_MARGIN,
            max(0, left - _BOX_MARGIN) : left + width + _BOX_MARGIN,
        ] = False
    unread = int(outside.sum())
    if not total or unread < _UNREAD_FLOOR * ink.size:
        return 0.0
    return unread / total


def word_boxes(tsv: str) -> list[tuple[int, int, int, int]]:
    """The boxes of the words a reading recognised.

    Args:
        tsv: tesseract's TSV output.

    Returns:
        (left, top, width, height) of each non-empty word, in pixels.
    """
    boxes = []
    for record in tsv.splitlines()[1:]:
        fields = record.split("\t", _TSV_COLUMNS - 1)
        if len(fields) == _TSV_COLUMNS and fields[0] == "5" and fields[11].strip():
            left, top, width, height = (int(value) for value in fields[6:10])
            boxes.append((left, top, width, height))
    return boxes


def run_tesseract(
    program: str,
    image: bytes,
    *,
    dpi: int | None,
    timeout: float,
    language: str,
    psm: int,
) -> str:
    """One tesseract process over `image`, limited to one thread.

    Args:
        program: the tesseract executable.
        image: the picture (PNM, PNG, JPEG or TIFF bytes).
        dpi: its resolution when known.
        timeout: seconds before the process is killed.
        language: tesseract's language code.
        psm: tesseract's page segmentation mode.

    Returns:
        tesseract's TSV output.

    Raises:
        TimeoutError: tesseract ran longer than `timeout`.
        RuntimeError: tesseract failed on the image.
    """
    command = [program, "stdin", "stdout", "-l", language, "--psm", str(psm)]
    if dpi:
        command += ["--dpi", str(dpi)]
    command.append("tsv")
    try:
        # The command is fixed here; only the image (on stdin) comes from the file.
        completed = subprocess.run(  # noqa: S603
            command,
            input=image,
            capture_output=True,
            timeout=timeout,
            env={**os.environ, **_ENV_OVERRIDES},
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TimeoutError(f"OCR took longer than {timeout:g} s") from exc
    if completed.returncode != 0:
        raise RuntimeError(
            f"tesseract failed on the image (exit {completed.returncode})"
        )
    return completed.stdout.decode("utf-8", errors="replace")


@dataclass
class _Line:
    """One line as tesseract found it: its words in order and its box."""

    words: list[str]
    left: int
    top: int
    bottom: int
    # Each word's centre, to measure the page's skew.
    centres: list[tuple[float, float]]
    level: float = 0.0  # the middle, corrected for skew (set once the skew is known)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def slope(self) -> float | None:
        """How far the line falls per pixel to the right; None when too short."""
        if len(self.centres) < 3:
            return None
        xs = [x for x, _ in self.centres]
        if max(xs) - min(xs) < 300:
            return None
        mean_x = sum(xs) / len(xs)
        mean_y = sum(y for _, y in self.centres) / len(self.centres)
        spread = sum((x - mean_x) ** 2 for x in xs)
        return sum((x - mean_x) * (y - mean_y) for x, y in self.centres) / spread

    @property
    def height(self) -> int:
        return max(1, self.bottom - self.top)


def parse_tsv(tsv: str) -> OcrResult:
    """Text and mean word confidence from tesseract's TSV output.

    Tesseract reads a table column by column (each column is a block of its own), which
    tears a bill's rows apart. So its lines are put back into visual rows: lines whose
    vertical middles are within half a line of each other stand on one row, left to
    right, two spaces apart; a row gap of more than a line and a half starts a new
    paragraph (a blank line). The page's skew (the median slope of its long lines) is
    taken out of the middles first.

    Args:
        tsv: tesseract's `tsv` output, header line included.

    Returns:
        The page's rows as lines; the confidence is the mean over recognised words,
        None when there are none.
    """
    lines: dict[tuple[str, ...], _Line] = {}
    confidences: list[float] = []
    for record in tsv.splitlines()[1:]:
        fields = record.split("\t", _TSV_COLUMNS - 1)
        if len(fields) < _TSV_COLUMNS or fields[0] != "5":
            continue
        word = fields[11].strip()
        if not word:
            continue
        left, top = int(fields[6]), int(fields[7])
        width, height = int(fields[8]), int(fields[9])
        centre = (left + width / 2, top + height / 2)
        key = tuple(fields[1:5])
        line = lines.get(key)
        if line is None:
            lines[key] = _Line([word], left, top, top + height, [centre])
        else:
            line.words.append(word)
            line.left = min(line.left, left)
            line.top = min(line.top, top)
            line.bottom = max(line.bottom, top + height)
            line.centres.append(centre)
        confidence = float(fields[10])
        if confidence >= 0:
            confidences.append(confidence)
    # A skewed scan drifts a row's right-hand cells up or down by more than half a
    # line; measured from the long lines, the skew is taken out before rows are found.
    slopes = sorted(s for s in (line.slope for line in lines.values()) if s is not None)
    skew = slopes[len(slopes) // 2] if slopes else 0.0
    for line in lines.values():
        centre_x = sum(x for x, _ in line.centres) / len(line.centres)
        line.level = line.middle - skew * centre_x
    rows: list[list[_Line]] = []
    for line in sorted(lines.values(), key=lambda item: item.level):
        if rows:
            last = rows[-1]
            middle = sum(item.level for item in last) / len(last)
            height = min(line.height, *(item.height for item in last))
            if abs(line.level - middle) <= height / 2:
                last.append(line)
                continue
        rows.append([line])
    heights = sorted(line.height for line in lines.values())
    usual = heights[len(heights) // 2] if heights else 0
    out: list[str] = []
    previous_bottom: int | None = None
    for row in rows:
        top = min(item.top for item in row)
        if previous_bottom is not None and top - previous_bottom > 1.5 * usual:
            out.append("")
        out.append(
            "  ".join(
                " ".join(item.words) for item in sorted(row, key=lambda item: item.left)
            )
        )
        previous_bottom = max(item.bottom for item in row)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrResult(text="\n".join(out), confidence=mean)
