"""A file's type from its content (magic bytes), never from its name."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
TEXT = "text/plain"
EMAIL = "message/rfc822"
MSG = "application/vnd.ms-outlook"
UNKNOWN = "application/octet-stream"

# How much of the start of a file the text and e-mail heuristics look at.
_SNIFF_BYTES = 64 * 1024
# The PDF specification lets readers accept junk before the header within 1,024 bytes,
# and scanners' output sometimes has it.
_PDF_WINDOW = 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Outlook items are OLE compound files whose directory names MAPI property streams
# (stored as UTF-16LE); legacy .doc and .xls files are OLE too but never have them.
_MSG_MARKER = "__substg1.0_".encode("utf-16-le")
_HEADER_LINE = re.compile(r"^[!-9;-~]+:[ \t]?.*$")
_MAIL_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "received",
        "return-path",
        "mime-version",
        "reply-to",
        "sender",
        "delivered-to",
        "content-type",
    }
)
_KEY_MAIL_HEADERS = frozenset({"from", "date", "subject", "message-id", "received"})


def detect_content_type(data: bytes) -> str:
    """The MIME type of `data`, judged by its content alone.

    Args:
        data: the whole file (only its start is read, except for ZIP directories).

    Returns:
        One of the module's type constants; `UNKNOWN` when nothing matches.
    """
    if data.startswith(b"%PDF-"):
        return PDF
    # Signatures at offset 0 before the PDF window below: a ZIP holding an
    # uncompressed PDF has "%PDF-" in its first kilobyte too.
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if data.startswith(_OLE_MAGIC):
        return MSG if _MSG_MARKER in data else UNKNOWN
    if b"%PDF-" in data[:_PDF_WINDOW]:
        return PDF
    text = _as_text(data[:_SNIFF_BYTES])
    if text is None:
        return UNKNOWN
    if _looks_like_email(text):
        return EMAIL
    return TEXT


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return UNKNOWN
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        return DOCX
    return ZIP


def _as_text(prefix: bytes) -> str | None:
    """The prefix as UTF-8 text if it plausibly is text, else None."""
    if b"\x00" in prefix:
        return None
    # An incremental decoder tolerates a multi-byte character cut at the window's end.
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        text = decoder.decode(prefix, final=False)
    except UnicodeDecodeError:
        return None
    if not text.strip():
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > len(text) // 100:
        return None
    return text


def _looks_like_email(text: str) -> bool:
    """RFC 5322 shape: a block of header fields at the very start, then a blank line."""
    names: set[str] = set()
    lines = text.splitlines()
    if lines and lines[0].startswith("From ") and not lines[0].startswith("From:"):
        lines = lines[1:]  # mbox "From " separator line
    for line in lines[:200]:
        if not line.strip():
            break
        if line[0] in " \t":
            if not names:
                return False
            continue  # folded continuation of the previous field
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(":", 1)[0].strip().lower())
    known = names & _MAIL_HEADERS
    return len(known) >= 3 and bool(known & _KEY_MAIL_HEADERS)
