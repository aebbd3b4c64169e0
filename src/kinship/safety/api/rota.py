"""The on-call rota part of the JSON API: shifts, adding and removing them, who is on call.

For the rota's members and supervisors (404 for anyone else); staff roles need an
authenticator app first (403 until they have one).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path as PathParam
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from kinship.accounts.api import ERRORS
from kinship.accounts.auth import api_auth
from kinship.accounts.models import User
from kinship.accounts.validators import HANDLE_MAX_LENGTH, available_time_zones
from kinship.core.api import DATABASE_INT_MAX
from kinship.safety import permissions, queries
from kinship.safety.actions import rota
from kinship.safety.api.common import caller, check_mfa, invalid
from kinship.safety.models import (
    Shift,
    ShiftPosition,
)

router = Router(tags=["safety"], auth=api_auth)

MAX_ROTA_DAYS = 60
# How far from today a new shift may start: enough to plan, never near the calendar's ends.
SHIFT_DAYS_BACK = 1
SHIFT_DAYS_AHEAD = 366
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
PositionName = Literal["primary", "backup"]
POSITIONS: dict[PositionName, int] = {
    "primary": ShiftPosition.PRIMARY,
    "backup": ShiftPosition.BACKUP,
}
POSITION_NAMES: dict[int, PositionName] = {value: name for name, value in POSITIONS.items()}


class ShiftOut(Schema):
    id: int
    person: str
    starts_at: datetime = Field(description="ISO 8601 in the shift's own zone")
    ends_at: datetime
    time_zone: str
    position: PositionName


class GapOut(Schema):
    starts_at: datetime
    ends_at: datetime


class RotaOut(Schema):
    count: int
    results: list[ShiftOut]
    gaps: list[GapOut] = Field(description="Stretches in the window when no one is on call")


class ShiftIn(Schema):
    person: str | None = Field(
        default=None,
        min_length=1,
        max_length=HANDLE_MAX_LENGTH,
        description="A handle; default: you. Only coordinators and admins add others' shifts",
    )
    day: date = Field(description="The first day, from yesterday to a year ahead")
    start: str = Field(pattern=_TIME.pattern, description="Local start, HH:MM")
    end: str = Field(
        pattern=_TIME.pattern, description="Local end, HH:MM; at or before start: next day"
    )
    time_zone: str | None = Field(
        default=None, min_length=1, max_length=64, description="IANA zone; default: the person's"
    )
    position: PositionName = "primary"
    weeks: int = Field(default=1, ge=1, le=rota.MAX_WEEKS, description="Repeat weekly")


class OnCallPersonOut(Schema):
    handle: str
    position: PositionName
    until: datetime


class OnCallOut(Schema):
    is_covered: bool
    on_call: list[OnCallPersonOut]
    next_gap: GapOut | None = Field(description="The next hole in the coming 7 days")


def _rota_member(request: HttpRequest) -> User:
    user = caller(request)
    permissions.check_see_rota_permission(user)
    check_mfa(user)
    return user


def _shift_out(shift: Shift) -> ShiftOut:
    zone = ZoneInfo(shift.time_zone if shift.time_zone in available_time_zones() else "UTC")
    return ShiftOut(
        id=shift.pk,
        person=shift.person.handle,
        starts_at=shift.starts_at.astimezone(zone),
        ends_at=shift.ends_at.astimezone(zone),
        time_zone=shift.time_zone,
        position=POSITION_NAMES.get(shift.position, "primary"),
    )


@router.get(
    "/rota/shifts",
    response={200: RotaOut, **ERRORS},
    summary="Shifts from now on, and the holes between them",
)
def list_shifts(
    request: HttpRequest, days: Annotated[int, Query(ge=1, le=MAX_ROTA_DAYS)] = 14
) -> RotaOut:
    _rota_member(request)
    now = timezone.now()
    shifts = [_shift_out(shift) for shift in queries.upcoming_shifts(since=now, days=days)]
    gaps = queries.rota_gaps(start=now, end=now + timedelta(days=days))
    return RotaOut(
        count=len(shifts),
        results=shifts,
        gaps=[GapOut(starts_at=start, ends_at=end) for start, end in gaps],
    )


_SHIFT_FIELDS = {"zone": "time_zone", "weeks": "weeks", "position": "position"}


@router.post(
    "/rota/shifts",
    response={201: list[ShiftOut], **ERRORS},
    summary="Add a shift in local times, optionally repeated weekly",
)
def add_shifts(request: HttpRequest, payload: ShiftIn) -> Status[Any]:
    user = _rota_member(request)
    person = user
    if payload.person is not None:
        found = User.objects.filter(handle__iexact=payload.person, is_active=True).first()
        if found is None:
            return invalid("person", [_("No one has that handle.")])
        person = found
    zone = payload.time_zone or person.time_zone
    if zone not in available_time_zones():
        return invalid("time_zone", [_("Pick an IANA time zone, for example America/Chicago.")])
    today = timezone.now().astimezone(ZoneInfo(zone)).date()
    if not -SHIFT_DAYS_BACK <= (payload.day - today).days <= SHIFT_DAYS_AHEAD:
        return invalid("day", [_("Pick a day from yesterday to a year from now.")])
    try:
        shifts = rota.add_weekly_shifts(
            actor=user,
            person=person,
            first_day=payload.day,
            start=_parse_time(payload.start),
            end=_parse_time(payload.end),
            time_zone=zone,
            weeks=payload.weeks,
            position=POSITIONS[payload.position],
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except ValidationError as error:
        codes = {problem.code for problem in error.error_list}
        field = next((_SHIFT_FIELDS[code] for code in codes if code in _SHIFT_FIELDS), "end")
        return invalid(field, error.messages)
    return Status(201, [_shift_out(shift) for shift in shifts])


def _parse_time(value: str) -> time:
    matched = _TIME.match(value)
    if matched is None:  # the schema's pattern already refused it
        raise HttpError(422, "Use HH:MM.")
    return time(int(matched[1]), int(matched[2]))


@router.delete(
    "/rota/shifts/{shift_id}",
    response={204: None, **ERRORS},
    summary="Remove a shift (your own; coordinators and admins: anyone's)",
)
def remove_shift(
    request: HttpRequest, shift_id: Annotated[int, PathParam(ge=1, le=DATABASE_INT_MAX)]
) -> Status[None]:
    user = _rota_member(request)
    shift = Shift.objects.select_related("person").filter(pk=shift_id).first()
    if shift is None:
        raise Http404("No such shift")
    try:
        rota.remove_shift(actor=user, shift=shift)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return Status(204, None)


@router.get(
    "/rota/on-call",
    response={200: OnCallOut, **ERRORS},
    summary="Who is on call now, and the next hole in the coming week",
)
def get_on_call(request: HttpRequest) -> OnCallOut:
    _rota_member(request)
    now = timezone.now()
    on_call = [
        OnCallPersonOut(
            handle=shift.person.handle,
            position=POSITION_NAMES.get(shift.position, "primary"),
            until=shift.ends_at,
        )
        for shift in queries.shifts_at(when=now)
    ]
    gaps = queries.rota_gaps(start=now, end=now + timedelta(days=7))
    return OnCallOut(
        is_covered=bool(on_call),
        on_call=on_call,
        next_gap=GapOut(starts_at=gaps[0][0], ends_at=gaps[0][1]) if gaps else None,
    )
