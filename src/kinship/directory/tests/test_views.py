"""Directory pages over HTTP: groups, joining, meeting forms, meeting detail, RSVP."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.directory.models import (
    AttendanceOption,
    CostKind,
    Group,
    GroupMembership,
    Meeting,
    MembershipRole,
    MembershipStatus,
    Rsvp,
    SavedMeeting,
    Visibility,
)
from kinship.directory.tests.factories import join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator():
    return make_user(handle="ruth", role=Role.FACILITATOR, time_zone="America/New_York")


@pytest.fixture
def facilitator_client(facilitator):
    client = Client()
    client.force_login(facilitator)
    return client


@pytest.fixture
def member():
    return make_user(handle="marisol", time_zone="America/Los_Angeles")


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def group(facilitator):
    group = make_group(
        name="Maple Circle",
        slug="maple-circle",
        guidelines="What is said here stays here.",
        languages=",en,es,",
        cost=CostKind.DONATION,
        donation_handles={"venmo": "maple-circle"},
    )
    join_group(facilitator, group, role=MembershipRole.FACILITATOR)
    return group


def meeting_form_data(**changes):
    data = {
        "name": "Thursday Night Circle",
        "day": "4",
        "start_time": "19:00",
        "end_time": "20:30",
        "timezone": "America/Chicago",
        "location_name": "Heronbrook Hall",
        "formatted_address": "12 Quillfeather Rd, Chicago, IL 60601, USA",
        "city": "Chicago",
        "state": "IL",
        "postal_code": "60601",
        "location_precision": "specific",
        "latitude": "41.88",
        "longitude": "-87.62",
        "conference_url": "",
        "is_dual_diagnosis": "on",
        "types_language": ["S"],
        "types_attendance": ["O"],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Groups -----------------------------------------------------------------------------------


def test_group_page_shows_what_a_newcomer_needs(client, group):
    make_meeting(group=group, slug="maple-tuesday", name="Tuesday Circle")

    html = client.get(group.get_absolute_url()).content.decode()

    assert "Maple Circle" in html
    assert "Dual diagnosis" in html
    assert "English, Spanish" in html
    assert "Donations are welcome" in html
    assert "Venmo: maple-circle" in html
    assert "ruth" in html  # the facilitator's handle
    assert "What is said here stays here." in html
    assert "Tuesday Circle" in html
    assert "Every Tuesday, 7:00 p.m. to 8:00 p.m., Central Time (America/Chicago)" in html
    assert "Sign in to join" in html


def test_group_page_shows_a_fee(client):
    group = make_group(cost=CostKind.FEE, fee_amount=Decimal("5.00"))

    assert "Fee: $5.00" in client.get(group.get_absolute_url()).content.decode()


def test_facilitator_creates_a_group_and_becomes_its_facilitator(facilitator_client, facilitator):
    response = facilitator_client.post(
        reverse("directory:group-create"),
        {
            "name": "Harbor Light",
            "kind": "peer_support",
            "focus": ["dual_diagnosis"],
            "languages": ["en"],
            "cost": "donation",
            "donation_venmo": "@harbor-light",
            "visibility": "approval",
            "guidelines": "Be kind.",
        },
    )

    group = Group.objects.get(name="Harbor Light")
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    assert group.slug == "harbor-light"
    assert group.focus == ",dual_diagnosis,"
    assert group.donation_handles == {"venmo": "harbor-light"}
    assert group.visibility == Visibility.APPROVAL
    membership = GroupMembership.objects.get(group=group)
    assert (membership.user, membership.role) == (facilitator, MembershipRole.FACILITATOR)


def test_group_form_keeps_input_and_ties_the_error_to_the_field(facilitator_client):
    response = facilitator_client.post(
        reverse("directory:group-create"),
        {"name": "Harbor Light", "kind": "peer_support", "cost": "fee", "visibility": "public"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not Group.objects.exists()
    assert 'value="Harbor Light"' in html
    assert "Enter the fee, or choose free or donation." in html
    fee_input = re.search(r'<input[^>]*name="fee_amount"[^>]*>', html)
    assert fee_input is not None
    assert 'aria-describedby="id_fee_amount_helptext id_fee_amount_error"' in fee_input.group(0)


def test_join_asks_to_accept_the_guidelines(member_client, member, group):
    url = reverse("directory:group-join", args=[group.slug])

    page = member_client.get(url).content.decode()
    refused = member_client.post(url, {})
    joined = member_client.post(url, {"accepts_guidelines": "on"})

    assert "What is said here stays here." in page
    assert refused.status_code == 200
    assert "Please read the guidelines and tick the box to join." in refused.content.decode()
    assert joined.status_code == 302
    membership = GroupMembership.objects.get(user=member)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.accepted_guidelines_at is not None
    member_client.post(reverse("directory:group-leave", args=[group.slug]))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LEFT


def test_facilitator_approves_a_request_on_the_members_page(
    facilitator_client, member_client, member, group
):
    group.visibility = Visibility.APPROVAL
    group.save(update_fields=["visibility"])
    member_client.post(
        reverse("directory:group-join", args=[group.slug]), {"accepts_guidelines": "on"}
    )
    request = GroupMembership.objects.get(user=member)

    page = facilitator_client.get(reverse("directory:group-members", args=[group.slug]))
    assert "Say yes to marisol" in page.content.decode()
    facilitator_client.post(
        reverse("directory:membership-decide", args=[group.slug, request.pk, "approve"])
    )

    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE


# Meetings: create and edit ----------------------------------------------------------------


def test_meeting_form_defaults_to_the_facilitators_time_zone(facilitator_client, group):
    html = facilitator_client.get(
        reverse("directory:meeting-create", args=[group.slug])
    ).content.decode()

    assert re.search(r'<option value="America/New_York" selected>', html)
    assert "By appointment" in html
    assert "Dual Diagnosis (DD)" in html


def test_facilitator_adds_a_meeting_with_types_and_derived_attendance(facilitator_client, group):
    response = facilitator_client.post(
        reverse("directory:meeting-create", args=[group.slug]), meeting_form_data()
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.slug == "thursday-night-circle"
    assert (meeting.day, meeting.start_time, meeting.end_time) == (4, time(19), time(20, 30))
    assert meeting.types == ",DD,O,S,"
    assert meeting.attendance_option == AttendanceOption.IN_PERSON
    assert (meeting.latitude, meeting.longitude) == (41.88, -87.62)


def test_by_appointment_meeting_needs_no_time(facilitator_client, group):
    facilitator_client.post(
        reverse("directory:meeting-create", args=[group.slug]),
        meeting_form_data(day="appointment", start_time="", end_time=""),
    )

    meeting = Meeting.objects.get()
    assert meeting.is_by_appointment
    assert meeting.day is None


def test_online_link_from_an_unknown_service_is_refused_with_the_allowed_list(
    facilitator_client, group
):
    response = facilitator_client.post(
        reverse("directory:meeting-create", args=[group.slug]),
        meeting_form_data(conference_url="https://example.com/my-meeting"),
    )

    html = response.content.decode()
    assert not Meeting.objects.exists()
    assert "We can&#x27;t use this link." in html
    assert "zoom.us" in html
    assert "meet.google.com" in html
    assert 'value="https://example.com/my-meeting"' in html
    assert 'value="Thursday Night Circle"' in html


def test_start_time_is_needed_unless_by_appointment(facilitator_client, group):
    response = facilitator_client.post(
        reverse("directory:meeting-create", args=[group.slug]),
        meeting_form_data(start_time=""),
    )

    assert "Enter the start time" in response.content.decode()
    assert not Meeting.objects.exists()


def test_editing_a_meeting_keeps_its_slug_and_other_programs_codes(facilitator_client, group):
    meeting = make_meeting(group=group, slug="first-slug", types=",DD,JFT,O,")

    facilitator_client.post(
        reverse("directory:meeting-edit", args=[meeting.slug]),
        meeting_form_data(
            name="A New Name",
            conference_url="https://zoom.us/j/5550100444",
            is_link_members_only="on",
        ),
    )

    meeting.refresh_from_db()
    assert meeting.slug == "first-slug"
    assert meeting.name == "A New Name"
    assert meeting.types == ",DD,JFT,O,S,"
    assert meeting.attendance_option == AttendanceOption.HYBRID
    assert meeting.is_link_members_only


# Meetings: detail, RSVP, save -------------------------------------------------------------


def test_meeting_page_shows_both_times_labelled(member_client, group):
    meeting = make_meeting(group=group, slug="maple-tuesday", types=",DD,S,")

    html = member_client.get(meeting.get_absolute_url()).content.decode()

    assert "Meeting time:" in html
    assert "7:00 p.m. to 8:00 p.m., Central Time (America/Chicago)" in html
    assert "Your time:" in html
    assert "5:00 p.m., Pacific Time (America/Los_Angeles)" in html
    assert "Dual Diagnosis" in html
    assert "Spanish" in html
    assert "In person" in html
    assert reverse("directory:meeting-ics", args=[meeting.slug]) in html


def test_visitors_are_told_the_time_is_the_meetings_own(client, group):
    meeting = make_meeting(group=group)

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert "This is the meeting's own local time." in html
    assert "Your time:" not in html


def test_approximate_meeting_hides_the_street(client, group):
    meeting = make_meeting(
        group=group,
        is_approximate=True,
        attendance_option=AttendanceOption.ONLINE,
        conference_url="https://zoom.us/j/5550100555",
    )

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert "100 Example Ave" not in html
    assert "https://zoom.us/j/5550100555" in html


def test_rsvp_lists_real_dates_and_can_be_taken_back(member_client, member, group):
    meeting = make_meeting(group=group, slug="maple-tuesday")
    page = member_client.get(meeting.get_absolute_url()).content.decode()
    dates = re.findall(r'name="occurrence_date" value="(\d{4}-\d\d-\d\d)"', page)
    assert len(dates) == 4

    member_client.post(
        reverse("directory:meeting-rsvp", args=[meeting.slug]),
        {"occurrence_date": dates[1], "choice": "rsvp"},
    )
    assert [str(day) for day in Rsvp.objects.values_list("occurrence_date", flat=True)] == [
        dates[1]
    ]
    assert "Going" in member_client.get(meeting.get_absolute_url()).content.decode()

    member_client.post(
        reverse("directory:meeting-rsvp", args=[meeting.slug]),
        {"occurrence_date": dates[1], "choice": "cancel"},
    )
    assert not Rsvp.objects.exists()


def test_rsvp_to_a_made_up_date_is_refused_with_a_message(member_client, group):
    meeting = make_meeting(group=group, slug="maple-tuesday")

    response = member_client.post(
        reverse("directory:meeting-rsvp", args=[meeting.slug]),
        {"occurrence_date": "2031-01-01", "choice": "rsvp"},
        follow=True,
    )

    assert not Rsvp.objects.exists()
    assert "does not meet on that day" in response.content.decode()


def test_save_toggle(member_client, member, group):
    meeting = make_meeting(group=group, slug="maple-tuesday")
    url = reverse("directory:meeting-save", args=[meeting.slug])

    member_client.post(url, {"save": "yes"})
    assert SavedMeeting.objects.filter(user=member).count() == 1
    assert (
        "Saved to my meetings (remove)"
        in member_client.get(meeting.get_absolute_url()).content.decode()
    )
    member_client.post(url, {"save": "no"})
    assert not SavedMeeting.objects.exists()


def test_check_in_button_appears_only_while_the_meeting_runs(member_client, group, settings):
    meeting = make_meeting(group=group, day=None, start_time=None, end_time=None)

    html = member_client.get(meeting.get_absolute_url()).content.decode()

    assert "Check in: I am here" not in html
    assert "By appointment" in html
    response = member_client.post(
        reverse("directory:meeting-check-in", args=[meeting.slug]), follow=True
    )
    assert "You can check in once the meeting starts" in response.content.decode()


def test_nav_has_a_groups_link_and_pages_carry_the_feed_link(client):
    html = client.get(reverse("directory:group-list")).content.decode()

    assert f'href="{reverse("directory:meeting-search")}"' in html
    assert 'aria-current="page"><svg' in html
    assert 'rel="alternate" type="application/json" title="Meetings Feed"' in html
