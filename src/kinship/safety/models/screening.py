"""What the screener found in one piece of member-written text, kept at `concern` or above.

The text itself stays with the app that owns it; an assessment keeps only a reference to
it (kind, id, url), the level and the signals (names and the few matched words).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    NONE = "none", _("None")
    CONCERN = "concern", _("Concern")
    HIGH = "high", _("High")
    IMMINENT = "imminent", _("Imminent")


RECORDED_LEVELS = (RiskLevel.CONCERN, RiskLevel.HIGH, RiskLevel.IMMINENT)


class Assessment(models.Model):
    source_kind = models.CharField(max_length=60)
    source_id = models.CharField(max_length=64)
    source_url = models.CharField(max_length=300, blank=True, default="")
    channel = models.CharField(max_length=40, blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="safety_assessments",
    )
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    signals = models.JSONField(default=list, blank=True)
    holds_content = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["level", "-created_at"], name="safety_level_idx"),
            models.Index(fields=["source_kind", "source_id"], name="safety_source_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(level__in=[level.value for level in RECORDED_LEVELS]),
                name="safety_assessment_level_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} on {self.source_kind} {self.source_id}"
