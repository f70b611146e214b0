"""The typed context every template is filled from: `paradesk.draft-context/1`.

One model for every kind of letter, so a firm's template is checked against the same
field names whatever it drafts; a section a letter does not use stays empty. Values
are ready to print (dates spelled out, money as "$1,234.56"); each amount also has its
integer cents beside it (`*_cents`) for a template that wants to compute nothing but
compare, and each date its ISO form.

Pydantic validates a context read from JSON (`paradesk draft render DATA.json`): an
unknown key or a wrong type is refused with its path, never ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from paradesk.engines.common.money import money as money  # the one formatter

SCHEMA: Final = "paradesk.draft-context/1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Firm(_Model):
    name: str = ""
    address_lines: list[str] = Field(default_factory=list)
    phone: str = ""
    email: str = ""


class Matter(_Model):
    number: str = ""
    title: str = ""
    jurisdiction: str = ""
    injury_type: str = ""


class Client(_Model):
    name: str = ""
    address_lines: list[str] = Field(default_factory=list)
    phone: str = ""
    email: str = ""
    date_of_birth: str = ""


class Incident(_Model):
    date: str = ""
    date_long: str = ""
    location: str = ""
    facts: str = ""
    liability: str = ""


class Insurer(_Model):
    name: str = ""
    address_lines: list[str] = Field(default_factory=list)
    claim_number: str = ""
    insured: str = ""
    adjuster: str = ""
    adjuster_email: str = ""
    adjuster_phone: str = ""


class Recipient(_Model):
    """Whom the letter is addressed to (the adjuster, a provider, the client)."""

    name: str = ""
    attention: str = ""
    address_lines: list[str] = Field(default_factory=list)
    email: str = ""


class Provider(_Model):
    """The medical provider a records request or authorization names."""

    name: str = ""
    address_lines: list[str] = Field(default_factory=list)
    phone: str = ""
    fax: str = ""


class Records(_Model):
    """What a records request and its HIPAA authorization cover."""

    from_date: str = ""
    to_date: str = ""
    description: str = ""
    purpose: str = ""
    expires: str = ""


class Signer(_Model):
    """Who signs. A non-attorney's `status` states that they are not an attorney and
    who supervises them; rendering refuses a template that leaves it out."""

    name: str = ""
    title: str = ""
    is_attorney: bool = False
    bar_number: str = ""
    email: str = ""
    phone: str = ""
    supervisor: str = ""
    status: str = ""

    @model_validator(mode="after")
    def _states_non_attorney_status(self) -> Signer:
        if self.is_attorney:
            return self
        if not self.status:
            # Frozen model: set the computed default through the instance dict once.
            object.__setattr__(
                self, "status", non_attorney_status(self.title, self.supervisor)
            )
        elif "not an attorney" not in self.status.lower():
            raise ValueError(
                "a non-attorney signer's status must say 'not an attorney'"
            )
        return self


class Letter(_Model):
    date: str = ""
    date_long: str = ""
    re: str = ""
    response_days: int = 30
    response_deadline: str = ""
    response_deadline_long: str = ""
    demand: str = ""
    demand_cents: int = 0
    general_damages: str = ""
    body: str = ""


class Coded(_Model):
    code: str = ""
    description: str = ""


class Treatment(_Model):
    """One provider's care, summarised from the chronology, cited to the exhibits."""

    provider: str = ""
    visit_types: str = ""
    first_visit: str = ""
    last_visit: str = ""
    visits: int = 0
    diagnoses: list[Coded] = Field(default_factory=list)
    procedures: list[Coded] = Field(default_factory=list)
    complaints: list[str] = Field(default_factory=list)
    summary: str = ""
    citations: str = ""


class SpecialLine(_Model):
    provider: str = ""
    charges: str = ""
    charges_cents: int = 0
    payments: str = ""
    payments_cents: int = 0
    adjustments: str = ""
    adjustments_cents: int = 0
    balance: str = ""
    balance_cents: int = 0
    reconciled: bool = True
    exhibit: str = ""


class SpecialTotals(_Model):
    charges: str = "$0.00"
    charges_cents: int = 0
    payments: str = "$0.00"
    payments_cents: int = 0
    adjustments: str = "$0.00"
    adjustments_cents: int = 0
    balance: str = "$0.00"
    balance_cents: int = 0


class Specials(_Model):
    lines: list[SpecialLine] = Field(default_factory=list)
    total: SpecialTotals = Field(default_factory=SpecialTotals)


class FutureCare(_Model):
    provider: str = ""
    date_long: str = ""
    recommendation: str = ""
    citation: str = ""


class Exhibit(_Model):
    number: int = 0
    label: str = ""
    title: str = ""
    description: str = ""


class DraftContext(_Model):
    """The whole context; `schema` names its shape, so a stored one reads back."""

    # A Literal, so a document of another shape (a MATTER.json) is refused by name
    # rather than read as a context with half its sections empty.
    schema_: Literal["paradesk.draft-context/1"] = Field(default=SCHEMA, alias="schema")
    firm: Firm = Field(default_factory=Firm)
    matter: Matter = Field(default_factory=Matter)
    client: Client = Field(default_factory=Client)
    incident: Incident = Field(default_factory=Incident)
    insurer: Insurer = Field(default_factory=Insurer)
    recipient: Recipient = Field(default_factory=Recipient)
    provider: Provider = Field(default_factory=Provider)
    records: Records = Field(default_factory=Records)
    signer: Signer = Field(default_factory=Signer)
    letter: Letter = Field(default_factory=Letter)
    treatment: list[Treatment] = Field(default_factory=list)
    specials: Specials = Field(default_factory=Specials)
    future_care: list[FutureCare] = Field(default_factory=list)
    exhibits: list[Exhibit] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def as_template_data(self) -> dict[str, Any]:
        """The top-level names a template sees (`schema` is not one of them)."""
        return {name: getattr(self, name) for name in template_names()}

    def as_json(self) -> dict[str, Any]:
        dumped: dict[str, Any] = self.model_dump(mode="json", by_alias=True)
        return dumped


def template_names() -> tuple[str, ...]:
    return tuple(name for name in DraftContext.model_fields if name != "schema_")


def long_date(value: date | None) -> str:
    """'March 4, 2024' (no zero padding), or '' for no date."""
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def non_attorney_status(title: str, supervisor: str) -> str:
    """The statement a non-attorney's signature block always carries."""
    statement = (
        f"{title or 'Paralegal'}; not an attorney. Prepared under the supervision of "
        f"{supervisor or 'the responsible attorney'}"
    )
    return statement if statement.endswith(".") else statement + "."
