"""Alerts: open one for a person who may be at risk, answer it, escalate it when unanswered.

Escalation keeps no timer in memory. Each open alert carries `next_escalation_at`; the
periodic job (`kinship.safety.tasks.escalate_overdue_alerts`, every 30 seconds under
`kinship serve`, and a deferred task at the due time on the database queue) calls
`escalate_overdue_alerts`, which acts on every row whose time has come. A restart loses
nothing: the rows are still there and the first run after it catches up.

The ladder: the first on call (or everyone on call when no one is first) -> the next on
call -> the coordinators -> reminders to everyone on call and the coordinators, each step
one response target after the last, until someone acknowledges. Nothing here ever calls
emergency services; staff do, under the install's written policy, and log it on resolve.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.notifications.actions import notify
from kinship.safety import kinds, permissions, queries
from kinship.safety.actions.screening import SourceRef
from kinship.safety.models import (
    RECORDED_LEVELS,
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertOutcome,
    AlertReason,
    AlertStatus,
    Assessment,
    EscalationTier,
    RiskLevel,
)

logger = logging.getLogger(__name__)

# After the first reminder round, concern alerts with a same-day target remind this often.
_CONCERN_REPEAT = timedelta(hours=2)


def response_target(*, level: str, opened_at: datetime) -> datetime:
    """When an alert at `level` opened at `opened_at` must be acknowledged."""
    minutes = settings.KINSHIP_ALERT_TARGET_MINUTES.get(level)
    if minutes is not None:
        return opened_at + timedelta(minutes=minutes)
    # "The same day": the end of the install's day, and never less than an hour away.
    zone = ZoneInfo(settings.TIME_ZONE)
    local = opened_at.astimezone(zone)
    end_of_day = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), zone)
    return max(end_of_day, opened_at + timedelta(hours=1))


def _repeat_interval(level: str) -> timedelta:
    minutes = settings.KINSHIP_ALERT_TARGET_MINUTES.get(level)
    return timedelta(minutes=minutes) if minutes is not None else _CONCERN_REPEAT


def should_alert(level: str) -> bool:
    """High and imminent always open an alert; concern only when the install chooses."""
    if level in (RiskLevel.HIGH, RiskLevel.IMMINENT):
        return True
    return level == RiskLevel.CONCERN and settings.KINSHIP_ALERT_ON_CONCERN


def open_alert(
    *,
    reason: str,
    level: str,
    member: User | None,
    source: SourceRef | None = None,
    source_text: str = "",
    signals: Sequence[dict[str, Any]] = (),
    assessment: Assessment | None = None,
    now: datetime | None = None,
) -> Alert:
    """Open an alert and tell whoever is on call now (on commit).

    With no one on call the alert still opens with its clock running, and the
    coordinators are told the rota has a hole.
    """
    moment = now or timezone.now()
    with transaction.atomic():
        existing = _open_alert_for(source)
        if existing is not None:
            return _raise_again(existing, reason=reason, level=level, at=moment)
        alert = Alert.objects.create(
            reason=AlertReason(reason),
            level=RiskLevel(level),
            member=member,
            source_kind=source.kind[:60] if source else "",
            source_id=str(source.id)[:64] if source else "",
            source_url=source.url[:300] if source else "",
            source_text=source_text,
            signals=list(signals),
            assessment=assessment,
            created_at=moment,
            respond_by=response_target(level=level, opened_at=moment),
        )
        alert.next_escalation_at = alert.respond_by
        alert.save(update_fields=["next_escalation_at"])
        _event(alert, AlertEventKind.OPENED, at=moment, data={"reason": reason, "level": level})
        record_audit(
            action=AuditAction.ALERT_OPENED,
            actor=None,
            subject_kind="safety.alert",
            subject_id=alert.pk,
            data={"reason": reason, "level": level, "member_id": member.pk if member else None},
        )
        first = _first_on_call(moment)
        if first:
            _tell(alert, first, at=moment, kind=AlertEventKind.NOTIFIED)
        else:
            _report_rota_hole(alert, at=moment)
        transaction.on_commit(lambda: _schedule_escalation_check(alert.respond_by))
    return alert


def _open_alert_for(source: SourceRef | None) -> Alert | None:
    """The unresolved alert already raised by the same content (an edit, a second flag)."""
    if source is None:
        return None
    return (
        Alert.objects.select_for_update()
        .filter(source_kind=source.kind[:60], source_id=str(source.id)[:64])
        .exclude(status=AlertStatus.RESOLVED)
        .first()
    )


def _raise_again(alert: Alert, *, reason: str, level: str, at: datetime) -> Alert:
    """One alert per piece of content: a new signal joins its timeline, at the higher level."""
    _event(
        alert, AlertEventKind.OPENED, at=at, data={"reason": reason, "level": level, "again": True}
    )
    if RECORDED_LEVELS.index(RiskLevel(level)) > RECORDED_LEVELS.index(RiskLevel(alert.level)):
        alert.level = RiskLevel(level)
        alert.respond_by = min(alert.respond_by, response_target(level=level, opened_at=at))
        fields = ["level", "respond_by"]
        if alert.status == AlertStatus.OPEN:
            alert.next_escalation_at = min(
                alert.next_escalation_at or alert.respond_by, alert.respond_by
            )
            fields.append("next_escalation_at")
        alert.save(update_fields=fields)
    return alert


def _first_on_call(moment: datetime) -> list[User]:
    shifts = list(queries.shifts_at(when=moment))
    if not shifts:
        return []
    first_position = shifts[0].position
    people: list[User] = []
    for shift in shifts:
        if shift.position == first_position and shift.person not in people:
            people.append(shift.person)
    return people


def _event(
    alert: Alert,
    kind: AlertEventKind,
    *,
    at: datetime | None = None,
    actor: User | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> AlertEvent:
    return AlertEvent.objects.create(
        alert=alert,
        kind=kind,
        actor=actor,
        note=note,
        data=data or {},
        created_at=at or timezone.now(),
    )


def _alert_message(alert: Alert, *, escalated: bool) -> tuple[str, str]:
    """Title and body for an alert notification; never any of the member's words."""
    minutes_left = max(0, int((alert.respond_by - timezone.now()).total_seconds() // 60))
    level = RiskLevel(alert.level).label
    if escalated:
        title = _("Unanswered %(level)s safety alert: please respond now") % {"level": level}
    else:
        title = _("%(level)s safety alert: please respond") % {"level": level}
    body = _(
        "A member may be at risk (%(reason)s). Open the alert, acknowledge it and reach out. "
        "Response target: %(minutes)s minutes left."
    ) % {"reason": AlertReason(alert.reason).label, "minutes": minutes_left}
    return str(title), str(body)


def _tell(
    alert: Alert, people: Iterable[User], *, at: datetime, kind: AlertEventKind, tier: int = 0
) -> list[int]:
    told: list[int] = []
    url = alert.get_absolute_url()
    for person in people:
        with override(person.preferred_language or settings.LANGUAGE_CODE):
            title, body = _alert_message(alert, escalated=kind == AlertEventKind.ESCALATED)
        notify(recipient=person, kind=kinds.ALERT, title=title, body=body, url=url)
        told.append(person.pk)
    _event(alert, kind, at=at, data={"tier": tier, "told": told})
    return told


def _report_rota_hole(alert: Alert, *, at: datetime) -> None:
    people = queries.coordinators()
    url = alert.get_absolute_url()
    for person in people:
        with override(person.preferred_language or settings.LANGUAGE_CODE):
            title = _("No one is on call: a safety alert is waiting")
            body = _(
                "An alert opened while the on-call rota has a hole. Please respond to it and "
                "fill the rota."
            )
        notify(recipient=person, kind=kinds.ROTA_HOLE, title=str(title), body=str(body), url=url)
    _event(alert, AlertEventKind.ROTA_HOLE, at=at, data={"told": [person.pk for person in people]})
    record_audit(
        action=AuditAction.ROTA_HOLE,
        subject_kind="safety.alert",
        subject_id=alert.pk,
        data={"told": [person.pk for person in people]},
    )


def _schedule_escalation_check(when: datetime) -> None:
    """Ask the task queue to look at the due time too, where the backend can defer."""
    from django_tasks import default_task_backend

    from kinship.safety.tasks import escalate_overdue_alerts

    if not default_task_backend.supports_defer:
        return
    escalate_overdue_alerts.using(run_after=when + timedelta(seconds=1)).enqueue()


def escalate_overdue_alerts(*, now: datetime | None = None) -> int:
    """Take the next step on every unacknowledged alert past its time; returns how many."""
    moment = now or timezone.now()
    count = 0
    due_ids = list(
        Alert.objects.filter(status=AlertStatus.OPEN, next_escalation_at__lte=moment).values_list(
            "pk", flat=True
        )
    )
    for alert_id in due_ids:
        with transaction.atomic():
            alert = (
                Alert.objects.select_for_update(skip_locked=True)
                .filter(pk=alert_id, status=AlertStatus.OPEN, next_escalation_at__lte=moment)
                .first()
            )
            if alert is None:
                continue
            _escalate(alert, at=moment)
            count += 1
    return count


def _already_told(alert: Alert) -> set[int]:
    told: set[int] = set()
    for data in alert.events.filter(
        kind__in=[AlertEventKind.NOTIFIED, AlertEventKind.ESCALATED]
    ).values_list("data", flat=True):
        told.update(data.get("told", []))
    return told


def _escalate(alert: Alert, *, at: datetime) -> None:
    tier = alert.escalation_tier + 1
    recipients: list[User] = []
    if tier == EscalationTier.NEXT_ON_CALL:
        earlier = _already_told(alert)
        recipients = [p for p in queries.on_call_at(when=at) if p.pk not in earlier]
        if not recipients:
            tier = EscalationTier.COORDINATOR
    if tier == EscalationTier.COORDINATOR:
        recipients = queries.coordinators()
    if tier >= EscalationTier.EXHAUSTED:
        tier = EscalationTier.EXHAUSTED
        recipients = _unique([*queries.on_call_at(when=at), *queries.coordinators()])
    alert.escalation_tier = tier
    alert.next_escalation_at = at + _repeat_interval(alert.level)
    alert.save(update_fields=["escalation_tier", "next_escalation_at"])
    told = _tell(alert, recipients, at=at, kind=AlertEventKind.ESCALATED, tier=tier)
    record_audit(
        action=AuditAction.ALERT_ESCALATED,
        subject_kind="safety.alert",
        subject_id=alert.pk,
        data={"tier": tier, "told": told},
    )
    if not told:
        logger.error(
            "safety alert %s escalated to tier %s but no one could be told", alert.pk, tier
        )


def _unique(people: Iterable[User]) -> list[User]:
    seen: list[User] = []
    for person in people:
        if person not in seen:
            seen.append(person)
    return seen


def _check_respond(actor: User, alert: Alert) -> None:
    if not permissions.can_see_alerts(actor):
        raise PermissionDenied(_("Only the on-call rota and supervisors can act on alerts."))


def _check_open(alert: Alert) -> None:
    if alert.status == AlertStatus.RESOLVED:
        raise ValidationError(_("This alert is resolved. Reopen it first."), code="resolved")


def _stop_clock(alert: Alert, *, actor: User, at: datetime) -> list[str]:
    """Acknowledge if not yet: the clock stops and the actor becomes the assignee if none."""
    changed: list[str] = []
    if alert.acknowledged_at is None:
        alert.acknowledged_at = at
        changed.append("acknowledged_at")
    if alert.next_escalation_at is not None:
        alert.next_escalation_at = None
        changed.append("next_escalation_at")
    if alert.assignee_id is None:
        alert.assignee = actor
        changed.append("assignee")
    return changed


def acknowledge_alert(*, actor: User, alert: Alert, now: datetime | None = None) -> Alert:
    """Someone on the rota has seen the alert and is on it: the escalation clock stops."""
    moment = now or timezone.now()
    _check_respond(actor, alert)
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        _check_open(alert)
        if alert.status != AlertStatus.OPEN:
            return alert
        changed = _stop_clock(alert, actor=actor, at=moment)
        alert.status = AlertStatus.ACKNOWLEDGED
        alert.save(update_fields=[*changed, "status"])
        _event(alert, AlertEventKind.ACKNOWLEDGED, at=moment, actor=actor)
        _audit(AuditAction.ALERT_ACKNOWLEDGED, actor, alert)
    return alert


def assign_alert(
    *, actor: User, alert: Alert, assignee: User, now: datetime | None = None
) -> Alert:
    """Hand the alert to someone on the rota (or a supervisor); they are told."""
    moment = now or timezone.now()
    _check_respond(actor, alert)
    if not permissions.can_see_alerts(assignee):
        raise ValidationError(
            _("Alerts can only be assigned to people on the rota or supervisors."),
            code="assignee",
        )
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        _check_open(alert)
        alert.assignee = assignee
        alert.save(update_fields=["assignee"])
        _event(alert, AlertEventKind.ASSIGNED, at=moment, actor=actor, data={"to": assignee.pk})
        _audit(AuditAction.ALERT_ASSIGNED, actor, alert, {"to": assignee.pk})
        if assignee.pk != actor.pk:
            with override(assignee.preferred_language or settings.LANGUAGE_CODE):
                title = str(_("A safety alert was assigned to you"))
            notify(recipient=assignee, kind=kinds.ALERT, title=title, url=alert.get_absolute_url())
    return alert


def mark_in_contact(
    *, actor: User, alert: Alert, note: str = "", now: datetime | None = None
) -> Alert:
    """The responder has reached the member (acknowledging the alert if no one had)."""
    moment = now or timezone.now()
    _check_respond(actor, alert)
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        _check_open(alert)
        changed = _stop_clock(alert, actor=actor, at=moment)
        alert.status = AlertStatus.IN_CONTACT
        alert.save(update_fields=[*changed, "status"])
        _event(alert, AlertEventKind.IN_CONTACT, at=moment, actor=actor, note=note)
        _audit(AuditAction.ALERT_IN_CONTACT, actor, alert)
    return alert


def add_alert_note(
    *, actor: User, alert: Alert, note: str, now: datetime | None = None
) -> AlertEvent:
    """A line on the timeline (encrypted at rest, read only by the rota and supervisors)."""
    if not note.strip():
        raise ValidationError(_("Write the note first."), code="empty")
    _check_respond(actor, alert)
    with transaction.atomic():
        event = _event(alert, AlertEventKind.NOTE, at=now, actor=actor, note=note.strip())
        _audit(AuditAction.ALERT_NOTE_ADDED, actor, alert)
    return event


def resolve_alert(
    *, actor: User, alert: Alert, outcome: str, note: str = "", now: datetime | None = None
) -> Alert:
    """Close the alert with what happened; the outcome is required."""
    moment = now or timezone.now()
    _check_respond(actor, alert)
    if outcome not in AlertOutcome.values:
        raise ValidationError(_("Choose what happened."), code="outcome")
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        _check_open(alert)
        changed = _stop_clock(alert, actor=actor, at=moment)
        alert.status = AlertStatus.RESOLVED
        alert.outcome = outcome
        alert.resolved_at = moment
        alert.save(update_fields=[*changed, "status", "outcome", "resolved_at"])
        _event(
            alert,
            AlertEventKind.RESOLVED,
            at=moment,
            actor=actor,
            note=note,
            data={"outcome": outcome},
        )
        _audit(AuditAction.ALERT_RESOLVED, actor, alert, {"outcome": outcome})
    return alert


def reopen_alert(*, actor: User, alert: Alert, note: str, now: datetime | None = None) -> Alert:
    """Reopen a resolved alert (it comes back acknowledged, with the actor on it)."""
    moment = now or timezone.now()
    _check_respond(actor, alert)
    if not note.strip():
        raise ValidationError(_("Say why the alert is reopened."), code="empty")
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.status != AlertStatus.RESOLVED:
            return alert
        alert.status = AlertStatus.ACKNOWLEDGED
        alert.outcome = ""
        alert.resolved_at = None
        alert.assignee = actor
        alert.save(update_fields=["status", "outcome", "resolved_at", "assignee"])
        _event(alert, AlertEventKind.REOPENED, at=moment, actor=actor, note=note.strip())
        _audit(AuditAction.ALERT_REOPENED, actor, alert)
    return alert


def read_alert_text(*, reader: User, alert: Alert) -> str:
    """The words that raised the alert; every read is audited and on the timeline."""
    _check_respond(reader, alert)
    with transaction.atomic():
        _event(alert, AlertEventKind.TEXT_READ, actor=reader)
        _audit(AuditAction.ALERT_TEXT_READ, reader, alert)
    return str(alert.source_text)


def _audit(
    action: AuditAction, actor: User, alert: Alert, data: dict[str, Any] | None = None
) -> None:
    record_audit(
        action=action,
        actor=actor,
        subject_kind="safety.alert",
        subject_id=alert.pk,
        data=data or {},
    )
