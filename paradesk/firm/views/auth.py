"""Sign-in in two steps (password, then a second factor), enrolment, sign-out, lockout.

Between the steps the session holds only the pending user's id: `login()` runs after
the second factor, so no request ever carries a half-signed-in user. Wrong codes are
reported to django-axes as failed logins, so guessing codes locks the account just
like guessing passwords.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.firm import services
from paradesk.firm.forms import CodeForm, EnrolForm, LoginForm
from paradesk.firm.middleware import is_verified
from paradesk.firm.models import User

_PENDING_USER = "firm.pending_user_id"
_PENDING_BACKEND = "firm.pending_backend"
_PENDING_SINCE = "firm.pending_since"
_PENDING_NEXT = "firm.pending_next"
_ENROLLED_DEVICE = "firm.enrolled_device_id"
_ENROLLING_DEVICE = "firm.enrolling_device_id"
_PENDING_KEYS = (
    _PENDING_USER,
    _PENDING_BACKEND,
    _PENDING_SINCE,
    _PENDING_NEXT,
    _ENROLLED_DEVICE,
)
# Time allowed between the password and the code (or finishing enrolment).
_PENDING_FOR = timedelta(minutes=10)
_LOW_RECOVERY_CODES = 3


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Where to go after sign-in: `next` if it stays on this site, else home."""
    if (
        candidate
        and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
        and not candidate.startswith(("/login", "/logout", "/mfa/"))
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _clear_pending(request: HttpRequest) -> None:
    for key in _PENDING_KEYS:
        request.session.pop(key, None)


def _pending_user(request: HttpRequest) -> tuple[User, str] | None:
    """The user who passed the password step in this session, if still in time."""
    user_id = request.session.get(_PENDING_USER)
    since = request.session.get(_PENDING_SINCE)
    backend = request.session.get(_PENDING_BACKEND)
    if user_id is None or since is None or backend is None:
        return None
    if timezone.now().timestamp() - float(since) > _PENDING_FOR.total_seconds():
        _clear_pending(request)
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        _clear_pending(request)
        return None
    return user, str(backend)


def _restart(request: HttpRequest) -> HttpResponseRedirect:
    messages.warning(
        request, "Your sign-in timed out or was interrupted. Please start again."
    )
    return redirect("firm:login")


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.get_username()}


def _count_failure(request: HttpRequest, user: User, stage: str) -> None:
    """A wrong code is a failed login: axes counts it and may lock the account."""
    services.record_failed_sign_in(username=user.get_username(), stage=stage)
    user_login_failed.send(
        sender=__name__, credentials=_credentials(user), request=request
    )
    if getattr(request, "axes_locked_out", False):
        _clear_pending(request)


def _complete_sign_in(
    request: HttpRequest,
    user: User,
    backend: str,
    device: TOTPDevice | StaticDevice,
    kind: services.FactorKind,
) -> HttpResponseRedirect:
    target = _safe_next(request, request.session.get(_PENDING_NEXT))
    _clear_pending(request)
    auth_login(request, user, backend=backend)
    otp_login(request, device)
    services.record_sign_in(actor=user, kind=kind)
    return redirect(target)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page django-axes shows instead of a sign-in step once a user is locked."""
    username = str(
        (credentials or {}).get("username") or request.POST.get("username", "")
    )
    if hasattr(request, "session"):
        _clear_pending(request)
    services.record_lockout(username=username)
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(
        request,
        "firm/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Step 1: username and password, checked through django-axes."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    user = request.user
    if user.is_authenticated and is_verified(user):
        return redirect(_safe_next(request, next_url))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        authenticated = authenticate(
            request=request, username=username, password=form.cleaned_data["password"]
        )
        if not isinstance(authenticated, User):
            services.record_failed_sign_in(username=username, stage="password")
            form.add_error(
                None, "That username and password do not match an active account."
            )
        else:
            # A new session key for the pending state: nothing set before sign-in
            # (for example by someone who planted a session cookie) carries over.
            request.session.cycle_key()
            _clear_pending(request)
            request.session[_PENDING_USER] = authenticated.pk
            # authenticate() names the backend that accepted the password.
            backend: str = getattr(authenticated, "backend", "")
            request.session[_PENDING_BACKEND] = backend
            request.session[_PENDING_SINCE] = timezone.now().timestamp()
            request.session[_PENDING_NEXT] = next_url
            if services.has_confirmed_totp(authenticated):
                return redirect("firm:verify")
            return redirect("firm:enroll")
    return render(request, "firm/login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Step 2: a TOTP code or one recovery code."""
    pending = _pending_user(request)
    if pending is None:
        return _restart(request)
    user, backend = pending
    if not services.has_confirmed_totp(user):
        return redirect("firm:enroll")
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        return locked_out(request, None, _credentials(user))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            factor = services.verify_second_factor(
                actor=user, code=form.cleaned_data["code"]
            )
        except services.SecondFactorError as exc:
            _count_failure(request, user, "second_factor")
            form.add_error("code", str(exc))
        else:
            response = _complete_sign_in(
                request, user, backend, factor.device, factor.kind
            )
            left = factor.recovery_codes_left
            if left is not None:
                level = (
                    messages.WARNING if left <= _LOW_RECOVERY_CODES else messages.INFO
                )
                messages.add_message(
                    request,
                    level,
                    f"You signed in with a recovery code; {left} remain. Each works "
                    "once: ask an administrator to reset your sign-in codes if you "
                    "lost your phone.",
                )
            return response
    return render(request, "firm/verify.html", {"form": form, "pending_user": user})


def _qr_data_uri(config_url: str) -> str:
    # A PNG data: URI, which the Content-Security-Policy allows (img-src data:).
    png: str = segno.make(config_url, error="m").png_data_uri(scale=5, border=2)
    return png


def _grouped_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest) -> HttpResponse:
    """First sign-in: scan a QR code, confirm with a code, receive recovery codes."""
    pending = _pending_user(request)
    if pending is None:
        return _restart(request)
    user, _backend = pending
    if request.session.get(_ENROLLED_DEVICE):
        return render(
            request, "firm/enrolled.html", {"codes": None, "pending_user": user}
        )
    if services.has_confirmed_totp(user):
        return redirect("firm:verify")
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        return locked_out(request, None, _credentials(user))
    device = services.start_enrolment(
        actor=user, resume_device_id=request.session.get(_ENROLLING_DEVICE)
    )
    request.session[_ENROLLING_DEVICE] = device.pk
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_enrolment(
                actor=user, device=device, code=form.cleaned_data["code"]
            )
        except services.SecondFactorError as exc:
            _count_failure(request, user, "enrolment")
            form.add_error("code", str(exc))
        else:
            request.session[_ENROLLED_DEVICE] = device.pk
            # The codes go into this one response and nowhere else.
            return render(
                request, "firm/enrolled.html", {"codes": codes, "pending_user": user}
            )
    return render(
        request,
        "firm/enroll.html",
        {
            "form": form,
            "pending_user": user,
            "qr": _qr_data_uri(device.config_url),
            "config_url": device.config_url,
            "secret": _grouped_secret(device),
        },
    )


@csrf_protect
@never_cache
@require_POST
def enroll_done(request: HttpRequest) -> HttpResponse:
    """The user has saved their recovery codes: enrolment is done, sign them in."""
    pending = _pending_user(request)
    device_id = request.session.get(_ENROLLED_DEVICE)
    if pending is None or device_id is None:
        return _restart(request)
    user, backend = pending
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=True).first()
    if device is None:
        return _restart(request)
    response = _complete_sign_in(
        request, user, backend, device, services.FactorKind.TOTP
    )
    messages.success(request, "Two-step sign-in is set up. Welcome to Paradesk.")
    return response


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation; POST signs out."""
    user = request.user
    if request.method == "GET":
        if not user.is_authenticated:
            return redirect("firm:login")
        return render(request, "firm/logout.html")
    if isinstance(user, User):
        services.record_sign_out(actor=user)
    auth_logout(request)
    messages.info(request, "You have signed out.")
    return redirect("firm:login")
