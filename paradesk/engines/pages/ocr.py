"""OCR with Debian's tesseract, one process per image."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
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
    first = run_tesseract(
        program, image, dpi=dpi, timeout=timeout, language=language, psm=4
    )
    # Mode 4 too can leave a whole column unread (a skewed statement's charges). The
    # ink no word box covers tells: then the page is read again as one uniform block
    # (mode 6, which keeps table rows but reads prose less well), and that reading is
    # kept only if it leaves less than half as much ink unread.
    pixels = dark_pixels(image)
    left = unread_ink(pixels, first)
    if left <= UNREAD_INK_LIMIT:
        return parse_tsv(first)
    second = run_tesseract(
        program, image, dpi=dpi, timeout=timeout, language=language, psm=6
    )
    return parse_tsv(second if unread_ink(pixels, second) < left / 2 else first)


# Share of a page's ink outside every recognised word that calls for a second reading.
# Rules, logos and scanner specks leave up to about 4% on the synthetic corpus's pages;
# a lost column of amounts left 12%.
UNREAD_INK_LIMIT = 0.06
# Word boxes are tight around the glyphs; anti-aliased edges stand a little outside.
_BOX_MARGIN = 6


def dark_pixels(image: bytes) -> npt.NDArray[np.bool_] | None:
    """The page's dark pixels, or None when the picture cannot be decoded here."""
    try:
        with Image.open(io.BytesIO(image)) as picture:
            gray = picture.convert("L")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    ink: npt.NDArray[np.bool_] = np.asarray(gray) < 128
    return ink


def unread_ink(ink: npt.NDArray[np.bool_] | None, tsv: str) -> float:
    """The share of `ink` outside the word boxes of a tesseract TSV reading."""
    if ink is None:
        return 0.0
    total = int(ink.sum())
    if not total:
        return 0.0
    outside = ink.copy()
    for left, top, width, height in word_boxes(tsv):
        outside[
            max(0, top - _BOX_MARGIN) : top + height + _BOX_MARGIN,
            max(0, left - _BOX_MARGIN) : left + width + _BOX_MARGIN,
        ] = False
    return int(outside.sum()) / total


def word_boxes(tsv: str) -> list[tuple[int, int, int, int]]:
    """(left, top, width, height) of each recognised word of a TSV reading."""
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
    """One tesseract process over `image`: its TSV output."""
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
