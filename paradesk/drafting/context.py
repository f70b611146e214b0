"""A draft's context from the matter's records, its inputs and, for a demand, the
matter's approved chronology.

The inputs are what people typed for this one letter (`Draft.inputs`); everything else
is read from the matter as it stands when the draft is rendered. Each rendering keeps
the context it was filled from, so a later change to the matter never changes a
rendered, approved letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from paradesk.chronology.models import Chronology
from paradesk.chronology.selectors import as_result, chronology_of, content_hash
from paradesk.core.exceptions import ParadeskError
from paradesk.drafting.models import TemplateKind
from paradesk.engines.drafting import context as engine
from paradesk.engines.drafting.demand import (
    DemandInputs,
    IncidentInput,
    LetterInput,
    build_demand,
    insurer_recipient,
    response_deadline,
)
from paradesk.firm.models import User
from paradesk.matters.models import Party, PartyRole
from paradesk.matters.selectors import team_of
from paradesk.work.models import Task, TaskState

if TYPE_CHECKING:
    from paradesk.drafting.models import Draft
    from paradesk.matters.models import Contact, Matter

DEFAULT_PURPOSE = (
    "At the request of the individual: for the individual's attorneys, in connection "
    "with a personal injury claim."
)
DEFAULT_EXPIRES = "One year from the date this authorization is signed."
DEFAULT_DESCRIPTION = (
    "All medical records, including office and progress notes, emergency records, "
    "imaging reports and films, test results, therapy notes, and itemized bills "
    "(UB-04, CMS-1500 or itemized statements with CPT codes)."
)


class DraftError(ParadeskError):
    pass


@dataclass(frozen=True)
class Built:
    context: engine.DraftContext
    warnings: tuple[str, ...]
    chronology_sha256: str = ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def _day(value: Any, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DraftError(f"{field}: {value!r} is not a date (YYYY-MM-DD).") from None


def _party(matter: Matter, role: str, party_id: Any = None) -> Party | None:
    parties = Party.objects.filter(matter=matter, role=role).select_related("contact")
    if party_id:
        return parties.filter(pk=party_id).first()
    return parties.order_by("pk").first()


def _contact_lines(contact: Contact | None) -> list[str]:
    return _lines(contact.address) if contact else []


def signer_of(draft: Draft) -> User:
    """Who signs: the chosen member of the team, by default the responsible attorney."""
    chosen = draft.inputs.get("signer")
    if not chosen:
        return draft.matter.responsible_attorney
    user = team_of(draft.matter).filter(pk=chosen, is_active=True).first()
    if user is None:
        raise DraftError("The signer must be an active member of this matter's team.")
    return user


def _signer(user: User, matter: Matter) -> engine.Signer:
    attorney = matter.responsible_attorney
    supervisor = f"{attorney.display_name}, Esq."
    return engine.Signer(
        name=user.display_name,
        title=user.title or user.get_role_display(),
        is_attorney=user.is_attorney,
        email=user.email,
        supervisor="" if user.is_attorney else supervisor,
    )


def _firm() -> engine.Firm:
    return engine.Firm(
        name=settings.OTP_TOTP_ISSUER,
        address_lines=list(settings.PARADESK_FIRM_ADDRESS),
        phone=settings.PARADESK_FIRM_PHONE,
        email=settings.PARADESK_FIRM_EMAIL,
    )


def _insurer(matter: Matter) -> engine.Insurer:
    insurer = _party(matter, PartyRole.INSURER)
    adverse = _party(matter, PartyRole.ADVERSE_PARTY)
    if insurer is None:
        return engine.Insurer(insured=adverse.contact.name if adverse else "")
    return engine.Insurer(
        name=insurer.contact.name,
        address_lines=_contact_lines(insurer.contact),
        claim_number=insurer.claim_number,
        insured=adverse.contact.name if adverse else "",
        adjuster=insurer.adjuster_name,
        adjuster_email=insurer.adjuster_email,
        adjuster_phone=insurer.adjuster_phone,
    )


def approved_chronology(matter: Matter) -> tuple[Chronology, str]:
    """The matter's chronology and its hash, if an attorney approved it as it stands.

    Raises:
        DraftError: no chronology, or not approved, or changed since approval.
    """
    chronology = chronology_of(matter)
    if chronology is None:
        raise DraftError(
            "This matter has no medical chronology yet: build it and have it approved "
            "before drafting the demand."
        )
    sha256 = content_hash(chronology)
    approved = Task.objects.filter(
        matter=matter,
        product_kind="chronology",
        product_id=str(chronology.pk),
        state__in=(TaskState.APPROVED, TaskState.DELIVERED),
        approved_sha256=sha256,
    ).exists()
    if not approved:
        raise DraftError(
            "The medical chronology is not approved as it stands (never approved, or "
            "changed since approval). The demand is built only from an approved "
            "chronology: submit it for the attorney's review first."
        )
    return chronology, sha256


def _exhibit_titles(chronology: Chronology) -> dict[str, str]:
    from paradesk.documents.models import Document

    ids = {label: source["document"] for label, source in chronology.sources.items()}
    titles = dict(
        Document.objects.filter(pk__in=ids.values()).values_list("pk", "title")
    )
    return {label: titles.get(pk, label) for label, pk in ids.items()}


def build(draft: Draft, inputs: dict[str, Any]) -> Built:
    """The draft's context from the matter and `inputs` (the draft's, as edited).

    Raises:
        DraftError: an input is malformed, or a demand's chronology is not approved.
    """
    matter = draft.matter
    letter_on = _day(inputs.get("letter_date"), "Letter date") or timezone.localdate()
    incident_on = (
        _day(inputs.get("incident_date"), "Incident date") or matter.incident_on
    )
    client = matter.client
    signer = _signer(signer_of(draft), matter)
    kind = draft.template.kind
    insurer = _insurer(matter)
    client_ctx = engine.Client(
        name=client.name,
        address_lines=_contact_lines(client),
        phone=client.phone,
        email=client.email,
        date_of_birth=str(inputs.get("client_date_of_birth") or ""),
    )
    provider_party = _party(matter, PartyRole.MEDICAL_PROVIDER, inputs.get("provider"))
    provider = engine.Provider(
        name=provider_party.contact.name if provider_party else "",
        address_lines=_contact_lines(
            provider_party.contact if provider_party else None
        ),
        phone=provider_party.contact.phone if provider_party else "",
    )
    firm = _firm()
    matter_ctx = engine.Matter(
        number=matter.number,
        title=matter.title,
        jurisdiction=matter.get_jurisdiction_display(),
        injury_type=matter.get_injury_type_display(),
    )
    if kind == TemplateKind.DEMAND:
        chronology, sha256 = approved_chronology(matter)
        demand = build_demand(
            as_result(chronology),
            DemandInputs(
                firm=firm,
                matter=matter_ctx,
                client=client_ctx,
                incident=IncidentInput(
                    date=incident_on,
                    location=str(inputs.get("location") or ""),
                    facts=str(inputs.get("facts") or ""),
                    liability=str(inputs.get("liability") or ""),
                ),
                insurer=insurer,
                signer=signer,
                letter=LetterInput(
                    date=letter_on,
                    demand_cents=int(inputs.get("demand_cents") or 0),
                    response_days=int(inputs.get("response_days") or 30),
                    general_damages=str(inputs.get("general_damages") or ""),
                ),
                exhibit_titles=_exhibit_titles(chronology),
            ),
        )
        return Built(demand.context, demand.warnings, sha256)
    deadline = response_deadline(letter_on, int(inputs.get("response_days") or 30))
    if kind in (TemplateKind.RECORDS_REQUEST, TemplateKind.HIPAA_AUTHORIZATION):
        recipient = engine.Recipient(
            name=provider.name,
            attention="Custodian of Records",
            address_lines=provider.address_lines,
        )
    elif kind == TemplateKind.CLIENT_STATUS:
        recipient = engine.Recipient(
            name=client.name, address_lines=client_ctx.address_lines, email=client.email
        )
    else:
        recipient = insurer_recipient(insurer)
    records_from = _day(inputs.get("records_from"), "Records from") or incident_on
    records_to = _day(inputs.get("records_to"), "Records to")
    warnings = []
    if kind in (TemplateKind.RECORDS_REQUEST, TemplateKind.HIPAA_AUTHORIZATION):
        if provider_party is None:
            warnings.append(
                "No medical provider is chosen: add one to the matter's parties."
            )
        if not client_ctx.date_of_birth:
            warnings.append("The client's date of birth is not entered.")
    context = engine.DraftContext(
        firm=firm,
        matter=matter_ctx,
        client=client_ctx,
        insurer=insurer,
        signer=signer,
        incident=engine.Incident(
            date=incident_on.isoformat() if incident_on else "",
            date_long=engine.long_date(incident_on),
            location=str(inputs.get("location") or ""),
            facts=str(inputs.get("facts") or ""),
            liability=str(inputs.get("liability") or ""),
        ),
        recipient=recipient,
        provider=provider,
        records=engine.Records(
            from_date=engine.long_date(records_from),
            to_date=engine.long_date(records_to) or "the present",
            description=str(inputs.get("records_description") or DEFAULT_DESCRIPTION),
            purpose=str(inputs.get("records_purpose") or DEFAULT_PURPOSE),
            expires=str(inputs.get("records_expires") or DEFAULT_EXPIRES),
        ),
        letter=engine.Letter(
            date=letter_on.isoformat(),
            date_long=engine.long_date(letter_on),
            re="",
            response_days=int(inputs.get("response_days") or 30),
            response_deadline=deadline.isoformat(),
            response_deadline_long=engine.long_date(deadline),
            body=str(inputs.get("body") or ""),
        ),
    )
    return Built(context, tuple(warnings))
