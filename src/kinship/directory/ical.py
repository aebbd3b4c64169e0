"""iCalendar files: one meeting (public), and a member's saved meetings (private link).

Each meeting is one weekly VEVENT in the meeting's own zone (DTSTART;TZID=... plus an
RRULE), with a VTIMEZONE built from zoneinfo so calendar apps keep 7 pm at 7 pm across
daylight-saving changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from kinship.directory import schedule
from kinship.directory.display import attendance_words
from kinship.directory.models import Meeting

PRODUCT_ID = "-//Kinship//Groups and meetings//EN"
BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # indexed by Meeting.day (Sunday = 0)
# VTIMEZONE rules cover this span: enough for any calendar that subscribes today.
TIMEZONE_SPAN_YEARS = 12


def _site_url() -> str:
    return str(settings.KINSHIP_SITE_URL).rstrip("/")


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting, whatever is edited."""
    host = urlsplit(_site_url()).hostname or "kinship.invalid"
    return f"meeting-{meeting.pk}@{host}"


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _location(meeting: Meeting) -> str:
    if meeting.is_approximate:
        return ", ".join(part for part in (meeting.city, meeting.state) if part) or ""
    parts = [meeting.location_name, meeting.formatted_address]
    return ", ".join(part for part in parts if part)


def meeting_event(meeting: Meeting, *, include_link: bool, now: datetime) -> Event | None:
    """The weekly VEVENT for `meeting`; None for a meeting by appointment."""
    if meeting.day is None or meeting.start_time is None:
        return None
    upcoming = schedule.next_occurrence(
        day=meeting.day,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        timezone=meeting.timezone,
        after=now,
        include_in_progress=True,
    )
    assert upcoming is not None  # noqa: S101  (a meeting with a day and time recurs)
    url = _site_url() + meeting.get_absolute_url()
    description = [attendance_words(meeting)]
    if meeting.notes:
        description.append(meeting.notes)
    if meeting.conference_url and include_link:
        description.append(meeting.conference_url)
    elif meeting.conference_url:
        description.append("Members of the group see the online link on " + url)
    if meeting.conference_phone and include_link:
        description.append(meeting.conference_phone)
    description.append(url)

    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("summary", meeting.name)
    event.add("dtstamp", now.astimezone(schedule.zone("UTC")))
    # Local wall-clock start and end, in the meeting's zone (TZID), not UTC.
    event.add("dtstart", upcoming.start)
    event.add("dtend", upcoming.end)
    event.add("rrule", vRecur({"FREQ": "WEEKLY", "BYDAY": BYDAY[meeting.day]}))
    location = _location(meeting)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("description", "\n\n".join(description))
    event.add("last-modified", meeting.updated_at.astimezone(schedule.zone("UTC")))
    return event


def _finish(calendar: Calendar, *, now: datetime) -> bytes:
    first = date(now.year - 1, 1, 1)
    calendar.add_missing_timezones(
        first_date=first, last_date=date(now.year + TIMEZONE_SPAN_YEARS, 1, 1)
    )
    return bytes(calendar.to_ical())


def meeting_calendar(meeting: Meeting, *, now: datetime | None = None) -> bytes:
    """The public .ics for one meeting. A members-only link is never in it."""
    now = now or timezone.now()
    calendar = _new_calendar(meeting.name)
    event = meeting_event(meeting, include_link=not meeting.is_link_members_only, now=now)
    if event is not None:
        calendar.add_component(event)
    return _finish(calendar, now=now)


def saved_meetings_calendar(
    meetings: Iterable[tuple[Meeting, bool]], *, name: str, now: datetime | None = None
) -> bytes:
    """A member's private feed: (meeting, may this member see its link) pairs."""
    now = now or timezone.now()
    calendar = _new_calendar(name)
    for meeting, include_link in meetings:
        event = meeting_event(meeting, include_link=include_link, now=now)
        if event is not None:
            calendar.add_component(event)
    return _finish(calendar, now=now)
