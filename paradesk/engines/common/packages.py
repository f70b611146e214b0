"""Files whose bytes are a function of their content alone, never of the clock.

The libraries that write our DOCX, XLSX and ZIP files stamp each zip entry with the
time of saving, and LibreOffice stamps each PDF with its creation time and a random
file id. Two renderings of the same letter then differ in bytes, so a stored draft
gets a new version (and a new hash to review) for nothing. These functions rewrite
those stamps to fixed values; the content is untouched.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime

# The earliest time a zip entry can hold (MS-DOS dates start in 1980).
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_DATETIME = datetime(1980, 1, 1, tzinfo=UTC)

_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{4,14})")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
# LibreOffice's trailer also carries a checksum of the file as first written.
_PDF_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def fixed_zip(data: bytes) -> bytes:
    """The same zip (a DOCX, an XLSX, an archive) with fixed entry metadata.

    Args:
        data: a zip file.

    Returns:
        The entries in their order, each with the same content and compression,
        dated `FIXED_ZIP_TIME`, mode 0644 (folders 0755), made on "Unix".

    Raises:
        zipfile.BadZipFile: `data` is not a zip file.
    """
    return _rezip(data, lambda _name, content: content)


def fixed_pdf(data: bytes) -> bytes:
    """The same PDF with its creation and change dates fixed and its file id derived
    from its content.

    Each value is replaced by one of the same length, so every byte offset in the
    file (its cross-reference table) stays right.

    Args:
        data: a PDF file.

    Returns:
        The PDF with every `/CreationDate` and `/ModDate` set to 1980-01-01 00:00:00
        (same time zone suffix), and each half of `/ID` and LibreOffice's
        `/DocChecksum` set to a hash of the rest.
    """
    dated = _PDF_DATE.sub(
        lambda match: match.group(1) + b"19800101000000"[: len(match.group(2))], data
    )
    stripped = _PDF_CHECKSUM.sub(b"", _PDF_ID.sub(b"", dated))
    digest = hashlib.sha256(stripped).hexdigest().upper()

    def same_length_id(match: re.Match[bytes]) -> bytes:
        whole, start = match.group(0), match.start()
        first = slice(match.start(1) - start, match.end(1) - start)
        second = slice(match.start(2) - start, match.end(2) - start)
        new = bytearray(whole)
        new[first] = digest[: first.stop - first.start].encode()
        new[second] = digest[len(digest) - (second.stop - second.start) :].encode()
        return bytes(new)

    return _PDF_CHECKSUM.sub(
        lambda match: match.group(1) + digest[: len(match.group(2))].encode(),
        _PDF_ID.sub(same_length_id, dated),
    )


_CORE_DATE = re.compile(
    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def fixed_office(data: bytes) -> bytes:
    """A DOCX or XLSX with fixed entry metadata and its document properties' created
    and modified dates set to `FIXED_DATETIME` (openpyxl stamps the clock on every
    save; python-docx keeps what its template had).

    Raises:
        zipfile.BadZipFile: `data` is not a zip file.
    """
    stamp = FIXED_DATETIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def dated(name: str, content: bytes) -> bytes:
        if name != "docProps/core.xml":
            return content
        return _CORE_DATE.sub(rb"\g<1>" + stamp + rb"\g<2>", content)

    return _rezip(data, dated)


def _rezip(data: bytes, transform: Callable[[str, bytes], bytes]) -> bytes:
    """`data`'s entries in order, each transformed, with fixed metadata."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = info.compress_type
            entry.create_system = 3
            entry.external_attr = (0o755 if info.is_dir() else 0o644) << 16
            target.writestr(entry, transform(info.filename, source.read(info.filename)))
    return out.getvalue()
