"""A member asks for a peer supporter to reach out: the crisis card's offer, accepted.

The request opens an alert for the on-call rota (reason `contact_request`), so it is
answered on the same clock and escalation ladder as any other alert. A second click
within `REPEAT_WINDOW` returns the first request and opens no second alert.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.safety.actions.alerts import open_alert
from kinship.safety.models import (
    RECORDED_LEVELS,
    AlertReason,
    Assessment,
    ContactRequest,
    RiskLevel,
)

REPEAT_WINDOW = timedelta(minutes=10)
# The crisis card's request takes the level of what the member wrote just before.
RECENT_ASSESSMENT_WINDOW = timedelta(hours=1)
MESSAGE_MAX_LENGTH = 2000


def request_contact(
    *,
    member: User,
    message: str = "",
    level: str = RiskLevel.CONCERN,
    now: datetime | None = None,
) -> ContactRequest:
    """Save the request, audit it and open an alert; a repeat within 10 minutes is the same one."""
    moment = now or timezone.now()
    with transaction.atomic():
        # Lock the member's row so two quick clicks make one request on PostgreSQL too.
        User.objects.select_for_update().filter(pk=member.pk).first()
        existing = (
            ContactRequest.objects.filter(member=member, created_at__gt=moment - REPEAT_WINDOW)
            .order_by("-created_at", "-id")
            .first()
        )
        if existing is not None:
            return existing
        message = message.strip()[:MESSAGE_MAX_LENGTH]
        alert = open_alert(
            reason=AlertReason.CONTACT_REQUEST,
            level=level,
            member=member,
            source=None,
            source_text=message,
            now=moment,
        )
        request = ContactRequest.objects.create(
            member=member, alert=alert, message=message, created_at=moment
        )
        # The member's words stay in the encrypted message; the audit row only says one exists.
        record_audit(
            action=AuditAction.CONTACT_REQUESTED,
            actor=member,
            subject_kind="safety.contact_request",
            subject_id=request.pk,
            data={"alert_id": alert.pk, "level": level, "has_message": bool(message)},
        )
    return request


def recent_level_for(*, member: User, now: datetime | None = None) -> str:
    """The highest level screened in what `member` wrote in the last hour, else `concern`.

    The crisis card's form carries no level, so no one can raise or lower it by hand.
    """
    since = (now or timezone.now()) - RECENT_ASSESSMENT_WINDOW
    levels = set(
        Assessment.objects.filter(author=member, created_at__gte=since).values_list(
            "level", flat=True
        )
    )
    return max(
        (level for level in RECORDED_LEVELS if level in levels),
        key=RECORDED_LEVELS.index,
        default=RiskLevel.CONCERN,
    )
