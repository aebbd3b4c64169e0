"""iCalendar: one meeting's .ics and a member's private "my meetings" feed."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from kinship.accounts.tests.factories import make_user
from kinship.directory import actions, ical
from kinship.directory.models import MembershipRole
from kinship.directory.tests.factories import join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
JANUARY = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
JULY = datetime(2026, 7, 6, 12, 0, tzinfo=UTC)


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def only_event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def test_meeting_ics_is_one_weekly_event_in_the_meetings_zone():
    meeting = make_meeting(slug="tuesday-circle", day=2, start_time=time(19), end_time=time(20))

    calendar = parse(ical.meeting_calendar(meeting, now=JANUARY))

    assert calendar["PRODID"] == ical.PRODUCT_ID
    event = only_event(calendar)
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert (start.date().isoformat(), start.hour, start.minute) == ("2026-01-06", 19, 0)
    assert event.decoded("DTEND") - start == timedelta(hours=1)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    assert str(event["UID"]) == f"meeting-{meeting.pk}@127.0.0.1"
    assert str(event["SUMMARY"]) == meeting.name
    assert "100 Example Ave" in str(event["LOCATION"])
    assert str(event["URL"]).endswith(f"/meetings/{meeting.slug}/")
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/Chicago"


def test_meeting_made_in_january_is_still_at_7_pm_local_in_july():
    meeting = make_meeting(day=2, start_time=time(19), end_time=time(20, 30))

    winter = only_event(parse(ical.meeting_calendar(meeting, now=JANUARY)))
    summer = only_event(parse(ical.meeting_calendar(meeting, now=JULY)))

    assert str(winter["UID"]) == str(summer["UID"])
    winter_start, summer_start = winter.decoded("DTSTART"), summer.decoded("DTSTART")
    assert (winter_start.hour, summer_start.hour) == (19, 19)
    assert winter_start.utcoffset() == timedelta(hours=-6)
    assert summer_start.utcoffset() == timedelta(hours=-5)
    # The January file's VTIMEZONE knows about the March change, so a calendar app keeps
    # the weekly 7 pm at 7 pm in July: the July instant is 00:00 UTC, not 01:00.
    calendar = parse(ical.meeting_calendar(meeting, now=JANUARY))
    zone = calendar.timezones[0].to_tz()
    july_occurrence = datetime(2026, 7, 7, 19, 0, tzinfo=zone)
    assert july_occurrence.astimezone(UTC) == datetime(2026, 7, 8, 0, 0, tzinfo=UTC)
    assert b"TZOFFSETTO:-0500" in ical.meeting_calendar(meeting, now=JANUARY)


def test_overnight_meeting_ends_the_next_morning():
    meeting = make_meeting(day=5, start_time=time(23, 30), end_time=time(0, 30))

    event = only_event(parse(ical.meeting_calendar(meeting, now=JANUARY)))

    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=FR"


def test_approximate_location_hides_the_street():
    meeting = make_meeting(is_approximate=True, conference_url="https://zoom.us/j/5550100123")

    event = only_event(parse(ical.meeting_calendar(meeting, now=JANUARY)))

    assert str(event["LOCATION"]) == "Chicago, IL"
    assert "zoom.us/j/5550100123" in str(event["DESCRIPTION"])


def test_meeting_ics_url_answers_text_calendar_and_by_appointment_has_none(client: Client):
    meeting = make_meeting(slug="weekly")
    by_appointment = make_meeting(slug="when-you-ask", day=None, start_time=None, end_time=None)

    response = client.get(reverse("directory:meeting-ics", args=[meeting.slug]))
    missing = client.get(reverse("directory:meeting-ics", args=[by_appointment.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert only_event(parse(response.content))
    assert missing.status_code == 404


def test_private_feed_lists_saved_meetings_with_links_the_member_may_see(client: Client):
    member = make_user(handle="marisol")
    group = make_group()
    join_group(member, group, role=MembershipRole.MEMBER)
    mine = make_meeting(
        group=group,
        slug="mine",
        is_link_members_only=True,
        conference_url="https://zoom.us/j/5550100111",
    )
    other = make_meeting(
        slug="other", is_link_members_only=True, conference_url="https://zoom.us/j/5550100222"
    )
    not_saved = make_meeting(slug="not-saved")
    for meeting in (mine, other):
        actions.save_meeting(user=member, meeting=meeting)
    _token, secret = actions.create_calendar_token(user=member)

    response = client.get(reverse("directory:calendar-feed", args=[secret]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = {str(event["SUMMARY"]): event for event in parse(response.content).walk("VEVENT")}
    assert set(events) == {mine.name, other.name}
    assert not_saved.name not in events
    assert "zoom.us/j/5550100111" in str(events[mine.name]["DESCRIPTION"])
    assert "zoom.us/j/5550100222" not in str(events[other.name]["DESCRIPTION"])


def test_revoked_or_unknown_calendar_link_is_not_found(client: Client):
    member = make_user()
    _old, old_secret = actions.create_calendar_token(user=member)
    _new, new_secret = actions.create_calendar_token(user=member)

    assert client.get(reverse("directory:calendar-feed", args=[old_secret])).status_code == 404
    assert client.get(reverse("directory:calendar-feed", args=["not-a-secret"])).status_code == 404
    assert client.get(reverse("directory:calendar-feed", args=[new_secret])).status_code == 200
    actions.revoke_calendar_tokens(user=member)
    assert client.get(reverse("directory:calendar-feed", args=[new_secret])).status_code == 404
