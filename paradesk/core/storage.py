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

`get_store` picks the backend at each call from PARADESK_STORAGE: `local` (the default,
`PARADESK_HOME/blobs`) or `s3` (`S3EncryptedStore`, any S3-compatible bucket, for
machines with no shared disk). Both hold the same sealed bytes: encryption happens
here, and the object store only ever sees ciphertext and hashes.

Two sealed formats share one 65-byte header (big-endian), so a reader, `paradesk keys
rotate` and a backup treat every blob alike whatever its version:

    magic b"PDBL" | version u8 | master key id 8 bytes | wrapped data key 40 bytes
    | 12 bytes that the version defines

Version 1 (the first release; still read, no longer written): the 12 bytes are the
AES-GCM nonce, followed by the whole plaintext sealed in one AES-GCM call with the
plaintext's hash as associated data. Opening it needs the whole blob in memory.

Version 2 (every new blob): the STREAM construction (Hoang, Reyhanitabar, Rogaway and
Vizár, "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance"), as in
Tink's streaming AEAD. The 12 bytes are a random 7-byte nonce prefix, the base-2
logarithm of the segment size (u8) and 4 zero bytes. The plaintext is cut into
segments of that size (the last one shorter, possibly empty), each sealed with
AES-256-GCM under the blob's data key and stored as ciphertext plus its 16-byte tag.
Segment `i`'s nonce is prefix | i (u32) | last (u8, 1 for the final segment); its
associated data is magic | version | prefix | log2 size | i | last, and the final
segment's also carries the plaintext's hash. So a segment moved, dropped, repeated or
cut off fails its tag (the index and the final flag are bound to each one), the blob
moved to another name fails the final tag, and the whole file never has to be in memory
on either side: writing hashes and seals as the upload streams in, reading verifies each
segment as it is read and the hash at the end.
"""

from __future__ import annotations

import contextlib
import functools
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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)
from django.conf import settings

from paradesk.core.durable import fsync_dir
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
FORMAT_VERSION = 2
_SINGLE_SHOT_VERSION = 1
_HEADER = struct.Struct(">4sB8s40s12s")
_DATA_KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
HEADER_BYTES = _HEADER.size
# Version 2's 12 header bytes: nonce prefix, log2 of the segment size, reserved zeros.
_STREAM_PARAMS = struct.Struct(">7sB4s")
_SEGMENT_NONCE = struct.Struct(">7sIB")
_SEGMENT_AD = struct.Struct(">4sB7sBIB")
_NONCE_PREFIX_BYTES = 7
_RESERVED = bytes(4)
# 1 MiB segments: a 16-byte tag per MiB, and a reader or writer holds about two
# segments at a time. A header may name 4 KiB to 16 MiB, so a tampered header cannot
# make a reader allocate more than that.
SEGMENT_LOG2 = 20
_MIN_SEGMENT_LOG2 = 12
_MAX_SEGMENT_LOG2 = 24
_MAX_SEGMENTS = 1 << 32
# `put` of content already stored refreshes the blob's mtime when it is older than this,
# so prune's grace period counts from the latest upload of that content. Far below the
# shortest grace period (a day), so a blob young enough to skip the refresh is never a
# prune candidate.
_REFRESH_AFTER_SECONDS = 3600


class StorageError(ParadeskError):
    """A blob is missing, unreadable, tampered with, or sealed with another key."""


class BlobMissingError(StorageError):
    pass


class Readable(Protocol):
    """What `put_stream` reads from: any object with a binary `read(size)`."""

    def read(self, size: int = -1, /) -> bytes: ...


def is_sha256(value: str) -> bool:
    return _SHA256_HEX.fullmatch(value) is not None


def _check_name(sha256: str) -> None:
    # The name becomes a path: anything but 64 lowercase hex digits could walk out of
    # the store.
    if not is_sha256(sha256):
        raise StorageError("A blob name must be 64 lowercase hexadecimal digits.")


def _associated_data(sha256: str) -> bytes:
    return MAGIC + bytes([_SINGLE_SHOT_VERSION]) + sha256.encode("ascii")


def seal(data: bytes, sha256: str, master: MasterKey) -> bytes:
    """Encrypts `data` (whose hash is `sha256`) into the current blob format."""
    sink = io.BytesIO()
    sealed_sha256 = seal_stream(io.BytesIO(data), sink, master)
    if sealed_sha256 != sha256:
        raise StorageError(f"The content to seal as {sha256} has another hash.")
    return sink.getvalue()


def seal_single_shot(data: bytes, sha256: str, master: MasterKey) -> bytes:
    """Encrypts `data` into the version-1 format, which readers still accept.

    Nothing writes this format any more; it is here so tests can make the blobs that
    earlier releases left on disk.
    """
    data_key = AESGCM.generate_key(bit_length=_DATA_KEY_BYTES * 8)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    wrapped = aes_key_wrap(master.material, data_key)
    ciphertext = AESGCM(data_key).encrypt(nonce, data, _associated_data(sha256))
    header = _HEADER.pack(MAGIC, _SINGLE_SHOT_VERSION, master.key_id, wrapped, nonce)
    return header + ciphertext


def _read_full(source: Readable, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end: a stream may return short reads."""
    first = source.read(size)
    if len(first) >= size or not first:
        return first
    parts = [first]
    have = len(first)
    while have < size:
        more = source.read(size - have)
        if not more:
            break
        parts.append(more)
        have += len(more)
    return b"".join(parts)


@dataclass(frozen=True)
class _Stream:
    """Version 2's per-blob parameters, from the header."""

    prefix: bytes
    segment_log2: int

    @property
    def segment_bytes(self) -> int:
        return 1 << self.segment_log2

    def nonce(self, index: int, *, last: bool) -> bytes:
        return _SEGMENT_NONCE.pack(self.prefix, index, int(last))

    def associated_data(self, index: int, *, last: bool, sha256: str) -> bytes:
        head = _SEGMENT_AD.pack(
            MAGIC, FORMAT_VERSION, self.prefix, self.segment_log2, index, int(last)
        )
        # Only the final segment is sealed after the whole plaintext has been hashed.
        return head + sha256.encode("ascii") if last else head


def seal_stream(
    source: Readable,
    sink: BinaryIO,
    master: MasterKey,
    *,
    segment_log2: int = SEGMENT_LOG2,
) -> str:
    """Seals everything `source` yields into `sink`, segment by segment.

    Memory stays at about two segments whatever the size: each segment is hashed,
    sealed and written before the next is read, one segment ahead so the writer knows
    which one is last.

    Returns:
        The SHA-256 of the plaintext, the name to store the sealed bytes under.
    """
    data_key = AESGCM.generate_key(bit_length=_DATA_KEY_BYTES * 8)
    params = _Stream(
        prefix=secrets.token_bytes(_NONCE_PREFIX_BYTES), segment_log2=segment_log2
    )
    params_field = _STREAM_PARAMS.pack(params.prefix, segment_log2, _RESERVED)
    wrapped = aes_key_wrap(master.material, data_key)
    sink.write(
        _HEADER.pack(MAGIC, FORMAT_VERSION, master.key_id, wrapped, params_field)
    )
    aead = AESGCM(data_key)
    digest = hashlib.sha256()
    segment = _read_full(source, params.segment_bytes)
    index = 0
    while True:
        following = _read_full(source, params.segment_bytes) if segment else b""
        last = not following
        digest.update(segment)
        sha256 = digest.hexdigest() if last else ""
        sink.write(
            aead.encrypt(
                params.nonce(index, last=last),
                segment,
                params.associated_data(index, last=last, sha256=sha256),
            )
        )
        if last:
            return sha256
        index += 1
        if index >= _MAX_SEGMENTS:
            raise StorageError("The content is too large for one blob.")
        segment = following


@dataclass(frozen=True)
class BlobHeader:
    """The fixed header of a sealed blob: which master key wrapped which data key.

    `params` is the version's own 12 bytes: the AES-GCM nonce in version 1, the
    stream parameters in version 2.
    """

    version: int
    key_id: bytes
    wrapped_key: bytes
    params: bytes


def parse_header(blob: bytes, sha256: str) -> BlobHeader:
    """The header of a sealed blob (its first `HEADER_BYTES` bytes suffice).

    Raises:
        StorageError: too short, not a Paradesk blob, or an unknown format version.
    """
    if len(blob) < _HEADER.size:
        raise StorageError(f"Blob {sha256} is truncated (shorter than its header).")
    magic, version, key_id, wrapped, params = _HEADER.unpack_from(blob)
    if magic != MAGIC:
        raise StorageError(f"Blob {sha256} is not a Paradesk blob (bad magic bytes).")
    if version not in (_SINGLE_SHOT_VERSION, FORMAT_VERSION):
        raise StorageError(f"Blob {sha256} has unknown format version {version}.")
    return BlobHeader(
        version=version, key_id=key_id, wrapped_key=wrapped, params=params
    )


def _stream_params(header: BlobHeader, sha256: str) -> _Stream:
    prefix, segment_log2, reserved = _STREAM_PARAMS.unpack(header.params)
    if (
        reserved != _RESERVED
        or not _MIN_SEGMENT_LOG2 <= segment_log2 <= _MAX_SEGMENT_LOG2
    ):
        raise StorageError(f"Blob {sha256} has a damaged header.")
    return _Stream(prefix=prefix, segment_log2=segment_log2)


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


def _as_ring(master: MasterKey | KeyRing) -> KeyRing:
    return master if isinstance(master, KeyRing) else KeyRing(current=master)


def _altered(sha256: str) -> StorageError:
    return StorageError(
        f"Blob {sha256} failed authentication: it was altered, moved, cut short or "
        "sealed with another key."
    )


def _unseal_single_shot(
    header: BlobHeader, body: bytes, sha256: str, keys: KeyRing
) -> bytes:
    data_key = _unwrap(header, sha256, keys)
    try:
        data = AESGCM(data_key).decrypt(header.params, body, _associated_data(sha256))
    except InvalidTag:
        raise _altered(sha256) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StorageError(f"Blob {sha256} decrypts to content with another hash.")
    return data


class _OpenedStream(io.RawIOBase):
    """The plaintext of a version-2 blob, verified segment by segment as it is read.

    A segment is handed out only once its tag checks; the final segment's tag binds the
    blob's name and the running hash is compared with it too, so reading to the end
    proves the whole content. A failure raises `StorageError` from `read`.
    """

    def __init__(
        self, sealed: BinaryIO, header: BlobHeader, sha256: str, keys: KeyRing
    ) -> None:
        super().__init__()
        self._sealed = sealed
        self._sha256 = sha256
        self._params = _stream_params(header, sha256)
        self._aead = AESGCM(_unwrap(header, sha256, keys))
        self._chunk = self._params.segment_bytes + _TAG_BYTES
        self._digest = hashlib.sha256()
        self._index = 0
        self._pending = _read_full(sealed, self._chunk)
        if len(self._pending) < _TAG_BYTES:
            raise _altered(sha256)
        self._buffer = b""
        self._offset = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_segment(self) -> bytes:
        current = self._pending
        following = _read_full(self._sealed, self._chunk)
        last = not following
        if last and len(current) < _TAG_BYTES:
            raise _altered(self._sha256)
        try:
            plain = self._aead.decrypt(
                self._params.nonce(self._index, last=last),
                current,
                self._params.associated_data(
                    self._index, last=last, sha256=self._sha256
                ),
            )
        except InvalidTag:
            raise _altered(self._sha256) from None
        self._digest.update(plain)
        if last:
            self._done = True
            if self._digest.hexdigest() != self._sha256:
                raise StorageError(
                    f"Blob {self._sha256} decrypts to content with another hash."
                )
        self._pending = following
        self._index += 1
        return plain

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while self._offset >= len(self._buffer):
            if self._done:
                return 0
            self._buffer = self._next_segment()
            self._offset = 0
        count = min(len(view), len(self._buffer) - self._offset)
        view[:count] = self._buffer[self._offset : self._offset + count]
        self._offset += count
        return count

    def close(self) -> None:
        if not self.closed:
            self._sealed.close()
        super().close()


def open_sealed_stream(
    sealed: BinaryIO, sha256: str, master: MasterKey | KeyRing
) -> BinaryIO:
    """The verified plaintext of a sealed blob read from `sealed`, as a file object.

    A version-2 blob is decrypted as it is read, one segment in memory at a time; a
    version-1 blob is read and verified whole first. Closing the result closes
    `sealed`.

    Raises:
        StorageError: bad header or unknown master key (at once); a failed tag, a cut
            or a hash mismatch (from `read`, when reading reaches it).
    """
    keys = _as_ring(master)
    try:
        header = parse_header(_read_full(sealed, _HEADER.size), sha256)
        if header.version == _SINGLE_SHOT_VERSION:
            data = _unseal_single_shot(header, sealed.read(), sha256, keys)
            sealed.close()
            return io.BytesIO(data)
        return cast(
            BinaryIO,
            io.BufferedReader(_OpenedStream(sealed, header, sha256, keys), 1 << 16),
        )
    except BaseException:
        sealed.close()
        raise


def unseal(blob: bytes, sha256: str, master: MasterKey | KeyRing) -> bytes:
    """Decrypts a blob and proves it holds the content named `sha256`.

    Args:
        blob: the sealed bytes, in either format.
        sha256: the name the blob was stored under.
        master: one key, or a key ring whose key named in the header opens it.

    Raises:
        StorageError: bad header, an unknown master key, failed tag or hash mismatch.
    """
    with open_sealed_stream(io.BytesIO(blob), sha256, master) as plain:
        return plain.read()


def rewrap_header(head: bytes, sha256: str, keys: KeyRing) -> bytes | None:
    """The header re-wrapped under the current key, or None if it already is.

    Only the 40-byte wrapped data key and the key id change: the version, its 12
    bytes and the ciphertext stay, so rotation never re-encrypts content.

    Raises:
        StorageError: the header is bad or names a key the ring does not hold.
    """
    header = parse_header(head, sha256)
    if header.key_id == keys.current.key_id:
        return None
    data_key = _unwrap(header, sha256, keys)
    wrapped = aes_key_wrap(keys.current.material, data_key)
    return _HEADER.pack(
        MAGIC, header.version, keys.current.key_id, wrapped, header.params
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
    def put_stream(self, stream: Readable, *, size_hint: int | None = None) -> str:
        """Stores everything `stream` yields, like `put`, without holding it in memory.

        The content is hashed and sealed segment by segment into a temporary file,
        then installed under its hash.

        Args:
            stream: read with `read(size)` until it returns nothing.
            size_hint: the expected size in bytes, if known; a backend may use it to
                plan the upload. It is never trusted as the real size.

        Returns:
            The SHA-256 of the content.
        """

    def open_stream(self, sha256: str) -> BinaryIO:
        """The plaintext as a file object, decrypted and verified as it is read.

        Unlike `open`, a failure past the first segment is raised by `read` when it
        reaches it, so a caller that must not act on unverified content reads to the
        end before using any of it (or uses `read`).

        Raises:
            BlobMissingError: no such blob.
            StorageError: a bad header or unknown key; later, from `read`, a failed
                segment or hash.
        """
        return self.open(sha256)

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

    def _make_root(self) -> Path:
        root = self.root
        root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            root.mkdir(mode=0o700)
        except FileExistsError:
            return root
        # mkdir's mode passes through the umask; state it outright.
        root.chmod(0o700)
        fsync_dir(root.parent)
        return root

    def _make_shard(self, sha256: str) -> Path:
        root = self._make_root()
        shard = root / sha256[:2] / sha256[2:4]
        for directory in (shard.parent, shard):
            try:
                directory.mkdir(mode=0o700)
            except FileExistsError:
                continue
            directory.chmod(0o700)
            fsync_dir(directory.parent)
        return shard

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        if self._refresh(self.path_for(sha256)):
            return sha256
        return self.put_stream(io.BytesIO(data), size_hint=len(data))

    def put_stream(self, stream: Readable, *, size_hint: int | None = None) -> str:
        # The name is known only once the last byte is hashed, so the blob is sealed
        # into a temporary file in the store's root (the same file system, so the
        # rename into its shard is atomic) and installed after.
        root = self._make_root()
        fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".tmp-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                sha256 = seal_stream(stream, handle, _master_key())
                handle.flush()
                os.fsync(handle.fileno())
            tmp.chmod(0o600)
            target = self.path_for(sha256)
            if self._refresh(target):
                return sha256
            shard = self._make_shard(sha256)
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)
        fsync_dir(shard)
        logger.debug("blob stored sha256=%s", sha256)
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
        fsync_dir(shard)

    def read(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            raise BlobMissingError(
                f"Blob {sha256} is missing from the store."
            ) from None
        return unseal(blob, sha256, _keyring())

    def open_stream(self, sha256: str) -> BinaryIO:
        try:
            sealed = self.path_for(sha256).open("rb")
        except FileNotFoundError:
            raise self._missing(sha256) from None
        return open_sealed_stream(sealed, sha256, _keyring())

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def delete(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        fsync_dir(path.parent)
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
        fsync_dir(path.parent)
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
        fsync_dir(path.parent)
        return True

    @staticmethod
    def _put_back(aside: Path, path: Path) -> None:
        # An upload may have written the same content meanwhile; either copy is valid.
        with contextlib.suppress(FileNotFoundError):
            aside.replace(path)
        fsync_dir(path.parent)

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


def _setting(name: str) -> str:
    """A storage setting: Django's settings first, then the environment.

    Read at each call, so a changed configuration (or a test's override) takes effect
    at once.
    """
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "")
    return str(value).strip()


def _secret(name: str) -> str | None:
    """NAME, or the contents of the file NAME_FILE names; None when neither is set."""
    value = _setting(name)
    if value:
        return value
    path = _setting(f"{name}_FILE")
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError:
        raise StorageError(f"{name}_FILE names a file that cannot be read.") from None


@dataclass(frozen=True)
class S3Config:
    """Where an S3-compatible store keeps blobs, and the credentials to reach it.

    Credentials left None come from boto3's usual chain (the standard AWS variables,
    a profile, an instance role).
    """

    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = field(default=None, repr=False)
    secret_access_key: str | None = field(default=None, repr=False)
    session_token: str | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls) -> S3Config:
        """The configuration from PARADESK_S3_* and the AWS credential variables.

        Raises:
            StorageError: no bucket is named, or a credential file is unreadable.
        """
        bucket = _setting("PARADESK_S3_BUCKET")
        if not bucket:
            raise StorageError(
                "PARADESK_STORAGE is s3 but PARADESK_S3_BUCKET names no bucket."
            )
        prefix = _setting("PARADESK_S3_PREFIX").strip("/")
        return cls(
            bucket=bucket,
            prefix=f"{prefix}/" if prefix else "",
            endpoint_url=_setting("PARADESK_S3_ENDPOINT_URL") or None,
            region=_setting("PARADESK_S3_REGION") or None,
            access_key_id=_secret("AWS_ACCESS_KEY_ID"),
            secret_access_key=_secret("AWS_SECRET_ACCESS_KEY"),
            session_token=_secret("AWS_SESSION_TOKEN"),
        )


@functools.lru_cache(maxsize=8)
def s3_client(config: S3Config) -> Any:
    """One boto3 client per configuration: building one loads the service model.

    Clients are thread-safe; sessions are not, so each client gets its own session.
    """
    session = boto3.session.Session(
        aws_access_key_id=config.access_key_id,
        aws_secret_access_key=config.secret_access_key,
        aws_session_token=config.session_token,
        region_name=config.region,
    )
    return session.client(
        "s3",
        endpoint_url=config.endpoint_url,
        config=BotoConfig(retries={"max_attempts": 5, "mode": "standard"}),
    )


_NOT_FOUND = frozenset({"404", "NoSuchKey", "NotFound"})
# S3 allows 10,000 parts per upload; parts grow past 8 MiB to stay under that.
_MAX_PARTS = 9000
_MIN_PART_BYTES = 8 << 20
_STORED_AT = "stored-at"


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


@contextlib.contextmanager
def _s3_errors(what: str) -> Iterator[None]:
    """Turns the SDK's errors into StorageError, naming only the operation and code."""
    try:
        yield
    except ClientError as exc:
        raise StorageError(
            f"The object store refused to {what} ({_error_code(exc) or 'no code'})."
        ) from exc
    except BotoCoreError as exc:
        raise StorageError(
            f"The object store could not be reached to {what} ({type(exc).__name__})."
        ) from exc


class _Body(io.RawIOBase):
    """A botocore streaming body as a raw file object."""

    def __init__(self, body: Any) -> None:
        super().__init__()
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        with _s3_errors("read a blob"):
            data = self._body.read(len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()


class S3EncryptedStore(BlobStore):
    """Blobs in an S3-compatible bucket, sealed exactly as on local disk.

    Object keys are `<prefix>blobs/ab/cd/<sha256>`: the bucket sees only hashes and
    ciphertext. The upload time is kept in the object's `stored-at` metadata (S3
    cannot set an object's date, and a restore must keep a blob's age).

    A put of content already stored an hour or more ago, like the local store's mtime
    refresh, writes an empty marker `<prefix>touched/ab/cd/<sha256>` and THEN checks
    the blob is still there (else it uploads its own copy). Pruning copies the blob
    aside to `<prefix>pruning/<sha256>` (keeping its metadata), deletes it, and only
    then reads the copy's age, the marker's date and the references: an upload that
    saw the blob present had written the marker before the delete, so prune sees it
    and puts the blob back; an upload that looked after the delete found nothing and
    wrote its own copy. S3 has no rename, so this order, not atomicity, is what keeps a
    referenced blob. Prune never deletes markers (another prune could otherwise delete
    a fresh one); each is an empty object named by a hash, and `delete` removes it.
    Unlike the local store, run one prune at a time per bucket: two prunes of the
    same blob share its set-aside key.

    Key rotation rewrites each object whole with its new header (S3 cannot change
    part of an object): the ciphertext goes through this machine once per blob.
    """

    def __init__(self, config: S3Config) -> None:
        self.config = config

    @property
    def client(self) -> Any:
        return s3_client(self.config)

    def _shard(self, area: str, sha256: str) -> str:
        _check_name(sha256)
        return f"{self.config.prefix}{area}/{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def key_for(self, sha256: str) -> str:
        """The object key of a blob."""
        return self._shard("blobs", sha256)

    def _touch_key(self, sha256: str) -> str:
        return self._shard("touched", sha256)

    def _aside_key(self, sha256: str) -> str:
        _check_name(sha256)
        return f"{self.config.prefix}pruning/{sha256}"

    def _missing(self, sha256: str) -> BlobMissingError:
        return BlobMissingError(f"Blob {sha256} is missing from the store.")

    def _head(self, key: str) -> dict[str, Any] | None:
        try:
            with _s3_errors("look up a blob"):
                head: dict[str, Any] = self.client.head_object(
                    Bucket=self.config.bucket, Key=key
                )
        except StorageError as exc:
            cause = exc.__cause__
            if isinstance(cause, ClientError) and _error_code(cause) in _NOT_FOUND:
                return None
            raise
        return head

    def _get(self, sha256: str, **extra: Any) -> dict[str, Any]:
        try:
            with _s3_errors("read a blob"):
                response: dict[str, Any] = self.client.get_object(
                    Bucket=self.config.bucket, Key=self.key_for(sha256), **extra
                )
        except StorageError as exc:
            cause = exc.__cause__
            if isinstance(cause, ClientError) and _error_code(cause) in _NOT_FOUND:
                raise self._missing(sha256) from None
            raise
        return response

    @staticmethod
    def _stored_at_of(head: dict[str, Any]) -> datetime:
        text = head.get("Metadata", {}).get(_STORED_AT, "")
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            modified: datetime = head["LastModified"]
            return modified

    def _staging(self) -> Path:
        # Sealed bytes wait here for their upload: ciphertext only, but possibly
        # gigabytes, so on the home's disk rather than a memory-backed /tmp.
        staging = Path(settings.PARADESK_HOME) / "staging"
        staging.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            staging.mkdir(mode=0o700)
            staging.chmod(0o700)
        return staging

    def _upload(self, handle: BinaryIO, key: str, *, stored_at: datetime) -> None:
        size = handle.seek(0, io.SEEK_END)
        handle.seek(0)
        part = max(_MIN_PART_BYTES, -(-size // _MAX_PARTS))
        with _s3_errors("store a blob"):
            # Multipart above 8 MiB; S3 shows the object only once it is complete.
            self.client.upload_fileobj(
                handle,
                self.config.bucket,
                key,
                ExtraArgs={"Metadata": {_STORED_AT: stored_at.isoformat()}},
                Config=TransferConfig(
                    multipart_threshold=_MIN_PART_BYTES, multipart_chunksize=part
                ),
            )

    def _touch(self, sha256: str) -> None:
        with _s3_errors("mark a blob as used"):
            self.client.put_object(
                Bucket=self.config.bucket, Key=self._touch_key(sha256), Body=b""
            )

    def _present(self, sha256: str) -> bool:
        """Whether the blob is stored; if it is old, marks it used (see the class)."""
        head = self._head(self.key_for(sha256))
        if head is None:
            return False
        age = datetime.now(UTC) - self._stored_at_of(head)
        if age.total_seconds() < _REFRESH_AFTER_SECONDS:
            return True
        self._touch(sha256)
        return self._head(self.key_for(sha256)) is not None

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        if self._present(sha256):
            return sha256
        return self.put_stream(io.BytesIO(data), size_hint=len(data))

    def put_stream(self, stream: Readable, *, size_hint: int | None = None) -> str:
        # The part size comes from the sealed file's real size, so the hint is unused.
        with tempfile.TemporaryFile(dir=self._staging()) as handle:
            sha256 = seal_stream(stream, handle, _master_key())
            if self._present(sha256):
                return sha256
            self._upload(handle, self.key_for(sha256), stored_at=datetime.now(UTC))
        logger.debug("blob stored in object storage sha256=%s", sha256)
        return sha256

    def read(self, sha256: str) -> bytes:
        body = self._get(sha256)["Body"]
        with _s3_errors("read a blob"):
            sealed = body.read()
        return unseal(sealed, sha256, _keyring())

    def open_stream(self, sha256: str) -> BinaryIO:
        sealed = io.BufferedReader(_Body(self._get(sha256)["Body"]), 1 << 20)
        return open_sealed_stream(cast(BinaryIO, sealed), sha256, _keyring())

    def exists(self, sha256: str) -> bool:
        return self._head(self.key_for(sha256)) is not None

    def _delete_key(self, key: str) -> None:
        with _s3_errors("delete a blob"):
            self.client.delete_object(Bucket=self.config.bucket, Key=key)

    def delete(self, sha256: str) -> bool:
        present = self.exists(sha256)
        self._delete_key(self.key_for(sha256))
        self._delete_key(self._touch_key(sha256))
        return present

    def _list(self, prefix: str) -> Iterator[str]:
        with _s3_errors("list blobs"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.config.bucket, Prefix=prefix
            )
            for page in pages:
                for item in page.get("Contents", []):
                    yield str(item["Key"])

    def iter_keys(self) -> Iterator[str]:
        # S3 lists keys in byte order, and a shard path sorts as its hash does.
        for key in self._list(f"{self.config.prefix}blobs/"):
            name = key.rsplit("/", 1)[-1]
            if is_sha256(name) and key == self.key_for(name):
                yield name

    def key_id_of(self, sha256: str) -> bytes:
        body = self._get(sha256, Range=f"bytes=0-{_HEADER.size - 1}")["Body"]
        with _s3_errors("read a blob"):
            head = body.read()
        return parse_header(head, sha256).key_id

    def rewrap(self, sha256: str, keys: KeyRing) -> bool:
        response = self._get(sha256)
        with contextlib.closing(_Body(response["Body"])) as body:
            header = rewrap_header(_read_full(body, _HEADER.size), sha256, keys)
            if header is None:
                return False
            with tempfile.TemporaryFile(dir=self._staging()) as handle:
                handle.write(header)
                for chunk in iter(lambda: body.read(1 << 20), b""):
                    handle.write(chunk)
                # The upload time stays the blob's age for `prune`. Readers see the
                # old object or the new one, whole; both open with the ring.
                self._upload(
                    handle,
                    self.key_for(sha256),
                    stored_at=self._stored_at_of(response),
                )
        return True

    def stored_at(self, sha256: str) -> datetime:
        head = self._head(self.key_for(sha256))
        if head is None:
            raise self._missing(sha256)
        stored = self._stored_at_of(head)
        touched = self._head(self._touch_key(sha256))
        if touched is not None:
            stored = max(stored, touched["LastModified"])
        return stored

    def open_sealed(self, sha256: str) -> BinaryIO:
        body = _Body(self._get(sha256)["Body"])
        return cast(BinaryIO, io.BufferedReader(body, 1 << 20))

    def put_sealed(self, sha256: str, sealed: bytes, *, stored_at: datetime) -> None:
        parse_header(sealed, sha256)
        self._upload(io.BytesIO(sealed), self.key_for(sha256), stored_at=stored_at)

    def _copy(self, source: str, target: str, *, stored_at: datetime | None) -> bool:
        """Copies an object inside the bucket; False if the source is gone.

        Args:
            stored_at: the copy's age, or None to keep the source's metadata (which
                the managed copy also does for objects large enough for parts).
        """
        extra: dict[str, Any] = {"MetadataDirective": "COPY"}
        if stored_at is not None:
            extra = {
                "MetadataDirective": "REPLACE",
                "Metadata": {_STORED_AT: stored_at.isoformat()},
            }
        try:
            with _s3_errors("copy a blob"):
                self.client.copy(
                    {"Bucket": self.config.bucket, "Key": source},
                    self.config.bucket,
                    target,
                    ExtraArgs=extra,
                )
        except StorageError as exc:
            cause = exc.__cause__
            if isinstance(cause, ClientError) and _error_code(cause) in _NOT_FOUND:
                return False
            raise
        return True

    def delete_if_unreferenced(
        self,
        sha256: str,
        *,
        stored_before: datetime,
        is_referenced: Callable[[str], bool],
    ) -> bool:
        # The order is the proof (see the class docstring): set aside, delete, and
        # only then read the ages and the references. The age is read from the copy,
        # so a blob that an upload wrote afresh after another prune took it counts
        # as new.
        blob = self.key_for(sha256)
        aside = self._aside_key(sha256)
        if not self._copy(blob, aside, stored_at=None):
            return False
        self._delete_key(blob)
        try:
            head = self._head(aside)
            if head is None:
                # A concurrent prune's put-back took it: that prune decides.
                return False
            stored = self._stored_at_of(head)
            touched = self._head(self._touch_key(sha256))
            if touched is not None:
                stored = max(stored, touched["LastModified"])
            keep = stored >= stored_before or is_referenced(sha256)
        except BaseException:
            self._put_back(sha256)
            raise
        if keep:
            self._put_back(sha256)
            return False
        self._delete_key(aside)
        return True

    def _put_back(self, sha256: str) -> None:
        # An upload may have written the same content meanwhile; either copy is valid.
        # The put-back counts as a fresh store, which only delays the next prune.
        blob = self.key_for(sha256)
        aside = self._aside_key(sha256)
        if self._head(blob) is None:
            self._copy(aside, blob, stored_at=datetime.now(UTC))
        self._delete_key(aside)

    def recover_pruning(self) -> int:
        """Puts back blobs that a crashed prune had set aside; returns how many."""
        recovered = 0
        for key in list(self._list(f"{self.config.prefix}pruning/")):
            name = key.rsplit("/", 1)[-1]
            if not is_sha256(name) or key != self._aside_key(name):
                continue
            self._put_back(name)
            recovered += 1
        return recovered


def get_store() -> BlobStore:
    """The configured blob store, chosen at each call by PARADESK_STORAGE.

    `local` (the default): `PARADESK_HOME/blobs`. `s3`: the bucket that
    PARADESK_S3_BUCKET names (see `S3Config.from_settings`).

    Raises:
        StorageError: an unknown PARADESK_STORAGE, or s3 without a bucket.
    """
    backend = _setting("PARADESK_STORAGE").lower() or "local"
    if backend == "local":
        return LocalEncryptedStore()
    if backend == "s3":
        return S3EncryptedStore(S3Config.from_settings())
    raise StorageError(f"PARADESK_STORAGE must be local or s3, not {backend!r}.")
