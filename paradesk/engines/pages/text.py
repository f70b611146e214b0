"""Plain text files: decoded leniently, one page per form feed."""

from __future__ import annotations

import codecs

from paradesk.engines.pages.models import Page

# Old Windows exports are cp1252 far more often than anything else that is not UTF-8;
# latin-1 decodes any byte at all, so it is the last resort.
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def decode_text(data: bytes) -> str:
    """`data` as text: UTF-8 (UTF-16 with a byte-order mark), else cp1252 or latin-1.

    Args:
        data: the file's bytes.

    Returns:
        The decoded text with line endings normalised to "\\n".
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        text = _first_decoding(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(data: bytes) -> tuple[Page, ...]:
    """Splits a text file into pages at form feeds ("\\f"), as printers do.

    Args:
        data: the file's bytes.

    Returns:
        One text `Page` per form-feed-separated part; a trailing form feed does not
        start an empty last page.
    """
    parts = decode_text(data).split("\f")
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return tuple(
        Page(number=number, text=part.strip("\n"), method="text")
        for number, part in enumerate(parts, start=1)
    )


def _first_decoding(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in _FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1", errors="replace")
