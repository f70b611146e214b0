"""Who is told that a document's pages were read: a registry, so that documents (a
lower app) calls the apps above it without importing them.

An app registers in its `ready()` (the chronology rebuilds a matter's chronology when
new records arrive); the ingest job calls `records_read` once a version's pages are
stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter


class RecordsReadListener(Protocol):
    def __call__(self, *, matter: Matter, actor: User) -> object: ...


_listeners: list[RecordsReadListener] = []


def on_records_read(listener: RecordsReadListener) -> None:
    """Calls `listener(matter=..., actor=...)` whenever new pages are stored."""
    if listener not in _listeners:
        _listeners.append(listener)


def records_read(*, matter: Matter, actor: User) -> None:
    """Tells every listener that `actor`'s upload brought new pages to `matter`."""
    for listener in _listeners:
        listener(matter=matter, actor=actor)
