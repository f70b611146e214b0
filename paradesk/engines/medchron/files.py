"""Record files on disk -> page texts, through the pages engine (OCR included).

Each file is read when the chronology reaches it and its pages are handed on one by
one; an e-mail's attachments follow it as documents named "message.eml/attachment.pdf".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from paradesk.engines.medchron.models import PageText
from paradesk.engines.pages import Extraction, PagesOptions, UnreadableError, read_pages


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

    def __iter__(self) -> Iterator[tuple[str, list[PageText]]]:
        for path in self.paths:
            try:
                extraction = read_pages(path, options=self.options)
            except UnreadableError as error:
                raise UnreadableRecordError(path, str(error)) from error
            except OSError as error:
                raise UnreadableRecordError(
                    path, error.strerror or str(error)
                ) from error
            yield from self._documents(path.name, extraction)

    def _documents(
        self, name: str, extraction: Extraction
    ) -> Iterator[tuple[str, list[PageText]]]:
        pages = []
        for page in extraction.pages:
            if page.error:
                self.warnings.append(
                    f"{name} p. {page.number} was not read: {page.error}"
                )
            pages.append(PageText(name, page.number, page.text))
        yield name, pages
        for attachment in extraction.attachments:
            label = f"{name}/{attachment.name}"
            if attachment.extraction is None:
                self.warnings.append(f"{label} was not read: {attachment.error}")
                continue
            yield from self._documents(label, attachment.extraction)
