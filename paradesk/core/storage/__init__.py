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

The package, one idea a module: `format` (the sealed format above), `base` (the
interface), `local` and `s3` (the backends); this module chooses one.
"""

from __future__ import annotations

from paradesk.core.storage.base import BlobStore
from paradesk.core.storage.format import (
    FORMAT_VERSION,
    HEADER_BYTES,
    MAGIC,
    BlobHeader,
    BlobMissingError,
    Readable,
    StorageError,
    is_sha256,
    open_sealed_stream,
    parse_header,
    rewrap_header,
    seal,
    seal_single_shot,
    seal_stream,
    unseal,
)
from paradesk.core.storage.local import LocalEncryptedStore
from paradesk.core.storage.s3 import S3Config, S3EncryptedStore, _setting, s3_client

__all__ = [
    "FORMAT_VERSION",
    "HEADER_BYTES",
    "MAGIC",
    "BlobHeader",
    "BlobMissingError",
    "BlobStore",
    "LocalEncryptedStore",
    "Readable",
    "S3Config",
    "S3EncryptedStore",
    "StorageError",
    "get_store",
    "is_sha256",
    "open_sealed_stream",
    "parse_header",
    "rewrap_header",
    "s3_client",
    "seal",
    "seal_single_shot",
    "seal_stream",
    "unseal",
]


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
