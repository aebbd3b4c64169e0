"""`ago` says what Django's `timesince` (depth 1) says, in the largest whole unit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils.timesince import timesince
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from kinship.forums.timing import ago

# Hypothesis takes naive bounds and adds the zone itself.
_MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@settings(max_examples=400, deadline=None)
@given(moment=_MOMENTS, seconds=st.integers(min_value=60, max_value=12 * 366 * 24 * 3600))
def test_ago_matches_timesince_in_english_and_spanish(moment: datetime, seconds: int) -> None:
    now = moment + timedelta(seconds=seconds)
    for language, template in (("en", "{} ago"), ("es", "hace {}")):
        with override(language):
            assert ago(moment, now) == template.format(timesince(moment, now=now, depth=1))


def test_under_a_minute_is_just_now() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert ago(now - timedelta(seconds=59), now) == "just now"
    assert ago(now + timedelta(minutes=5), now) == "just now"  # a clock a little ahead
    assert ago(None) == ""


def test_calendar_months_and_years() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert ago(datetime(2026, 2, 2, 12, 0, tzinfo=UTC), now) == "3\xa0weeks ago"
    assert ago(datetime(2026, 1, 31, 12, 0, tzinfo=UTC), now) == "1\xa0month ago"
    assert ago(datetime(2026, 1, 1, 12, 0, tzinfo=UTC), now) == "2\xa0months ago"
    assert ago(datetime(2024, 2, 29, 12, 0, tzinfo=UTC), now) == "2\xa0years ago"
