"""Writes to people, profiles, onboarding and second factors.

Each verb runs in one transaction with its audit event. Audit details carry ids, field
names and counts only: never a password, a TOTP secret, a code or a recovery code.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.core import audit
from paradesk.core.exceptions import ParadeskError, PermissionDeniedError
from paradesk.firm import duties
from paradesk.firm.models import (
    ApiToken,
    InPersonDuty,
    Lane,
    OnboardingChecklist,
    ParalegalProfile,
    Role,
    User,
    WorkMode,
)

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Length of a generated initial password; long enough to pass every validator in
# settings and to resist guessing for the days before the person first signs in.
_GENERATED_PASSWORD_BYTES = 15


class FirmError(ParadeskError):
    """A rule about people refused the change; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SecondFactorError(ParadeskError):
    """A code was wrong, reused, or asked for too soon after wrong ones."""


class FactorKind(StrEnum):
    TOTP = "totp"
    RECOVERY = "recovery_code"


@dataclass(frozen=True)
class VerifiedFactor:
    device: TOTPDevice | StaticDevice
    kind: FactorKind
    recovery_codes_left: int | None = None


@dataclass(frozen=True)
class CreatedPerson:
    user: User
    # Set only when the service generated the password; shown once, never stored clear.
    generated_password: str | None


def _require_admin(actor: User) -> None:
    if actor.role != Role.ADMIN or not actor.is_active:
        raise PermissionDeniedError("Only administrators manage people.")


# --- Sign-in events -------------------------------------------------------------------


def record_sign_in(*, actor: User, kind: FactorKind) -> None:
    """Records a completed sign-in (password and second factor)."""
    with transaction.atomic():
        audit.record("auth.signed_in", actor=actor, obj=actor, details={"factor": kind})


def _attempted(username: str) -> tuple[User | None, dict[str, object]]:
    """The user an attempt named, and what of the typed name the log may keep.

    Only a name that belongs to an account is kept: the log is permanent, and what
    people type into the username box by mistake is often their password.
    """
    user = User.objects.filter(username=username).first() if username else None
    if user is None:
        return None, {"username_known": False}
    return user, {"username": user.username}


def record_failed_sign_in(*, username: str, stage: str) -> None:
    """Records a refused attempt: the account if it exists, never the secret."""
    user, who = _attempted(username)
    with transaction.atomic():
        audit.record(
            "auth.sign_in_failed", actor=None, obj=user, details={**who, "stage": stage}
        )


def record_lockout(*, username: str) -> None:
    """Records that a username hit the lockout limit."""
    user, who = _attempted(username)
    with transaction.atomic():
        audit.record("auth.locked_out", actor=None, obj=user, details=who)


def record_sign_out(*, actor: User) -> None:
    """Records a sign-out."""
    with transaction.atomic():
        audit.record("auth.signed_out", actor=actor, obj=actor)


# --- Second factors -------------------------------------------------------------------


def has_confirmed_totp(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def start_enrolment(*, actor: User, resume_device_id: int | None = None) -> TOTPDevice:
    """Gives the actor a fresh unconfirmed TOTP device to scan.

    Only the session that started an enrolment may resume it (`resume_device_id`);
    any other start discards unconfirmed devices, so a secret shown to one session
    (someone who learned the initial password, say) is never the one the user scans.

    Raises:
        SecondFactorError: the actor already has a confirmed device.
    """
    with transaction.atomic():
        if (
            TOTPDevice.objects.select_for_update()
            .filter(user=actor, confirmed=True)
            .exists()
        ):
            raise SecondFactorError("You have already set up an authenticator app.")
        unconfirmed = TOTPDevice.objects.filter(user=actor, confirmed=False)
        if resume_device_id is not None:
            device = unconfirmed.filter(pk=resume_device_id).first()
            if device is not None:
                return device
        unconfirmed.delete()
        device = TOTPDevice.objects.create(
            user=actor, name=TOTP_DEVICE_NAME, confirmed=False
        )
        audit.record("mfa.enrolment_started", actor=actor, obj=actor)
    return device


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def confirm_enrolment(*, actor: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirms the actor's new TOTP device with a code from it; issues recovery codes.

    Returns the recovery codes in clear, once: only the device keeps them.

    Raises:
        SecondFactorError: the code does not match, or the device is not the actor's.
    """
    codes = _confirm_device(actor, device, _normalise_code(code))
    if codes is None:
        raise SecondFactorError(
            "That code does not match. Check the time on your phone and enter the "
            "newest code."
        )
    return codes


def _confirm_device(actor: User, device: TOTPDevice, code: str) -> list[str] | None:
    with transaction.atomic():
        # The lock makes two simultaneous confirmations with one code impossible.
        locked = (
            TOTPDevice.objects.select_for_update()
            .filter(pk=device.pk, user=actor)
            .first()
        )
        if locked is None or locked.confirmed:
            raise SecondFactorError(
                "Start the set-up again: this device is not waiting."
            )
        if not locked.verify_token(code):
            # Returned, not raised, inside the transaction: the device's throttling
            # counter that verify_token just raised must be committed.
            return None
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        codes = _replace_recovery_codes(actor)
        audit.record(
            "mfa.enrolled",
            actor=actor,
            obj=actor,
            details={"device_id": locked.pk, "recovery_codes": len(codes)},
        )
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(
        user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
    )
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=c) for c in codes]
    )
    return codes


def _throttled(device: TOTPDevice | StaticDevice) -> bool:
    allowed, _ = device.verify_is_allowed()
    return not allowed


def verify_second_factor(*, actor: User, code: str) -> VerifiedFactor:
    """Accepts a current TOTP code or an unused recovery code of the actor, once each.

    A six-digit code is checked against the authenticator app only, anything else
    against the recovery codes only, so a typo in one does not slow down the other.

    Raises:
        SecondFactorError: the code is wrong, already used, or tried too soon after a
            wrong one.
    """
    cleaned = _normalise_code(code)
    if not cleaned:
        raise SecondFactorError("Enter the code from your authenticator app.")
    # The failure is raised after the transaction, so the devices' throttling counters
    # that verify_token raised on a wrong code are committed, not rolled back.
    with transaction.atomic():
        if cleaned.isdigit() and len(cleaned) == 6:
            verified, throttled = _verify_totp(actor, cleaned)
        else:
            verified, throttled = _verify_recovery_code(actor, cleaned)
    if verified is not None:
        return verified
    if throttled:
        raise SecondFactorError(
            "Too many wrong codes in a row: wait a few seconds, then enter the "
            "newest code."
        )
    if cleaned.isdigit() and len(cleaned) == 6:
        raise SecondFactorError(
            "That code is not valid. Codes work once and change every 30 seconds: "
            "enter the newest one."
        )
    raise SecondFactorError(
        "That code is not valid. Enter the 6-digit code from your app, or an unused "
        "recovery code."
    )


def _verify_totp(actor: User, code: str) -> tuple[VerifiedFactor | None, bool]:
    # Locked so the same code sent in two parallel requests verifies only once.
    devices = list(
        TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=True)
    )
    throttled = bool(devices) and all(_throttled(d) for d in devices)
    for totp in devices:
        if totp.verify_token(code):
            return VerifiedFactor(device=totp, kind=FactorKind.TOTP), False
    return None, throttled


def _verify_recovery_code(actor: User, code: str) -> tuple[VerifiedFactor | None, bool]:
    statics = list(
        StaticDevice.objects.select_for_update().filter(user=actor, confirmed=True)
    )
    throttled = bool(statics) and all(_throttled(s) for s in statics)
    for static in statics:
        if static.verify_token(code):
            left = StaticToken.objects.filter(device=static).count()
            audit.record(
                "mfa.recovery_code_used",
                actor=actor,
                obj=actor,
                details={"recovery_codes_left": left},
            )
            return (
                VerifiedFactor(
                    device=static, kind=FactorKind.RECOVERY, recovery_codes_left=left
                ),
                False,
            )
    return None, throttled


def reset_mfa(*, actor: User, person: User) -> None:
    """Removes a person's authenticator and recovery codes so they enrol again.

    Sessions verified by the removed device stop working at their next request.

    Raises:
        PermissionDeniedError: the actor is not an administrator.
        FirmError: the actor tried to reset their own second factor.
    """
    _require_admin(actor)
    if person.pk == actor.pk:
        raise FirmError("Ask another administrator to reset your own sign-in codes.")
    with transaction.atomic():
        totp_deleted, _ = TOTPDevice.objects.filter(user=person).delete()
        # Resetting a second factor is what an administrator does after a compromise:
        # the person's API tokens go with it.
        revoked = ApiToken.objects.filter(user=person, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        static_deleted = StaticDevice.objects.filter(user=person).count()
        StaticDevice.objects.filter(user=person).delete()
        audit.record(
            "mfa.reset",
            actor=actor,
            obj=person,
            details={
                "totp_devices": totp_deleted,
                "recovery_devices": static_deleted,
                "api_tokens_revoked": revoked,
            },
        )


def unlock_sign_in(*, actor: User, person: User) -> int:
    """Clears a person's failed sign-in attempts so a lockout ends before its time.

    Returns the number of attempt records removed.

    Raises:
        PermissionDeniedError: the actor is not an administrator.
    """
    _require_admin(actor)
    with transaction.atomic():
        removed = int(axes_reset(username=person.get_username()))
        audit.record(
            "auth.unlocked", actor=actor, obj=person, details={"attempts": removed}
        )
    return removed


# --- People ---------------------------------------------------------------------------


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
    _require_admin(actor)
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
    _require_admin(actor)
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
    _require_admin(actor)
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
    _require_admin(actor)
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
