"""The moderation queue: cases, flags, decisions and suspensions."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.core.fields import EncryptedTextField
from kinship.safety.models.screening import Assessment


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    CLOSED = "closed", _("Decided")


class CaseReason(models.TextChoices):
    HELD = "held", _("Held by crisis screening")
    FLAGGED = "flagged", _("Flagged by members")
    CONTENT_RULE = "content_rule", _("Content rule")
    NEW_ACCOUNT = "new_account", _("Link from a new account")


class ModerationCase(models.Model):
    """One piece of content in the moderation queue, however many flags it has."""

    source_kind = models.CharField(max_length=60)
    source_id = models.CharField(max_length=64)
    source_url = models.CharField(max_length=300, blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_cases",
    )
    reason = models.CharField(max_length=20, choices=CaseReason.choices)
    is_held = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "id")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "created_at"], name="safety_case_queue_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id"],
                condition=models.Q(status="open"),
                name="safety_case_one_open_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.pk} on {self.source_kind} {self.source_id}"

    def get_absolute_url(self) -> str:
        return reverse("safety:case-detail", kwargs={"case_id": self.pk})


class FlagReason(models.TextChoices):
    AT_RISK = "at_risk", _("Someone may be at risk")
    HARASSMENT = "harassment", _("Unkind or harassing")
    CONTACT_DETAILS = "contact_details", _("Shares contact details in public")
    SOLICITATION = "solicitation", _("Selling, recruiting, dating or a treatment broker")
    METHOD_DETAILS = "method_details", _("Describes ways of self-harm or using in detail")
    SPAM = "spam", _("Spam")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    """A member telling the moderators about a piece of content."""

    case = models.ForeignKey(ModerationCase, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    note = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["case", "reporter", "reason"], name="safety_flag_once_per_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} flag on case {self.case_id}"


class DecisionAction(models.TextChoices):
    APPROVE = "approve", _("Approve")
    HIDE = "hide", _("Hide")
    EDIT = "edit", _("Edit out details")
    WARN = "warn", _("Warn")
    SUSPEND = "suspend", _("Suspend")
    DISMISS = "dismiss", _("Dismiss the flags")


class ModerationDecision(models.Model):
    """What a moderator did about a case, and what the member was told."""

    case = models.ForeignKey(
        ModerationCase, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_decisions",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=DecisionAction.choices)
    explanation = EncryptedTextField(help_text="What the member is told, in plain words.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.action} by {self.moderator_id}"


class Suspension(models.Model):
    """A member may read and get help but not post until `ends_at` (or until lifted)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    decision = models.ForeignKey(
        ModerationDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-starts_at", "-id")

    def __str__(self) -> str:
        return f"suspension of {self.member_id}"
