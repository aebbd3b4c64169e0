"""Reads for the safety app: who is on call, where the rota has holes, open alerts, and
whether a member may post (suspensions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kinship.accounts.models import Role, User
from kinship.core.querycache import CompiledQueryCache
from kinship.safety.models import Alert, AlertStatus, Shift, Suspension


def shifts_at(*, when: datetime) -> QuerySet[Shift]:
    """Shifts covering `when`, first on call before backups, active people only."""
    return (
        Shift.objects.filter(starts_at__lte=when, ends_at__gt=when, person__is_active=True)
        .select_related("person")
        .order_by("position", "starts_at", "id")
    )


def on_call_at(*, when: datetime) -> list[User]:
    """The people on call at `when`, in escalation order, each once."""
    people: list[User] = []
    for shift in shifts_at(when=when):
        if shift.person not in people:
            people.append(shift.person)
    return people


def coordinators() -> list[User]:
    """Who is told when the rota fails: coordinators, else admins."""
    found = list(User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("id"))
    if found:
        return found
    return list(User.objects.filter(role=Role.ADMIN, is_active=True).order_by("id"))


def rota_gaps(*, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Stretches between `start` and `end` when no active person is on call."""
    shifts = Shift.objects.filter(
        starts_at__lt=end, ends_at__gt=start, person__is_active=True
    ).order_by("starts_at")
    gaps: list[tuple[datetime, datetime]] = []
    covered_until = start
    for shift in shifts.only("starts_at", "ends_at"):
        if shift.starts_at > covered_until:
            gaps.append((covered_until, shift.starts_at))
        covered_until = max(covered_until, shift.ends_at)
    if covered_until < end:
        gaps.append((covered_until, end))
    return gaps


def upcoming_shifts(*, since: datetime | None = None, days: int = 14) -> QuerySet[Shift]:
    start = since or timezone.now()
    return (
        Shift.objects.filter(ends_at__gt=start, starts_at__lt=start + timedelta(days=days))
        .select_related("person")
        .order_by("starts_at", "position", "id")
    )


@dataclass(frozen=True)
class AlertClock:
    """How an alert stands against its response target, for the dashboard."""

    seconds_left: int
    is_overdue: bool


def alert_clock(alert: Alert, *, now: datetime | None = None) -> AlertClock:
    moment = now or timezone.now()
    end = alert.acknowledged_at or moment
    seconds_left = int((alert.respond_by - end).total_seconds())
    return AlertClock(seconds_left=seconds_left, is_overdue=seconds_left < 0)


def open_alerts() -> QuerySet[Alert]:
    """Unresolved alerts, the most urgent first: unacknowledged, then by due time."""
    return (
        Alert.objects.exclude(status=AlertStatus.RESOLVED)
        .select_related("member", "assignee")
        .annotate(is_waiting=Case(When(status=AlertStatus.OPEN, then=Value(0)), default=Value(1)))
        .order_by("is_waiting", "respond_by", "id")
    )


def recently_resolved_alerts(*, days: int = 7) -> QuerySet[Alert]:
    since = timezone.now() - timedelta(days=days)
    return (
        Alert.objects.filter(status=AlertStatus.RESOLVED, resolved_at__gte=since)
        .select_related("member", "assignee")
        .order_by("-resolved_at", "-id")
    )


# Suspensions: a suspended member reads and gets help, but does not post -------------------


def active_suspensions(*, now: datetime | None = None) -> QuerySet[Suspension]:
    moment = now or timezone.now()
    return Suspension.objects.filter(lifted_at__isnull=True, starts_at__lte=moment).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=moment)
    )


def active_suspension(user: Any, *, now: datetime | None = None) -> Suspension | None:
    """The suspension stopping `user` from posting now (the longest, if several), or None."""
    if not isinstance(user, User):
        return None
    moment = now or timezone.now()
    rows = _COMPILED.rows(("active-suspension",), _suspensions_of, [user.pk, moment, moment])
    if not rows:
        return None
    return Suspension.from_db(Suspension.objects.db, _SUSPENSION_FIELDS, rows[0])


_COMPILED = CompiledQueryCache()
_SUSPENSION_FIELDS = tuple(field.attname for field in Suspension._meta.concrete_fields)


def _suspensions_of(values: Sequence[Any]) -> QuerySet[Suspension, Any]:
    """A member's suspensions in force at a moment, longest first (every post asks)."""
    member_id, started_by, ends_after = values
    return (
        Suspension.objects.filter(
            member_id=member_id, lifted_at__isnull=True, starts_at__lte=started_by
        )
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=ends_after))
        .order_by(F("ends_at").desc(nulls_first=True), "-id")
        .values_list(*_SUSPENSION_FIELDS)[:1]
    )


def is_suspended(user: Any, *, now: datetime | None = None) -> bool:
    if not isinstance(user, User):
        return False
    return active_suspensions(now=now).filter(member=user).exists()


def suspension_end_text(suspension: Suspension, member: User) -> str:
    """When the suspension ends, in the member's own time zone ("March 4, 2026, 7:30 p.m.")."""
    if suspension.ends_at is None:
        return ""
    try:
        zone = ZoneInfo(member.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return formats.date_format(suspension.ends_at.astimezone(zone), "DATETIME_FORMAT")


def check_can_post(user: Any, *, now: datetime | None = None) -> None:
    """Feature apps call this before saving anything a member writes for others to see.

    Raises PermissionDenied with a kind explanation (and when posting opens again) while
    the member is suspended. Reading, "Get help now", the safety plan and asking a peer
    supporter to reach out stay open to them: those pages never call this.
    """
    suspension = active_suspension(user, now=now)
    if suspension is None:
        return
    ends = suspension_end_text(suspension, user)
    if ends:
        message = _(
            "A moderator has paused your posting until %(ends)s. You can still read, and get "
            "help at any time: “Get help now” is at the top of every page."
        ) % {"ends": ends}
    else:
        message = _(
            "A moderator has paused your posting for now. You can still read, and get help "
            "at any time: “Get help now” is at the top of every page."
        )
    raise PermissionDenied(message)
