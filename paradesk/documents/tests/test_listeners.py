"""New pages are announced to whoever registered, without documents importing them."""

from __future__ import annotations

from typing import Any

from paradesk.documents import listeners


def test_every_registered_listener_hears_of_new_records_once() -> None:
    heard: list[dict[str, Any]] = []

    def listener(**kwargs: Any) -> None:
        heard.append(kwargs)

    before = list(listeners._listeners)
    try:
        listeners._listeners.clear()
        listeners.on_records_read(listener)
        listeners.on_records_read(listener)  # registering twice is registering once
        listeners.records_read(matter="m", actor="a")  # type: ignore[arg-type]
    finally:
        listeners._listeners[:] = before
    assert heard == [{"matter": "m", "actor": "a"}]


def test_the_chronology_listens_for_new_records() -> None:
    from paradesk.chronology.services import records_changed

    assert records_changed in listeners._listeners
