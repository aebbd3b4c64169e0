"""Finding meetings and groups: "near me" search, filters, and the order people expect.

A distance search covers meetings with a venue (in person or hybrid) and coordinates. The
database narrows them with a bounding box on the indexed latitude/longitude plus the day,
time-window, type and attendance filters; the exact great-circle distance is then computed
here, for the few hundred rows left. Online meetings are never "nearby venues": they are
included only when asked for, after the venues, ordered by their next start.

Without a point, meetings are ordered by their next start in their own zone. Meetings that
share a weekly schedule (day, start, end, zone) share their next start, so the schedule is
worked out once per distinct schedule (a GROUP BY), never once per meeting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone as django_timezone

from kinship.accounts.models import User
from kinship.core.querycache import CompiledQueryCache
from kinship.directory import geo, schedule
from kinship.directory.codes import language_type_code
from kinship.directory.models import (
    AttendanceOption,
    Group,
    GroupMembership,
    Meeting,
    MembershipStatus,
)
from kinship.directory.permissions import GROUP_MANAGER_ROLES, visible_groups, visible_meetings

DEFAULT_RADIUS_KM = 40.0
MAX_RADIUS_KM = 500.0
MAX_LIMIT = 100
STARTING_SOON_WITHIN = timedelta(hours=2)
VENUE_OPTIONS = (AttendanceOption.IN_PERSON, AttendanceOption.HYBRID)
ACTIVE_OPTIONS = (AttendanceOption.IN_PERSON, AttendanceOption.HYBRID, AttendanceOption.ONLINE)


@dataclass(frozen=True)
class MeetingSearch:
    point: tuple[float, float] | None = None  # (latitude, longitude)
    radius_km: float | None = None  # DEFAULT_RADIUS_KM when a point is given
    days: tuple[int, ...] = ()  # 0 = Sunday .. 6
    # Start-time window in the meeting's local time: from `starts_after` (inclusive) to
    # `starts_before` (exclusive); a window that wraps midnight (22:00 to 02:00) works.
    starts_after: time | None = None
    starts_before: time | None = None
    types: tuple[str, ...] = ()  # every code must match
    attendance: tuple[str, ...] = ()  # default: in person + hybrid with a point, else active
    language: str = ""  # ISO 639-1: the group's languages or the language type code
    focus: str = ""  # GroupFocus
    cost: str = ""  # CostKind
    starting_soon: bool = False  # starts within 2 hours (or started under 10 minutes ago)
    in_progress: bool = False
    limit: int = 25
    group_id: int | None = None  # only this group's meetings


@dataclass(frozen=True)
class MeetingHit:
    meeting: Meeting
    distance_km: float | None
    next_start: datetime | None
    next_end: datetime | None


@dataclass(frozen=True)
class MeetingSearchResult:
    count: int
    hits: list[MeetingHit]
    venue_count: int = 0  # of `count`, meetings at a venue within the radius (point searches)
    online_count: int = 0  # of `count`, online meetings (included only when asked for)


# (day, start_time, end_time, timezone): every meeting with it has the same next start.
ScheduleKey = tuple[int | None, time | None, time | None, str]


@dataclass
class _Schedules:
    """Next occurrences and soon/in-progress answers, worked out once per schedule."""

    now: datetime
    search: MeetingSearch
    _occurrences: dict[ScheduleKey, schedule.Occurrence | None] = field(default_factory=dict)
    _matches: dict[ScheduleKey, bool] = field(default_factory=dict)

    def occurrence(self, key: ScheduleKey) -> schedule.Occurrence | None:
        if key not in self._occurrences:
            day, start_time, end_time, zone_name = key
            # A running meeting's "next start" is the current one when asking for those in
            # progress; otherwise the next one starting at most the grace period ago.
            self._occurrences[key] = schedule.next_occurrence(
                day=day,
                start_time=start_time,
                end_time=end_time,
                timezone=zone_name,
                after=self.now
                if self.search.in_progress
                else self.now - schedule.IN_PROGRESS_GRACE,
                include_in_progress=self.search.in_progress,
            )
        return self._occurrences[key]

    def matches(self, key: ScheduleKey) -> bool:
        if not (self.search.starting_soon or self.search.in_progress):
            return True
        if key not in self._matches:
            day, start_time, end_time, zone_name = key
            is_match = True
            if self.search.starting_soon:
                is_match = schedule.is_starting_soon(
                    day=day,
                    start_time=start_time,
                    end_time=end_time,
                    timezone=zone_name,
                    now=self.now,
                    within=STARTING_SOON_WITHIN,
                )
            if is_match and self.search.in_progress:
                is_match = schedule.is_in_progress(
                    day=day,
                    start_time=start_time,
                    end_time=end_time,
                    timezone=zone_name,
                    now=self.now,
                )
            self._matches[key] = is_match
        return self._matches[key]


def search_meetings(
    *, viewer: Any, search: MeetingSearch, now: datetime | None = None
) -> MeetingSearchResult:
    """Meetings `viewer` may see that match `search`: nearest first, or soonest first."""
    now = now or django_timezone.now()
    schedules = _Schedules(now=now, search=search)
    attendance = set(search.attendance) or set(
        VENUE_OPTIONS if search.point is not None else ACTIVE_OPTIONS
    )
    limit = max(0, search.limit)
    if search.point is None:
        meetings = _filtered_meetings(viewer=viewer, search=search, now=now)
        hits, count = _soonest(
            meetings.filter(attendance_option__in=sorted(attendance)), schedules, limit
        )
        return MeetingSearchResult(count=count, hits=hits)

    venue_options = sorted(attendance - {AttendanceOption.ONLINE})
    venue_hits, venue_count = _nearest(
        viewer=viewer, search=search, now=now, options=venue_options, schedules=schedules
    )
    online_hits: list[MeetingHit] = []
    online_count = 0
    if AttendanceOption.ONLINE in attendance:
        online_hits, online_count = _soonest(
            _filtered_meetings(viewer=viewer, search=search, now=now).filter(
                attendance_option=AttendanceOption.ONLINE
            ),
            schedules,
            limit - len(venue_hits),
        )
    return MeetingSearchResult(
        count=venue_count + online_count,
        hits=venue_hits + online_hits,
        venue_count=venue_count,
        online_count=online_count,
    )


def _filtered_meetings(*, viewer: Any, search: MeetingSearch, now: datetime) -> QuerySet[Meeting]:
    """Every filter the database can apply, other than attendance and place."""
    meetings = visible_meetings(viewer)
    if search.group_id is not None:
        meetings = meetings.filter(group_id=search.group_id)
    days = _searched_days(search, now)
    if days is not None:
        meetings = meetings.filter(day__in=days)
    meetings = _in_time_window(meetings, search.starts_after, search.starts_before)
    for code in search.types:
        meetings = meetings.filter(types__contains=f",{code},")
    if search.language:
        meetings = meetings.filter(
            Q(group__languages__contains=f",{search.language.lower()},")
            | Q(types__contains=f",{language_type_code(search.language)},")
        )
    if search.focus:
        meetings = meetings.filter(group__focus__contains=f",{search.focus},")
    if search.cost:
        meetings = meetings.filter(group__cost=search.cost)
    return meetings


def _searched_days(search: MeetingSearch, now: datetime) -> tuple[int, ...] | None:
    """The weekdays to read (None: every day)."""
    days = set(search.days)
    if search.starting_soon or search.in_progress:
        # Whatever the zone, the local day is within a day of UTC's; an overnight meeting
        # still running began the local day before.
        utc_day = schedule.sunday_weekday(now.astimezone(schedule.zone("UTC")).date())
        near_days = {(utc_day + offset) % 7 for offset in (-2, -1, 0, 1)}
        days = days & near_days if days else near_days
    if days or search.days:
        return tuple(sorted(days))
    return None


def _in_time_window(
    meetings: QuerySet[Meeting], starts_after: time | None, starts_before: time | None
) -> QuerySet[Meeting]:
    if starts_after is not None and starts_before is not None and starts_after > starts_before:
        return meetings.filter(Q(start_time__gte=starts_after) | Q(start_time__lt=starts_before))
    if starts_after is not None:
        meetings = meetings.filter(start_time__gte=starts_after)
    if starts_before is not None:
        meetings = meetings.filter(start_time__lt=starts_before)
    return meetings


def _nearest(
    *,
    viewer: Any,
    search: MeetingSearch,
    now: datetime,
    options: list[str],
    schedules: _Schedules,
) -> tuple[list[MeetingHit], int]:
    """Meetings with a venue within the radius, nearest first, and how many there are.

    Both queries run through the compiled-query cache: their shape (viewer, filters,
    weekdays, page size) is compiled by the ORM once; each search binds only the
    bounding box, then the ids of the page (docs/decisions/0003-near-me-search.md).
    """
    assert search.point is not None  # noqa: S101  (only called for point searches)
    if not options:
        return [], 0
    latitude, longitude = search.point
    radius_km = search.radius_km if search.radius_km is not None else DEFAULT_RADIUS_KM
    box = geo.bounding_box(latitude, longitude, radius_km)
    # Schedules are read for every candidate only when a time-of-day filter needs them;
    # otherwise only for the page (reading and converting them is most of the per-row cost).
    by_schedule = search.starting_soon or search.in_progress
    columns: tuple[str, ...] = ("pk", "latitude", "longitude")
    if by_schedule:
        columns += ("day", "start_time", "end_time", "timezone")
    ranges = len(box.longitude_ranges)

    def candidates(bounds: Sequence[float | int]) -> QuerySet[Meeting]:
        in_longitude = Q()
        for index in range(ranges):
            west, east = bounds[2 + 2 * index], bounds[3 + 2 * index]
            in_longitude |= Q(longitude__gte=west, longitude__lte=east)
        meetings = _filtered_meetings(viewer=viewer, search=search, now=now)
        return (
            meetings.filter(attendance_option__in=options)
            .filter(in_longitude, latitude__gte=bounds[0], latitude__lte=bounds[1])
            .order_by()
            .values_list(*columns)
        )

    shape = (
        "near-candidates",
        getattr(viewer, "pk", None) if getattr(viewer, "is_authenticated", False) else None,
        replace(search, point=None, radius_km=None, limit=0),
        _searched_days(search, now),
        tuple(options),
        ranges,
    )
    bounds: list[float | int] = [box.min_latitude, box.max_latitude]
    for west, east in box.longitude_ranges:
        bounds += [west, east]
    within: list[tuple[float, int]] = []
    for row in _COMPILED.rows(shape, candidates, [float(bound) for bound in bounds]):
        pk, meeting_latitude, meeting_longitude = row[:3]
        if meeting_latitude is None or meeting_longitude is None:  # excluded by the box
            continue
        distance = geo.haversine_km(latitude, longitude, meeting_latitude, meeting_longitude)
        if distance <= radius_km and (not by_schedule or schedules.matches(row[3:])):
            within.append((distance, pk))
    within.sort()
    chosen = within[: max(0, search.limit)]
    if not chosen:
        return [], len(within)
    by_pk = _meetings_with_groups([pk for _distance, pk in chosen])
    hits = []
    for distance, pk in chosen:
        meeting = by_pk[pk]
        occurrence = schedules.occurrence(_key_of(meeting))
        hits.append(
            MeetingHit(
                meeting=meeting,
                distance_km=distance,
                next_start=occurrence.start if occurrence else None,
                next_end=occurrence.end if occurrence else None,
            )
        )
    return hits, len(within)


# What a search result needs of a meeting and its group; bookkeeping columns (timestamps,
# the import digest and extra feed fields) stay deferred and load only if read.
_HIT_MEETING_FIELDS = tuple(
    field.attname
    for field in Meeting._meta.concrete_fields
    if field.attname not in {"created_at", "updated_at", "feed_updated_at", "import_hash", "extra"}
)
_HIT_GROUP_FIELDS = tuple(
    field.attname
    for field in Group._meta.concrete_fields
    if field.attname not in {"created_at", "updated_at"}
)
_COMPILED = CompiledQueryCache()


def _meetings_with_groups(pks: list[int]) -> dict[int, Meeting]:
    """Meetings by id, each with its group loaded (one query, compiled once per page size)."""

    def fetch(ids: Sequence[float | int]) -> QuerySet[Meeting]:
        return (
            Meeting.objects.filter(pk__in=list(ids))
            .order_by()
            .values_list(*_HIT_MEETING_FIELDS, *(f"group__{name}" for name in _HIT_GROUP_FIELDS))
        )

    width = len(_HIT_MEETING_FIELDS)
    database = Meeting.objects.db
    found: dict[int, Meeting] = {}
    for row in _COMPILED.rows(("near-hits", len(pks)), fetch, pks):
        meeting = Meeting.from_db(database, _HIT_MEETING_FIELDS, row[:width])
        group_row = row[width:]
        meeting._state.fields_cache["group"] = (
            Group.from_db(database, _HIT_GROUP_FIELDS, group_row)
            if group_row[0] is not None
            else None
        )
        found[meeting.pk] = meeting
    return found


def _schedule_q(key: ScheduleKey) -> Q:
    day, start_time, end_time, zone_name = key
    return Q(
        Q(day__isnull=True) if day is None else Q(day=day),
        Q(start_time__isnull=True) if start_time is None else Q(start_time=start_time),
        Q(end_time__isnull=True) if end_time is None else Q(end_time=end_time),
        timezone=zone_name,
    )


def _soonest(
    meetings: QuerySet[Meeting], schedules: _Schedules, limit: int
) -> tuple[list[MeetingHit], int]:
    """Meetings by next start (by appointment last), and how many match."""
    counted = meetings.order_by().values_list("day", "start_time", "end_time", "timezone")
    keyed: list[tuple[ScheduleKey, int]] = [
        ((day, start_time, end_time, zone_name), number)
        for day, start_time, end_time, zone_name, number in counted.annotate(number=Count("pk"))
    ]
    matching = [(key, number) for key, number in keyed if schedules.matches(key)]
    count = sum(number for _key, number in matching)
    if limit <= 0 or not matching:
        return [], count

    def soonest_first(item: tuple[ScheduleKey, int]) -> tuple[bool, datetime, str]:
        occurrence = schedules.occurrence(item[0])
        if occurrence is None:
            return (True, datetime.max.replace(tzinfo=schedule.zone("UTC")), repr(item[0]))
        return (False, occurrence.start, repr(item[0]))

    matching.sort(key=soonest_first)
    chosen: list[ScheduleKey] = []
    taken = 0
    for key, number in matching:
        chosen.append(key)
        taken += number
        if taken >= limit:
            break
    rank = Case(
        *(When(_schedule_q(key), then=Value(position)) for position, key in enumerate(chosen)),
        output_field=IntegerField(),
    )
    found = meetings.filter(_any_of(_schedule_q(key) for key in chosen))
    ranked = found.select_related("group").annotate(rank=rank).order_by("rank", "name", "pk")
    hits = []
    for meeting in ranked[:limit]:
        occurrence = schedules.occurrence(_key_of(meeting))
        hits.append(
            MeetingHit(
                meeting=meeting,
                distance_km=None,
                next_start=occurrence.start if occurrence else None,
                next_end=occurrence.end if occurrence else None,
            )
        )
    return hits, count


def _any_of(conditions: Iterable[Q]) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def _key_of(meeting: Meeting) -> ScheduleKey:
    return (meeting.day, meeting.start_time, meeting.end_time, meeting.timezone)


def next_occurrence_of(*, meeting: Meeting, now: datetime | None = None) -> MeetingHit:
    """One meeting with its next start (or the running one), for a detail page or API."""
    now = now or django_timezone.now()
    occurrence = schedule.next_occurrence(
        day=meeting.day,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        timezone=meeting.timezone,
        after=now - schedule.IN_PROGRESS_GRACE,
    )
    return MeetingHit(
        meeting=meeting,
        distance_km=None,
        next_start=occurrence.start if occurrence else None,
        next_end=occurrence.end if occurrence else None,
    )


def online_link_visible_ids(*, viewer: Any, meetings: Sequence[Meeting]) -> set[int]:
    """Ids of `meetings` whose online link `viewer` may see, in at most one query.

    The same rule as `permissions.can_see_online_link`, for a whole list at once.
    """
    visible = {
        meeting.pk
        for meeting in meetings
        if not meeting.is_link_members_only or meeting.group_id is None
    }
    restricted = [meeting for meeting in meetings if meeting.pk not in visible]
    member = viewer if isinstance(viewer, User) and viewer.is_active else None
    if not restricted or member is None:
        return visible
    if member.role in GROUP_MANAGER_ROLES:
        return visible | {meeting.pk for meeting in restricted}
    member_of = set(
        GroupMembership.objects.filter(
            user=member,
            status=MembershipStatus.ACTIVE,
            group_id__in={meeting.group_id for meeting in restricted},
        ).values_list("group_id", flat=True)
    )
    return visible | {meeting.pk for meeting in restricted if meeting.group_id in member_of}


def list_groups(
    *, viewer: Any, focus: str = "", language: str = "", cost: str = ""
) -> QuerySet[Group]:
    """Groups `viewer` may see, by name, each with `meeting_count` (its active meetings)."""
    groups = visible_groups(viewer)
    if focus:
        groups = groups.filter(focus__contains=f",{focus},")
    if language:
        groups = groups.filter(languages__contains=f",{language.lower()},")
    if cost:
        groups = groups.filter(cost=cost)
    return groups.annotate(
        meeting_count=Count("meetings", filter=Q(meetings__is_active=True))
    ).order_by("name", "pk")
