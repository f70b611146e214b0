"""Safe expansion of uploaded zip archives: entries checked before and while reading.

Productions often arrive as one zip. Expanding one is where zip bombs (tiny archive,
huge content), path traversal (`../../etc/passwd`, `/abs/path`) and symlink entries
bite, so the stdlib's `zipfile` is wrapped here with limits. `zipfile` reads the
format; what is ours is the policy: declared sizes and ratios are refused before any
byte is inflated, and the inflated bytes are counted again while reading because
declared sizes can lie.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
import zlib
from dataclasses import dataclass

_CHUNK = 1024 * 1024
# Operating-system clutter that archivers add; never a document.
_CLUTTER_PREFIXES = ("__MACOSX/",)
_CLUTTER_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


class ArchiveError(Exception):
    """The archive as a whole is refused; the message says why, in one line."""


@dataclass(frozen=True)
class Limits:
    """What an archive may expand to.

    Attributes:
        max_entries: files in the archive.
        max_total_bytes: all entries together, inflated.
        max_entry_bytes: one entry, inflated.
        max_ratio: inflated size over compressed size, per entry and overall.
    """

    max_entries: int = 5_000
    max_total_bytes: int = 2 * 1024**3
    max_entry_bytes: int = 512 * 1024**2
    max_ratio: float = 200.0


@dataclass(frozen=True)
class Entry:
    """One file taken from the archive: its path inside it, made safe, and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Skipped:
    """An entry left out, and why (shown to the person who uploaded it)."""

    name: str
    reason: str


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def safe_name(raw: str) -> str | None:
    """The entry's path with `/` separators, or None when it is absolute or escapes.

    Args:
        raw: the name as stored in the archive.

    Returns:
        A normalized relative path, or None for absolute paths, drive letters, `..`
        components or an empty name.
    """
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        return None
    return posixpath.join(*parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _skip_reason(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    if _is_symlink(info):
        return "a symbolic link, not a file"
    if info.flag_bits & 0x1:
        return (
            "encrypted inside the archive: extract it with its password and upload it"
        )
    if safe_name(info.filename) is None:
        return "its path points outside the archive"
    if info.file_size == 0:
        return "empty"
    if info.file_size > limits.max_entry_bytes:
        return f"larger than {limits.max_entry_bytes // 1024**2} MB once expanded"
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > limits.max_ratio:
        return f"compressed {ratio:.0f} to 1, a sign of a zip bomb"
    return None


def _clutter(name: str) -> bool:
    return name.startswith(_CLUTTER_PREFIXES) or posixpath.basename(name) in (
        _CLUTTER_NAMES
    )


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """Inflates one entry, refusing it once it passes its declared size or `cap`."""
    allowed = min(info.file_size, cap)
    out = io.BytesIO()
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            if out.tell() + len(chunk) > allowed:
                raise ArchiveError(
                    f"“{info.filename}” expands past the size it declares: the archive "
                    "is malformed or hostile, so none of it was taken."
                )
            out.write(chunk)
    return out.getvalue()


def expand(
    data: bytes, *, limits: Limits | None = None
) -> tuple[list[Entry], list[Skipped]]:
    """Takes every acceptable file out of a zip archive held in memory.

    The archive is refused whole when its entry count, total declared size or overall
    compression ratio pass the limits, before anything is inflated. Single bad entries
    (traversal paths, symlinks, encrypted or empty entries, extreme ratios) are skipped
    with a reason and the rest are taken.

    Args:
        data: the archive's bytes.
        limits: the expansion limits; defaults to `Limits()`.

    Returns:
        The entries taken, in archive order, and the entries skipped.

    Raises:
        ArchiveError: not a readable zip, or over a whole-archive limit.
    """
    limits = limits or Limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ArchiveError(f"The zip archive cannot be read ({error}).") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        files = [i for i in infos if not _clutter(i.filename)]
        if len(files) > limits.max_entries:
            raise ArchiveError(
                f"The archive holds {len(files)} files; the limit is "
                f"{limits.max_entries}."
            )
        declared = sum(i.file_size for i in files)
        if declared > limits.max_total_bytes:
            raise ArchiveError(
                f"The archive would expand to {declared // 1024**2} MB; the limit is "
                f"{limits.max_total_bytes // 1024**2} MB."
            )
        if declared / max(len(data), 1) > limits.max_ratio:
            raise ArchiveError(
                "The archive expands more than "
                f"{limits.max_ratio:.0f} times its size, a sign of a zip bomb."
            )
        return _take(archive, files, limits)


def _take(
    archive: zipfile.ZipFile, files: list[zipfile.ZipInfo], limits: Limits
) -> tuple[list[Entry], list[Skipped]]:
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    inflated = 0
    for info in files:
        reason = _skip_reason(info, limits)
        name = safe_name(info.filename) or info.filename
        if reason is not None:
            skipped.append(Skipped(name=name, reason=reason))
            continue
        try:
            content = _read_bounded(archive, info, limits.max_entry_bytes)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            skipped.append(
                Skipped(name=name, reason=f"damaged in the archive ({error})")
            )
            continue
        inflated += len(content)
        if inflated > limits.max_total_bytes:
            raise ArchiveError("The archive expands past the total size limit.")
        entries.append(Entry(name=name, data=content))
    return entries, skipped
