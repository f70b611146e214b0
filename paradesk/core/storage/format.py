"""The sealed blob format: one header, two versions (see `paradesk.core.storage`)."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import struct
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)

from paradesk.core.exceptions import ParadeskError
from paradesk.core.keys import (
    KeyRing,
    MasterKey,
)

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
