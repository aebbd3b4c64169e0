"""Weekly recurrence in the meeting's own time zone.

Times are local wall-clock times with an IANA zone, expanded with `zoneinfo` on each date,
so a 7 pm meeting stays at 7 pm local across daylight-saving changes. `day` is 0 (Sunday)
to 6. An end at or before the start is on the next day; no end means 60 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")
DEFAULT_DURATION = timedelta(minutes=60)
# "In progress" starts this long after the start (TSML UI's grace), so a person arriving
# just after the start still sees the meeting as starting soon.
IN_PROGRESS_GRACE = timedelta(minutes=10)


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime

    @property
    def local_date(self) -> date:
        return self.start.date()


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`; ValueError with a clear message when it does not exist."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def sunday_weekday(moment: date) -> int:
    """0 = Sunday ... 6 = Saturday (Python's weekday() has Monday = 0)."""
    return (moment.weekday() + 1) % 7


def duration(start_time: time, end_time: time | None) -> timedelta:
    if end_time is None:
        return DEFAULT_DURATION
    start_minutes = start_time.hour * 60 + start_time.minute
    end_minutes = end_time.hour * 60 + end_time.minute
    if end_minutes <= start_minutes:
        end_minutes += 24 * 60
    return timedelta(minutes=end_minutes - start_minutes)


def _instant(moment: datetime) -> datetime:
    """`moment` in UTC. Python compares and adds aware datetimes that share a tzinfo by wall
    clock (ignoring the offset), which is wrong across a DST change; in UTC it is not."""
    return moment.astimezone(UTC)


def occurrence_on(
    *, local_date: date, start_time: time, end_time: time | None, timezone: str
) -> Occurrence:
    """The occurrence that starts on `local_date` in the meeting's zone.

    A start time that does not exist that day (skipped by a spring-forward change) is
    moved forward by the gap, as clocks are; an ambiguous one takes the first instant.
    """
    tz = zone(timezone)
    naive_start = datetime.combine(local_date, start_time)
    start = naive_start.replace(tzinfo=tz)
    # Round-trip through UTC: a non-existent wall time comes back shifted by the gap.
    start = start.astimezone(UTC).astimezone(tz)
    naive_end = naive_start + duration(start_time, end_time)
    end = naive_end.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    if _instant(end) <= _instant(start):
        end = (_instant(start) + duration(start_time, end_time)).astimezone(tz)
    return Occurrence(start=start, end=end)


def next_occurrence(
    *,
    day: int | None,
    start_time: time | None,
    end_time: time | None,
    timezone: str,
    after: datetime,
    include_in_progress: bool = False,
) -> Occurrence | None:
    """The first occurrence starting at or after `after` (or still running, if asked).

    None for a meeting by appointment (no day or no time).
    """
    if day is None or start_time is None:
        return None
    tz = zone(timezone)
    after = _instant(after)
    local_now = after.astimezone(tz)
    # Start a day early so an overnight meeting that began yesterday is seen as running.
    first = local_now.date() - timedelta(days=1)
    offset = (day - sunday_weekday(first)) % 7
    candidate_date = first + timedelta(days=offset)
    for _week in range(3):
        occurrence = occurrence_on(
            local_date=candidate_date, start_time=start_time, end_time=end_time, timezone=timezone
        )
        start, end = _instant(occurrence.start), _instant(occurrence.end)
        if start >= after or (include_in_progress and end > after):
            return occurrence
        candidate_date += timedelta(days=7)
    raise AssertionError("a weekly meeting always recurs within three weeks")  # pragma: no cover


def is_in_progress(
    *, day: int | None, start_time: time | None, end_time: time | None, timezone: str, now: datetime
) -> bool:
    """Started more than the grace period ago and not yet ended."""
    now = _instant(now)
    running = next_occurrence(
        day=day,
        start_time=start_time,
        end_time=end_time,
        timezone=timezone,
        after=now,
        include_in_progress=True,
    )
    if running is None:
        return False
    return _instant(running.start) + IN_PROGRESS_GRACE <= now < _instant(running.end)


def is_starting_soon(
    *,
    day: int | None,
    start_time: time | None,
    end_time: time | None,
    timezone: str,
    now: datetime,
    within: timedelta = timedelta(hours=2),
) -> bool:
    """Starts within `within` from now, or started less than the grace period ago."""
    now = _instant(now)
    upcoming = next_occurrence(
        day=day,
        start_time=start_time,
        end_time=end_time,
        timezone=timezone,
        after=now - IN_PROGRESS_GRACE,
    )
    return upcoming is not None and _instant(upcoming.start) <= now + within
