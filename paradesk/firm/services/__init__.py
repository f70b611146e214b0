"""Writes to people, profiles, onboarding and second factors.

Each verb runs in one transaction with its audit event. Audit details carry ids, field
names and counts only: never a password, a TOTP secret, a code or a recovery code.

One module an idea: `signin` (sign-in events), `factors` (second factors), `people`
(people, profiles, onboarding), over `base` (errors and results they share).
"""

from __future__ import annotations

from paradesk.firm.services.base import (
    RECOVERY_CODE_COUNT,
    RECOVERY_DEVICE_NAME,
    TOTP_DEVICE_NAME,
    CreatedPerson,
    FactorKind,
    FirmError,
    SecondFactorError,
    VerifiedFactor,
)
from paradesk.firm.services.factors import (
    confirm_enrolment,
    has_confirmed_totp,
    reset_mfa,
    start_enrolment,
    unlock_sign_in,
    verify_second_factor,
)
from paradesk.firm.services.people import (
    create_person,
    generate_password,
    update_onboarding,
    update_paralegal_profile,
    update_person,
)
from paradesk.firm.services.signin import (
    record_failed_sign_in,
    record_lockout,
    record_sign_in,
    record_sign_out,
)

__all__ = [
    "RECOVERY_CODE_COUNT",
    "RECOVERY_DEVICE_NAME",
    "TOTP_DEVICE_NAME",
    "CreatedPerson",
    "FactorKind",
    "FirmError",
    "SecondFactorError",
    "VerifiedFactor",
    "confirm_enrolment",
    "create_person",
    "generate_password",
    "has_confirmed_totp",
    "record_failed_sign_in",
    "record_lockout",
    "record_sign_in",
    "record_sign_out",
    "reset_mfa",
    "start_enrolment",
    "unlock_sign_in",
    "update_onboarding",
    "update_paralegal_profile",
    "update_person",
    "verify_second_factor",
]
