"""Shapes of the matter forms; the rules live in matters.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from paradesk.firm.models import Role, User
from paradesk.matters.models import ContactKind, InjuryType, Matter, PartyRole, Phase
from paradesk.matters.states import US_STATES


class DateInput(forms.DateInput):
    input_type = "date"


def _user_label(user: User) -> str:
    return f"{user.display_name} ({user.get_role_display()})"


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


def _no_future(value: Any) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError("The incident date cannot be in the future.")


class OpenMatterForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="e.g. Rivera v. Acme Trucking")
    client_name = forms.CharField(max_length=200, label="Client name")
    client_email = forms.EmailField(
        max_length=254, required=False, label="Client email"
    )
    client_phone = forms.CharField(max_length=40, required=False, label="Client phone")
    incident_on = forms.DateField(
        required=False, label="Incident date", widget=DateInput, validators=[_no_future]
    )
    injury_type = forms.ChoiceField(
        choices=InjuryType.choices, initial=InjuryType.MOTOR_VEHICLE
    )
    jurisdiction = forms.ChoiceField(choices=[("", "Choose a state"), *US_STATES])
    phase = forms.ChoiceField(choices=Phase.choices, initial=Phase.INTAKE)
    responsible_attorney = PersonChoiceField(queryset=User.objects.none())
    team = PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You and the responsible attorney are added automatically.",
    )
    description = forms.CharField(
        widget=forms.Textarea, required=False, max_length=5000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = User.objects.filter(is_active=True)
        cast(
            PersonChoiceField, self.fields["responsible_attorney"]
        ).queryset = active.filter(role=Role.ATTORNEY)
        cast(PeopleChoiceField, self.fields["team"]).queryset = active.exclude(
            role=Role.ADMIN
        )


class MatterForm(forms.ModelForm[Matter]):
    class Meta:
        model = Matter
        fields = (
            "title",
            "incident_on",
            "injury_type",
            "jurisdiction",
            "phase",
            "description",
        )
        widgets = {"incident_on": DateInput}  # noqa: RUF012

    def clean_incident_on(self) -> Any:
        value = self.cleaned_data.get("incident_on")
        _no_future(value)
        return value


class PartyForm(forms.Form):
    role = forms.ChoiceField(
        choices=[c for c in PartyRole.choices if c[0] != PartyRole.CLIENT]
    )
    kind = forms.ChoiceField(
        choices=ContactKind.choices, initial=ContactKind.ORGANIZATION
    )
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254, required=False)
    phone = forms.CharField(max_length=40, required=False)
    claim_number = forms.CharField(
        max_length=64, required=False, help_text="Insurers only."
    )
    adjuster_name = forms.CharField(
        max_length=200, required=False, help_text="Insurers only."
    )
    adjuster_email = forms.EmailField(
        max_length=254, required=False, help_text="Insurers only."
    )
    adjuster_phone = forms.CharField(
        max_length=40, required=False, help_text="Insurers only."
    )
    notes = forms.CharField(widget=forms.Textarea, required=False, max_length=2000)


class TeamMemberForm(forms.Form):
    user = PersonChoiceField(queryset=User.objects.none(), label="Add to team")

    def __init__(self, *args: Any, matter: Matter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["user"]).queryset = (
            User.objects.filter(is_active=True)
            .exclude(memberships__matter=matter)
            .exclude(walls__matter=matter)
        )


class WallForm(forms.Form):
    user = PersonChoiceField(queryset=User.objects.none(), label="Person to screen")
    reason = forms.CharField(max_length=300, help_text="Kept in the audit trail.")

    def __init__(self, *args: Any, matter: Matter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["user"]).queryset = (
            User.objects.filter(is_active=True)
            .exclude(pk=matter.responsible_attorney_id)
            .exclude(walls__matter=matter)
        )
