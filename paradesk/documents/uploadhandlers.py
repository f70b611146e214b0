"""Uploads over the size limit are refused while they stream in, not after.

Django parses a multipart body before any view runs (our NUL-character middleware
reads the form), spooling each file larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a
plaintext temporary file in PARADESK_HOME/tmp. With Django's own handler a 10 GB
upload would be written whole before the upload service could say it is too large.
`LimitedTemporaryFileUploadHandler` (installed in settings.FILE_UPLOAD_HANDLERS)
stops writing a file the moment it passes PARADESK_MAX_UPLOAD_MB, removes what it
wrote, and hands the view a `RefusedUpload` in its place: every later check (the
upload form, the service, the API's size check) then refuses it with the usual
message, and the rest of the request (other files, fields) is handled as before.

The limit is per file, as the service applies it: a request may carry several files,
so the request's Content-Length alone says nothing about any one of them.
"""

from __future__ import annotations

import io
from typing import IO, Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest

from paradesk.documents.services import max_upload_bytes, upload_too_large


class _RefusedContent(io.RawIOBase):
    """The bytes of a refused file, which were never kept: reading says why."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self._limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise upload_too_large(self._limit)


class RefusedUpload(UploadedFile):
    """A file refused for its size: its name and size, and no content.

    `size` is what the client sent, so any size check refuses it; reading it raises
    the same `DocumentError` the upload service raises for a file over the limit.
    """

    def __init__(
        self,
        *,
        name: str,
        content_type: str,
        size: int,
        charset: str | None,
        limit: int,
    ) -> None:
        super().__init__(
            # Every read of a raw stream goes through `readinto`, which refuses.
            file=cast(IO[bytes], _RefusedContent(limit)),
            name=name,
            content_type=content_type,
            size=size,
            charset=charset,
        )


class LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's spooling handler, which stops each file at the upload limit."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = max_upload_bytes()
        self.refused = False

    def new_file(
        self,
        field_name: str,
        file_name: str,
        content_type: str,
        content_length: int | None,
        charset: str | None = None,
        content_type_extra: dict[str, bytes] | None = None,
    ) -> None:
        super().new_file(
            field_name,
            file_name,
            content_type,
            content_length,
            charset,
            content_type_extra,
        )
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.refused:
            return None
        if start + len(raw_data) > self.limit:
            self.refused = True
            # Closing a NamedTemporaryFile deletes it: the chunk that crosses the
            # limit is never written, and the part written before it goes too.
            self.file.close()
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.refused:
            return super().file_complete(file_size)
        return RefusedUpload(
            name=self.file_name or "",
            content_type=self.content_type or "application/octet-stream",
            size=file_size,
            charset=self.charset,
            limit=self.limit,
        )
