"""Why a whole file could not be read, each with a one-line reason for people."""

from __future__ import annotations


class UnreadableError(Exception):
    """A file as a whole could not be read; `reason` says why in one line.

    Args:
        reason: one line for a person ("the PDF is password-protected"), never
            containing the file's content.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PasswordProtectedError(UnreadableError):
    """The file is encrypted and no (or a wrong) password was given."""


class CorruptFileError(UnreadableError):
    """The file claims a type but its content is damaged or truncated."""


class UnsupportedTypeError(UnreadableError):
    """The content is of a type this engine does not read (a ZIP, a legacy .doc)."""


class EmptyFileError(UnreadableError):
    """The file has no bytes, or a document with no pages."""
