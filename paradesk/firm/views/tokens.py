"""Account → API tokens: list, issue (the secret shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from paradesk.core.exceptions import NotVisibleError
from paradesk.firm import tokens as token_service
from paradesk.firm.forms import TokenForm
from paradesk.firm.models import User


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise NotVisibleError("Sign in first.")
    return user


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = token_service.issue_api_token(
                actor=user, name=form.cleaned_data["name"]
            )
        except token_service.TokenError as exc:
            form.add_error("name", str(exc))
        else:
            form = TokenForm()
    return render(
        request,
        "firm/tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": token_service.tokens_of(user),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _user(request)
    token = token_service.token_of(user, token_id)
    try:
        token_service.revoke_api_token(actor=user, token=token)
    except token_service.TokenError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"The token “{token.name}” is revoked; it no longer works."
        )
    return redirect("firm:tokens")
