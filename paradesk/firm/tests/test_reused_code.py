"""A TOTP code works once: the same code cannot sign anyone in twice."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from paradesk.firm.tests.signing import current_code, submit_code, submit_password
from paradesk.testing.personas import Firm, enroll_totp


def test_a_code_already_used_is_refused_in_the_same_time_window(firm: Firm) -> None:
    device = enroll_totp(firm.attorney)
    with time_machine.travel(timezone.now(), tick=False):
        code = current_code(device)
        first = Client()
        submit_password(first, "attorney")
        assert submit_code(first, code).status_code == 302

        second = Client()
        submit_password(second, "attorney")
        response = submit_code(second, code)

    assert response.status_code == 200
    assert "Codes work once" in response.content.decode()
    assert "_auth_user_id" not in second.session


def test_the_next_code_works_after_the_window_moves_on(firm: Firm) -> None:
    device = enroll_totp(firm.attorney)
    first = Client()
    submit_password(first, "attorney")
    submit_code(first, current_code(device))

    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        second = Client()
        submit_password(second, "attorney")
        response = submit_code(second, current_code(device))

    assert response.status_code == 302


def test_outsider_and_walled_user_cannot_reuse_their_codes(firm: Firm) -> None:
    for user in (firm.outsider, firm.walled):
        device = enroll_totp(user)
        with time_machine.travel(timezone.now(), tick=False):
            code = current_code(device)
            first = Client()
            submit_password(first, user.username)
            submit_code(first, code)
            second = Client()
            submit_password(second, user.username)
            assert submit_code(second, code).status_code == 200
