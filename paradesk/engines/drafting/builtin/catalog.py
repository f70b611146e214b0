"""The built-in templates we ship: their keys, names and kinds."""

from __future__ import annotations

from dataclasses import dataclass

BUILTIN_VERSION = "1"


@dataclass(frozen=True)
class Builtin:
    """One template we ship.

    Attributes:
        key: Stable identifier (`template_bytes(key)`).
        name: The name a person sees in the template library.
        kind: The kind of document it drafts.
        description: One sentence on what it is for.
    """

    key: str
    name: str
    kind: str
    description: str


BUILTINS: tuple[Builtin, ...] = (
    Builtin(
        key="demand",
        name="Personal injury demand letter",
        kind="demand",
        description=(
            "Settlement demand to the liability insurer: facts, liability, treatment "
            "by provider with record citations, medical specials table, future care, "
            "general damages, the demand and its response deadline, and exhibits."
        ),
    ),
    Builtin(
        key="records_request",
        name="Medical records request",
        kind="records_request",
        description=(
            "Request to a provider for complete records, itemized billing and a "
            "custodian certification, with the HIPAA authorization enclosed."
        ),
    ),
    Builtin(
        key="hipaa_authorization",
        name="HIPAA authorization",
        kind="hipaa_authorization",
        description=(
            "The client's authorization to disclose health information to the firm, "
            "with the core elements and statements of 45 CFR 164.508(c)."
        ),
    ),
    Builtin(
        key="representation",
        name="Letter of representation",
        kind="representation",
        description=(
            "Notice to the insurer that the firm represents the client: direct all "
            "contact to the firm, preserve evidence, disclose policy limits."
        ),
    ),
    Builtin(
        key="client_status",
        name="Client status letter",
        kind="client_status",
        description="Tells the client where the case stands and what comes next.",
    ),
)

BY_KEY = {builtin.key: builtin for builtin in BUILTINS}
