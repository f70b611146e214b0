"""Shapes of the task forms; the rules live in work.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from paradesk.firm.models import Lane, Role, User
from paradesk.matters.forms import DateInput, PersonChoiceField
from paradesk.matters.models import Matter
from paradesk.matters.selectors import team_of
from paradesk.work.models import Priority, Task


class TaskForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="What done looks like, sources to use, questions to raise.",
    )
    owner = PersonChoiceField(
        queryset=User.objects.none(), help_text="The one person doing it."
    )
    reviewer = PersonChoiceField(
        queryset=User.objects.none(),
        label="Reviewing attorney",
        help_text="Approves the work before it goes out.",
    )
    due_on = forms.DateField(label="Due", widget=DateInput)
    lane = forms.ChoiceField(choices=Lane.choices, initial=Lane.GENERAL)
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.NORMAL)

    def __init__(self, *args: Any, matter: Matter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = team_of(matter)
        cast(PersonChoiceField, self.fields["owner"]).queryset = team
        cast(PersonChoiceField, self.fields["reviewer"]).queryset = team.filter(
            role=Role.ATTORNEY
        )


class TaskEditForm(TaskForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, task: Task) -> dict[str, Any]:
        return {
            "title": task.title,
            "description": task.description,
            "owner": task.owner_id,
            "reviewer": task.reviewer_id,
            "due_on": task.due_on,
            "lane": task.lane,
            "priority": task.priority,
            "version": task.version,
        }


class SubmitForm(forms.Form):
    product = forms.ChoiceField(
        label="Work product",
        help_text="The exact current version is pinned by its hash.",
    )
    note = forms.CharField(
        widget=forms.Textarea, required=False, max_length=5000, label="Note to reviewer"
    )

    def __init__(
        self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["product"]).choices = [
            ("", "Choose the work product"),
            *choices,
        ]


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea, required=False, max_length=5000)


class CommentForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        label="Add a comment",
    )
