"""Matters, their clients and parties, their teams and ethical walls."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from paradesk.matters.states import US_STATES


class ContactKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"


class Contact(models.Model):
    """A person or organization that appears on one or more matters."""

    kind = models.CharField(
        max_length=16, choices=ContactKind.choices, default=ContactKind.PERSON
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True, max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        indexes: ClassVar = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class Phase(models.TextChoices):
    INTAKE = "intake", "Intake"
    TREATING = "treating", "Treating"
    RECORDS = "records", "Records"
    DEMAND = "demand", "Demand"
    NEGOTIATION = "negotiation", "Negotiation"
    LITIGATION = "litigation", "Litigation"
    CLOSED = "closed", "Closed"


class InjuryType(models.TextChoices):
    MOTOR_VEHICLE = "motor_vehicle", "Motor vehicle collision"
    PREMISES = "premises", "Premises liability / slip and fall"
    DOG_BITE = "dog_bite", "Dog bite"
    MEDICAL_MALPRACTICE = "medical_malpractice", "Medical malpractice"
    PRODUCT = "product", "Product liability"
    WORKPLACE = "workplace", "Workplace injury"
    WRONGFUL_DEATH = "wrongful_death", "Wrongful death"
    OTHER = "other", "Other"


class Matter(models.Model):
    number = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    client = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="client_matters"
    )
    incident_on = models.DateField(null=True, blank=True)
    injury_type = models.CharField(
        max_length=32, choices=InjuryType.choices, default=InjuryType.MOTOR_VEHICLE
    )
    jurisdiction = models.CharField(max_length=2, choices=US_STATES)
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.INTAKE)
    responsible_attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="responsible_matters",
    )
    description = models.TextField(blank=True, max_length=5000)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class MatterMember(models.Model):
    """Membership of the matter team; team membership minus walls is matter access."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["matter", "user"], name="unique_matter_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.matter_id}"


class EthicalWall(models.Model):
    """Screens one user from one matter entirely, whatever their role or team."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="walls")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="walls"
    )
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["matter", "user"], name="unique_wall")
        ]

    def __str__(self) -> str:
        return f"wall {self.user_id} / {self.matter_id}"


class PartyRole(models.TextChoices):
    CLIENT = "client", "Client"
    ADVERSE_PARTY = "adverse_party", "Adverse party"
    INSURER = "insurer", "Insurer"
    MEDICAL_PROVIDER = "medical_provider", "Medical provider"
    OPPOSING_COUNSEL = "opposing_counsel", "Opposing counsel"
    WITNESS = "witness", "Witness"


class Party(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="parties")
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(max_length=32, choices=PartyRole.choices)
    # Insurer only.
    claim_number = models.CharField(max_length=64, blank=True)
    adjuster_name = models.CharField(max_length=200, blank=True)
    adjuster_email = models.EmailField(blank=True)
    adjuster_phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["role", "id"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.contact}"
