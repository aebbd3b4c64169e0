"""The "find a meeting" page: a GET form that works without JavaScript, plus htmx."""

from __future__ import annotations

from datetime import time

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from kinship.accounts.tests.factories import make_user
from kinship.directory.models import AttendanceOption, Visibility
from kinship.directory.tests.factories import make_group, make_meeting

pytestmark = pytest.mark.django_db

URL = "/meetings/"


@pytest.fixture
def meetings():
    """Near ZIP 60601 (the Loop), a few miles away, in Denver, and online."""
    return {
        "loop": make_meeting(name="Loop Circle", slug="loop", latitude=41.8857, longitude=-87.6229),
        "north": make_meeting(
            name="Lakeview Circle",
            slug="north",
            latitude=41.9400,
            longitude=-87.6500,
            types=",DD,S,",
        ),
        "denver": make_meeting(
            name="Denver Circle",
            slug="denver",
            latitude=39.7392,
            longitude=-104.9903,
            timezone="America/Denver",
        ),
        "online": make_meeting(
            name="Online Owls",
            slug="online",
            is_approximate=True,
            attendance_option=AttendanceOption.ONLINE,
            conference_url="https://zoom.us/j/5550100666",
            day=5,
            start_time=time(23, 30),
            end_time=time(0, 30),
        ),
    }


def names(html: str, meetings) -> list[str]:
    found = [(html.find(f">{meeting.name}</a>"), meeting.name) for meeting in meetings.values()]
    return [name for index, name in sorted(found) if index >= 0]


def test_search_page_works_without_a_search_and_lists_meetings(client: Client, meetings):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert set(names(html, meetings)) == {m.name for m in meetings.values()}
    assert "soonest first" in html
    assert 'hx-get="/meetings/"' in html
    assert "Times are each meeting's own local time." in html


def test_search_by_zip_lists_nearby_meetings_nearest_first_in_miles(client: Client, meetings):
    html = client.get(URL, {"near": "60601", "radius": "25", "unit": "mi"}).content.decode()

    assert names(html, meetings) == ["Loop Circle", "Lakeview Circle"]
    assert "miles away" in html
    assert "2 meetings near" in html
    assert "GeoNames" not in html  # a ZIP code, not a GeoNames place


def test_distance_in_kilometres_when_chosen(client: Client, meetings):
    html = client.get(URL, {"near": "60601", "unit": "km", "radius": "10"}).content.decode()

    assert "km away" in html
    assert "miles away" not in html


def test_online_meetings_are_included_only_when_asked(client: Client, meetings):
    query = {"near": "60601", "attendance": ["in_person", "hybrid", "online"]}

    html = client.get(URL, query).content.decode()

    assert names(html, meetings) == ["Loop Circle", "Lakeview Circle", "Online Owls"]


def test_type_filters_narrow_the_list(client: Client, meetings):
    html = client.get(URL, {"near": "60601", "types": ["DD", "S"]}).content.decode()

    assert names(html, meetings) == ["Lakeview Circle"]


def test_browser_location_is_used_when_given(client: Client, meetings):
    html = client.get(URL, {"lat": "39.74", "lng": "-104.99"}).content.decode()

    assert names(html, meetings) == ["Denver Circle"]
    assert "Using where you are now" in html


def test_city_name_shows_the_geonames_attribution(client: Client, meetings):
    html = client.get(URL, {"near": "Denver, CO"}).content.decode()

    assert names(html, meetings) == ["Denver Circle"]
    assert "GeoNames" in html


def test_ambiguous_place_offers_did_you_mean_links(client: Client, meetings):
    html = client.get(URL, {"near": "Springfield", "unit": "km"}).content.decode()

    assert "Did you mean:" in html
    assert '<a href="?near=Springfield%2C+IL%2C+US&amp;unit=km">Springfield, IL, US</a>' in html
    assert "Springfield, MA, US" in html


def test_unknown_place_says_what_to_try(client: Client, meetings):
    html = client.get(URL, {"near": "Nowhereville Zzz"}).content.decode()

    assert "We could not find that place." in html


def test_htmx_request_gets_only_the_results(client: Client, meetings):
    response = client.get(URL, {"near": "60601"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="search-results"')
    assert "<html" not in html
    assert "Loop Circle" in html


def test_members_only_meetings_are_not_found_by_visitors(client: Client):
    hidden = make_meeting(
        name="Private Circle", group=make_group(visibility=Visibility.MEMBERS), slug="private"
    )

    assert hidden.name not in client.get(URL).content.decode()
    member_client = Client()
    member_client.force_login(make_user())
    assert hidden.name in member_client.get(URL).content.decode()


def test_signed_in_member_sees_the_meeting_time_and_their_own(meetings):
    member_client = Client()
    member_client.force_login(make_user(time_zone="America/New_York"))

    html = member_client.get(URL, {"near": "60601"}).content.decode()

    assert "Central Time (America/Chicago)" in html
    assert "Your time:" in html
    assert "Eastern Time (America/New_York)" in html


def test_search_page_is_small(client: Client, meetings):
    response = client.get(URL, {"near": "60601"})
    stylesheet = finders.find("web/kinship.css")
    script = finders.find("directory/search.js")

    assert stylesheet is not None
    assert script is not None
    with open(stylesheet, "rb") as css, open(script, "rb") as js:
        total = len(response.content) + len(css.read()) + len(js.read())
    assert total < 50_000


@pytest.mark.parametrize("size", [2, 12])
def test_search_query_count_does_not_grow(client: Client, assert_queries_at_most, size):
    for number in range(size):
        make_meeting(
            slug=f"near-{number}",
            latitude=41.88 + number / 1000,
            longitude=-87.62,
            start_time=time(8 + number % 12),
        )
    member_client = Client()
    member_client.force_login(make_user())

    with assert_queries_at_most(8):
        response = member_client.get(URL, {"near": "60601"})

    assert response.content.decode().count("dir-card") >= size


def test_nav_groups_link_opens_the_search(client: Client):
    html = client.get(reverse("home")).content.decode()

    assert f'href="{URL}"' in html
    assert ">Groups</span>" in html
