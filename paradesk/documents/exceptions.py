"""Errors of the documents app; each message is safe to show the user."""

from paradesk.core.exceptions import ParadeskError


class DocumentError(ParadeskError):
    """An upload or version was refused (empty, too large, identical content...)."""


class DuplicateVersionError(DocumentError):
    """A new version with the same content as one the document already has."""
