"""Drafting helpers shared by tests: a built-in template, a draft's latest DOCX."""

from __future__ import annotations

from paradesk.core.storage import get_store
from paradesk.drafting import selectors, services
from paradesk.drafting.models import Draft, Template


def builtin_template(kind: str) -> Template:
    """The built-in template of `kind`, installing the built-ins if they are not yet."""
    services.install_builtin_templates()
    return Template.objects.get(builtin=kind)


def latest_docx(draft: Draft) -> bytes:
    """The bytes of the draft's latest rendering."""
    latest = selectors.latest_rendering(draft)
    assert latest is not None
    return get_store().read(latest.document_version.sha256)
