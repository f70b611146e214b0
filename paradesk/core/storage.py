"""Content-addressed, encrypted blob storage: one interface, a local backend by default.

A blob is named by the SHA-256 of its plaintext and never overwritten: the same name
always means the same bytes, so a document version can point at a hash forever. Paths
carry only that hash (`blobs/ab/cd/<sha256>`): no client names, file names or types.

Each blob is sealed with AES-256-GCM under its own random data key; the data key is
wrapped (RFC 3394 AES key wrap) by the master key from `paradesk.core.keys`. Rotating
the master key therefore re-wraps a 40-byte field per blob and never re-encrypts
content. The plaintext's hash is the associated data, so a blob moved to another name
fails authentication instead of serving the wrong file.

A reader opens a blob with whichever configured key its header names (the current key
or, during a rotation, the previous one), so `paradesk keys rotate` can rewrite headers
one by one while the app runs.

On-disk format, version 1 (big-endian, fixed header then ciphertext with its tag):

    magic b"PDBL" | version u8 | master key id 8 bytes | wrapped data key 40 bytes
    | nonce 12 bytes | AES-GCM ciphertext + 16-byte tag
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import secrets
import struct
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
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
from paradesk.core.keys import (
    KeyRing,
    MasterKey,
    MasterKeyError,
    current_master_key,
    master_keyring,
)

logger = logging.getLogger(__name__)

MAGIC = b"PDBL"
FORMAT_VERSION = 1
_HEADER = struct.Struct(">4sB8s40s12s")
_DATA_KEY_BYTES = 32
_NONCE_BYTES = 12
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
HEADER_BYTES = _HEADER.size
# `put` of content already stored refreshes the blob's mtime when it is older than this,
# so prune's grace period counts from the latest upload of that content. Far below the
# shortest grace period (a day), so a blob young enough to skip the refresh is never a
# prune candidate.
_REFRESH_AFTER_SECONDS = 3600


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


@dataclass(frozen=True)
class BlobHeader:
    """The fixed header of a sealed blob: which master key wrapped which data key."""

    key_id: bytes
    wrapped_key: bytes
    nonce: bytes


def parse_header(blob: bytes, sha256: str) -> BlobHeader:
    """The header of a sealed blob (its first `HEADER_BYTES` bytes suffice).

    Raises:
        StorageError: too short, not a Paradesk blob, or an unknown format version.
    """
    if len(blob) < _HEADER.size:
        raise StorageError(f"Blob {sha256} is truncated (shorter than its header).")
    magic, version, key_id, wrapped, nonce = _HEADER.unpack_from(blob)
    if magic != MAGIC:
        raise StorageError(f"Blob {sha256} is not a Paradesk blob (bad magic bytes).")
    if version != FORMAT_VERSION:
        raise StorageError(f"Blob {sha256} has unknown format version {version}.")
    return BlobHeader(key_id=key_id, wrapped_key=wrapped, nonce=nonce)


def _key_for(header: BlobHeader, sha256: str, keys: KeyRing) -> MasterKey:
    master = keys.find(header.key_id)
    if master is None:
        raise StorageError(
            f"Blob {sha256} was sealed with master key {header.key_id.hex()}, but the "
            f"configured master key is {keys.current.key_id_hex} (during a rotation, "
            "name the previous key in PARADESK_MASTER_KEY_OLD or "
            "PARADESK_MASTER_KEY_OLD_FILE)."
        )
    return master


def _unwrap(header: BlobHeader, sha256: str, keys: KeyRing) -> bytes:
    try:
        return aes_key_unwrap(
            _key_for(header, sha256, keys).material, header.wrapped_key
        )
    except InvalidUnwrap:
        raise StorageError(
            f"Blob {sha256} failed authentication: its wrapped data key does not "
            "open with the master key it names."
        ) from None


def unseal(blob: bytes, sha256: str, master: MasterKey | KeyRing) -> bytes:
    """Decrypts a version-1 blob and proves it holds the content named `sha256`.

    Args:
        blob: the sealed bytes.
        sha256: the name the blob was stored under.
        master: one key, or a key ring whose key named in the header opens it.

    Raises:
        StorageError: bad header, an unknown master key, failed tag or hash mismatch.
    """
    keys = master if isinstance(master, KeyRing) else KeyRing(current=master)
    header = parse_header(blob, sha256)
    data_key = _unwrap(header, sha256, keys)
    try:
        data = AESGCM(data_key).decrypt(
            header.nonce, blob[_HEADER.size :], _associated_data(sha256)
        )
    except InvalidTag:
        raise StorageError(
            f"Blob {sha256} failed authentication: it was altered, moved or "
            "sealed with another key."
        ) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StorageError(f"Blob {sha256} decrypts to content with another hash.")
    return data


def rewrap_header(head: bytes, sha256: str, keys: KeyRing) -> bytes | None:
    """The header re-wrapped under the current key, or None if it already is.

    Only the 40-byte wrapped data key and the key id change: the nonce and the
    ciphertext stay, so rotation never re-encrypts content.

    Raises:
        StorageError: the header is bad or names a key the ring does not hold.
    """
    header = parse_header(head, sha256)
    if header.key_id == keys.current.key_id:
        return None
    data_key = _unwrap(header, sha256, keys)
    wrapped = aes_key_wrap(keys.current.material, data_key)
    return _HEADER.pack(
        MAGIC, FORMAT_VERSION, keys.current.key_id, wrapped, header.nonce
    )


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

    # Maintenance operations (`paradesk keys rotate`, `blobs prune`, `backup`,
    # `restore`). Not abstract, so a backend can be written and used for documents
    # before it supports them; each says so when called.

    def _unsupported(self, what: str) -> StorageError:
        return StorageError(f"The {type(self).__name__} backend cannot {what} yet.")

    def key_id_of(self, sha256: str) -> bytes:
        """The id of the master key that wraps this blob's data key.

        Raises:
            BlobMissingError: no such blob.
            StorageError: a bad header.
        """
        raise self._unsupported("read blob headers")

    def rewrap(self, sha256: str, keys: KeyRing) -> bool:
        """Re-wraps a blob's data key under `keys.current`, atomically.

        Returns:
            True if the header was rewritten, False if it was already current.

        Raises:
            BlobMissingError: no such blob.
            StorageError: a bad header, or a key the ring does not hold.
        """
        raise self._unsupported("re-wrap blobs")

    def stored_at(self, sha256: str) -> datetime:
        """When this content was last stored (written, or put again).

        Raises:
            BlobMissingError: no such blob.
        """
        raise self._unsupported("tell a blob's age")

    def open_sealed(self, sha256: str) -> BinaryIO:
        """The blob as stored (encrypted), for copying into a backup.

        Raises:
            BlobMissingError: no such blob.
        """
        raise self._unsupported("copy sealed blobs")

    def put_sealed(self, sha256: str, sealed: bytes, *, stored_at: datetime) -> None:
        """Stores an already sealed blob (from a backup) durably, keeping its age.

        The caller has verified that it unseals to `sha256`.
        """
        raise self._unsupported("restore sealed blobs")

    def delete_if_unreferenced(
        self,
        sha256: str,
        *,
        stored_before: datetime,
        is_referenced: Callable[[str], bool],
    ) -> bool:
        """Deletes a blob stored before `stored_before` that nothing references.

        Returns:
            Whether the blob was deleted.
        """
        raise self._unsupported("prune blobs")

    def recover_pruning(self) -> int:
        """Puts back blobs that a crashed prune had set aside; returns how many."""
        return 0


def _master_key() -> MasterKey:
    try:
        return current_master_key()
    except MasterKeyError as exc:
        raise StorageError(str(exc)) from exc


def _keyring() -> KeyRing:
    try:
        return master_keyring()
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
        if self._refresh(target):
            return sha256
        blob = seal(data, sha256, _master_key())
        self._install(sha256, blob)
        logger.debug("blob stored sha256=%s bytes=%d", sha256, len(data))
        return sha256

    @staticmethod
    def _refresh(target: Path) -> bool:
        """Whether the blob is there; an old one gets a fresh mtime.

        The caller is about to commit a row pointing at this content, possibly an
        unreferenced blob past its grace period: a fresh mtime keeps `prune` off it
        until that row exists (see `delete_if_unreferenced`).
        """
        try:
            mtime = target.stat().st_mtime
        except FileNotFoundError:
            return False
        if time.time() - mtime < _REFRESH_AFTER_SECONDS:
            return True
        try:
            os.utime(target)
        except FileNotFoundError:
            # Pruned between the stat and now: store it again.
            return False
        return True

    def _write_temp(self, shard: Path, chunks: Iterator[bytes]) -> Path:
        fd, tmp_name = tempfile.mkstemp(dir=shard, prefix=".tmp-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp already creates 0600; stated here so the mode never depends on it.
            tmp.chmod(0o600)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    def _install(self, sha256: str, blob: bytes, *, mtime: float | None = None) -> None:
        shard = self._make_shard(sha256)
        tmp = self._write_temp(shard, iter([blob]))
        try:
            if mtime is not None:
                os.utime(tmp, (mtime, mtime))
            # Two writers of the same content race harmlessly: each replace installs a
            # complete blob that decrypts to the same bytes.
            tmp.replace(self.path_for(sha256))
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(shard)

    def read(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            raise BlobMissingError(
                f"Blob {sha256} is missing from the store."
            ) from None
        return unseal(blob, sha256, _keyring())

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

    def _missing(self, sha256: str) -> BlobMissingError:
        return BlobMissingError(f"Blob {sha256} is missing from the store.")

    def key_id_of(self, sha256: str) -> bytes:
        try:
            with self.path_for(sha256).open("rb") as handle:
                head = handle.read(_HEADER.size)
        except FileNotFoundError:
            raise self._missing(sha256) from None
        return parse_header(head, sha256).key_id

    def rewrap(self, sha256: str, keys: KeyRing) -> bool:
        path = self.path_for(sha256)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise self._missing(sha256) from None
        with handle:
            stat = os.fstat(handle.fileno())
            header = rewrap_header(handle.read(_HEADER.size), sha256, keys)
            if header is None:
                return False
            body = iter(lambda: handle.read(1 << 20), b"")
            tmp = self._write_temp(path.parent, _prepend(header, body))
        try:
            # The upload time stays the blob's age for `prune`.
            os.utime(tmp, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            # Readers see the old file or the new one, whole; both open with the ring.
            # A blob pruned while this ran comes back unreferenced; the next prune
            # takes it again.
            tmp.replace(path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(path.parent)
        return True

    def stored_at(self, sha256: str) -> datetime:
        try:
            mtime = self.path_for(sha256).stat().st_mtime
        except FileNotFoundError:
            raise self._missing(sha256) from None
        return datetime.fromtimestamp(mtime, tz=UTC)

    def open_sealed(self, sha256: str) -> BinaryIO:
        try:
            return self.path_for(sha256).open("rb")
        except FileNotFoundError:
            raise self._missing(sha256) from None

    def put_sealed(self, sha256: str, sealed: bytes, *, stored_at: datetime) -> None:
        parse_header(sealed, sha256)
        self._install(sha256, sealed, mtime=stored_at.timestamp())

    def _tombstone(self, sha256: str) -> Path:
        return self.path_for(sha256).with_name(f".prune-{sha256}")

    def delete_if_unreferenced(
        self,
        sha256: str,
        *,
        stored_before: datetime,
        is_referenced: Callable[[str], bool],
    ) -> bool:
        # An upload stores (or refreshes) its blob, then commits its row. The blob is
        # first renamed aside, so an upload from here on finds it missing and writes
        # its own copy; an upload that came earlier left a fresh mtime or a committed
        # row, and both are checked after the rename, so the blob is put back.
        path = self.path_for(sha256)
        aside = self._tombstone(sha256)
        try:
            path.rename(aside)
        except FileNotFoundError:
            return False
        try:
            stored = datetime.fromtimestamp(aside.stat().st_mtime, tz=UTC)
            keep = stored >= stored_before or is_referenced(sha256)
        except BaseException:
            self._put_back(aside, path)
            raise
        if keep:
            self._put_back(aside, path)
            return False
        # Missing only if a concurrent prune's recovery put it back: then it stays.
        aside.unlink(missing_ok=True)
        _fsync_dir(path.parent)
        return True

    @staticmethod
    def _put_back(aside: Path, path: Path) -> None:
        # An upload may have written the same content meanwhile; either copy is valid.
        with contextlib.suppress(FileNotFoundError):
            aside.replace(path)
        _fsync_dir(path.parent)

    def recover_pruning(self) -> int:
        """Puts back blobs that a crashed prune had set aside; returns how many."""
        root = self.root
        if not root.is_dir():
            return 0
        recovered = 0
        for aside in root.glob("*/*/.prune-*"):
            name = aside.name.removeprefix(".prune-")
            if not is_sha256(name):
                continue
            path = self.path_for(name)
            if path.exists():
                aside.unlink()
            else:
                self._put_back(aside, path)
            recovered += 1
        return recovered


def _prepend(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    yield from rest


def get_store() -> BlobStore:
    """The configured blob store (local encrypted; an S3-compatible one comes later)."""
    return LocalEncryptedStore()
