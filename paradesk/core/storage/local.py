"""Blobs on local disk under PARADESK_HOME/blobs."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from paradesk.core.durable import fsync_dir
from paradesk.core.keys import (
    KeyRing,
)
from paradesk.core.storage.base import BlobStore, _keyring, _master_key
from paradesk.core.storage.format import (
    _HEADER,
    _REFRESH_AFTER_SECONDS,
    BlobMissingError,
    Readable,
    _check_name,
    is_sha256,
    open_sealed_stream,
    parse_header,
    rewrap_header,
    seal_stream,
    unseal,
)

logger = logging.getLogger(__name__)


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
