"""Screening member-written text before others see it.

Every app that accepts member-written text (forum posts, live-room lines, check-in notes,
mentor messages, profile text) calls `screen_content` before the text is shown to anyone
else, inside its own write transaction, and acts on the result: it holds the content from
others when `holds_content` is true and shows the author help at `concern` or above.

Held content opens a case in the moderation queue (the content kind's `set_held` hides
it from others). At `high` and `imminent` (and `concern` when the install chooses) an
alert opens for the on-call rota with a copy of the words, encrypted; the notifications
go out on commit, so nothing is sent for a rolled-back write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.safety import screening
from kinship.safety.models import AlertReason, Assessment, RiskLevel

_KIND_LIMIT = 60
_ID_LIMIT = 64
_URL_LIMIT = 300
_CHANNEL_LIMIT = 40


@dataclass(frozen=True)
class SourceRef:
    """Where the screened text lives, so safety never imports the app that owns it."""

    kind: str
    id: str
    url: str = ""


@dataclass(frozen=True)
class ScreenResult:
    """The verdict the calling app acts on."""

    level: str
    signals: list[dict[str, str]]
    holds_content: bool
    assessment_id: int | None = None

    @property
    def needs_help_shown(self) -> bool:
        """At `concern` or above the author sees the crisis card."""
        return self.level != RiskLevel.NONE


def screen_content(
    *, author: User | None, text: str, source: SourceRef, channel: str = ""
) -> ScreenResult:
    """Screen one text; at `concern` or above record an assessment and an audit row.

    Never raises on the text itself: a failure inside the screener comes back as `concern`
    with a `screening_error` signal, so the content is still recorded and looked at.
    """
    verdict = screening.assess(text, channel=channel)
    signals = verdict.signal_dicts()
    if verdict.level == RiskLevel.NONE:
        return ScreenResult(level=verdict.level, signals=signals, holds_content=False)
    assessment = _record(
        author=author,
        text=text,
        source=source,
        channel=channel,
        level=verdict.level,
        signals=signals,
        holds_content=verdict.holds_content,
    )
    return ScreenResult(
        level=verdict.level,
        signals=signals,
        holds_content=verdict.holds_content,
        assessment_id=assessment.pk,
    )


def _record(
    *,
    author: User | None,
    text: str,
    source: SourceRef,
    channel: str,
    level: str,
    signals: list[dict[str, Any]],
    holds_content: bool,
) -> Assessment:
    with transaction.atomic():
        assessment = Assessment.objects.create(
            source_kind=source.kind[:_KIND_LIMIT],
            source_id=str(source.id)[:_ID_LIMIT],
            source_url=source.url[:_URL_LIMIT],
            channel=channel[:_CHANNEL_LIMIT],
            author=author,
            level=level,
            signals=signals,
            holds_content=holds_content,
        )
        # The audit row names the signals but carries none of the member's words.
        record_audit(
            action=AuditAction.CONTENT_SCREENED,
            actor=author,
            subject_kind="safety.assessment",
            subject_id=assessment.pk,
            data={
                "level": level,
                "source_kind": assessment.source_kind,
                "source_id": assessment.source_id,
                "signals": sorted({signal["signal"] for signal in signals}),
                "holds_content": holds_content,
            },
        )
        from kinship.safety.actions import alerts, moderation

        if holds_content:
            moderation.hold_content(source=source, author=author, assessment=assessment)
        if alerts.should_alert(level):
            alerts.open_alert(
                reason=AlertReason.SCREENING,
                level=level,
                member=author,
                source=source,
                source_text=text,
                signals=signals,
                assessment=assessment,
            )
    return assessment
