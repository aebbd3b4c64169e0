"""Weekly recurrence in the meeting's zone: properties over zones, dates and times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinship.directory import schedule

ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/St_Johns",
    "America/Santiago",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Asia/Kolkata",
    "UTC",
]

zones = st.sampled_from(ZONES)
days = st.integers(min_value=0, max_value=6)
wall_times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
end_times = st.none() | wall_times
moments = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001  (naive bounds; timezones= makes them aware)
    max_value=datetime(2027, 12, 31, 23, 59),  # noqa: DTZ001
    timezones=st.just(UTC),
)


def _transitions(zone_name: str) -> list[datetime]:
    """UTC instants in 2026-2027 when the zone's offset changes (to the minute)."""
    tz = ZoneInfo(zone_name)
    found = []
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment.year < 2028:
        following = moment + timedelta(days=1)
        if moment.astimezone(tz).utcoffset() != following.astimezone(tz).utcoffset():
            step = moment
            while step.astimezone(tz).utcoffset() == moment.astimezone(tz).utcoffset():
                step += timedelta(minutes=15)
            found.append(step)
        moment = following
    return found


TRANSITIONS = [(name, instant) for name in ZONES for instant in _transitions(name)]


@st.composite
def _near_a_change(draw: st.DrawFn) -> tuple[str, datetime]:
    zone_name, instant = draw(st.sampled_from(TRANSITIONS))
    return zone_name, instant + timedelta(minutes=draw(st.integers(-3 * 24 * 60, 3 * 24 * 60)))


def _wall_time_exists(local_date: date, wall: time, zone_name: str) -> bool:
    tz = ZoneInfo(zone_name)
    naive = datetime.combine(local_date, wall)
    round_trip = naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    return round_trip.replace(tzinfo=None) == naive


@settings(max_examples=400, deadline=None)
@given(zone_name=zones, day=days, start=wall_times, end=end_times, after=moments)
def test_next_occurrence_is_the_right_weekday_and_wall_time_and_never_early(
    zone_name, day, start, end, after
):
    _check_next_occurrence(zone_name, day, start, end, after)


@settings(max_examples=600, deadline=None)
@given(zone_and_moment=_near_a_change(), day=days, start=wall_times, end=end_times)
def test_next_occurrence_holds_across_daylight_saving_changes(zone_and_moment, day, start, end):
    zone_name, after = zone_and_moment
    _check_next_occurrence(zone_name, day, start, end, after)


def _check_next_occurrence(
    zone_name: str, day: int, start: time, end: time | None, after: datetime
) -> None:
    tz = ZoneInfo(zone_name)
    occurrence = schedule.next_occurrence(
        day=day, start_time=start, end_time=end, timezone=zone_name, after=after
    )
    assert occurrence is not None
    local = occurrence.start.astimezone(tz)
    assert schedule.sunday_weekday(local.date()) == day
    if _wall_time_exists(local.date(), start, zone_name):
        assert (local.hour, local.minute) == (start.hour, start.minute)
    else:
        # Skipped by a spring-forward change: moved forward by the gap, same day.
        assert local.time() > start
        assert local - datetime.combine(local.date(), start, tzinfo=local.tzinfo) <= timedelta(
            hours=1
        )
    assert occurrence.start.astimezone(UTC) >= after
    real_duration = occurrence.end.astimezone(UTC) - occurrence.start.astimezone(UTC)
    assert timedelta(0) < real_duration <= timedelta(hours=25)
    # The same instant written in the meeting's own zone gives the same answer.
    assert occurrence == schedule.next_occurrence(
        day=day, start_time=start, end_time=end, timezone=zone_name, after=after.astimezone(tz)
    )


@settings(max_examples=300, deadline=None)
@given(zone_name=zones, day=days, start=wall_times, end=end_times, after=moments)
def test_next_occurrence_is_the_first_one_after(zone_name, day, start, end, after):
    occurrence = schedule.next_occurrence(
        day=day, start_time=start, end_time=end, timezone=zone_name, after=after
    )
    assert occurrence is not None
    # The same meeting one week earlier has already started.
    earlier = schedule.occurrence_on(
        local_date=occurrence.local_date - timedelta(days=7),
        start_time=start,
        end_time=end,
        timezone=zone_name,
    )
    assert earlier.start.astimezone(UTC) < after
    assert occurrence.start.astimezone(UTC) - after <= timedelta(days=7, hours=1)


@settings(max_examples=500, deadline=None)
@given(
    zone_and_moment=st.tuples(zones, moments) | _near_a_change(),
    day=days,
    start=wall_times,
    end=end_times,
)
def test_a_running_meeting_is_in_progress_after_the_grace_and_until_its_end(
    zone_and_moment, day, start, end
):
    zone_name, after = zone_and_moment
    occurrence = schedule.next_occurrence(
        day=day, start_time=start, end_time=end, timezone=zone_name, after=after
    )
    assert occurrence is not None
    meeting: dict[str, Any] = {
        "day": day,
        "start_time": start,
        "end_time": end,
        "timezone": zone_name,
    }
    starts, ends = occurrence.start.astimezone(UTC), occurrence.end.astimezone(UTC)
    tz = ZoneInfo(zone_name)

    def in_progress(moment: datetime) -> bool:
        # The answer is about an instant: the same whether `now` is in UTC or local time.
        answer = schedule.is_in_progress(**meeting, now=moment)
        assert schedule.is_in_progress(**meeting, now=moment.astimezone(tz)) == answer
        return answer

    def starting_soon(moment: datetime) -> bool:
        answer = schedule.is_starting_soon(**meeting, now=moment)
        assert schedule.is_starting_soon(**meeting, now=moment.astimezone(tz)) == answer
        return answer

    if starts + schedule.IN_PROGRESS_GRACE < ends:
        assert in_progress(starts + schedule.IN_PROGRESS_GRACE)
        assert in_progress(ends - timedelta(seconds=1))
    assert not in_progress(ends)
    assert not in_progress(starts - timedelta(seconds=1))
    assert starting_soon(starts - timedelta(hours=2))
    assert starting_soon(starts + timedelta(minutes=9))
    assert not starting_soon(starts - timedelta(hours=2, seconds=1))


def test_an_overnight_meeting_ends_the_next_morning_and_is_in_progress_after_midnight():
    meeting: dict[str, Any] = {
        "day": 5,  # Friday
        "start_time": time(23, 30),
        "end_time": time(0, 30),
        "timezone": "America/Chicago",
    }
    chicago = ZoneInfo("America/Chicago")
    saturday_after_midnight = datetime(2026, 3, 7, 0, 10, tzinfo=chicago)
    assert schedule.is_in_progress(**meeting, now=saturday_after_midnight)
    running = schedule.next_occurrence(
        **meeting, after=saturday_after_midnight, include_in_progress=True
    )
    assert running is not None
    assert running.start == datetime(2026, 3, 6, 23, 30, tzinfo=chicago)
    assert running.end == datetime(2026, 3, 7, 0, 30, tzinfo=chicago)


def test_a_7pm_meeting_stays_at_7pm_local_across_the_spring_change():
    meeting: dict[str, Any] = {
        "day": 0,
        "start_time": time(19, 0),
        "end_time": None,
        "timezone": "Europe/London",
    }
    before = schedule.next_occurrence(**meeting, after=datetime(2026, 3, 22, tzinfo=UTC))
    after = schedule.next_occurrence(**meeting, after=datetime(2026, 3, 29, tzinfo=UTC))
    assert before is not None
    assert after is not None
    assert before.start.astimezone(UTC).hour == 19
    assert after.start.astimezone(UTC).hour == 18  # BST
    assert after.end - after.start == timedelta(hours=1)


def test_starting_soon_counts_real_minutes_when_now_is_given_in_the_meetings_zone():
    # Regression: aware datetimes sharing a tzinfo compare and add by wall clock, so
    # "now + 2 h" at 01:30 before the spring change read as 03:30, not 04:30.
    chicago = ZoneInfo("America/Chicago")
    now = datetime(2026, 3, 8, 1, 30, tzinfo=chicago)
    meeting: dict[str, Any] = {"day": 0, "end_time": None, "timezone": "America/Chicago"}
    assert schedule.is_starting_soon(**meeting, start_time=time(4, 15), now=now)
    assert not schedule.is_starting_soon(**meeting, start_time=time(4, 45), now=now)


def test_a_meeting_in_the_skipped_hour_starts_when_the_clocks_say_it_can():
    new_york = ZoneInfo("America/New_York")
    occurrence = schedule.next_occurrence(
        day=0,
        start_time=time(2, 30),
        end_time=time(3, 30),
        timezone="America/New_York",
        after=datetime(2026, 3, 8, tzinfo=new_york),
    )
    assert occurrence is not None
    assert occurrence.start == datetime(2026, 3, 8, 3, 30, tzinfo=new_york)
    assert occurrence.end > occurrence.start


def test_by_appointment_has_no_occurrence():
    now = datetime(2026, 5, 1, tzinfo=UTC)
    meeting: dict[str, Any] = {"day": None, "start_time": None, "end_time": None, "timezone": "UTC"}
    assert schedule.next_occurrence(**meeting, after=now) is None
    assert not schedule.is_in_progress(**meeting, now=now)
    assert not schedule.is_starting_soon(**meeting, now=now)


def test_an_unknown_zone_is_refused_clearly():
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        schedule.zone("Mars/Olympus")
