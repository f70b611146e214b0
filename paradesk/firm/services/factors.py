"""Second factors: TOTP enrolment, verification, recovery codes, MFA reset, unlock."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.core import audit
from paradesk.firm.models import (
    ApiToken,
    User,
)
from paradesk.firm.services.base import (
    RECOVERY_CODE_COUNT,
    RECOVERY_DEVICE_NAME,
    TOTP_DEVICE_NAME,
    FactorKind,
    FirmError,
    SecondFactorError,
    VerifiedFactor,
    require_admin,
)


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
    require_admin(actor)
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
    require_admin(actor)
    with transaction.atomic():
        removed = int(axes_reset(username=person.get_username()))
        audit.record(
            "auth.unlocked", actor=actor, obj=person, details={"attempts": removed}
        )
    return removed
