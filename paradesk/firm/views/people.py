"""Administrators' people screens: list, create, edit, paralegal profile, onboarding.

Every view answers 404 to anyone but an active administrator (the selectors check),
so the pages do not even confirm they exist.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from paradesk.core.exceptions import NotVisibleError, PermissionDeniedError
from paradesk.firm import selectors, services
from paradesk.firm.forms import (
    OnboardingForm,
    ParalegalProfileForm,
    PersonCreateForm,
    PersonEditForm,
)
from paradesk.firm.models import OnboardingChecklist, ParalegalProfile, Role, User


def _admin(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.role != Role.ADMIN or not user.is_active:
        raise NotVisibleError("Administrators only.")
    return user


def _attach(form: forms.Form, exc: services.FirmError | PermissionDeniedError) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


@require_GET
def people(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    rows = selectors.people_for_admin(admin)
    return render(request, "firm/people_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def people_new(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_person(
                actor=admin,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                title=data["title"],
                role=data["role"],
                password=data["password"] or None,
            )
        except (services.FirmError, PermissionDeniedError) as exc:
            _attach(form, exc)
        else:
            if created.generated_password:
                # Shown in this response only; the person changes nothing until they
                # sign in, and the administrator passes the password on out of band.
                return render(
                    request,
                    "firm/person_created.html",
                    {"person": created.user, "password": created.generated_password},
                )
            messages.success(request, f"{created.user.display_name} was added.")
            return redirect("firm:people_detail", person_id=created.user.pk)
    return render(request, "firm/person_new.html", {"form": form})


def _edit_form(person: User) -> PersonEditForm:
    return PersonEditForm(
        initial={
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "title": person.title,
            "role": person.role,
            "is_active": person.is_active,
        }
    )


def _profile_form(profile: ParalegalProfile | None) -> ParalegalProfileForm:
    if profile is None:
        return ParalegalProfileForm()
    return ParalegalProfileForm(
        initial={
            "work_mode": profile.work_mode,
            "in_person_duties": profile.in_person_duties,
            "supervising_attorney": profile.supervising_attorney_id,
            "lane": profile.lane,
            "time_zone": profile.time_zone,
        }
    )


def _onboarding_form(person: User) -> OnboardingForm:
    checklist: OnboardingChecklist | None = getattr(person, "onboarding", None)
    if checklist is None:
        return OnboardingForm()
    return OnboardingForm(
        initial={
            "device_provisioned_on": checklist.device_provisioned_on,
            "confidentiality_training_on": checklist.confidentiality_training_on,
            "communication_rules_on": checklist.communication_rules_on,
            "first_week_reviews_on": checklist.first_week_reviews_on,
            "notes": checklist.notes,
        }
    )


def _detail(
    request: HttpRequest,
    admin: User,
    person_id: int,
    *,
    status: int = 200,
    **bound: Any,
) -> HttpResponse:
    row = selectors.person_for_admin(admin, person_id)
    person = row.user
    context: dict[str, Any] = {
        "row": row,
        "person": person,
        "is_self": person.pk == admin.pk,
        "edit_form": bound.get("edit_form") or _edit_form(person),
        "recovery_codes_left": selectors.recovery_codes_left(person),
        "locked": selectors.sign_in_locked(person),
    }
    if person.role == Role.PARALEGAL:
        context["profile_form"] = bound.get("profile_form") or _profile_form(
            row.profile
        )
        context["onboarding_form"] = bound.get("onboarding_form") or _onboarding_form(
            person
        )
    return render(request, "firm/person_detail.html", context, status=status)


@require_GET
def people_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    admin = _admin(request)
    return _detail(request, admin, person_id)


@require_POST
def people_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    admin = _admin(request)
    person = selectors.person_for_admin(admin, person_id).user
    form = PersonEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.update_person(
                actor=admin,
                person=person,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                title=data["title"],
                role=data["role"],
                is_active=data["is_active"],
            )
        except (services.FirmError, PermissionDeniedError) as exc:
            _attach(form, exc)
        else:
            messages.success(request, "Saved." if changed else "Nothing changed.")
            return redirect("firm:people_detail", person_id=person.pk)
    return _detail(request, admin, person_id, status=400, edit_form=form)


@require_POST
def people_profile(request: HttpRequest, person_id: int) -> HttpResponse:
    admin = _admin(request)
    person = selectors.person_for_admin(admin, person_id).user
    if person.role != Role.PARALEGAL:
        raise NotVisibleError("Only paralegals have a profile.")
    form = ParalegalProfileForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_paralegal_profile(
                actor=admin,
                person=person,
                work_mode=data["work_mode"],
                in_person_duties=data["in_person_duties"],
                supervising_attorney=data["supervising_attorney"],
                lane=data["lane"],
                time_zone=data["time_zone"],
            )
        except (services.FirmError, PermissionDeniedError) as exc:
            _attach(form, exc)
        else:
            messages.success(request, "Paralegal profile saved.")
            return redirect("firm:people_detail", person_id=person.pk)
    return _detail(request, admin, person_id, status=400, profile_form=form)


@require_POST
def people_onboarding(request: HttpRequest, person_id: int) -> HttpResponse:
    admin = _admin(request)
    person = selectors.person_for_admin(admin, person_id).user
    if person.role != Role.PARALEGAL:
        raise NotVisibleError("Only paralegals have an onboarding checklist.")
    form = OnboardingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_onboarding(
                actor=admin,
                person=person,
                device_provisioned_on=data["device_provisioned_on"],
                confidentiality_training_on=data["confidentiality_training_on"],
                communication_rules_on=data["communication_rules_on"],
                first_week_reviews_on=data["first_week_reviews_on"],
                notes=data["notes"],
            )
        except (services.FirmError, PermissionDeniedError) as exc:
            _attach(form, exc)
        else:
            messages.success(request, "Onboarding checklist saved.")
            return redirect("firm:people_detail", person_id=person.pk)
    return _detail(request, admin, person_id, status=400, onboarding_form=form)


@require_http_methods(["GET", "POST"])
def people_reset_mfa(request: HttpRequest, person_id: int) -> HttpResponse:
    """GET asks the administrator to confirm; POST removes the second factors."""
    admin = _admin(request)
    row = selectors.person_for_admin(admin, person_id)
    person = row.user
    if request.method == "POST":
        try:
            services.reset_mfa(actor=admin, person=person)
        except (services.FirmError, PermissionDeniedError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                f"Sign-in codes of {person.display_name} were reset: they set up their "
                "authenticator app again at their next sign-in.",
            )
        return redirect("firm:people_detail", person_id=person.pk)
    return render(
        request,
        "firm/reset_mfa_confirm.html",
        {"person": person, "row": row, "is_self": person.pk == admin.pk},
    )


@require_POST
def people_unlock(request: HttpRequest, person_id: int) -> HttpResponse:
    """Ends a lockout early, once the administrator has checked who was trying."""
    admin = _admin(request)
    person = selectors.person_for_admin(admin, person_id).user
    services.unlock_sign_in(actor=admin, person=person)
    messages.success(request, f"{person.display_name} can sign in again.")
    return redirect("firm:people_detail", person_id=person.pk)


@require_GET
def onboarding(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    rows = selectors.onboarding_progress_for(admin)
    return render(
        request,
        "firm/onboarding.html",
        {
            "rows": rows,
            "complete": sum(1 for r in rows if r.onboarding and r.onboarding.complete),
        },
    )
