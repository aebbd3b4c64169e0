"""How the directory's pages say times, places and costs in plain words.

A meeting's time is always shown in its own zone and labelled with it ("7:00 p.m. Central
Time (America/Chicago)"); a converted time is shown only next to it, labelled as the
viewer's, because unlabelled converted times confuse people (reference section 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone as django_timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from kinship.accounts.models import User
from kinship.directory import codes, schedule
from kinship.directory.models import AttendanceOption, Meeting

# Plain names for the zones most members live in; any other zone shows its IANA name.
ZONE_NAMES: dict[str, str | Promise] = {
    "America/New_York": gettext_lazy("Eastern Time"),
    "America/Detroit": gettext_lazy("Eastern Time"),
    "America/Chicago": gettext_lazy("Central Time"),
    "America/Denver": gettext_lazy("Mountain Time"),
    "America/Boise": gettext_lazy("Mountain Time"),
    "America/Phoenix": gettext_lazy("Arizona Time"),
    "America/Los_Angeles": gettext_lazy("Pacific Time"),
    "America/Anchorage": gettext_lazy("Alaska Time"),
    "Pacific/Honolulu": gettext_lazy("Hawaii Time"),
    "America/Puerto_Rico": gettext_lazy("Atlantic Time"),
    "UTC": gettext_lazy("Coordinated Universal Time"),
}

ATTENDANCE_WORDS: dict[str, str | Promise] = {
    AttendanceOption.IN_PERSON: gettext_lazy("In person"),
    AttendanceOption.HYBRID: gettext_lazy("In person and online"),
    AttendanceOption.ONLINE: gettext_lazy("Online"),
    AttendanceOption.INACTIVE: gettext_lazy("Not meeting right now"),
}

# Sunday = 0, as meetings store it.
DAY_NAMES: list[str | Promise] = [
    gettext_lazy("Sunday"),
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
]


def zone_label(zone_name: str) -> str:
    """ "Central Time (America/Chicago)", or just the IANA name when it has no plain name."""
    plain = ZONE_NAMES.get(zone_name)
    return f"{plain} ({zone_name})" if plain else zone_name.replace("_", " ")


def clock(moment: datetime) -> str:
    """A wall-clock time in the current language: "7:00 p.m." or "19:00"."""
    return date_format(moment, pgettext("time of day", "g:i a"))


def day_and_date(moment: datetime | date) -> str:
    return date_format(moment, pgettext("day and date", "l, F j"))


@dataclass(frozen=True)
class MeetingTimes:
    """What a page says about when a meeting happens, in both zones."""

    is_by_appointment: bool
    day_name: str = ""
    local_start: str = ""
    local_end: str = ""
    zone: str = ""
    next_start: datetime | None = None
    next_end: datetime | None = None
    next_date: str = ""
    viewer_start: str = ""
    viewer_day: str = ""
    viewer_zone: str = ""
    is_viewer_zone_same: bool = True
    is_overnight: bool = False


def viewer_zone_name(viewer: Any) -> str | None:
    """The signed-in viewer's own zone (None for visitors, who see meeting time only)."""
    return viewer.time_zone if isinstance(viewer, User) and viewer.time_zone else None


def meeting_times(
    meeting: Meeting,
    *,
    viewer: Any,
    now: datetime | None = None,
    next_start: datetime | None = None,
    next_end: datetime | None = None,
) -> MeetingTimes:
    """The meeting's local time labelled with its zone, and the viewer's time when it differs."""
    if meeting.day is None or meeting.start_time is None:
        return MeetingTimes(is_by_appointment=True, zone=zone_label(meeting.timezone))
    if next_start is None or next_end is None:
        upcoming = schedule.next_occurrence(
            day=meeting.day,
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            timezone=meeting.timezone,
            after=now or django_timezone.now(),
            include_in_progress=True,
        )
        assert upcoming is not None  # noqa: S101  (a meeting with a day and time recurs)
        next_start, next_end = upcoming.start, upcoming.end
    meeting_zone = schedule.zone(meeting.timezone)
    local_start = next_start.astimezone(meeting_zone)
    local_end = next_end.astimezone(meeting_zone)
    own_zone = viewer_zone_name(viewer)
    viewer_start = viewer_day = viewer_zone = ""
    is_same = own_zone is None or own_zone == meeting.timezone
    if own_zone is not None and not is_same:
        in_viewer_zone = next_start.astimezone(schedule.zone(own_zone))
        is_same = in_viewer_zone.utcoffset() == local_start.utcoffset()
        viewer_start = clock(in_viewer_zone)
        viewer_day = str(DAY_NAMES[schedule.sunday_weekday(in_viewer_zone.date())])
        viewer_zone = zone_label(own_zone)
    return MeetingTimes(
        is_by_appointment=False,
        day_name=str(DAY_NAMES[meeting.day]),
        local_start=clock(local_start),
        local_end=clock(local_end),
        zone=zone_label(meeting.timezone),
        next_start=next_start,
        next_end=next_end,
        next_date=day_and_date(local_start),
        viewer_start=viewer_start,
        viewer_day=viewer_day,
        viewer_zone=viewer_zone,
        is_viewer_zone_same=is_same,
        is_overnight=local_end.date() != local_start.date(),
    )


def upcoming_dates(meeting: Meeting, *, now: datetime, count: int = 4) -> list[date]:
    """The local dates of the next `count` occurrences (the running one first, if any)."""
    if meeting.day is None or meeting.start_time is None:
        return []
    first = schedule.next_occurrence(
        day=meeting.day,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        timezone=meeting.timezone,
        after=now,
        include_in_progress=True,
    )
    assert first is not None  # noqa: S101  (a meeting with a day and time recurs)
    return [first.local_date + timedelta(days=7 * week) for week in range(count)]


def type_labels(meeting: Meeting) -> list[str]:
    program = meeting.source.program if meeting.source_id and meeting.source else "aa"
    return [str(codes.label_for(code, program)) for code in meeting.type_codes]


def attendance_words(meeting: Meeting) -> str:
    return str(ATTENDANCE_WORDS.get(meeting.attendance_option, meeting.attendance_option))


def by_appointment_words() -> str:
    return _("By appointment: contact the group to set a time.")
