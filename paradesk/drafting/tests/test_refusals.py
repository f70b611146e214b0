"""Bad input to the drafting services gets one clear error and changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from paradesk.drafting import services
from paradesk.drafting.context import DraftError
from paradesk.drafting.models import Draft, Template, TemplateKind, TemplateVersion
from paradesk.matters.models import ContactKind, PartyRole
from paradesk.matters.services import add_party
from paradesk.testing.personas import Firm


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("twelve", "is not an amount of dollars"),
        ("-500", "is not an amount in dollars and cents"),
        ("12.345", "is not an amount in dollars and cents"),
    ],
)
def test_an_amount_that_is_not_dollars_and_cents_is_refused(
    text: str, message: str
) -> None:
    with pytest.raises(DraftError, match=message):
        services.parse_dollars(text)


def test_amounts_read_as_integer_cents() -> None:
    assert services.parse_dollars("$12,500.50") == 1_250_050
    assert services.parse_dollars("") == 0


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"response_days": "thirty"}, "response_days: 'thirty' is not a whole number"),
        ({"response_days": -3}, "response_days cannot be negative"),
        ({"response_days": 400}, "between 1 and 365 days"),
        ({"colour": "red"}, r"Unknown field\(s\): colour"),
    ],
)
def test_bad_inputs_leave_the_draft_as_it_was(
    firm: Firm, inputs: dict[str, Any], message: str
) -> None:
    services.install_builtin_templates()
    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=Template.objects.get(builtin="client_status"),
        title="Status",
        inputs={"body": "First."},
    )

    with pytest.raises(DraftError, match=message):
        services.update_draft(
            actor=firm.paralegal,
            draft=draft,
            inputs={**draft.inputs, **inputs},
            expected_version=draft.version,
        )

    stored = Draft.objects.get(pk=draft.pk)
    assert (stored.version, stored.inputs) == (draft.version, draft.inputs)
    assert stored.renderings.count() == 1


def _docx() -> bytes:
    letter = Document()
    letter.add_paragraph("Dear {{ recipient.name }},")
    out = io.BytesIO()
    letter.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"file_name": "letter.doc"}, r'"letter.doc" is not a .docx file'),
        ({"data": b"x" * (services.MAX_TEMPLATE_BYTES + 1)}, "larger than 10 MB"),
        ({"kind": "sonnet"}, "Unknown kind of letter 'sonnet'"),
        ({"name": "   "}, "Give the template a name"),
    ],
)
def test_a_bad_template_upload_is_refused_and_nothing_is_kept(
    firm: Firm, changes: dict[str, Any], message: str
) -> None:
    upload = {
        "name": "Letter",
        "kind": TemplateKind.OTHER,
        "data": _docx(),
        "file_name": "letter.docx",
        **changes,
    }

    with pytest.raises(DraftError, match=message):
        services.upload_template(actor=firm.attorney, **upload)

    assert not Template.objects.exists()
    assert not TemplateVersion.objects.exists()


def test_a_provider_of_another_matter_is_refused_not_stored(firm: Firm) -> None:
    services.install_builtin_templates()
    template = Template.objects.get(builtin="records_request")
    elsewhere = add_party(
        actor=firm.attorney2,
        matter=firm.other_matter,
        role=PartyRole.MEDICAL_PROVIDER,
        name="Lakeside Urgent Care",
        kind=ContactKind.ORGANIZATION,
    )
    here = add_party(
        actor=firm.attorney,
        matter=firm.matter,
        role=PartyRole.MEDICAL_PROVIDER,
        name="Grady Memorial Hospital",
        kind=ContactKind.ORGANIZATION,
    )

    with pytest.raises(DraftError, match="not a medical provider on this matter"):
        services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=template,
            title="Records",
            inputs={"provider": elsewhere.pk},
        )
    assert not Draft.objects.exists()

    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=template,
        title="Records",
        inputs={"provider": here.pk},
    )
    with pytest.raises(DraftError, match="not a medical provider on this matter"):
        services.update_draft(
            actor=firm.paralegal,
            draft=draft,
            inputs={**draft.inputs, "provider": elsewhere.pk},
            expected_version=draft.version,
        )
    assert Draft.objects.get(pk=draft.pk).inputs["provider"] == here.pk
