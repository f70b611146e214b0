"""Blobs in an S3-compatible bucket, sealed here before they leave."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, cast

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from paradesk.core.keys import (
    KeyRing,
)
from paradesk.core.storage.base import BlobStore, _keyring, _master_key
from paradesk.core.storage.format import (
    _HEADER,
    _REFRESH_AFTER_SECONDS,
    BlobMissingError,
    Readable,
    StorageError,
    _check_name,
    _read_full,
    is_sha256,
    open_sealed_stream,
    parse_header,
    rewrap_header,
    seal_stream,
    unseal,
)

logger = logging.getLogger(__name__)


def _setting(name: str) -> str:
    """A storage setting (settings.py reads each from the environment).

    Read at each call, so a changed configuration (or a test's override) takes effect
    at once.
    """
    return str(getattr(settings, name)).strip()


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
