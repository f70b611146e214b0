"""Record files on disk -> page texts, through the pages engine (OCR included).

Each file is read when the chronology reaches it and its pages are handed on one by
one; a PDF's pages are read as they are asked for and not kept, so memory does not
grow with its length. An e-mail's attachments follow it as documents named
"message.eml/attachment.pdf".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from paradesk.engines.medchron.models import PageText
from paradesk.engines.pages import (
    Extraction,
    Page,
    PagesOptions,
    UnreadableError,
    read_pages,
    stream_pages,
)


class UnreadableRecordError(Exception):
    """A record file that cannot be read at all; names the file and says why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class Documents:
    """The files' documents as (name, pages), collecting page-level warnings."""

    def __init__(self, paths: list[Path], options: PagesOptions | None = None) -> None:
        self.paths = paths
        self.options = options or PagesOptions()
        self.warnings: list[str] = []

    def __iter__(self) -> Iterator[tuple[str, Iterable[PageText]]]:
        for path in self.paths:
            try:
                streamed = stream_pages(path, options=self.options)
                extraction = (
                    read_pages(path, options=self.options) if streamed is None else None
                )
            except UnreadableError as error:
                raise UnreadableRecordError(path, str(error)) from error
            except OSError as error:
                raise UnreadableRecordError(
                    path, error.strerror or str(error)
                ) from error
            if streamed is not None:
                yield path.name, self._pages(path.name, streamed)
            elif extraction is not None:
                yield from self._documents(path.name, extraction)

    def _pages(self, name: str, pages: Iterable[Page]) -> Iterator[PageText]:
        for page in pages:
            if page.error:
                self.warnings.append(
                    f"{name} p. {page.number} was not read: {page.error}"
                )
            yield PageText(name, page.number, page.text)

    def _documents(
        self, name: str, extraction: Extraction
    ) -> Iterator[tuple[str, Iterable[PageText]]]:
        yield name, list(self._pages(name, extraction.pages))
        for attachment in extraction.attachments:
            label = f"{name}/{attachment.name}"
            if attachment.extraction is None:
                self.warnings.append(f"{label} was not read: {attachment.error}")
                continue
            yield from self._documents(label, attachment.extraction)
