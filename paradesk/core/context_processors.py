from typing import Any

from django.conf import settings
from django.http import HttpRequest


def paradesk(request: HttpRequest) -> dict[str, Any]:
    return {
        "firm_name": settings.OTP_TOTP_ISSUER,
        "demo_mode": settings.PARADESK_DEMO,
    }
