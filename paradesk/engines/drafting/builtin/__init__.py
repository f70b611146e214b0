"""The letter templates Paradesk ships, built as DOCX with docxtpl tags.

Each template is written here in code with python-docx rather than kept as a binary
file, so a reviewer reads every sentence in a diff and the tags can only name fields of
`context.DraftContext`. The bytes are deterministic: the same code builds the same file
in every process, so a stored draft can name the built-in version it came from.

Tag rules (docxtpl): a `{%p ... %}` tag stands alone in its own paragraph and that whole
paragraph is replaced by the tag; a `{%tr ... %}` tag replaces its whole table row.
Inline `{{ ... }}` and `{% if %}` stay inside one run.

One module a letter (`demand`, `records_request`, `hipaa`, `representation`,
`client_status`), over the sheet they are written on (`sheet`), the blocks they share
(`blocks`) and the list of what we ship (`catalog`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from paradesk.engines.drafting.builtin.catalog import (
    BUILTIN_VERSION,
    BUILTINS,
    BY_KEY,
    Builtin,
)
from paradesk.engines.drafting.builtin.client_status import build_client_status
from paradesk.engines.drafting.builtin.demand import SPECIALS_HEADER, build_demand
from paradesk.engines.drafting.builtin.hipaa import build_hipaa_authorization
from paradesk.engines.drafting.builtin.records_request import build_records_request
from paradesk.engines.drafting.builtin.representation import build_representation
from paradesk.engines.drafting.builtin.sheet import (
    BULLET_STYLE,
    FONT,
    FORM_HEADING_STYLE,
    FORM_LINE_STYLE,
    FORM_TEXT_STYLE,
    FORM_TITLE_STYLE,
    LINE_STYLE,
    PROVIDER_HEADING_STYLE,
    SECTION_HEADING_STYLE,
    SIGNATURE_STYLE,
    Sheet,
)

__all__ = [
    "BUILTINS",
    "BUILTIN_VERSION",
    "BULLET_STYLE",
    "FONT",
    "FORM_HEADING_STYLE",
    "FORM_LINE_STYLE",
    "FORM_TEXT_STYLE",
    "FORM_TITLE_STYLE",
    "LINE_STYLE",
    "PROVIDER_HEADING_STYLE",
    "SECTION_HEADING_STYLE",
    "SIGNATURE_STYLE",
    "SPECIALS_HEADER",
    "Builtin",
    "builtin",
    "template_bytes",
]

_BUILDERS: dict[str, Callable[[Sheet], None]] = {
    "demand": build_demand,
    "records_request": build_records_request,
    "hipaa_authorization": build_hipaa_authorization,
    "representation": build_representation,
    "client_status": build_client_status,
}


def builtin(key: str) -> Builtin:
    """The built-in template named `key`.

    Raises:
        KeyError: No built-in has that key.
    """
    try:
        return BY_KEY[key]
    except KeyError:
        known = ", ".join(sorted(BY_KEY))
        raise KeyError(
            f"no built-in template {key!r}; the built-ins are: {known}"
        ) from None


@functools.cache
def template_bytes(key: str) -> bytes:
    """The DOCX of the built-in template `key`, identical in every process.

    Args:
        key: One of the keys in `BUILTINS`.

    Returns:
        The template as DOCX bytes with docxtpl tags, built once per process.

    Raises:
        KeyError: No built-in has that key.
    """
    sheet = Sheet(builtin(key))
    _BUILDERS[key](sheet)
    return sheet.to_bytes()
