"""What else a new ethical wall changes, registered by the apps above matters.

`erect_wall` screens a person from a matter; the apps that give people work on a
matter (tasks now, deadlines and reviews later) must also take that work away from
them, but matters may not import them. Each registers a consequence here, and
`erect_wall` runs every one inside its own transaction, so the wall and everything
it changes commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import EthicalWall

# (the new wall, the person who erected it) -> nothing; runs inside the transaction.
Consequence = Callable[["EthicalWall", "User"], None]

_consequences: list[Consequence] = []


def register(consequence: Consequence) -> None:
    if consequence not in _consequences:
        _consequences.append(consequence)


def apply_consequences(wall: EthicalWall, *, actor: User) -> None:
    for consequence in _consequences:
        consequence(wall, actor)
