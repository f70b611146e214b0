"""Content-addressed, encrypted blob storage: one interface, a local backend by default.

A blob is named by the SHA-256 of its plaintext and never overwritten: the same name
always means the same bytes, so a document version can point at a hash forever. Paths
carry only that hash (`blobs/ab/cd/<sha256>`): no client names, file names or types.

Each blob is sealed with AES-256-GCM under its own random data key; the data key is
wrapped (RFC 3394 AES key wrap) by the master key from `paradesk.core.keys`. Rotating
the master key therefore re-wraps a 40-byte field per blob and never re-encrypts
content. The plaintext's hash is the associated data, so a blob moved to another name
fails authentication instead of serving the wrong file.

On-disk format, version 1 (big-endian, fixed header then ciphertext with its tag):

    magic b"PDBL" | version u8 | master key id 8 bytes | wrapped data key 40 bytes
    | nonce 12 bytes | AES-GCM ciphertext + 16-byte tag
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import secrets
import struct
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)
from django.conf import settings

from paradesk.core.exceptions import ParadeskError
from paradesk.core.keys import MasterKey, MasterKeyError, current_master_key

logger = logging.getLogger(__name__)

MAGIC = b"PDBL"
FORMAT_VERSION = 1
_HEADER = struct.Struct(">4sB8s40s12s")
_DATA_KEY_BYTES = 32
_NONCE_BYTES = 12
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class StorageError(ParadeskError):
    """A blob is missing, unreadable, tampered with, or sealed with another key."""


class BlobMissingError(StorageError):
    pass


def is_sha256(value: str) -> bool:
    return _SHA256_HEX.fullmatch(value) is not None


def _check_name(sha256: str) -> None:
    # The name becomes a path: anything but 64 lowercase hex digits could walk out of
    # the store.
    if not is_sha256(sha256):
        raise StorageError("A blob name must be 64 lowercase hexadecimal digits.")


def _associated_data(sha256: str) -> bytes:
    return MAGIC + bytes([FORMAT_VERSION]) + sha256.encode("ascii")


def seal(data: bytes, sha256: str, master: MasterKey) -> bytes:
    """Encrypts `data` (whose hash is `sha256`) into the version-1 blob format."""
    data_key = AESGCM.generate_key(bit_length=_DATA_KEY_BYTES * 8)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    wrapped = aes_key_wrap(master.material, data_key)
    ciphertext = AESGCM(data_key).encrypt(nonce, data, _associated_data(sha256))
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, master.key_id, wrapped, nonce)
    return header + ciphertext


def unseal(blob: bytes, sha256: str, master: MasterKey) -> bytes:
    """Decrypts a version-1 blob and proves it holds the content named `sha256`.

    Raises:
        StorageError: bad header, another master key, failed tag or hash mismatch.
    """
    if len(blob) < _HEADER.size:
        raise StorageError(f"Blob {sha256} is truncated (shorter than its header).")
    magic, version, key_id, wrapped, nonce = _HEADER.unpack_from(blob)
    if magic != MAGIC:
        raise StorageError(f"Blob {sha256} is not a Paradesk blob (bad magic bytes).")
    if version != FORMAT_VERSION:
        raise StorageError(f"Blob {sha256} has unknown format version {version}.")
    if key_id != master.key_id:
        raise StorageError(
            f"Blob {sha256} was sealed with master key {key_id.hex()}, but the "
            f"configured master key is {master.key_id_hex}."
        )
    try:
        data_key = aes_key_unwrap(master.material, wrapped)
        data = AESGCM(data_key).decrypt(
            nonce, blob[_HEADER.size :], _associated_data(sha256)
        )
    except (InvalidUnwrap, InvalidTag):
        raise StorageError(
            f"Blob {sha256} failed authentication: it was altered, moved or "
            "sealed with another key."
        ) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StorageError(f"Blob {sha256} decrypts to content with another hash.")
    return data


class BlobStore(ABC):
    """Where blobs live. Every backend seals content the same way (`seal`/`unseal`)."""

    @abstractmethod
    def put(self, data: bytes) -> str:
        """Stores `data` durably under its SHA-256 and returns that hash.

        Storing content that is already present is a no-op. When this returns, the blob
        is on stable storage, so a database row may now point at it.
        """

    @abstractmethod
    def read(self, sha256: str) -> bytes:
        """The verified plaintext of a blob.

        Raises:
            BlobMissingError: no such blob.
            StorageError: the blob fails authentication or its hash.
        """

    def open(self, sha256: str) -> BinaryIO:
        """The verified plaintext as a file object (read whole, so verified first)."""
        return io.BytesIO(self.read(sha256))

    @abstractmethod
    def exists(self, sha256: str) -> bool: ...

    @abstractmethod
    def delete(self, sha256: str) -> bool:
        """Removes a blob; returns whether it was there. Only pruning calls this."""

    @abstractmethod
    def iter_keys(self) -> Iterator[str]:
        """Every stored blob's hash, in sorted order."""


def _master_key() -> MasterKey:
    try:
        return current_master_key()
    except MasterKeyError as exc:
        raise StorageError(str(exc)) from exc


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalEncryptedStore(BlobStore):
    """Blobs on local disk under `PARADESK_HOME/blobs`; dirs 0700, files 0600."""

    def __init__(self, root: Path | None = None) -> None:
        self._root = root

    @property
    def root(self) -> Path:
        # Read at call time: tests and the CLI change PARADESK_HOME after import.
        if self._root is not None:
            return self._root
        return Path(settings.PARADESK_HOME) / "blobs"

    def path_for(self, sha256: str) -> Path:
        _check_name(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def _make_shard(self, sha256: str) -> Path:
        root = self.root
        root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shard = root / sha256[:2] / sha256[2:4]
        for directory in (root, shard.parent, shard):
            try:
                directory.mkdir(mode=0o700)
            except FileExistsError:
                continue
            # mkdir's mode passes through the umask; state it outright.
            directory.chmod(0o700)
            _fsync_dir(directory.parent)
        return shard

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha256)
        if target.exists():
            return sha256
        blob = seal(data, sha256, _master_key())
        shard = self._make_shard(sha256)
        fd, tmp_name = tempfile.mkstemp(dir=shard, prefix=".tmp-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp already creates 0600; stated here so the mode never depends on it.
            tmp.chmod(0o600)
            # Two writers of the same content race harmlessly: each replace installs a
            # complete blob that decrypts to the same bytes.
            tmp.replace(target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(shard)
        logger.debug("blob stored sha256=%s bytes=%d", sha256, len(data))
        return sha256

    def read(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            raise BlobMissingError(
                f"Blob {sha256} is missing from the store."
            ) from None
        return unseal(blob, sha256, _master_key())

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def delete(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        _fsync_dir(path.parent)
        return True

    def iter_keys(self) -> Iterator[str]:
        root = self.root
        if not root.is_dir():
            return
        for first in sorted(p for p in root.iterdir() if p.is_dir()):
            for second in sorted(p for p in first.iterdir() if p.is_dir()):
                prefix = first.name + second.name
                for blob in sorted(second.iterdir()):
                    if is_sha256(blob.name) and blob.name.startswith(prefix):
                        yield blob.name


def get_store() -> BlobStore:
    """The configured blob store (local encrypted; an S3-compatible one comes later)."""
    return LocalEncryptedStore()
