"""People: creating and changing them, paralegal profiles and onboarding."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from paradesk.core import audit
from paradesk.firm import duties
from paradesk.firm.models import (
    InPersonDuty,
    Lane,
    OnboardingChecklist,
    ParalegalProfile,
    Role,
    User,
    WorkMode,
)
from paradesk.firm.services.base import (
    CreatedPerson,
    FirmError,
    require_admin,
)

_GENERATED_PASSWORD_BYTES = 15


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise FirmError(" ".join(exc.messages), field="password") from exc


def _username_taken(username: str, *, excluding: int | None = None) -> bool:
    qs = User.objects.filter(username__iexact=username)
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    return qs.exists()


def _ensure_paralegal_records(user: User) -> None:
    ParalegalProfile.objects.get_or_create(user=user)
    OnboardingChecklist.objects.get_or_create(user=user)


def generate_password() -> str:
    return secrets.token_urlsafe(_GENERATED_PASSWORD_BYTES)


def create_person(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    title: str = "",
    password: str | None = None,
) -> CreatedPerson:
    """Adds a member of the firm; with no password given, one is generated.

    Paralegals get an empty profile and onboarding checklist at once.

    Raises:
        PermissionDeniedError: the actor is not an administrator.
        FirmError: the username is taken, the role unknown or the password too weak.
    """
    require_admin(actor)
    username = username.strip()
    if role not in Role.values:
        raise FirmError("Choose one of the listed roles.", field="role")
    if not username:
        raise FirmError("Enter a username.", field="username")
    if _username_taken(username):
        raise FirmError(
            f"The username “{username}” is already taken.", field="username"
        )
    generated = None
    if not password:
        generated = password = generate_password()
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        role=role,
        title=title.strip(),
    )
    _validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save(force_insert=True)
            if role == Role.PARALEGAL:
                _ensure_paralegal_records(user)
            audit.record(
                "person.created",
                actor=actor,
                obj=user,
                details={"role": role, "password": "generated" if generated else "set"},
            )
    except IntegrityError as exc:
        # Two administrators creating the same username at once: the unique index wins.
        raise FirmError(
            f"The username “{username}” is already taken.", field="username"
        ) from exc
    return CreatedPerson(user=user, generated_password=generated)


def _require_no_open_attorney_duties(person: User) -> None:
    """An attorney who is still responsible for matters or reviews stays an attorney.

    Otherwise open work would wait on someone who may no longer approve it (only an
    attorney reviews, by the firm's supervision rules). The apps holding that work
    name it through `firm.duties`.
    """
    held = duties.open_attorney_duties(person)
    if held:
        raise FirmError(
            f"{person.display_name} is {' and '.join(held)}. Reassign them first.",
            field="role",
        )


def update_person(
    *,
    actor: User,
    person: User,
    first_name: str,
    last_name: str,
    email: str,
    title: str,
    role: str,
    is_active: bool,
) -> list[str]:
    """Changes a person's names, role or active flag; returns the changed field names.

    An administrator cannot deactivate themselves or drop their own administrator
    role, so the firm always keeps someone who can manage people.

    Raises:
        PermissionDeniedError: the actor is not an administrator.
        FirmError: the change would lock the actor out, or the role is unknown.
    """
    require_admin(actor)
    if role not in Role.values:
        raise FirmError("Choose one of the listed roles.", field="role")
    if person.pk == actor.pk and not is_active:
        raise FirmError("You cannot deactivate your own account.", field="is_active")
    if person.pk == actor.pk and role != Role.ADMIN:
        raise FirmError("You cannot remove your own administrator role.", field="role")
    leaving_bar = person.role == Role.ATTORNEY and (
        role != Role.ATTORNEY or not is_active
    )
    if leaving_bar:
        _require_no_open_attorney_duties(person)
    values = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "email": email.strip(),
        "title": title.strip(),
        "role": role,
        "is_active": is_active,
    }
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=person.pk)
        changed = [
            name for name, value in values.items() if getattr(locked, name) != value
        ]
        if not changed:
            return []
        for name in changed:
            setattr(locked, name, values[name])
        locked.save(update_fields=changed)
        if locked.role == Role.PARALEGAL:
            _ensure_paralegal_records(locked)
        details: dict[str, object] = {"fields": changed}
        if "role" in changed:
            details["role"] = {"from": person.role, "to": role}
        audit.record("person.updated", actor=actor, obj=locked, details=details)
    for name in changed:
        setattr(person, name, values[name])
    return changed


def update_paralegal_profile(
    *,
    actor: User,
    person: User,
    work_mode: str,
    in_person_duties: Iterable[str],
    supervising_attorney: User | None,
    lane: str,
    time_zone: str = "",
) -> ParalegalProfile:
    """Sets a paralegal's written role.

    A hybrid paralegal has at least one named in-person duty; a fully remote one has
    none. The supervising attorney must be an active attorney.

    Raises:
        PermissionDeniedError: the actor is not an administrator.
        FirmError: any of the rules above is broken, or the person is no paralegal.
    """
    require_admin(actor)
    if person.role != Role.PARALEGAL:
        raise FirmError("Only paralegals have a paralegal profile.")
    duties = sorted(set(in_person_duties))
    unknown = [d for d in duties if d not in InPersonDuty.values]
    if unknown:
        raise FirmError("Choose duties from the list.", field="in_person_duties")
    if work_mode not in WorkMode.values:
        raise FirmError("Choose fully remote or hybrid.", field="work_mode")
    if work_mode == WorkMode.HYBRID and not duties:
        raise FirmError(
            "A hybrid paralegal needs at least one named in-person duty.",
            field="in_person_duties",
        )
    if work_mode == WorkMode.REMOTE and duties:
        raise FirmError(
            "A fully remote paralegal has no in-person duties: clear them or "
            "choose hybrid.",
            field="in_person_duties",
        )
    if lane not in Lane.values:
        raise FirmError("Choose a lane from the list.", field="lane")
    if supervising_attorney is not None and (
        supervising_attorney.role != Role.ATTORNEY or not supervising_attorney.is_active
    ):
        raise FirmError(
            "The supervising attorney must be an active attorney.",
            field="supervising_attorney",
        )
    with transaction.atomic():
        profile, _ = ParalegalProfile.objects.select_for_update().get_or_create(
            user=person
        )
        before = (
            profile.work_mode,
            profile.in_person_duties,
            profile.supervising_attorney_id,
            profile.lane,
            profile.time_zone,
        )
        profile.work_mode = work_mode
        profile.in_person_duties = duties
        profile.supervising_attorney = supervising_attorney
        profile.lane = lane
        profile.time_zone = time_zone.strip()
        after = (
            work_mode,
            duties,
            profile.supervising_attorney_id,
            lane,
            profile.time_zone,
        )
        names = (
            "work_mode",
            "in_person_duties",
            "supervising_attorney",
            "lane",
            "time_zone",
        )
        changed = [n for n, b, a in zip(names, before, after, strict=True) if b != a]
        profile.save()
        OnboardingChecklist.objects.get_or_create(user=person)
        audit.record(
            "paralegal_profile.updated",
            actor=actor,
            obj=person,
            details={
                "fields": changed,
                "work_mode": work_mode,
                "supervising_attorney_id": profile.supervising_attorney_id,
            },
        )
    return profile


def update_onboarding(
    *,
    actor: User,
    person: User,
    device_provisioned_on: date | None,
    confidentiality_training_on: date | None,
    communication_rules_on: date | None,
    first_week_reviews_on: date | None,
    notes: str = "",
) -> OnboardingChecklist:
    """Records the dates of a paralegal's onboarding steps; no step dated in the future.

    MFA enrolment is not recorded here: it is read from the person's devices.

    Raises:
        PermissionDeniedError: the actor is not an administrator.
        FirmError: a date is in the future, or the person is no paralegal.
    """
    require_admin(actor)
    if person.role != Role.PARALEGAL:
        raise FirmError("Onboarding checklists are kept for paralegals.")
    values: dict[str, date | None] = {
        "device_provisioned_on": device_provisioned_on,
        "confidentiality_training_on": confidentiality_training_on,
        "communication_rules_on": communication_rules_on,
        "first_week_reviews_on": first_week_reviews_on,
    }
    today = timezone.localdate()
    for name, value in values.items():
        if value is not None and value > today:
            raise FirmError("A step cannot be done on a future date.", field=name)
    with transaction.atomic():
        checklist, _ = OnboardingChecklist.objects.select_for_update().get_or_create(
            user=person
        )
        changed = [n for n, v in values.items() if getattr(checklist, n) != v]
        for name in changed:
            setattr(checklist, name, values[name])
        notes_changed = checklist.notes != notes.strip()
        checklist.notes = notes.strip()
        checklist.save()
        audit.record(
            "onboarding.updated",
            actor=actor,
            obj=person,
            details={
                "steps": {n: values[n] for n in changed},
                "notes_changed": notes_changed,
            },
        )
    return checklist
