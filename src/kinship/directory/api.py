"""The directory part of the JSON API: search meetings near a place, meetings, groups.

Reading is open to anyone, so a visitor can find a meeting without an account. A caller
who sends a token or a signed-in session also sees members-only groups and, where allowed,
members-only online links. A token that is sent but wrong is refused (401), never quietly
treated as anonymous.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone as django_timezone
from ninja import Path as PathParam
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid
from pydantic import Field, WithJsonSchema

from kinship.accounts.api import ERRORS
from kinship.accounts.auth import ApiTokenAuth
from kinship.accounts.models import User
from kinship.core.api import DATABASE_INT_MAX
from kinship.directory import geo, permissions, queries
from kinship.directory.models import (
    AttendanceOption,
    CostKind,
    Group,
    GroupFocus,
)

router = Router(tags=["directory"], auth=None)

_token_auth = ApiTokenAuth()
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
_DAY = re.compile(r"^[0-6]$")
_ATTENDANCE = [option.value for option in AttendanceOption]
# Documented in the schema; checked here, so the messages say what to send instead.
_DAYS_PATTERN = r"^ *([0-6] *(, *[0-6] *)*)?$"
_TIME_PATTERN = r"^ *(([01]?[0-9]|2[0-3]):[0-5][0-9])? *$"
_OPTION = "(" + "|".join(_ATTENDANCE) + ")"
_ATTENDANCE_PATTERN = rf"^ *({_OPTION} *(, *{_OPTION} *)*)?$"

DaysText = Annotated[str, WithJsonSchema({"type": "string", "pattern": _DAYS_PATTERN})]
TimeText = Annotated[str, WithJsonSchema({"type": "string", "pattern": _TIME_PATTERN})]
AttendanceText = Annotated[str, WithJsonSchema({"type": "string", "pattern": _ATTENDANCE_PATTERN})]


class GroupRefOut(Schema):
    slug: str
    name: str


class MeetingOut(Schema):
    slug: str
    name: str
    day: int | None = Field(description="0 = Sunday .. 6 = Saturday; null: by appointment")
    time: str | None = Field(description="Local start, HH:MM, in `timezone`")
    end_time: str | None = Field(description="Local end, HH:MM; at or before `time`: next day")
    timezone: str
    attendance_option: str
    distance_km: float | None = Field(description="Great-circle distance; null without a point")
    next_start: datetime | None = Field(description="ISO 8601 in the meeting's own zone")
    next_end: datetime | None
    group: GroupRefOut | None
    types: list[str]
    notes: str
    location_name: str
    formatted_address: str | None = Field(description="Null for an approximate location")
    city: str
    state: str
    country: str
    latitude: float | None = Field(description="Null for an approximate location")
    longitude: float | None
    is_approximate: bool
    has_online_link: bool
    conference_url: str | None = Field(description="Null when the link is for members only")
    conference_url_notes: str | None
    conference_phone: str | None
    conference_phone_notes: str | None


class MeetingPage(Schema):
    count: int
    results: list[MeetingOut]
    place: str | None = Field(description="The place `near` was read as")
    attribution: str | None = Field(description="Credit for the place data, when used")


class GroupOut(Schema):
    slug: str
    name: str
    description: str
    kind: str
    focus: list[str]
    communities: list[str]
    languages: list[str]
    accessibility: str
    cost: str
    fee_amount: Decimal | None
    visibility: str
    meeting_count: int


class GroupPage(Schema):
    count: int
    results: list[GroupOut]


class GroupDetailOut(GroupOut):
    guidelines: str
    meetings: list[MeetingOut]


def _viewer(request: HttpRequest) -> User | None:
    """The signed-in caller (token or session), or None for a visitor."""
    if request.headers.get("Authorization"):
        member = _token_auth(request)
        if not isinstance(member, User) or not member.is_active:
            raise HttpError(401, "Unauthorized")
        return member
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_active else None


def _problem(field: str, message: str, **extra: Any) -> RequestInvalid:
    return RequestInvalid(
        [{"loc": ["query", field], "msg": message, "type": "value_error", **extra}]
    )


def _values(raw: list[str] | None) -> list[str]:
    """`a,b` and repeated parameters alike."""
    return [part.strip() for item in raw or [] for part in item.split(",") if part.strip()]


def _parse_days(raw: list[str] | None) -> tuple[int, ...]:
    days = []
    for value in _values(raw):
        if not _DAY.match(value):
            raise _problem("day", f"{value!r} is not a day: use 0 (Sunday) to 6 (Saturday).")
        days.append(int(value))
    return tuple(sorted(set(days)))


def _parse_time(field: str, value: str | None) -> time | None:
    if value is None or not value.strip():
        return None
    matched = _TIME.match(value.strip())
    if not matched:
        raise _problem(field, f"{value!r} is not a time: use HH:MM, 00:00 to 23:59.")
    return time(int(matched[1]), int(matched[2]))


def _parse_attendance(raw: list[str] | None) -> tuple[str, ...]:
    options = _values(raw)
    for option in options:
        if option not in _ATTENDANCE:
            raise _problem(
                "attendance",
                f"{option!r} is not one of {', '.join(_ATTENDANCE)}.",
                allowed=_ATTENDANCE,
            )
    return tuple(sorted(set(options)))


def _resolve_point(
    latitude: float | None, longitude: float | None, near: str | None
) -> tuple[tuple[float, float] | None, geo.Place | None]:
    if (latitude is None) != (longitude is None):
        raise _problem("lat" if latitude is None else "lng", "Give both lat and lng, or neither.")
    if latitude is not None and longitude is not None:
        if near:
            raise _problem("near", "Give either near or lat and lng, not both.")
        return (latitude, longitude), None
    if not near:
        return None, None
    try:
        place = geo.resolve_place(near)
    except geo.AmbiguousPlace as ambiguous:
        candidates = [
            {
                "name": city.name,
                "admin1": city.admin1,
                "country": city.country,
                "population": city.population,
                "latitude": city.latitude,
                "longitude": city.longitude,
                "near": f"{city.name}, {city.admin1}"
                if city.country == "US"
                else f"{city.name}, {city.country}",
            }
            for city in ambiguous.candidates
        ]
        raise _problem("near", str(ambiguous), candidates=candidates) from None
    except geo.PlaceNotFound as missing:
        raise _problem("near", str(missing)) from None
    return (place.latitude, place.longitude), place


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _meeting_out(hit: queries.MeetingHit, *, may_see_link: bool) -> MeetingOut:
    meeting = hit.meeting
    is_precise = not meeting.is_approximate
    has_link = bool(meeting.conference_url or meeting.conference_phone)
    show_link = has_link and may_see_link
    return MeetingOut(
        slug=meeting.slug,
        name=meeting.name,
        day=meeting.day,
        time=_hhmm(meeting.start_time),
        end_time=_hhmm(meeting.end_time),
        timezone=meeting.timezone,
        attendance_option=meeting.attendance_option,
        distance_km=round(hit.distance_km, 2) if hit.distance_km is not None else None,
        next_start=hit.next_start,
        next_end=hit.next_end,
        group=GroupRefOut(slug=meeting.group.slug, name=meeting.group.name)
        if meeting.group
        else None,
        types=meeting.type_codes,
        notes=meeting.notes,
        location_name=meeting.location_name,
        formatted_address=meeting.formatted_address if is_precise else None,
        city=meeting.city,
        state=meeting.state,
        country=meeting.country,
        latitude=meeting.latitude if is_precise else None,
        longitude=meeting.longitude if is_precise else None,
        is_approximate=meeting.is_approximate,
        has_online_link=has_link,
        conference_url=meeting.conference_url or None if show_link else None,
        conference_url_notes=meeting.conference_url_notes or None if show_link else None,
        conference_phone=meeting.conference_phone or None if show_link else None,
        conference_phone_notes=meeting.conference_phone_notes or None if show_link else None,
    )


def _meetings_out(viewer: User | None, hits: list[queries.MeetingHit]) -> list[MeetingOut]:
    allowed = queries.online_link_visible_ids(viewer=viewer, meetings=[h.meeting for h in hits])
    return [_meeting_out(hit, may_see_link=hit.meeting.pk in allowed) for hit in hits]


@router.get(
    "/meetings/search",
    response={200: MeetingPage, **ERRORS},
    summary="Search meetings: near a place, by day, time, type, language, focus, cost",
)
def search_meetings(
    request: HttpRequest,
    lat: Annotated[float | None, Query(ge=-90, le=90, description="Latitude")] = None,
    lng: Annotated[float | None, Query(ge=-180, le=180, description="Longitude")] = None,
    near: Annotated[
        str | None,
        Query(max_length=200, description='US ZIP code, "City, ST" or "lat,lng"'),
    ] = None,
    radius_km: Annotated[
        float | None,
        Query(gt=0, le=queries.MAX_RADIUS_KM, description="Default 40 with a point"),
    ] = None,
    day: Annotated[
        list[DaysText] | None, Query(description="0 (Sunday) to 6; repeat or comma-separate")
    ] = None,
    starts_after: Annotated[TimeText | None, Query(description="HH:MM local, inclusive")] = None,
    starts_before: Annotated[
        TimeText | None, Query(description="HH:MM local, exclusive; may wrap midnight")
    ] = None,
    types: Annotated[
        str | None, Query(max_length=300, description="Type codes, comma-separated; all match")
    ] = None,
    attendance: Annotated[
        list[AttendanceText] | None,
        Query(description="in_person, hybrid, online, inactive; near a point: in_person,hybrid"),
    ] = None,
    language: Annotated[str | None, Query(max_length=8, pattern=r"^[A-Za-z]{2,8}$")] = None,
    focus: GroupFocus | None = None,
    cost: CostKind | None = None,
    starting_soon: bool = False,
    in_progress: bool = False,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 25,
) -> MeetingPage:
    viewer = _viewer(request)
    point, place = _resolve_point(lat, lng, near)
    search = queries.MeetingSearch(
        point=point,
        radius_km=radius_km,
        days=_parse_days(day),
        starts_after=_parse_time("starts_after", starts_after),
        starts_before=_parse_time("starts_before", starts_before),
        types=tuple(sorted({code for code in _values([types] if types else None)})),
        attendance=_parse_attendance(attendance),
        language=language or "",
        focus=focus.value if focus else "",
        cost=cost.value if cost else "",
        starting_soon=starting_soon,
        in_progress=in_progress,
        limit=limit,
    )
    result = queries.search_meetings(viewer=viewer, search=search, now=django_timezone.now())
    return MeetingPage(
        count=result.count,
        results=_meetings_out(viewer, result.hits),
        place=place.label if place else None,
        attribution=geo.GEONAMES_ATTRIBUTION if place and place.source == geo.Source.CITY else None,
    )


@router.get("/meetings/{meeting_slug}", response={200: MeetingOut, **ERRORS}, summary="A meeting")
def get_meeting(
    request: HttpRequest, meeting_slug: Annotated[str, PathParam(max_length=80)]
) -> MeetingOut:
    viewer = _viewer(request)
    meeting = permissions.access_meeting_by_slug(viewer, meeting_slug)
    return _meetings_out(viewer, [queries.next_occurrence_of(meeting=meeting)])[0]


def _group_out(group: Group) -> dict[str, Any]:
    return {
        "slug": group.slug,
        "name": group.name,
        "description": group.description,
        "kind": group.kind,
        "focus": group.focus_codes,
        "communities": group.community_codes,
        "languages": group.language_codes,
        "accessibility": group.accessibility,
        "cost": group.cost,
        "fee_amount": group.fee_amount,
        "visibility": group.visibility,
        "meeting_count": getattr(group, "meeting_count", 0),
    }


@router.get("/groups", response={200: GroupPage, **ERRORS}, summary="Groups, by name")
def list_groups(
    request: HttpRequest,
    focus: GroupFocus | None = None,
    language: Annotated[str | None, Query(max_length=8, pattern=r"^[A-Za-z]{2,8}$")] = None,
    cost: CostKind | None = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=DATABASE_INT_MAX)] = 0,
) -> GroupPage:
    groups = queries.list_groups(
        viewer=_viewer(request),
        focus=focus.value if focus else "",
        language=language or "",
        cost=cost.value if cost else "",
    )
    return GroupPage(
        count=groups.count(),
        results=[GroupOut(**_group_out(group)) for group in groups[offset : offset + limit]],
    )


@router.get(
    "/groups/{group_slug}",
    response={200: GroupDetailOut, **ERRORS},
    summary="A group, with its meetings by next start",
)
def get_group(
    request: HttpRequest, group_slug: Annotated[str, PathParam(max_length=80)]
) -> GroupDetailOut:
    viewer = _viewer(request)
    group = permissions.access_group_by_slug(viewer, group_slug)
    result = queries.search_meetings(
        viewer=viewer,
        search=queries.MeetingSearch(
            group_id=group.pk,
            attendance=tuple(option.value for option in AttendanceOption),
            limit=queries.MAX_LIMIT,
        ),
    )
    return GroupDetailOut(
        **{**_group_out(group), "meeting_count": result.count},
        guidelines=group.guidelines,
        meetings=_meetings_out(viewer, result.hits),
    )
