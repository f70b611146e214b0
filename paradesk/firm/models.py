"""People: users and roles, remote paralegal profiles, onboarding, API tokens."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    ATTORNEY = "attorney", "Attorney"
    PARALEGAL = "paralegal", "Paralegal"
    BILLING = "billing", "Billing"


class User(AbstractUser):
    """A member of the firm. Every user is staff in the MFA sense: TOTP is mandatory."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PARALEGAL)
    email = models.EmailField("email address", blank=True)
    title = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering: ClassVar = ["last_name", "first_name", "username"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_attorney(self) -> bool:
        return self.role == Role.ATTORNEY

    @property
    def is_firm_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_paralegal(self) -> bool:
        return self.role == Role.PARALEGAL

    def __str__(self) -> str:
        return self.display_name


class WorkMode(models.TextChoices):
    REMOTE = "remote", "Fully remote"
    HYBRID = "hybrid", "Hybrid"


class InPersonDuty(models.TextChoices):
    COURTHOUSE_FILINGS = "courthouse_filings", "Courthouse filings"
    ORIGINAL_SIGNATURES = "original_signatures", "Original signatures"
    CLIENT_MEETINGS = "client_meetings", "Client meetings"
    MAIL_AND_SCANNING = "mail_and_scanning", "Mail and scanning"
    RECORDS_PICKUP = "records_pickup", "Records pick-up"


class Lane(models.TextChoices):
    INTAKE = "intake", "Intake"
    RECORDS = "records", "Medical records"
    DEMAND = "demand", "Demand"
    LITIGATION = "litigation", "Litigation support"
    CALENDAR = "calendar", "Calendar and deadlines"
    GENERAL = "general", "General"


class ParalegalProfile(models.Model):
    """The written role of a remote or hybrid paralegal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="paralegal_profile",
    )
    work_mode = models.CharField(
        max_length=16, choices=WorkMode.choices, default=WorkMode.REMOTE
    )
    # A list of InPersonDuty values; only meaningful for hybrid paralegals.
    in_person_duties = models.JSONField(default=list, blank=True)
    supervising_attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_paralegals",
        limit_choices_to={"role": Role.ATTORNEY},
    )
    lane = models.CharField(max_length=16, choices=Lane.choices, default=Lane.GENERAL)
    time_zone = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"

    @property
    def duty_labels(self) -> list[str]:
        labels = dict(InPersonDuty.choices)
        return [labels.get(d, d) for d in self.in_person_duties]


class OnboardingChecklist(models.Model):
    """Onboarding of one paralegal.

    MFA enrolment is read from the paralegal's devices, never stored here.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding"
    )
    device_provisioned_on = models.DateField(null=True, blank=True)
    confidentiality_training_on = models.DateField(null=True, blank=True)
    communication_rules_on = models.DateField(null=True, blank=True)
    first_week_reviews_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    MANUAL_STEPS: ClassVar = [
        ("device_provisioned_on", "Device provisioned"),
        ("confidentiality_training_on", "Confidentiality training acknowledged"),
        ("communication_rules_on", "Communication rules acknowledged"),
        ("first_week_reviews_on", "First-week reviews done"),
    ]

    def __str__(self) -> str:
        return f"onboarding of {self.user}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
