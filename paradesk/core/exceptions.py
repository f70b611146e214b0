"""Errors shared by every app. Each app's own errors subclass `ParadeskError`."""

from django.http import Http404


class ParadeskError(Exception):
    """A business rule refused an action; the message is safe to show the user."""


class NotVisibleError(Http404):
    """The object does not exist or the user may not see it; callers cannot tell which.

    It is an Http404 so every view and the API answer 404, never a 403 that would
    confirm the object exists.
    """


class PermissionDeniedError(ParadeskError):
    """The user sees the object but their role may not take this action."""


class ConcurrentEditError(ParadeskError):
    """Somebody else changed the object since it was read."""
