"""Matter screens: translate requests into selector reads and service calls."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from paradesk.core.exceptions import NotVisibleError, ParadeskError
from paradesk.core.services import record_read
from paradesk.firm.models import Role, User
from paradesk.matters import selectors, services
from paradesk.matters.forms import (
    MatterForm,
    OpenMatterForm,
    PartyForm,
    TeamMemberForm,
    WallForm,
)
from paradesk.matters.models import Phase
from paradesk.work.selectors import tasks_of


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the middleware admits only verified users
        raise NotVisibleError("Sign in first.")
    return user


def matter_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    query = request.GET.get("q", "").strip()[:100]
    phase = request.GET.get("phase", "")
    if phase not in Phase.values:
        phase = ""
    matters = list(selectors.search_matters(user, query, phase))
    record_read(
        "matter.listed",
        actor=user,
        details={"matter_ids": [m.pk for m in matters], "searched": bool(query)},
    )
    return render(
        request,
        "matters/list.html",
        {
            "matters": matters,
            "q": query,
            "phase": phase,
            "phases": Phase.choices,
            "can_open": user.role in {Role.ATTORNEY, Role.ADMIN},
        },
    )


@require_http_methods(["GET", "POST"])
def matter_open(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role not in {Role.ATTORNEY, Role.ADMIN}:
        raise NotVisibleError("Only attorneys and administrators open matters.")
    form = OpenMatterForm(
        request.POST or None, initial={"responsible_attorney": user.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opened = services.open_matter(
                actor=user,
                title=data["title"],
                client_name=data["client_name"],
                client_email=data["client_email"],
                client_phone=data["client_phone"],
                incident_on=data["incident_on"],
                injury_type=data["injury_type"],
                jurisdiction=data["jurisdiction"],
                phase=data["phase"],
                responsible_attorney=data["responsible_attorney"],
                team=list(data["team"]),
                description=data["description"],
            )
        except ParadeskError as error:
            form.add_error(None, str(error))
        else:
            for warning in opened.warnings:
                messages.warning(request, warning)
            messages.success(request, f"Matter {opened.matter.number} opened.")
            return redirect("matters:detail", matter_id=opened.matter.pk)
    return render(request, "matters/open.html", {"form": form})


def matter_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    user = _user(request)
    matter = selectors.matter_for(user, matter_id)
    services.record_matter_view(actor=user, matter=matter)
    manager = services.can_manage(user, matter)
    context: dict[str, Any] = {
        "matter": matter,
        "parties": selectors.parties_of(matter),
        "team": selectors.team_of(matter),
        "tasks": tasks_of(matter),
        "can_manage": manager,
        "can_assign": user.role in {Role.ATTORNEY, Role.ADMIN},
        "walls": selectors.walls_of(matter) if manager else None,
        "team_form": TeamMemberForm(matter=matter) if manager else None,
        "wall_form": WallForm(matter=matter) if manager else None,
        "documents": _documents_of(matter),
    }
    return render(request, "matters/detail.html", context)


def _documents_of(matter: Any) -> Any:
    from paradesk.documents.selectors import documents_of

    return documents_of(matter)


@require_http_methods(["GET", "POST"])
def matter_edit(request: HttpRequest, matter_id: int) -> HttpResponse:
    user = _user(request)
    matter = selectors.matter_for(user, matter_id)
    if not services.can_manage(user, matter):
        messages.error(
            request, "Only the responsible attorney or a manager on the team can edit."
        )
        return redirect("matters:detail", matter_id=matter.pk)
    if request.method == "GET":
        services.record_matter_view(actor=user, matter=matter)
    form = MatterForm(
        request.POST or None, instance=None, initial=_matter_initial(matter)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_matter(
                actor=user,
                matter=matter,
                **{f: form.cleaned_data[f] for f in services.UPDATABLE_MATTER_FIELDS},
            )
        except ParadeskError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Matter updated.")
            return redirect("matters:detail", matter_id=matter.pk)
    return render(request, "matters/edit.html", {"form": form, "matter": matter})


def _matter_initial(matter: Any) -> dict[str, Any]:
    return {f: getattr(matter, f) for f in services.UPDATABLE_MATTER_FIELDS}


@require_http_methods(["GET", "POST"])
def party_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    user = _user(request)
    matter = selectors.matter_for(user, matter_id)
    form = PartyForm(
        request.POST or None, initial={"role": request.GET.get("role", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_party(actor=user, matter=matter, **form.cleaned_data)
        except ParadeskError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Party added.")
            return redirect("matters:detail", matter_id=matter.pk)
    return render(request, "matters/party_form.html", {"form": form, "matter": matter})


@require_POST
def party_remove(request: HttpRequest, matter_id: int, party_id: int) -> HttpResponse:
    user = _user(request)
    matter = selectors.matter_for(user, matter_id)
    party = selectors.party_for(user, party_id, matter=matter)
    try:
        services.remove_party(actor=user, party=party)
    except ParadeskError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Party removed.")
    return redirect("matters:detail", matter_id=matter.pk)


@require_POST
def team_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    user = _user(request)
    matter = selectors.matter_for(user, matter_id)
    form = TeamMemberForm(request.POST, matter=matter)
    if not form.is_valid():
        messages.error(request, "Choose a person who is not on the team yet.")
        return redirect("matters:detail", matter_id=matter.pk)
    try:
        services.add_team_member(
            actor=user, matter=matter, user=form.cleaned_data["user"]
        )
    except ParadeskError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{form.cleaned_data['user'].display_name} joined the team."
        )
    return redirect("matters:detail", matter_id=matter.pk)


@require_POST
def team_remove(request: HttpRequest, matter_id: int, user_id: int) -> HttpResponse:
    user = _user(request)
    matter = selectors.matter_for(user, matter_id)
    member = selectors.team_of(matter).filter(pk=user_id).first()
    if member is None:
        raise NotVisibleError("No such team member.")
    try:
        services.remove_team_member(actor=user, matter=matter, user=member)
    except ParadeskError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{member.display_name} left the team.")
    return redirect("matters:detail", matter_id=matter.pk)


@require_POST
def wall_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    user = _user(request)
    matter = selectors.matter_for(user, matter_id)
    form = WallForm(request.POST, matter=matter)
    if not form.is_valid():
        messages.error(request, "Choose the person to screen and give the reason.")
        return redirect("matters:detail", matter_id=matter.pk)
    try:
        services.erect_wall(
            actor=user,
            matter=matter,
            user=form.cleaned_data["user"],
            reason=form.cleaned_data["reason"],
        )
    except ParadeskError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{form.cleaned_data['user'].display_name} is now walled from this matter.",
        )
    return redirect("matters:detail", matter_id=matter.pk)
