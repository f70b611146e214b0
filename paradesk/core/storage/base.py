"""The blob store interface every backend implements."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import BinaryIO

from paradesk.core.keys import (
    KeyRing,
    MasterKey,
    MasterKeyError,
    current_master_key,
    master_keyring,
)
from paradesk.core.storage.format import Readable, StorageError


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
