"""What the firm's services share: their errors, results and the administrator check."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.core.exceptions import ParadeskError, PermissionDeniedError
from paradesk.firm.models import (
    Role,
    User,
)

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Length of a generated initial password; long enough to pass every validator in
# settings and to resist guessing for the days before the person first signs in.


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


def require_admin(actor: User) -> None:
    if actor.role != Role.ADMIN or not actor.is_active:
        raise PermissionDeniedError("Only administrators manage people.")
