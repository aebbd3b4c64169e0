"""Meeting search: near a point, filters, order, time of day across midnight and DST, access."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.directory import geo, permissions, queries
from kinship.directory.models import AttendanceOption, CostKind, Visibility
from kinship.directory.queries import MeetingSearch, search_meetings
from kinship.directory.tests.factories import join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
LOOP = (41.8837, -87.6233)
# Tuesday 10 March 2026, 6 pm in Chicago.
TUESDAY_EVENING = datetime(2026, 3, 10, 18, 0, tzinfo=CHICAGO)


def north_of_loop(km: float) -> dict[str, float]:
    return {"latitude": LOOP[0] + km / geo.KM_PER_DEGREE_LATITUDE, "longitude": LOOP[1]}


def slugs(result: queries.MeetingSearchResult) -> list[str]:
    return [hit.meeting.slug for hit in result.hits]


def search(viewer=None, now=TUESDAY_EVENING, **criteria) -> queries.MeetingSearchResult:
    return search_meetings(viewer=viewer, search=MeetingSearch(**criteria), now=now)


def test_nearby_meetings_come_nearest_first_within_the_radius():
    make_meeting(slug="thirty", **north_of_loop(30))
    make_meeting(slug="one", **north_of_loop(1))
    make_meeting(slug="sixty", **north_of_loop(60))
    make_meeting(slug="five", **north_of_loop(5))
    make_meeting(slug="no-coordinates", latitude=None, longitude=None)

    result = search(point=LOOP)

    assert slugs(result) == ["one", "five", "thirty"]
    assert result.count == 3
    assert [round(hit.distance_km or 0) for hit in result.hits] == [1, 5, 30]
    assert slugs(search(point=LOOP, radius_km=10)) == ["one", "five"]
    assert slugs(search(point=LOOP, radius_km=100)) == ["one", "five", "thirty", "sixty"]


def test_the_limit_keeps_the_nearest_and_the_count_keeps_them_all():
    for km in (7, 3, 9, 1):
        make_meeting(slug=f"at-{km}", **north_of_loop(km))
    result = search(point=LOOP, limit=2)
    assert slugs(result) == ["at-1", "at-3"]
    assert result.count == 4


def test_online_meetings_are_not_nearby_venues_unless_asked_for():
    make_meeting(slug="venue", **north_of_loop(2))
    make_meeting(slug="hybrid", attendance_option=AttendanceOption.HYBRID, **north_of_loop(4))
    # Online meetings carry an approximate "origin", never a venue.
    make_meeting(
        slug="online-wednesday",
        attendance_option=AttendanceOption.ONLINE,
        day=3,
        is_approximate=True,
        **north_of_loop(1),
    )
    make_meeting(
        slug="online-tonight",
        attendance_option=AttendanceOption.ONLINE,
        day=2,
        start_time=time(20, 0),
        latitude=None,
        longitude=None,
    )

    assert slugs(search(point=LOOP)) == ["venue", "hybrid"]

    with_online = search(point=LOOP, attendance=("in_person", "hybrid", "online"))
    assert slugs(with_online) == ["venue", "hybrid", "online-tonight", "online-wednesday"]
    assert [hit.distance_km is None for hit in with_online.hits] == [False, False, True, True]
    assert (with_online.count, with_online.venue_count, with_online.online_count) == (4, 2, 2)

    assert slugs(search(point=LOOP, attendance=("online",))) == [
        "online-tonight",
        "online-wednesday",
    ]


def test_inactive_meetings_are_left_out_unless_asked_for():
    make_meeting(slug="active", **north_of_loop(1))
    make_meeting(slug="closed", attendance_option=AttendanceOption.INACTIVE, **north_of_loop(2))
    assert slugs(search(point=LOOP)) == ["active"]
    assert slugs(search()) == ["active"]
    assert slugs(search(point=LOOP, attendance=("inactive",))) == ["closed"]


def test_without_a_point_meetings_come_by_next_start_from_now():
    make_meeting(slug="tuesday-noon", day=2, start_time=time(12, 0))  # next week
    make_meeting(slug="tuesday-evening", day=2, start_time=time(19, 0))  # in an hour
    make_meeting(slug="wednesday", day=3, start_time=time(7, 0))
    make_meeting(slug="by-appointment", day=None, start_time=None)
    # 7:30 pm in New York is 6:30 pm in Chicago: sooner than Chicago's 7 pm.
    make_meeting(slug="new-york", day=2, start_time=time(19, 30), timezone="America/New_York")

    result = search()

    assert slugs(result) == [
        "new-york",
        "tuesday-evening",
        "wednesday",
        "tuesday-noon",
        "by-appointment",
    ]
    first = result.hits[0]
    assert first.next_start == datetime(2026, 3, 10, 19, 30, tzinfo=ZoneInfo("America/New_York"))
    assert first.next_end == datetime(2026, 3, 10, 20, 0, tzinfo=ZoneInfo("America/New_York"))
    assert result.hits[-1].next_start is None
    assert slugs(search(limit=2)) == ["new-york", "tuesday-evening"]
    assert search(limit=2).count == 5


def test_days_and_start_time_window_use_the_meetings_local_time():
    make_meeting(slug="mon-7pm", day=1, start_time=time(19, 0))
    make_meeting(slug="tue-7pm", day=2, start_time=time(19, 0))
    make_meeting(slug="tue-9am", day=2, start_time=time(9, 0))
    make_meeting(slug="tue-11pm", day=2, start_time=time(23, 0))
    make_meeting(slug="tue-1am", day=2, start_time=time(1, 0))
    make_meeting(slug="tue-7pm-london", day=2, start_time=time(19, 0), timezone="Europe/London")

    def found(**criteria):
        return set(slugs(search(point=LOOP, limit=50, **criteria)))

    assert found(days=(2,)) == {"tue-7pm", "tue-9am", "tue-11pm", "tue-1am", "tue-7pm-london"}
    assert found(days=(1, 2), starts_after=time(18, 0), starts_before=time(20, 0)) == {
        "mon-7pm",
        "tue-7pm",
        "tue-7pm-london",
    }
    assert found(starts_after=time(19, 0)) == {"mon-7pm", "tue-7pm", "tue-11pm", "tue-7pm-london"}
    assert found(starts_before=time(19, 0)) == {"tue-9am", "tue-1am"}
    # A night window wraps midnight.
    assert found(starts_after=time(22, 0), starts_before=time(2, 0)) == {"tue-11pm", "tue-1am"}


def test_every_requested_type_must_match():
    make_meeting(slug="open-dd", types=",DD,O,")
    make_meeting(slug="closed-dd-women", types=",C,DD,W,")
    make_meeting(slug="open", types=",O,")
    make_meeting(slug="odd-code", types=",ODD,")  # "DD" inside another code is no match

    def found(*types):
        return set(slugs(search(point=LOOP, types=types)))

    assert found("DD") == {"open-dd", "closed-dd-women"}
    assert found("DD", "O") == {"open-dd"}
    assert found("DD", "W", "C") == {"closed-dd-women"}
    assert found("NOSUCHCODE") == set()


def test_language_matches_the_groups_languages_or_the_language_type():
    spanish_group = make_group(languages=",en,es,")
    make_meeting(slug="group-speaks-spanish", group=spanish_group, types=",O,")
    make_meeting(slug="typed-spanish", types=",O,S,")
    make_meeting(slug="english", types=",O,")
    assert set(slugs(search(point=LOOP, language="es"))) == {
        "group-speaks-spanish",
        "typed-spanish",
    }
    assert set(slugs(search(point=LOOP, language="ES"))) == {
        "group-speaks-spanish",
        "typed-spanish",
    }


def test_focus_and_cost_come_from_the_group():
    family = make_group(focus=",family,grief,", cost=CostKind.DONATION)
    make_meeting(slug="family", group=family)
    make_meeting(slug="dual", group=make_group(focus=",dual_diagnosis,"))
    make_meeting(slug="imported", group=None)
    assert slugs(search(point=LOOP, focus="grief")) == ["family"]
    assert slugs(search(point=LOOP, focus="dual_diagnosis")) == ["dual"]
    assert slugs(search(point=LOOP, cost=CostKind.DONATION)) == ["family"]
    assert slugs(search(point=LOOP, cost=CostKind.FREE)) == ["dual"]


def test_an_overnight_meeting_is_in_progress_after_midnight_and_the_next_is_starting_soon():
    make_meeting(slug="friday-late", day=5, start_time=time(23, 30), end_time=time(0, 30))
    make_meeting(slug="saturday-early", day=6, start_time=time(1, 0), end_time=time(2, 0))
    make_meeting(slug="saturday-noon", day=6, start_time=time(12, 0))
    just_after_midnight = datetime(2026, 3, 14, 0, 15, tzinfo=CHICAGO)  # Saturday

    in_progress = search(point=LOOP, in_progress=True, now=just_after_midnight)
    assert slugs(in_progress) == ["friday-late"]
    assert in_progress.hits[0].next_start == datetime(2026, 3, 13, 23, 30, tzinfo=CHICAGO)
    assert in_progress.hits[0].next_end == datetime(2026, 3, 14, 0, 30, tzinfo=CHICAGO)

    assert slugs(search(point=LOOP, starting_soon=True, now=just_after_midnight)) == [
        "saturday-early"
    ]
    friday_late_evening = datetime(2026, 3, 13, 22, 0, tzinfo=CHICAGO)
    assert slugs(search(starting_soon=True, now=friday_late_evening)) == ["friday-late"]


def test_starting_soon_counts_real_time_across_the_spring_change():
    # Sunday 8 March 2026, 01:30 CST; at 02:00 clocks jump to 03:00.
    before_the_change = datetime(2026, 3, 8, 1, 30, tzinfo=CHICAGO)
    make_meeting(slug="at-4-15", day=0, start_time=time(4, 15))  # 1 h 45 min away
    make_meeting(slug="at-4-45", day=0, start_time=time(4, 45))  # 2 h 15 min away
    result = search(starting_soon=True, now=before_the_change)
    assert slugs(result) == ["at-4-15"]
    assert result.hits[0].next_start is not None
    assert result.hits[0].next_start - before_the_change == (
        datetime(2026, 3, 8, 4, 15, tzinfo=CHICAGO) - before_the_change
    )


def test_starting_soon_works_for_zones_far_from_utc():
    auckland = ZoneInfo("Pacific/Auckland")
    make_meeting(slug="auckland-morning", day=3, start_time=time(7, 0), timezone="Pacific/Auckland")
    # Wednesday 06:00 in Auckland is Tuesday in UTC.
    now = datetime(2026, 3, 11, 6, 0, tzinfo=auckland)
    assert slugs(search(starting_soon=True, now=now)) == ["auckland-morning"]


def test_members_only_groups_meetings_are_hidden_from_visitors():
    private = make_group(visibility=Visibility.MEMBERS)
    make_meeting(slug="members-only", group=private, **north_of_loop(1))
    make_meeting(slug="public", **north_of_loop(2))
    make_meeting(slug="switched-off", is_active=False, **north_of_loop(3))
    make_meeting(slug="closed-group", group=make_group(is_active=False), **north_of_loop(4))
    member = make_user()

    assert slugs(search(point=LOOP)) == ["public"]
    assert slugs(search()) == ["public"]
    assert slugs(search(viewer=member, point=LOOP)) == ["members-only", "public"]


def test_search_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    for number in range(30):
        make_meeting(
            slug=f"venue-{number}",
            start_time=time(8 + number % 12, 0),
            **north_of_loop(number),
        )
        make_meeting(
            slug=f"online-{number}",
            attendance_option=AttendanceOption.ONLINE,
            day=number % 7,
            start_time=time(number % 24, 0),
        )
    everything = ("in_person", "hybrid", "online")
    with django_assert_max_num_queries(4):
        result = search(point=LOOP, attendance=everything, limit=100, types=("DD",))
    assert result.count == 60
    with django_assert_max_num_queries(2):
        assert len(search(limit=100).hits) == 60
    with django_assert_max_num_queries(2):
        assert search(point=LOOP, starting_soon=True).count >= 1


@pytest.mark.parametrize(
    ("role", "membership"),
    [
        (None, None),
        (Role.MEMBER, None),
        (Role.MEMBER, "active"),
        (Role.MEMBER, "pending"),
        (Role.PEER_SUPPORTER, None),
        (Role.FACILITATOR, "active"),
        (Role.MODERATOR, None),
        (Role.COORDINATOR, None),
        (Role.ADMIN, None),
    ],
)
def test_online_link_visibility_in_bulk_agrees_with_the_permission(role, membership):
    group = make_group()
    other_group = make_group()
    viewer = make_user(role=role) if role else None
    if viewer is not None and membership:
        join_group(viewer, group, status=membership)
    meetings = [
        make_meeting(group=group, is_link_members_only=True, conference_url="https://zoom.us/j/1"),
        make_meeting(group=other_group, is_link_members_only=True),
        make_meeting(group=group, is_link_members_only=False),
        make_meeting(group=None, is_link_members_only=True),
    ]
    expected = {m.pk for m in meetings if permissions.can_see_online_link(viewer, m)}
    assert queries.online_link_visible_ids(viewer=viewer, meetings=meetings) == expected


def test_group_list_filters_and_counts_active_meetings():
    grief = make_group(slug="grief", name="A grief circle", focus=",grief,", languages=",es,")
    make_group(slug="dual", name="B dual", focus=",dual_diagnosis,", cost=CostKind.DONATION)
    make_group(slug="private", name="C private", visibility=Visibility.MEMBERS)
    make_meeting(group=grief)
    make_meeting(group=grief, is_active=False)

    visible = list(queries.list_groups(viewer=None))
    assert [group.slug for group in visible] == ["grief", "dual"]
    assert visible[0].meeting_count == 1  # type: ignore[attr-defined]
    assert [g.slug for g in queries.list_groups(viewer=None, focus="grief")] == ["grief"]
    assert [g.slug for g in queries.list_groups(viewer=None, language="es")] == ["grief"]
    assert [g.slug for g in queries.list_groups(viewer=None, cost="donation")] == ["dual"]
    assert len(queries.list_groups(viewer=make_user())) == 3
