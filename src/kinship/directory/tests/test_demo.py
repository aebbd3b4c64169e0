"""The demo's groups and meetings: three cities and online, DD and Spanish, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kinship.accounts.models import User
from kinship.accounts.tests.helpers import audit_model
from kinship.directory import rules
from kinship.directory.models import (
    Attendance,
    AttendanceOption,
    Group,
    GroupMembership,
    Meeting,
    MembershipRole,
    MembershipStatus,
    Rsvp,
    SavedMeeting,
    Visibility,
)

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_has_groups_and_meetings_in_three_cities_and_online():
    output = run_demo()

    assert "directory, groups: 6 created" in output
    meetings = list(Meeting.objects.select_related("group"))
    assert {meeting.timezone for meeting in meetings} == {
        "America/Chicago",
        "America/Denver",
        "America/New_York",
    }
    assert {meeting.city for meeting in meetings} == {"Chicago", "Denver", "New York"}
    types = [meeting.type_codes for meeting in meetings]
    assert sum("DD" in codes for codes in types) >= 4
    assert sum("S" in codes for codes in types) >= 2
    options = {meeting.attendance_option for meeting in meetings}
    assert {AttendanceOption.IN_PERSON, AttendanceOption.HYBRID, AttendanceOption.ONLINE} <= options
    assert any(meeting.is_link_members_only for meeting in meetings)
    assert any(meeting.is_by_appointment for meeting in meetings)
    assert any(
        meeting.end_time is not None
        and meeting.start_time is not None
        and meeting.end_time < meeting.start_time
        for meeting in meetings
    )
    for meeting in meetings:
        if meeting.conference_url:
            assert rules.is_allowed_conference_url(meeting.conference_url)


def test_demo_facilitator_runs_two_groups_and_members_take_part():
    run_demo()

    facilitated = GroupMembership.objects.filter(
        user__handle="demo-facilitator",
        role=MembershipRole.FACILITATOR,
        status=MembershipStatus.ACTIVE,
    )
    assert facilitated.count() == 2
    assert GroupMembership.objects.filter(role=MembershipRole.MEMBER).count() >= 15
    assert Rsvp.objects.count() >= 10
    assert Attendance.objects.exists()
    assert SavedMeeting.objects.filter(user__handle="demo-member").exists()
    assert Rsvp.objects.filter(user__handle="demo-member").exists()
    approval = Group.objects.get(visibility=Visibility.APPROVAL)
    assert approval.memberships.filter(status=MembershipStatus.PENDING).count() == 1


def test_demo_run_twice_changes_nothing(assert_unchanged):
    run_demo()

    with assert_unchanged(
        Group, Meeting, GroupMembership, Rsvp, Attendance, SavedMeeting, User, audit_model()
    ):
        output = run_demo()

    assert "directory, groups: 0 created, 6 already there" in output
    assert "Nothing changed" in output


def test_demo_names_and_places_are_fictional():
    run_demo()

    for meeting in Meeting.objects.exclude(formatted_address=""):
        assert any(
            street in meeting.formatted_address
            for street in ("Lanternwood", "Quillfeather", "Kestrel Run", "Driftmoor")
        )
