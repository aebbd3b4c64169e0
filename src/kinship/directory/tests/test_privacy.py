"""A member's directory data in their export, and gone after erasure."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from kinship.accounts.tests.factories import make_user
from kinship.directory import actions
from kinship.directory.models import (
    Attendance,
    CalendarToken,
    CheckInMethod,
    Group,
    GroupMembership,
    Meeting,
    Rsvp,
    SavedMeeting,
)
from kinship.directory.tests.factories import join_group, make_group, make_meeting
from kinship.privacy import actions as privacy_actions

pytestmark = pytest.mark.django_db


def give_directory_history(member):
    group = make_group(name="Maple Circle")
    join_group(member, group)
    GroupMembership.objects.filter(user=member).update(accepted_guidelines_at="2026-03-01T12:00Z")
    meeting = make_meeting(group=group, name="Tuesday Circle")
    Rsvp.objects.create(meeting=meeting, user=member, occurrence_date=date(2026, 3, 10))
    Attendance.objects.create(
        meeting=meeting, user=member, occurrence_date=date(2026, 3, 3), method=CheckInMethod.SELF
    )
    SavedMeeting.objects.create(meeting=meeting, user=member)
    _token, secret = actions.create_calendar_token(user=member)
    return group, meeting, secret


def test_download_my_data_includes_my_directory_rows_only(client):
    member = make_user(handle="marisol")
    _group, _meeting, secret = give_directory_history(member)
    give_directory_history(make_user(handle="someone-else"))
    client.force_login(member)

    response = client.post(reverse("privacy:export"))

    content = b"".join(response.streaming_content) if response.streaming else response.content
    archive = zipfile.ZipFile(io.BytesIO(content))
    exported = json.loads(archive.read("directory.json"))
    assert exported["group_memberships"][0]["group"] == "Maple Circle"
    assert exported["group_memberships"][0]["accepted_guidelines_at"].startswith("2026-03-01")
    assert exported["rsvps"] == [{"meeting": "Tuesday Circle", "date": "2026-03-10"}]
    assert exported["attendance"] == [
        {"meeting": "Tuesday Circle", "date": "2026-03-03", "method": "self"}
    ]
    assert [row["meeting"] for row in exported["saved_meetings"]] == ["Tuesday Circle"]
    assert len(exported["calendar_links"]) == 1
    assert secret not in json.dumps(exported)
    assert CalendarToken.objects.get(user=member).digest not in json.dumps(exported)


def test_erasure_removes_my_directory_rows_and_keeps_the_groups():
    member = make_user()
    other = make_user()
    give_directory_history(member)
    give_directory_history(other)

    privacy_actions.erase_account(member=member)

    for model in (Rsvp, Attendance, SavedMeeting, CalendarToken, GroupMembership):
        assert not model.objects.filter(user=member).exists(), model
        assert model.objects.filter(user=other).exists(), model
    assert Group.objects.count() == 2
    assert Meeting.objects.count() == 2
