"""Upload forms: shape only (a file is present); the rules live in `services`."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy

from paradesk.documents.services import describe_limit, max_upload_bytes


def _file_help() -> str:
    return (
        f"Up to {describe_limit(max_upload_bytes())}. PDF, Word, images, e-mail or "
        "text; the type is read from the file itself, not its name."
    )


# Lazy, so the limit shown is the one configured when the page renders.
_file_help_lazy = lazy(_file_help, str)


class UploadForm(forms.Form):
    # Empty files pass here so the service gives its one message for them.
    file = forms.FileField(
        label="File", allow_empty_file=True, help_text=_file_help_lazy()
    )
    title = forms.CharField(
        required=False,
        max_length=200,
        help_text="Optional; defaults to the file name.",
    )


class VersionForm(forms.Form):
    file = forms.FileField(
        label="New version", allow_empty_file=True, help_text=_file_help_lazy()
    )
