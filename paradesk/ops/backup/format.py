"""The archive's format: its member names, the keys derived for it, the chunked
encryption of its database part, and its manifest."""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from paradesk.core.exceptions import ParadeskError
from paradesk.core.keys import MasterKey
from paradesk.core.storage import is_sha256

FORMAT = "paradesk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_MAC = "manifest.hmac"
DATABASE = "database.enc"
BLOBS = "blobs/"

_DB_MAGIC = b"PDBK"
_DB_HEADER = struct.Struct(">4sBI")
_CHUNK_BYTES = 1 << 20
_TAG_BYTES = 16
SALT_BYTES = 32

Say = Callable[[str], None]


class BackupError(ParadeskError):
    """A backup cannot be made or restored; the message says why and what to do."""


def derive_key(master: MasterKey, salt: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=salt,
        info=f"paradesk backup v{FORMAT_VERSION} {purpose}".encode(),
    ).derive(master.material)


def _nonce(counter: int, *, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def encrypt_stream(source: IO[bytes], target: IO[bytes], key: bytes) -> None:
    """Encrypts `source` into `target` chunk by chunk (memory stays at two chunks)."""
    header = _DB_HEADER.pack(_DB_MAGIC, FORMAT_VERSION, _CHUNK_BYTES)
    target.write(header)
    aead = AESGCM(key)
    counter = 0
    chunk = source.read(_CHUNK_BYTES)
    while True:
        following = source.read(_CHUNK_BYTES)
        final = not following
        target.write(aead.encrypt(_nonce(counter, final=final), chunk, header))
        if final:
            return
        chunk = following
        counter += 1


def decrypt_stream(source: IO[bytes], target: IO[bytes], key: bytes) -> None:
    """Decrypts what `encrypt_stream` wrote, refusing any altered or missing chunk.

    Raises:
        BackupError: not this format, or authentication failed.
    """
    header = source.read(_DB_HEADER.size)
    if len(header) != _DB_HEADER.size:
        raise BackupError("The database part of the backup is truncated.")
    magic, version, chunk_bytes = _DB_HEADER.unpack(header)
    if magic != _DB_MAGIC or version != FORMAT_VERSION or chunk_bytes > 1 << 26:
        raise BackupError("The database part of the backup is not in a known format.")
    aead = AESGCM(key)
    size = chunk_bytes + _TAG_BYTES
    counter = 0
    block = source.read(size)
    while True:
        following = source.read(size)
        final = not following
        try:
            target.write(aead.decrypt(_nonce(counter, final=final), block, header))
        except InvalidTag:
            raise BackupError(
                "The database part of the backup failed authentication: it was "
                "altered or truncated."
            ) from None
        if final:
            return
        block = following
        counter += 1


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class BlobEntry:
    sha256: str
    sealed_sha256: str
    size: int
    stored_at: datetime


@dataclass(frozen=True)
class Manifest:
    created_at: str
    key_id: str
    salt: bytes
    vendor: str
    plaintext_sha256: str
    encrypted_sha256: str
    migrations: list[str]
    blobs: list[BlobEntry]


def _field(data: Any, name: str, kind: type) -> Any:
    value = data.get(name) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        raise BackupError(f"The backup manifest has no valid {name!r}.")
    return value


def parse_manifest(raw: bytes) -> Manifest:
    try:
        data: Any = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError("The backup manifest is not valid JSON.") from None
    if _field(data, "format", str) != FORMAT:
        raise BackupError("This file is not a Paradesk backup.")
    if _field(data, "format_version", int) != FORMAT_VERSION:
        raise BackupError(
            f"This backup has format version {data['format_version']}; this Paradesk "
            f"reads version {FORMAT_VERSION}."
        )
    database = _field(data, "database", dict)
    blobs = []
    for item in _field(data, "blobs", list):
        sha256 = _field(item, "sha256", str)
        if not is_sha256(sha256):
            raise BackupError("The backup manifest names a blob that is not a hash.")
        blobs.append(
            BlobEntry(
                sha256=sha256,
                sealed_sha256=_field(item, "sealed_sha256", str),
                size=_field(item, "bytes", int),
                stored_at=datetime.fromisoformat(_field(item, "stored_at", str)),
            )
        )
    if _field(data, "blob_count", int) != len(blobs):
        raise BackupError("The backup manifest's blob count does not match its list.")
    return Manifest(
        created_at=_field(data, "created_at", str),
        key_id=_field(data, "key_id", str),
        salt=bytes.fromhex(_field(data, "salt", str)),
        vendor=_field(database, "vendor", str),
        plaintext_sha256=_field(database, "plaintext_sha256", str),
        encrypted_sha256=_field(database, "encrypted_sha256", str),
        migrations=[str(name) for name in _field(data, "migrations", list)],
        blobs=blobs,
    )
