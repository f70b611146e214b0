"""Forms check shape (types, lengths, required fields); services check the rules."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator

from paradesk.firm.models import InPersonDuty, Lane, Role, User, WorkMode
from paradesk.firm.selectors import active_attorneys


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "username",
                "autofocus": True,
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )
    password = forms.CharField(
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    """The second step: a code from the app, or one recovery code."""

    code = forms.CharField(
        label="Authentication code",
        max_length=32,
        help_text=(
            "The 6-digit code from your authenticator app, or one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Code from your app",
        min_length=6,
        max_length=8,
        help_text="Enter the 6-digit code the app shows now.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]{6,8}",
                "autofocus": True,
            }
        ),
    )


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonCreateForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only. Used to sign in.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    first_name = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    last_name = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    title = forms.CharField(
        max_length=100,
        required=False,
        help_text="For example “Senior paralegal”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.PARALEGAL)
    password = forms.CharField(
        label="Initial password",
        required=False,
        max_length=128,
        strip=False,
        help_text=(
            "At least 12 characters, not a common password. "
            "Leave empty to generate one."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            candidate = User(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class PersonEditForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(max_length=254, required=False)
    title = forms.CharField(max_length=100, required=False)
    role = forms.ChoiceField(choices=Role.choices)
    is_active = forms.BooleanField(
        label="Active",
        required=False,
        help_text="An inactive person cannot sign in or use API tokens.",
    )


class ParalegalProfileForm(forms.Form):
    work_mode = forms.ChoiceField(
        label="Work mode",
        choices=WorkMode.choices,
        initial=WorkMode.REMOTE,
        widget=forms.RadioSelect,
    )
    in_person_duties = forms.MultipleChoiceField(
        label="In-person duties",
        choices=InPersonDuty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Required for hybrid paralegals; leave all unticked if fully remote.",
    )
    supervising_attorney = forms.ModelChoiceField(
        queryset=active_attorneys(), required=False, empty_label="— none yet —"
    )
    lane = forms.ChoiceField(
        label="Workflow lane", choices=Lane.choices, initial=Lane.GENERAL
    )
    time_zone = forms.CharField(
        max_length=64,
        required=False,
        help_text="Where the paralegal works, e.g. America/Chicago.",
    )

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data.get("time_zone", "").strip()
        if value and value not in zoneinfo.available_timezones():
            raise forms.ValidationError(
                "Unknown time zone: use a name like America/Chicago."
            )
        return value


class OnboardingForm(forms.Form):
    device_provisioned_on = forms.DateField(
        label="Device provisioned on", required=False, widget=_date_widget()
    )
    confidentiality_training_on = forms.DateField(
        label="Confidentiality training acknowledged on",
        required=False,
        widget=_date_widget(),
    )
    communication_rules_on = forms.DateField(
        label="Communication rules acknowledged on",
        required=False,
        widget=_date_widget(),
    )
    first_week_reviews_on = forms.DateField(
        label="First-week reviews done on", required=False, widget=_date_widget()
    )
    notes = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="Where it will be used, e.g. “Case-intake script”.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
