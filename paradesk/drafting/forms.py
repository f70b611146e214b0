"""Shapes of the drafting forms; the rules live in drafting.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from paradesk.drafting.models import Template, TemplateKind
from paradesk.firm.models import User
from paradesk.matters.forms import DateInput
from paradesk.matters.models import Party

_TEXT = {"rows": 5}


class NewDraftForm(forms.Form):
    template = forms.TypedChoiceField(coerce=int, label="Template")
    title = forms.CharField(
        max_length=200, required=False, help_text="Default: the template's name."
    )

    def __init__(self, *args: Any, templates: list[Template], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["template"])
        field.choices = [
            (template.pk, f"{template.name} ({template.get_kind_display()})")
            for template in templates
        ]


class DraftForm(forms.Form):
    """Every input a letter can take; `shown` keeps only the ones its kind uses."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    letter_date = forms.DateField(label="Letter date", widget=DateInput)
    signer = forms.TypedChoiceField(coerce=int, label="Signed by", required=False)
    incident_date = forms.DateField(
        label="Incident date",
        widget=DateInput,
        required=False,
        help_text="Default: the matter's incident date.",
    )
    location = forms.CharField(max_length=300, required=False)
    facts = forms.CharField(
        label="Facts of the incident",
        widget=forms.Textarea(attrs=_TEXT),
        required=False,
        max_length=20_000,
    )
    liability = forms.CharField(
        widget=forms.Textarea(attrs=_TEXT), required=False, max_length=20_000
    )
    general_damages = forms.CharField(
        label="General damages (attorney)",
        widget=forms.Textarea(attrs=_TEXT),
        required=False,
        max_length=20_000,
    )
    demand = forms.CharField(
        label="Demand amount in dollars (attorney)", max_length=20, required=False
    )
    response_days = forms.IntegerField(
        label="Days to respond", min_value=1, max_value=365, required=False, initial=30
    )
    body = forms.CharField(
        label="Letter body",
        widget=forms.Textarea(attrs=_TEXT),
        required=False,
        max_length=20_000,
    )
    provider = forms.TypedChoiceField(
        coerce=int, label="Medical provider", required=False
    )
    client_date_of_birth = forms.CharField(
        label="Client's date of birth", max_length=40, required=False
    )
    records_from = forms.DateField(
        label="Records from", widget=DateInput, required=False
    )
    records_to = forms.DateField(
        label="Records to",
        widget=DateInput,
        required=False,
        help_text="Empty: the present.",
    )
    records_description = forms.CharField(
        label="Information to disclose",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    records_purpose = forms.CharField(label="Purpose", max_length=500, required=False)
    records_expires = forms.CharField(label="Expires", max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        shown: set[str],
        team: list[User],
        providers: list[Party],
        attorney: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "version" and name not in shown:
                del self.fields[name]
        signer = self.fields.get("signer")
        if isinstance(signer, forms.TypedChoiceField):
            signer.choices = [("", "Responsible attorney")] + [
                (user.pk, f"{user.display_name} ({user.get_role_display()})")
                for user in team
            ]
        provider = self.fields.get("provider")
        if isinstance(provider, forms.TypedChoiceField):
            provider.choices = [("", "First provider on the matter")] + [
                (party.pk, party.contact.name) for party in providers
            ]
        if not attorney:
            for name in ("demand", "general_damages"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "Only an attorney sets this."


class TemplateUploadForm(forms.Form):
    name = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=TemplateKind.choices)
    description = forms.CharField(max_length=300, required=False)
    file = forms.FileField(label="Word template (.docx)")
