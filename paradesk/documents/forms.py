"""Upload forms: shape only (a file is present); the rules live in `services`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.functional import lazy

from paradesk.documents import filetypes
from paradesk.documents.models import DocumentTag
from paradesk.documents.services import describe_limit, max_upload_bytes
from paradesk.matters.models import Matter


def _file_help() -> str:
    return (
        f"Up to {describe_limit(max_upload_bytes())}. PDF, Word, images, e-mail or "
        "text; the type is read from the file itself, not its name."
    )


# Lazy, so the limit shown is the one configured when the page renders.
_file_help_lazy = lazy(_file_help, str)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            if not data:
                # An empty selection is "no file": the single-file check says so.
                return [super().clean(None, initial)]
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    # Empty files pass here so the service gives its one message for them.
    file = MultipleFileField(
        label="Files",
        allow_empty_file=True,
        help_text=lazy(
            lambda: (
                _file_help() + " Choose several at once, or a zip archive: each "
                "file in it becomes a document."
            ),
            str,
        )(),
    )
    title = forms.CharField(
        required=False,
        max_length=200,
        help_text="Optional, for a single file; defaults to the file name.",
    )


class VersionForm(forms.Form):
    file = forms.FileField(
        label="New version", allow_empty_file=True, help_text=_file_help_lazy()
    )


class UnlockForm(forms.Form):
    password = forms.CharField(
        label="PDF password",
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Used once to make a readable copy; it is never stored.",
    )


class DocumentFilterForm(forms.Form):
    tag = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False, label="Type")
    since = forms.DateField(
        required=False,
        label="Uploaded from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        required=False,
        label="Uploaded to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, matter: Matter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tags = DocumentTag.objects.filter(document__matter=matter).values_list(
            "name", flat=True
        )
        cast(forms.ChoiceField, self.fields["tag"]).choices = [
            ("", "Any tag"),
            *((name, name) for name in sorted(set(tags))),
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", "Any type"),
            *sorted(filetypes.LABELS.items(), key=lambda item: item[1]),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(
                "“Uploaded from” must not be after “Uploaded to”."
            )
        return data
