"""The on-call rota: shifts in each person's own time zone, stored as instants."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.safety import permissions
from kinship.safety.models import Shift, ShiftPosition

MAX_SHIFT = timedelta(hours=24)
MAX_WEEKS = 26
# Shifts are planned from yesterday (late entries) to a year ahead.
EARLIEST = timedelta(days=1)
LATEST = timedelta(days=366)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("Unknown time zone: %(zone)s") % {"zone": name}, code="zone"
        ) from None


def local_span(*, day: date, start: time, end: time, time_zone: str) -> tuple[datetime, datetime]:
    """The instants of a shift given as local wall times; an end at or before the start
    is the next day. Wall times that do not exist (spring forward) move forward."""
    zone = _zone(time_zone)
    try:
        starts_at = datetime.combine(day, start, zone)
        end_day = day if end > start else day + timedelta(days=1)
        ends_at = datetime.combine(end_day, end, zone)
        # Normalise through UTC so nonexistent local times land on real instants.
        utc = ZoneInfo("UTC")
        return starts_at.astimezone(utc), ends_at.astimezone(utc)
    except (OverflowError, ValueError):
        raise ValidationError(_("Choose a date within the next year."), code="date") from None


def add_shift(
    *,
    actor: User,
    person: User,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    position: int = ShiftPosition.PRIMARY,
) -> Shift:
    """Put `person` on call from `starts_at` to `ends_at` (aware datetimes)."""
    permissions.check_manage_shift_permission(actor=actor, person=person)
    _zone(time_zone)
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValidationError(_("Give shift times with their time zone."), code="naive")
    if ends_at <= starts_at:
        raise ValidationError(_("A shift must end after it starts."), code="order")
    if ends_at - starts_at > MAX_SHIFT:
        raise ValidationError(_("A shift can be at most 24 hours long."), code="length")
    now = timezone.now()
    if not now - EARLIEST <= starts_at <= now + LATEST:
        raise ValidationError(_("Shifts can start from yesterday to a year ahead."), code="date")
    if position not in ShiftPosition.values:
        raise ValidationError(_("Choose first on call or backup."), code="position")
    with transaction.atomic():
        overlapping = Shift.objects.filter(
            person=person, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        if overlapping.exists():
            raise ValidationError(
                _("%(handle)s already has a shift at that time.") % {"handle": person.handle},
                code="overlap",
            )
        shift = Shift.objects.create(
            person=person,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=time_zone,
            position=position,
            created_by=actor,
        )
        record_audit(
            action=AuditAction.SHIFT_ADDED,
            actor=actor,
            subject_kind="safety.shift",
            subject_id=shift.pk,
            data={
                "person_id": person.pk,
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
                "position": position,
            },
        )
    return shift


def add_weekly_shifts(
    *,
    actor: User,
    person: User,
    first_day: date,
    start: time,
    end: time,
    time_zone: str,
    weeks: int,
    position: int = ShiftPosition.PRIMARY,
) -> list[Shift]:
    """The same local hours on the same weekday for `weeks` weeks (DST-correct)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(
            _("Repeat for 1 to %(max)s weeks.") % {"max": MAX_WEEKS}, code="weeks"
        )
    shifts = []
    with transaction.atomic():
        for week in range(weeks):
            starts_at, ends_at = local_span(
                day=first_day + timedelta(weeks=week), start=start, end=end, time_zone=time_zone
            )
            shifts.append(
                add_shift(
                    actor=actor,
                    person=person,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    time_zone=time_zone,
                    position=position,
                )
            )
    return shifts


def remove_shift(*, actor: User, shift: Shift) -> None:
    permissions.check_manage_shift_permission(actor=actor, person=shift.person)
    with transaction.atomic():
        record_audit(
            action=AuditAction.SHIFT_REMOVED,
            actor=actor,
            subject_kind="safety.shift",
            subject_id=shift.pk,
            data={"person_id": shift.person_id, "starts_at": shift.starts_at.isoformat()},
        )
        shift.delete()
