"""A work-product kind for workflow tests that must change a product's hash at will.

It plugs into the real registry (`paradesk.work.products`) the way documents do; tests
that need real files use documents instead.
"""

from __future__ import annotations

import hashlib

from paradesk.matters.models import Matter
from paradesk.work import products

_contents: dict[tuple[int, str], bytes] = {}


def _resolve(matter: Matter, product_id: str) -> products.ProductRef | None:
    content = _contents.get((matter.pk, product_id))
    if content is None:
        return None
    return products.ProductRef(
        kind="memo",
        id=product_id,
        label=f"Memo {product_id}",
        sha256=hashlib.sha256(content).hexdigest(),
    )


def write_memo(matter: Matter, product_id: str, content: bytes) -> str:
    """Sets the memo's content; returns its sha256."""
    products.register("memo", _resolve)
    _contents[(matter.pk, product_id)] = content
    return hashlib.sha256(content).hexdigest()
