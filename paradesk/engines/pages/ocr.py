"""OCR with Debian's tesseract, one process per image."""

from __future__ import annotations

import os
import shutil
import subprocess

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
    """Reads `image` with one tesseract process, limited to one thread.

    Args:
        image: the picture as PNG, PNM, JPEG or TIFF bytes (first frame only).
        dpi: its resolution when known, so tesseract need not guess text size.
        timeout: seconds before the process is killed.
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
    command = [program, "stdin", "stdout", "-l", language]
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
    return parse_tsv(completed.stdout.decode("utf-8", errors="replace"))


def parse_tsv(tsv: str) -> OcrResult:
    """Text and mean word confidence from tesseract's TSV output.

    Args:
        tsv: tesseract's `tsv` output, header line included.

    Returns:
        Words joined by spaces, lines by newlines and paragraphs by a blank line;
        the confidence is the mean over recognised words, None when there are none.
    """
    paragraphs: list[list[list[str]]] = []
    confidences: list[float] = []
    last_paragraph: tuple[str, ...] | None = None
    last_line: tuple[str, ...] | None = None
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t", _TSV_COLUMNS - 1)
        if len(fields) < _TSV_COLUMNS or fields[0] != "5":
            continue
        word = fields[11].strip()
        if not word:
            continue
        paragraph_key = tuple(fields[1:4])
        line_key = tuple(fields[1:5])
        if paragraph_key != last_paragraph:
            paragraphs.append([])
            last_paragraph = paragraph_key
            last_line = None
        if line_key != last_line:
            paragraphs[-1].append([])
            last_line = line_key
        paragraphs[-1][-1].append(word)
        confidence = float(fields[10])
        if confidence >= 0:
            confidences.append(confidence)
    text = "\n\n".join(
        "\n".join(" ".join(words) for words in lines) for lines in paragraphs
    )
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrResult(text=text, confidence=mean)
