"""Work products a task can carry, by kind: how to find one and hash its content.

A kind registers a resolver here (documents register "document"; chronologies and
drafts later). Approval pins the hash the resolver returns; if the product's current
hash later differs, the task needs review again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paradesk.core.exceptions import ParadeskError

if TYPE_CHECKING:
    from paradesk.matters.models import Matter


@dataclass(frozen=True)
class ProductRef:
    kind: str
    id: str
    label: str
    sha256: str
    url: str = ""


# (matter, product id) -> the product's current state, or None when it does not exist
# on that matter.
Resolver = Callable[["Matter", str], ProductRef | None]

_resolvers: dict[str, Resolver] = {}


class UnknownProductError(ParadeskError):
    pass


def register(kind: str, resolver: Resolver) -> None:
    _resolvers[kind] = resolver


def resolve(matter: Matter, kind: str, product_id: str) -> ProductRef:
    """The current state of a work product on `matter`.

    Raises:
        UnknownProductError: unknown kind, or no such product on this matter.
    """
    resolver = _resolvers.get(kind)
    if resolver is None:
        raise UnknownProductError(f"Unknown kind of work product {kind!r}.")
    ref = resolver(matter, product_id)
    if ref is None:
        raise UnknownProductError("That work product does not exist on this matter.")
    return ref
