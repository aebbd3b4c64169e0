"""The directory's writes: groups, meetings, joining, RSVPs, check-in, attendance, calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_model, audit_rows
from kinship.core.audit import AuditAction
from kinship.directory import actions
from kinship.directory.models import (
    Attendance,
    AttendanceOption,
    CalendarToken,
    CheckInMethod,
    GroupMembership,
    MembershipRole,
    MembershipStatus,
    Rsvp,
    SavedMeeting,
    Visibility,
)
from kinship.directory.tests.factories import join_group, make_group, make_meeting
from kinship.notifications.models import Notification

pytestmark = pytest.mark.django_db

# Tuesday 7-8 pm in Chicago (UTC-6 in winter): 2026-03-03 01:00-02:00 UTC on the 4th.
TUESDAY = date(2026, 3, 3)


def chicago(hour: int, minute: int = 0, *, day: int = 3) -> datetime:
    """A UTC instant for `hour:minute` Chicago time on 2026-03-`day` (CST, UTC-6)."""
    total = hour + 6
    return datetime(2026, 3, day + total // 24, total % 24, minute, tzinfo=UTC)


@pytest.fixture
def facilitator():
    return make_user(handle="ruth", role=Role.FACILITATOR)


@pytest.fixture
def group(facilitator):
    group = make_group(name="Maple Circle", slug="maple-circle", guidelines="Be kind.")
    join_group(facilitator, group, role=MembershipRole.FACILITATOR)
    return group


@pytest.fixture
def meeting(group):
    return make_meeting(group=group, slug="maple-tuesday")


@pytest.fixture
def member():
    return make_user(handle="marisol")


# Groups and meetings ----------------------------------------------------------------------


def test_group_slug_comes_from_the_name_and_stays_unique(facilitator):
    first = actions.create_group(actor=facilitator, fields={"name": "Hope Circle"})
    second = actions.create_group(actor=facilitator, fields={"name": "Hope Circle"})

    assert (first.slug, second.slug) == ("hope-circle", "hope-circle-2")
    rows = audit_rows(AuditAction.GROUP_CREATED)
    assert [row.subject_id for row in rows] == [str(first.pk), str(second.pk)]
    assert "Hope Circle" not in str(rows[0].data)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"formatted_address": "1 Elm St, Chicago, IL 60601, USA"}, AttendanceOption.IN_PERSON),
        (
            {"formatted_address": "1 Elm St", "conference_url": "https://zoom.us/j/123456"},
            AttendanceOption.HYBRID,
        ),
        (
            {"is_approximate": True, "conference_url": "https://meet.jit.si/quiet-room"},
            AttendanceOption.ONLINE,
        ),
        ({"is_approximate": True, "conference_phone": "+13125550100"}, AttendanceOption.ONLINE),
        ({"is_approximate": True}, AttendanceOption.INACTIVE),
        (
            {"types": ",TC,", "conference_url": "https://zoom.us/j/123456"},
            AttendanceOption.ONLINE,
        ),
    ],
)
def test_attendance_option_is_derived_whenever_a_meeting_is_saved(
    facilitator, group, fields, expected
):
    base = {"name": "Circle", "day": 2, "start_time": time(19), "timezone": "America/Chicago"}

    meeting = actions.create_meeting(actor=facilitator, group=group, fields={**base, **fields})

    assert meeting.attendance_option == expected
    actions.update_meeting(
        actor=facilitator, meeting=meeting, fields={"is_approximate": True, "conference_url": ""}
    )
    meeting.refresh_from_db()
    assert meeting.attendance_option == (
        AttendanceOption.ONLINE if meeting.conference_phone else AttendanceOption.INACTIVE
    )


def test_update_with_no_change_writes_nothing(facilitator, meeting, assert_unchanged):
    with assert_unchanged(audit_model()):
        actions.update_meeting(actor=facilitator, meeting=meeting, fields={"name": meeting.name})


def test_meeting_audit_names_fields_not_what_was_typed(facilitator, meeting):
    actions.update_meeting(
        actor=facilitator, meeting=meeting, fields={"notes": "Ring the bell twice for Ruth."}
    )

    (row,) = audit_rows(AuditAction.MEETING_UPDATED)
    assert row.data == {"fields": ["notes"]}


def test_imported_meetings_are_not_edited_here(assert_unchanged):
    imported = make_meeting(group=None, slug="imported-one")
    coordinator = make_user(role=Role.COORDINATOR)

    with assert_unchanged(audit_model()), pytest.raises(PermissionDenied):
        actions.update_meeting(actor=coordinator, meeting=imported, fields={"name": "New"})


# Joining ----------------------------------------------------------------------------------


def test_joining_needs_the_guidelines_accepted_and_stores_when(member, group, assert_unchanged):
    with assert_unchanged(GroupMembership), pytest.raises(ValidationError):
        actions.join_group(user=member, group=group, accepts_guidelines=False)

    membership = actions.join_group(user=member, group=group, accepts_guidelines=True)

    assert membership.status == MembershipStatus.ACTIVE
    assert membership.role == MembershipRole.MEMBER
    assert membership.accepted_guidelines_at is not None
    assert [row.actor_id for row in audit_rows(AuditAction.GROUP_JOINED)] == [member.pk]


def test_joining_twice_changes_nothing(member, group, assert_unchanged):
    actions.join_group(user=member, group=group, accepts_guidelines=True)

    with assert_unchanged(GroupMembership, audit_model()):
        actions.join_group(user=member, group=group, accepts_guidelines=True)


def test_approval_group_request_waits_then_approval_notifies_on_commit(
    member, group, facilitator, django_capture_on_commit_callbacks
):
    group.visibility = Visibility.APPROVAL
    group.save(update_fields=["visibility"])

    with django_capture_on_commit_callbacks(execute=True):
        request = actions.join_group(user=member, group=group, accepts_guidelines=True)
    assert request.status == MembershipStatus.PENDING
    (asked,) = Notification.objects.filter(recipient=facilitator)
    assert asked.kind == actions.MEMBERSHIP_REQUEST_KIND
    assert asked.url == f"/groups/{group.slug}/members/"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.approve_membership(actor=facilitator, membership=request)
    assert callbacks  # the live push waits for the commit

    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE
    (told,) = Notification.objects.filter(recipient=member)
    assert told.kind == actions.MEMBERSHIP_KIND
    assert "Maple Circle" in told.title
    assert told.url == group.get_absolute_url()
    assert audit_rows(AuditAction.MEMBERSHIP_APPROVED)[0].data == {
        "group_id": group.pk,
        "user_id": member.pk,
    }


def test_a_declined_request_is_removed_and_the_person_is_told_kindly(member, group, facilitator):
    group.visibility = Visibility.APPROVAL
    group.save(update_fields=["visibility"])
    request = actions.join_group(user=member, group=group, accepts_guidelines=True)

    actions.decline_membership(actor=facilitator, membership=request)

    assert not GroupMembership.objects.filter(user=member).exists()
    assert Notification.objects.filter(recipient=member, kind=actions.MEMBERSHIP_KIND).exists()
    with pytest.raises(ValidationError):
        actions.approve_membership(
            actor=facilitator,
            membership=GroupMembership.objects.get(user=facilitator),
        )


def test_leaving_and_coming_back(member, group):
    actions.join_group(user=member, group=group, accepts_guidelines=True)

    left = actions.leave_group(user=member, group=group)
    assert left is not None
    assert left.status == MembershipStatus.LEFT

    back = actions.join_group(user=member, group=group, accepts_guidelines=True)
    assert back.pk == left.pk
    assert back.status == MembershipStatus.ACTIVE


def test_visitors_cannot_join(group, assert_unchanged):
    with assert_unchanged(GroupMembership), pytest.raises(PermissionDenied):
        actions.join_group(user=None, group=group, accepts_guidelines=True)


# RSVP -------------------------------------------------------------------------------------


def test_rsvp_to_a_real_upcoming_date_and_take_it_back(member, meeting):
    rsvp = actions.add_rsvp(
        user=member, meeting=meeting, occurrence_date=TUESDAY, now=chicago(9, day=1)
    )

    assert rsvp.occurrence_date == TUESDAY
    assert audit_rows(AuditAction.RSVP_ADDED)[0].data == {"date": "2026-03-03"}
    assert actions.cancel_rsvp(user=member, meeting=meeting, occurrence_date=TUESDAY)
    assert not Rsvp.objects.exists()


@pytest.mark.parametrize(
    ("occurrence_date", "now"),
    [
        (date(2026, 3, 4), chicago(9, day=1)),  # a Wednesday: the meeting is on Tuesdays
        (TUESDAY, chicago(20, 30)),  # already over
        (date(2026, 6, 30), chicago(9, day=1)),  # too far ahead
    ],
)
def test_rsvp_to_a_date_the_meeting_does_not_have_is_refused(
    member, meeting, occurrence_date, now, assert_unchanged
):
    with assert_unchanged(Rsvp, audit_model()), pytest.raises(ValidationError):
        actions.add_rsvp(user=member, meeting=meeting, occurrence_date=occurrence_date, now=now)


def test_approval_group_meetings_take_rsvps_from_members_only(member, group, meeting):
    group.visibility = Visibility.APPROVAL
    group.save(update_fields=["visibility"])

    with pytest.raises(PermissionDenied):
        actions.add_rsvp(
            user=member, meeting=meeting, occurrence_date=TUESDAY, now=chicago(9, day=1)
        )
    join_group(member, group)
    actions.add_rsvp(user=member, meeting=meeting, occurrence_date=TUESDAY, now=chicago(9, day=1))


# Check-in ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "is_allowed"),
    [
        (chicago(18, 50), False),  # before it starts
        (chicago(19, 0), True),
        (chicago(19, 45), True),
        (chicago(20, 25), True),  # 25 minutes after the end
        (chicago(20, 35), False),  # 35 minutes after the end
    ],
)
def test_members_check_in_from_the_start_until_30_minutes_after_the_end(
    member, meeting, now, is_allowed, assert_unchanged
):
    if not is_allowed:
        with assert_unchanged(Attendance), pytest.raises(ValidationError):
            actions.check_in(user=member, meeting=meeting, now=now)
        return

    attendance = actions.check_in(user=member, meeting=meeting, now=now)

    assert (attendance.occurrence_date, attendance.method) == (TUESDAY, CheckInMethod.SELF)
    assert actions.check_in(user=member, meeting=meeting, now=now).pk == attendance.pk


def test_overnight_check_in_counts_for_the_night_it_started(member, group):
    overnight = make_meeting(
        group=group, slug="night-owls", day=5, start_time=time(23, 30), end_time=time(0, 30)
    )

    # 00:15 on Saturday 7 March, Chicago time.
    attendance = actions.check_in(user=member, meeting=overnight, now=chicago(0, 15, day=7))

    assert attendance.occurrence_date == date(2026, 3, 6)


# Attendance marked by a facilitator -------------------------------------------------------


def test_facilitator_marks_attendance_and_self_check_ins_are_kept(facilitator, group, meeting):
    came, self_checked, stayed_home = make_user(), make_user(), make_user()
    for person in (came, self_checked, stayed_home):
        join_group(person, group)
    actions.check_in(user=self_checked, meeting=meeting, now=chicago(19, 30))

    change = actions.mark_attendance(
        actor=facilitator,
        meeting=meeting,
        occurrence_date=TUESDAY,
        attendee_ids=[came.pk, stayed_home.pk],
        now=chicago(21),
    )
    assert (change.added, change.removed) == (2, 0)

    change = actions.mark_attendance(
        actor=facilitator,
        meeting=meeting,
        occurrence_date=TUESDAY,
        attendee_ids=[came.pk],
        now=chicago(21),
    )

    assert (change.added, change.removed) == (0, 1)
    rows = {row.user_id: row for row in Attendance.objects.all()}
    assert set(rows) == {came.pk, self_checked.pk}
    assert rows[came.pk].method == CheckInMethod.FACILITATOR
    assert rows[came.pk].marked_by == facilitator
    assert rows[self_checked.pk].method == CheckInMethod.SELF


def test_attendance_is_refused_for_non_members_and_future_dates(
    facilitator, meeting, assert_unchanged
):
    stranger = make_user()

    with assert_unchanged(Attendance, audit_model()):
        with pytest.raises(ValidationError):
            actions.mark_attendance(
                actor=facilitator,
                meeting=meeting,
                occurrence_date=TUESDAY,
                attendee_ids=[stranger.pk],
                now=chicago(21),
            )
        with pytest.raises(ValidationError):
            actions.mark_attendance(
                actor=facilitator,
                meeting=meeting,
                occurrence_date=TUESDAY,
                attendee_ids=[],
                now=chicago(18),
            )


# Saved meetings and the private calendar link --------------------------------------------


def test_save_and_unsave_a_meeting(member, meeting):
    actions.save_meeting(user=member, meeting=meeting)
    actions.save_meeting(user=member, meeting=meeting)

    assert SavedMeeting.objects.filter(user=member).count() == 1
    assert actions.unsave_meeting(user=member, meeting=meeting)
    assert not SavedMeeting.objects.exists()


def test_new_calendar_link_turns_off_the_old_one_and_stores_only_a_digest(member):
    first, first_secret = actions.create_calendar_token(user=member)
    second, second_secret = actions.create_calendar_token(user=member)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert second.digest == actions.calendar_digest(second_secret)
    stored = str(list(CalendarToken.objects.values()))
    assert first_secret not in stored
    assert second_secret not in stored
    assert len(audit_rows(AuditAction.CALENDAR_TOKEN_REVOKED)) == 1
