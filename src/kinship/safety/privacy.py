"""How a member's safety records are exported and erased (registered with privacy).

Export gives a member what the platform holds about them: screening results, alerts
raised about them (level, reason, status, outcome and dates; not responders' notes, which
may name other people), their contact requests, flags they made, moderators' decisions
about them and suspensions. Erasure removes all of it, including the encrypted copies of
their words kept on alerts; the audit log keeps ids only.
"""

from __future__ import annotations

from typing import Any

from kinship.accounts.models import User
from kinship.privacy.registry import register_data_handler
from kinship.safety.models import (
    Alert,
    Assessment,
    ContactRequest,
    Flag,
    ModerationCase,
    ModerationDecision,
    Suspension,
)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_safety_records(user: User, /) -> dict[str, Any]:
    return {
        "screening_results": [
            {
                "source_kind": item.source_kind,
                "source_id": item.source_id,
                "channel": item.channel,
                "level": item.level,
                "signals": item.signals,
                "created_at": item.created_at.isoformat(),
            }
            for item in Assessment.objects.filter(author=user).order_by("created_at", "id")
        ],
        "alerts_about_me": [
            {
                "reason": alert.reason,
                "level": alert.level,
                "status": alert.status,
                "outcome": alert.outcome,
                "created_at": alert.created_at.isoformat(),
                "acknowledged_at": _when(alert.acknowledged_at),
                "resolved_at": _when(alert.resolved_at),
            }
            for alert in Alert.objects.filter(member=user).order_by("created_at", "id")
        ],
        "contact_requests": [
            {"message": item.message, "created_at": item.created_at.isoformat()}
            for item in ContactRequest.objects.filter(member=user).order_by("created_at", "id")
        ],
        "flags_i_made": [
            {
                "content_kind": flag.case.source_kind,
                "content_id": flag.case.source_id,
                "reason": flag.reason,
                "note": flag.note,
                "created_at": flag.created_at.isoformat(),
            }
            for flag in Flag.objects.filter(reporter=user)
            .select_related("case")
            .order_by("created_at", "id")
        ],
        "moderation_decisions_about_me": [
            {
                "action": decision.action,
                "explanation": decision.explanation,
                "created_at": decision.created_at.isoformat(),
            }
            for decision in ModerationDecision.objects.filter(member=user).order_by(
                "created_at", "id"
            )
        ],
        "suspensions": [
            {
                "starts_at": item.starts_at.isoformat(),
                "ends_at": _when(item.ends_at),
                "lifted_at": _when(item.lifted_at),
            }
            for item in Suspension.objects.filter(member=user).order_by("starts_at", "id")
        ],
    }


def erase_safety_records(user: User, /, *, keep_posts_anonymised: bool) -> None:
    # All of these are about the member's own words or wellbeing; they go with the account.
    Assessment.objects.filter(author=user).delete()
    Alert.objects.filter(member=user).delete()
    ContactRequest.objects.filter(member=user).delete()
    Flag.objects.filter(reporter=user).delete()
    ModerationDecision.objects.filter(member=user).delete()
    Suspension.objects.filter(member=user).delete()
    ModerationCase.objects.filter(author=user).update(author=None)


def register() -> None:
    register_data_handler("safety", exporter=export_safety_records, eraser=erase_safety_records)
