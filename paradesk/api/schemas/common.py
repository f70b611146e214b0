"""Shared pieces of the API's bodies: ids, errors, paging, people, strict input."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import models
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

from paradesk.core.ids import MAX_ID
from paradesk.firm.models import User
from paradesk.matters.states import US_STATES

# An id in an API path, query or body: 1 to MAX_ID, else a 422 naming the field.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def max_length_of(model: type[models.Model], name: str) -> int:
    length = getattr(model._meta.get_field(name), "max_length", None)
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return length


def _email_or_blank(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid e-mail address.") from None
    return value


def _us_state(value: str) -> str:
    code = value.upper()
    if code not in dict(US_STATES):
        raise ValueError(
            "Unknown jurisdiction: use a two-letter US state code such as GA."
        )
    return code


Email = Annotated[str, AfterValidator(_email_or_blank)]
Jurisdiction = Annotated[
    str,
    AfterValidator(_us_state),
    Field(json_schema_extra={"enum": [code for code, _ in US_STATES]}),
]


class Input(Schema):
    """A request body: no unknown fields, strings trimmed, enums as plain values."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, use_enum_values=True
    )


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=200)


class UserRef(Schema):
    id: int
    username: str
    display_name: str
    role: str

    @classmethod
    def of(cls, user: User) -> UserRef:
        return cls(
            id=user.pk,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
        )


def not_null(value: object) -> object:
    """A PATCH field may be left out, never sent as null."""
    if value is None:
        raise ValueError("This field cannot be null; leave it out to keep its value.")
    return value
