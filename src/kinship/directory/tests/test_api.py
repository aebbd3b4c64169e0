"""The directory API through the test client: search, meeting, groups, errors, access."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from kinship.accounts import actions as account_actions
from kinship.accounts.tests.factories import make_user
from kinship.directory import geo
from kinship.directory.models import AttendanceOption, Visibility
from kinship.directory.tests.factories import join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
LOOP = (41.8837, -87.6233)
TUESDAY_EVENING = datetime(2026, 3, 10, 18, 0, tzinfo=CHICAGO)


@pytest.fixture(autouse=True)
def _fixed_now():
    with mock.patch("django.utils.timezone.now", return_value=TUESDAY_EVENING):
        yield


def north_of_loop(km: float) -> dict[str, float]:
    return {"latitude": LOOP[0] + km / geo.KM_PER_DEGREE_LATITUDE, "longitude": LOOP[1]}


def get(path: str, client: Client | None = None, **params: Any) -> Any:
    return (client or Client()).get(f"/api/v1{path}", params)


def test_visitors_search_meetings_near_coordinates():
    group = make_group(slug="riverside", name="Riverside Dual Recovery")
    make_meeting(slug="far", **north_of_loop(20))
    make_meeting(
        slug="near",
        group=group,
        name="Tuesday Evening Circle",
        types=",DD,O,",
        end_time=time(20, 30),
        **north_of_loop(2),
    )

    response = get("/meetings/search", lat=LOOP[0], lng=LOOP[1])

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [result["slug"] for result in body["results"]] == ["near", "far"]
    near = body["results"][0]
    assert near["name"] == "Tuesday Evening Circle"
    assert (near["day"], near["time"], near["end_time"]) == (2, "19:00", "20:30")
    assert near["timezone"] == "America/Chicago"
    assert near["attendance_option"] == "in_person"
    assert near["distance_km"] == pytest.approx(2, abs=0.01)
    assert near["next_start"] == "2026-03-10T19:00:00-05:00"
    assert near["next_end"] == "2026-03-10T20:30:00-05:00"
    assert near["group"] == {"slug": "riverside", "name": "Riverside Dual Recovery"}
    assert near["types"] == ["DD", "O"]
    assert near["formatted_address"] == "100 Example Ave, Chicago, IL 60601, USA"
    assert body["place"] is None


def test_search_near_a_zip_code_or_a_city():
    make_meeting(slug="loop")
    by_zip = get("/meetings/search", near="60601").json()
    assert by_zip["place"] == "Chicago, IL 60601"
    assert [result["slug"] for result in by_zip["results"]] == ["loop"]
    assert by_zip["attribution"] is None

    by_city = get("/meetings/search", near="Chicago, IL").json()
    assert [result["slug"] for result in by_city["results"]] == ["loop"]
    assert "GeoNames" in by_city["attribution"]


def test_an_ambiguous_place_lists_the_candidates():
    response = get("/meetings/search", near="Springfield")
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["query", "near"]
    assert "Springfield, IL, US" in problem["msg"]
    assert {"Springfield, IL", "Springfield, MO"} <= {c["near"] for c in problem["candidates"]}
    populations = [candidate["population"] for candidate in problem["candidates"]]
    assert populations == sorted(populations, reverse=True)


def test_an_unknown_place_is_a_clear_error():
    response = get("/meetings/search", near="Atlantis, ZZ")
    assert response.status_code == 422
    assert "No place called 'Atlantis, ZZ'" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"lat": 91, "lng": 0}, "lat", "less than or equal to 90"),
        ({"lat": 10}, "lng", "Give both lat and lng"),
        ({"lat": 41, "lng": -87, "radius_km": -1}, "radius_km", "greater than 0"),
        ({"lat": 41, "lng": -87, "radius_km": 5000}, "radius_km", "less than or equal to 500"),
        ({"day": "9"}, "day", "'9' is not a day"),
        ({"day": "1,mon"}, "day", "'mon' is not a day"),
        ({"starts_after": "25:00"}, "starts_after", "'25:00' is not a time"),
        ({"starts_before": "7pm"}, "starts_before", "'7pm' is not a time"),
        ({"attendance": "zoom"}, "attendance", "'zoom' is not one of"),
        ({"focus": "astrology"}, "focus", "Input should be"),
        ({"limit": 1000}, "limit", "less than or equal to 100"),
        ({"limit": 0}, "limit", "greater than or equal to 1"),
    ],
)
def test_bad_search_input_is_refused_with_a_clear_message(params, field, message):
    response = get("/meetings/search", **params)
    assert response.status_code == 422
    problems = response.json()["detail"]
    assert any(p["loc"][-1] == field and message in p["msg"] for p in problems), problems


def test_an_unknown_type_code_finds_nothing_rather_than_failing():
    make_meeting()
    response = get("/meetings/search", types="NOSUCHCODE")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "results": [], "place": None, "attribution": None}


def test_filters_combine_days_times_types_attendance_and_accept_lists():
    make_meeting(slug="tue-7pm-dd", day=2, start_time=time(19, 0), types=",DD,O,")
    make_meeting(slug="wed-7pm-dd", day=3, start_time=time(19, 0), types=",DD,")
    make_meeting(slug="tue-9am-dd", day=2, start_time=time(9, 0), types=",DD,")
    make_meeting(slug="tue-7pm-open", day=2, start_time=time(19, 0), types=",O,")
    make_meeting(
        slug="online-tue",
        day=2,
        start_time=time(19, 30),
        attendance_option=AttendanceOption.ONLINE,
        types=",DD,",
    )

    def found(**params: Any) -> list[str]:
        body = get("/meetings/search", **params).json()
        return [result["slug"] for result in body["results"]]

    assert found(day=["2", "3"], starts_after="18:00", types="DD", attendance="in_person") == [
        "tue-7pm-dd",
        "wed-7pm-dd",
    ]
    assert found(day="2,3", starts_after="18:00", types="DD,O") == ["tue-7pm-dd"]
    # Near a point, online meetings come only when asked for, after the venues.
    assert found(lat=LOOP[0], lng=LOOP[1], day="2", starts_after="18:00", types="DD") == [
        "tue-7pm-dd"
    ]
    assert found(
        lat=LOOP[0],
        lng=LOOP[1],
        day="2",
        starts_after="18:00",
        types="DD",
        attendance="in_person,online",
    ) == ["tue-7pm-dd", "online-tue"]


def test_starting_soon_and_in_progress_filters():
    make_meeting(slug="tonight", day=2, start_time=time(19, 0))
    make_meeting(slug="running", day=2, start_time=time(17, 30), end_time=time(18, 30))
    make_meeting(slug="tomorrow", day=3, start_time=time(19, 0))
    soon = get("/meetings/search", starting_soon="true").json()
    assert [result["slug"] for result in soon["results"]] == ["tonight"]
    running = get("/meetings/search", in_progress="true").json()
    assert [result["slug"] for result in running["results"]] == ["running"]
    assert running["results"][0]["next_start"] == "2026-03-10T17:30:00-05:00"


def test_approximate_locations_hide_the_street_address_and_point():
    make_meeting(
        slug="approximate",
        attendance_option=AttendanceOption.ONLINE,
        is_approximate=True,
        formatted_address="Chicago, IL, USA",
        conference_url="https://zoom.us/j/123456",
    )
    result = get("/meetings/approximate").json()
    assert result["formatted_address"] is None
    assert (result["latitude"], result["longitude"]) == (None, None)
    assert result["city"] == "Chicago"
    assert result["conference_url"] == "https://zoom.us/j/123456"
    assert result["has_online_link"] is True


def test_members_only_links_are_shown_to_members_of_the_group_only():
    group = make_group()
    make_meeting(
        slug="guarded",
        group=group,
        is_link_members_only=True,
        attendance_option=AttendanceOption.HYBRID,
        conference_url="https://zoom.us/j/999999",
        conference_phone="+1 312 555 0100",
    )
    member = make_user()
    join_group(member, group)
    _token, secret = account_actions.create_token(user=member, name="tests")
    outsider_client = Client()
    outsider_client.force_login(make_user())

    anonymous = get("/meetings/guarded").json()
    assert anonymous["has_online_link"] is True
    assert anonymous["conference_url"] is None
    assert anonymous["conference_phone"] is None
    assert get("/meetings/guarded", outsider_client).json()["conference_url"] is None
    as_member = Client(headers={"Authorization": f"Bearer {secret}"})
    assert (
        get("/meetings/guarded", as_member).json()["conference_url"] == "https://zoom.us/j/999999"
    )
    searched = get("/meetings/search", as_member, attendance="hybrid").json()
    assert searched["results"][0]["conference_phone"] == "+1 312 555 0100"


def test_members_only_groups_are_invisible_to_visitors_and_visible_to_members():
    private = make_group(slug="private", visibility=Visibility.MEMBERS)
    make_meeting(slug="private-meeting", group=private)
    signed_in = Client()
    signed_in.force_login(make_user())

    assert get("/meetings/private-meeting").status_code == 404
    assert get("/groups/private").status_code == 404
    assert get("/meetings/search").json()["count"] == 0
    assert get("/groups").json()["count"] == 0

    assert get("/meetings/private-meeting", signed_in).status_code == 200
    assert get("/groups/private", signed_in).status_code == 200
    assert get("/meetings/search", signed_in).json()["count"] == 1
    assert get("/groups", signed_in).json()["count"] == 1


def test_a_wrong_token_is_refused_not_treated_as_a_visitor():
    response = get("/meetings/search", Client(headers={"Authorization": "Bearer kin_nope"}))
    assert response.status_code == 401


def test_a_missing_meeting_or_group_is_404():
    assert get("/meetings/no-such-meeting").status_code == 404
    assert get("/groups/no-such-group").status_code == 404


def test_group_detail_lists_its_meetings_by_next_start():
    group = make_group(slug="riverside", name="Riverside", languages=",en,es,", focus=",trauma,")
    make_meeting(slug="wednesday", group=group, day=3)
    make_meeting(slug="tonight", group=group, day=2)
    make_meeting(slug="elsewhere")

    body = get("/groups/riverside").json()

    assert body["name"] == "Riverside"
    assert body["languages"] == ["en", "es"]
    assert body["focus"] == ["trauma"]
    assert body["meeting_count"] == 2
    assert [meeting["slug"] for meeting in body["meetings"]] == ["tonight", "wednesday"]


def test_group_list_filters_and_pages(django_assert_max_num_queries):
    for number in range(5):
        group = make_group(slug=f"g{number}", name=f"Group {number}", focus=",grief,")
        make_meeting(group=group)
    make_group(slug="other", name="Other", focus=",trauma,")

    with django_assert_max_num_queries(2):
        page = get("/groups", focus="grief", limit=2, offset=2).json()
    assert page["count"] == 5
    assert [group["slug"] for group in page["results"]] == ["g2", "g3"]
    assert page["results"][0]["meeting_count"] == 1


def test_search_answers_in_constant_queries_with_members_only_links(
    django_assert_max_num_queries,
):
    member = make_user()
    member_client = Client()
    member_client.force_login(member)
    for number in range(12):
        group = make_group()
        join_group(member, group)
        make_meeting(
            group=group,
            is_link_members_only=True,
            conference_url="https://zoom.us/j/1234567",
            attendance_option=AttendanceOption.HYBRID,
            **north_of_loop(number),
        )
    # Session and user lookups, then the search (2) and the link check (1).
    with django_assert_max_num_queries(6):
        body = get("/meetings/search", member_client, lat=LOOP[0], lng=LOOP[1]).json()
    assert body["count"] == 12
    assert all(result["conference_url"] for result in body["results"])
