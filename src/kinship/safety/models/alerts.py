"""Alerts for people who may be at risk, their timelines, the on-call rota and contact requests."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.core.fields import EncryptedTextField
from kinship.safety.models.screening import RECORDED_LEVELS, Assessment, RiskLevel


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_CONTACT = "in_contact", _("In contact")
    RESOLVED = "resolved", _("Resolved")


class AlertReason(models.TextChoices):
    SCREENING = "screening", _("Crisis screening")
    FLAG = "flag", _("A member flagged that someone may be at risk")
    CONTACT_REQUEST = "contact_request", _("A member asked for a peer supporter")


class AlertOutcome(models.TextChoices):
    REACHED_OUT = "reached_out", _("Reached out to the member")
    REFERRED_988 = "referred_988", _("Referred to 988 or another crisis line")
    EMERGENCY_SERVICES = (
        "emergency_services",
        _("Emergency services contacted by staff under our written policy"),
    )
    NO_CONTACT_POSSIBLE = "no_contact_possible", _("No contact possible")
    NOT_A_CRISIS = "not_a_crisis", _("Looked at: not a crisis")


class EscalationTier(models.IntegerChoices):
    ON_CALL = 0, _("On call")
    NEXT_ON_CALL = 1, _("Next on call")
    COORDINATOR = 2, _("Coordinator")
    EXHAUSTED = 3, _("Everyone has been told")


class Alert(models.Model):
    """A person who may be at risk, waiting for a human on the rota to answer."""

    reason = models.CharField(max_length=20, choices=AlertReason.choices)
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    status = models.CharField(max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="safety_alerts",
        help_text="The person who may be at risk (the author, or who a flag is about).",
    )
    source_kind = models.CharField(max_length=60, blank=True, default="")
    source_id = models.CharField(max_length=64, blank=True, default="")
    source_url = models.CharField(max_length=300, blank=True, default="")
    # A copy of the words that raised the alert, so responders can read them even when
    # the content is later hidden or edited; readable only by the rota and supervisors.
    source_text = EncryptedTextField(blank=True, default="")
    signals = models.JSONField(default=list, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_safety_alerts",
    )
    created_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateTimeField(help_text="When acknowledgement is due.")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    escalation_tier = models.PositiveSmallIntegerField(
        choices=EscalationTier.choices, default=EscalationTier.ON_CALL
    )
    # The only clock: the periodic escalation job acts on rows whose time has come, so a
    # restart loses nothing.
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=AlertOutcome.choices, blank=True, default="")

    class Meta:
        ordering = ("-created_at", "-id")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "respond_by"], name="safety_alert_open_idx"),
            models.Index(fields=["next_escalation_at"], name="safety_alert_escalation_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(level__in=[level.value for level in RECORDED_LEVELS]),
                name="safety_alert_level_recorded",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AlertStatus.RESOLVED) | ~models.Q(outcome=""),
                name="safety_alert_resolved_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} alert {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("safety:alert-detail", kwargs={"alert_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != AlertStatus.RESOLVED


class AlertEventKind(models.TextChoices):
    OPENED = "opened", _("Alert opened")
    NOTIFIED = "notified", _("On-call staff told")
    ROTA_HOLE = "rota_hole", _("No one on call; coordinator told")
    ESCALATED = "escalated", _("Escalated")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", _("Assigned")
    IN_CONTACT = "in_contact", _("In contact")
    NOTE = "note", _("Note")
    TEXT_READ = "text_read", _("Text read")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")


class AlertEvent(models.Model):
    """One step on an alert's timeline."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=AlertEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = EncryptedTextField(blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.kind} on alert {self.alert_id}"


class ShiftPosition(models.IntegerChoices):
    PRIMARY = 0, _("First on call")
    BACKUP = 1, _("Backup")


class Shift(models.Model):
    """A stretch of time one moderator or peer supporter is on call.

    Stored as instants; `time_zone` is the zone the person entered it in and sees it in.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="on_call_shifts"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    position = models.PositiveSmallIntegerField(
        choices=ShiftPosition.choices, default=ShiftPosition.PRIMARY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("starts_at", "position", "id")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["starts_at", "ends_at"], name="safety_shift_time_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="safety_shift_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on call {self.starts_at:%Y-%m-%d %H:%M}"


class ContactRequest(models.Model):
    """A member accepted the crisis card's offer: a peer supporter should reach out."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_requests"
    )
    alert = models.OneToOneField(
        Alert, null=True, blank=True, on_delete=models.SET_NULL, related_name="contact_request"
    )
    message = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"contact request {self.pk}"
