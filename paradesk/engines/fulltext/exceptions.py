"""Errors raised by the full-text engine.

Messages never quote page text or the words of a query: callers may log them, and both
hold confidential client content.
"""


class FullTextError(Exception):
    """Base class for every error the full-text engine raises on purpose."""


class QuerySyntaxError(FullTextError, ValueError):
    """The user's query cannot be understood; the message says why in plain words."""


class IndexLockedError(FullTextError):
    """Another writer (normally the worker process) holds the index's writer lock."""


class ReadOnlyIndexError(FullTextError):
    """A write was attempted through an index opened for reading."""
