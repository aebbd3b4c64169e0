"""My meetings, the calendar link, proof of attendance, and list pages' query counts."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.directory import actions
from kinship.directory.models import (
    Attendance,
    CalendarToken,
    CheckInMethod,
    MembershipRole,
    MembershipStatus,
    Rsvp,
    SavedMeeting,
)
from kinship.directory.tests.factories import join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return make_user(handle="marisol")


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


def give_history(member, count: int) -> None:
    """`count` groups, each with a saved meeting, an RSVP and a membership."""
    for number in range(count):
        group = make_group(slug=f"circle-{number}")
        join_group(member, group)
        meeting = make_meeting(group=group, slug=f"circle-{number}-tuesday")
        SavedMeeting.objects.create(meeting=meeting, user=member)
        Rsvp.objects.create(meeting=meeting, user=member, occurrence_date=date(2099, 1, 6))


def test_my_meetings_lists_saved_meetings_rsvps_and_groups(member_client, member):
    give_history(member, 2)
    pending_group = make_group(slug="waiting-room", name="Waiting Room")
    join_group(member, pending_group, status=MembershipStatus.PENDING)

    html = member_client.get(reverse("directory:my-meetings")).content.decode()

    assert "Only you can see this page." in html
    assert html.count("/meetings/circle-0-tuesday/") >= 2
    assert "Meeting time:" in html
    assert "Waiting Room</a> (waiting for approval)" in html
    assert "Make my calendar link" in html


def test_my_meetings_needs_sign_in(client):
    response = client.get(reverse("directory:my-meetings"))

    assert response.status_code == 302


def test_calendar_link_is_shown_once_and_can_be_renewed_or_turned_off(member_client, member):
    response = member_client.post(reverse("directory:calendar-link-create"))
    html = response.content.decode()
    token = CalendarToken.objects.get(user=member)
    (secret,) = set(re.findall(r"/calendar/([\w-]+)\.ics", html))
    assert token.digest == actions.calendar_digest(secret)
    assert "We show it only once." in html
    assert "webcal://" in html

    later = member_client.get(reverse("directory:my-meetings")).content.decode()
    assert secret not in later
    assert "Your calendar link is on." in later

    member_client.post(reverse("directory:calendar-link-create"))
    assert member_client.get(reverse("directory:calendar-feed", args=[secret])).status_code == 404
    member_client.post(reverse("directory:calendar-link-revoke"))
    assert not CalendarToken.objects.filter(user=member, revoked_at__isnull=True).exists()


def test_proof_of_attendance_lists_only_my_own_attendance(member_client, member):
    group = make_group(name="Maple Circle")
    meeting = make_meeting(group=group, name="Tuesday Circle")
    other_meeting = make_meeting(group=group, name="Secret Other Circle")
    someone_else = make_user(handle="someone-else")
    Attendance.objects.create(
        meeting=meeting, user=member, occurrence_date=date(2026, 3, 3), method=CheckInMethod.SELF
    )
    Attendance.objects.create(
        meeting=meeting,
        user=member,
        occurrence_date=date(2026, 3, 10),
        method=CheckInMethod.FACILITATOR,
    )
    Attendance.objects.create(
        meeting=other_meeting,
        user=someone_else,
        occurrence_date=date(2026, 3, 3),
        method=CheckInMethod.SELF,
    )
    Attendance.objects.create(
        meeting=meeting, user=member, occurrence_date=date(2025, 1, 7), method=CheckInMethod.SELF
    )
    query = {"start": "2026-03-01", "end": "2026-03-31"}

    html = member_client.get(reverse("directory:proof-of-attendance"), query).content.decode()
    download = member_client.get(
        reverse("directory:proof-of-attendance"), {**query, "format": "csv"}
    )

    assert "Proof of attendance" in html
    assert "Kinship" in html  # the organisation's name
    assert "Meetings that marisol went to from March 1, 2026 to March 31, 2026" in html
    assert html.count("Tuesday Circle") == 2
    assert "Checked in themselves" in html
    assert "Marked by a facilitator" in html
    assert "Secret Other Circle" not in html
    assert "2 meetings in total." in html
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["Organization", "Kinship"]
    assert rows[1] == ["Member", "marisol"]
    assert rows[5:] == [
        ["2026-03-03", "Tuesday Circle", "Maple Circle", "Checked in themselves"],
        ["2026-03-10", "Tuesday Circle", "Maple Circle", "Marked by a facilitator"],
    ]


def test_proof_of_attendance_refuses_a_backwards_range(member_client):
    response = member_client.get(
        reverse("directory:proof-of-attendance"),
        {"start": "2026-03-31", "end": "2026-03-01", "format": "csv"},
    )

    assert response["Content-Type"].startswith("text/html")
    assert "The end date must be on or after the start date." in response.content.decode()


def test_spreadsheet_cells_cannot_run_as_formulas(member_client, member):
    meeting = make_meeting(name="=HYPERLINK(1)")
    Attendance.objects.create(
        meeting=meeting, user=member, occurrence_date=date(2026, 3, 3), method=CheckInMethod.SELF
    )

    download = member_client.get(
        reverse("directory:proof-of-attendance"),
        {"start": "2026-03-01", "end": "2026-03-31", "format": "csv"},
    )

    assert "'=HYPERLINK(1)" in download.content.decode()


# Query counts: constant whatever the list's size -------------------------------------------


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", [1, 8])
def test_groups_list_query_count_does_not_grow(client, assert_queries_at_most, size):
    for number in range(size):
        group = make_group(slug=f"circle-{number}")
        make_meeting(group=group)

    with assert_queries_at_most(4):
        response = client.get(reverse("directory:group-list"))

    assert response.content.decode().count('class="card card--link"') == size


@pytest.mark.parametrize("size", [1, 8])
def test_my_meetings_query_count_does_not_grow(member_client, member, assert_queries_at_most, size):
    give_history(member, size)

    with assert_queries_at_most(9):
        response = member_client.get(reverse("directory:my-meetings"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_group_page_query_count_does_not_grow(client, assert_queries_at_most, size):
    group = make_group(slug="big-circle")
    facilitator = make_user(role=Role.FACILITATOR)
    join_group(facilitator, group, role=MembershipRole.FACILITATOR)
    for _number in range(size):
        make_meeting(group=group)
        join_group(make_user(), group)

    with assert_queries_at_most(6):
        response = client.get(group.get_absolute_url())

    assert response.status_code == 200
