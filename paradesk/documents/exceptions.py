"""Errors of the documents app; each message is safe to show the user."""

from paradesk.core.exceptions import ParadeskError


class DocumentError(ParadeskError):
    """An upload or version was refused (empty, too large, identical content...)."""
