"""Reads about people and the audit log, for administrators only: anyone else gets
a 404.

People are not client data, but who supervises whom and who has finished onboarding is
the firm's business, and the audit log says who did what: each selector checks the
viewer is an active administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.core.exceptions import NotVisibleError
from paradesk.core.models import AuditEvent
from paradesk.firm.models import OnboardingChecklist, ParalegalProfile, Role, User

MFA_STEP = "MFA enrolled"
ONBOARDING_STEP_COUNT = len(OnboardingChecklist.MANUAL_STEPS) + 1


@dataclass(frozen=True)
class OnboardingStep:
    label: str
    done: bool
    # The date recorded for a manual step; None for MFA, which is read from devices.
    on: date | None = None
    automatic: bool = False


@dataclass(frozen=True)
class Onboarding:
    steps: tuple[OnboardingStep, ...]

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def missing(self) -> list[str]:
        return [s.label for s in self.steps if not s.done]

    @property
    def complete(self) -> bool:
        return self.done == self.total


@dataclass(frozen=True)
class PersonRow:
    user: User
    mfa_enrolled: bool
    profile: ParalegalProfile | None
    onboarding: Onboarding | None


def _require_admin(viewer: User) -> None:
    if viewer.role != Role.ADMIN or not viewer.is_active:
        raise NotVisibleError("Administrators only.")


def onboarding_of(
    checklist: OnboardingChecklist | None, *, mfa_enrolled: bool
) -> Onboarding:
    """The five steps, MFA first, each with whether (and when) it was done."""
    steps = [OnboardingStep(label=MFA_STEP, done=mfa_enrolled, automatic=True)]
    for field, label in OnboardingChecklist.MANUAL_STEPS:
        value = getattr(checklist, field) if checklist is not None else None
        steps.append(OnboardingStep(label=label, done=value is not None, on=value))
    return Onboarding(steps=tuple(steps))


def mfa_enrolled_ids(users: QuerySet[User] | list[User]) -> set[int]:
    ids = [u.pk for u in users]
    return set(
        TOTPDevice.objects.filter(user_id__in=ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def _rows(users: list[User]) -> list[PersonRow]:
    enrolled = mfa_enrolled_ids(users)
    rows = []
    for user in users:
        profile = getattr(user, "paralegal_profile", None)
        checklist = getattr(user, "onboarding", None)
        is_paralegal = user.role == Role.PARALEGAL
        rows.append(
            PersonRow(
                user=user,
                mfa_enrolled=user.pk in enrolled,
                profile=profile if is_paralegal else None,
                onboarding=(
                    onboarding_of(checklist, mfa_enrolled=user.pk in enrolled)
                    if is_paralegal
                    else None
                ),
            )
        )
    return rows


def _people() -> QuerySet[User]:
    return User.objects.select_related(
        "paralegal_profile", "paralegal_profile__supervising_attorney", "onboarding"
    ).order_by("-is_active", "last_name", "first_name", "username")


def people_for_admin(viewer: User) -> list[PersonRow]:
    """Everyone in the firm, active first, with MFA and onboarding status."""
    _require_admin(viewer)
    return _rows(list(_people()))


def person_for_admin(viewer: User, person_id: int) -> PersonRow:
    """One person for the administrator's detail page; 404 for anyone else."""
    _require_admin(viewer)
    user = _people().filter(pk=person_id).first()
    if user is None:
        raise NotVisibleError("No such person.")
    return _rows([user])[0]


def onboarding_progress_for(viewer: User) -> list[PersonRow]:
    """Every active paralegal with their onboarding steps, least advanced first."""
    _require_admin(viewer)
    rows = _rows(list(_people().filter(role=Role.PARALEGAL, is_active=True)))
    return sorted(rows, key=lambda r: r.onboarding.done if r.onboarding else 0)


def active_attorneys() -> QuerySet[User]:
    return User.objects.filter(role=Role.ATTORNEY, is_active=True).order_by(
        "last_name", "first_name"
    )


def sign_in_locked(user: User) -> bool:
    """Whether django-axes currently refuses this person's sign-in attempts."""
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.filter(
        username=user.get_username(),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    )
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return bool(attempts.exists())


def recovery_codes_left(user: User) -> int:
    return int(
        StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    )


def audit_events_for(
    user: User,
    *,
    actor: str = "",
    action: str = "",
    matter_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log, newest first, for administrators; NotVisibleError for anyone else.

    Filters as in the admin audit viewer: actor by exact username, action by prefix,
    days in the firm's time zone, `until` inclusive.
    """
    if not user.is_active or user.role != Role.ADMIN:
        raise NotVisibleError("Administrators only.")
    events = AuditEvent.objects.order_by("-seq")
    if actor:
        events = events.filter(actor_label__iexact=actor)
    if action:
        events = events.filter(action__startswith=action)
    if matter_id is not None:
        events = events.filter(matter_id=matter_id)
    tz = timezone.get_current_timezone()
    if since is not None:
        events = events.filter(at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until is not None and until < date.max:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz)
        events = events.filter(at__lt=end)
    return events
