"""Who may do what in the directory, for every role, and that a refusal changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from kinship.accounts.tests.helpers import audit_model
from kinship.conftest import MATRIX_ROLES
from kinship.directory import actions
from kinship.directory.models import (
    Attendance,
    Group,
    GroupMembership,
    Meeting,
    MembershipRole,
    MembershipStatus,
    Visibility,
)
from kinship.directory.tests.factories import join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

# A Tuesday evening meeting in Chicago; this instant is during the one on 2026-03-03.
TUESDAY = date(2026, 3, 3)
DURING = datetime(2026, 3, 4, 1, 30, tzinfo=UTC)  # 7:30 pm Central

CREATORS = {"facilitator", "coordinator", "admin"}
# `facilitator` facilitates the group below; coordinators and admins manage every group.
MANAGERS = {"facilitator", "coordinator", "admin"}


def group_fields(name: str = "Lakeside Circle") -> dict[str, object]:
    return {"name": name, "description": "A circle.", "visibility": Visibility.PUBLIC}


@pytest.fixture
def setting(role_matrix):
    group = make_group(name="Maple Circle", slug="maple-circle")
    join_group(role_matrix.facilitator, group, role=MembershipRole.FACILITATOR)
    join_group(role_matrix.member, group)
    meeting = make_meeting(
        group=group,
        slug="maple-tuesday",
        conference_url="https://zoom.us/j/5550100999",
        is_link_members_only=True,
    )
    return group, meeting


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_only_facilitators_coordinators_and_admins_create_groups(
    role_matrix, assert_unchanged, name
):
    actor = role_matrix[name]
    if name in CREATORS:
        group = actions.create_group(actor=actor, fields=group_fields())
        membership = GroupMembership.objects.get(group=group)
        assert (membership.user, membership.role) == (actor, MembershipRole.FACILITATOR)
        return
    with assert_unchanged(Group, GroupMembership, audit_model()), pytest.raises(PermissionDenied):
        actions.create_group(actor=actor, fields=group_fields())


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_new_group_page_answers_by_role(role_matrix, name):
    response = client_for(role_matrix[name]).get(reverse("directory:group-create"))

    if name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if name in CREATORS else 403)


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_only_the_groups_facilitator_coordinators_and_admins_edit_it(
    role_matrix, setting, assert_unchanged, name
):
    group, meeting = setting
    actor = role_matrix[name]
    if name in MANAGERS:
        actions.update_group(actor=actor, group=group, fields={"name": "Maple Circle (new)"})
        actions.update_meeting(actor=actor, meeting=meeting, fields={"name": "Tuesday (new)"})
        group.refresh_from_db()
        assert group.name == "Maple Circle (new)"
        return
    with assert_unchanged(Group, Meeting, audit_model()):
        with pytest.raises(PermissionDenied):
            actions.update_group(actor=actor, group=group, fields={"name": "Taken over"})
        with pytest.raises(PermissionDenied):
            actions.update_meeting(actor=actor, meeting=meeting, fields={"name": "Taken over"})


def test_a_facilitator_of_another_group_may_not_edit_this_one(
    role_matrix, setting, assert_unchanged
):
    group, meeting = setting
    from kinship.accounts.models import Role
    from kinship.accounts.tests.factories import make_user

    other_facilitator = make_user(handle="other-facilitator", role=Role.FACILITATOR)
    join_group(other_facilitator, make_group(), role=MembershipRole.FACILITATOR)

    with assert_unchanged(Group, Meeting, audit_model()):
        with pytest.raises(PermissionDenied):
            actions.update_group(actor=other_facilitator, group=group, fields={"name": "Mine"})
        with pytest.raises(PermissionDenied):
            actions.create_meeting(actor=other_facilitator, group=group, fields={"name": "X"})
    response = client_for(other_facilitator).post(
        reverse("directory:meeting-edit", args=[meeting.slug]), {"name": "Mine"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("name", MATRIX_ROLES)
@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.APPROVAL])
def test_members_only_groups_are_hidden_from_visitors_only(role_matrix, name, visibility):
    group = make_group(slug="quiet-room", visibility=visibility)
    meeting = make_meeting(group=group, slug="quiet-room-monday")

    group_page = client_for(role_matrix[name]).get(group.get_absolute_url())
    meeting_page = client_for(role_matrix[name]).get(meeting.get_absolute_url())
    ics = client_for(role_matrix[name]).get(reverse("directory:meeting-ics", args=[meeting.slug]))

    expected = 404 if name == "anonymous" else 200
    assert (group_page.status_code, meeting_page.status_code, ics.status_code) == (
        expected,
        expected,
        expected,
    )


LINK_SEERS = {"member", "facilitator", "coordinator", "admin"}


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_members_only_link_is_shown_to_group_members_and_managers_only(role_matrix, setting, name):
    _group, meeting = setting

    html = client_for(role_matrix[name]).get(meeting.get_absolute_url()).content.decode()

    if name in LINK_SEERS:
        assert "https://zoom.us/j/5550100999" in html
        assert "Members of this group see the link after joining." not in html
    else:
        assert "https://zoom.us/j/5550100999" not in html
        assert "Members of this group see the link after joining." in html


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_public_ics_never_carries_a_members_only_link(role_matrix, setting, name):
    _group, meeting = setting

    response = client_for(role_matrix[name]).get(
        reverse("directory:meeting-ics", args=[meeting.slug])
    )

    assert response.status_code == 200
    assert b"zoom.us/j/5550100999" not in response.content


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_only_group_facilitators_coordinators_and_admins_mark_attendance(
    role_matrix, setting, assert_unchanged, name
):
    _group, meeting = setting
    attendee = role_matrix.member
    if name in MANAGERS:
        change = actions.mark_attendance(
            actor=role_matrix[name],
            meeting=meeting,
            occurrence_date=TUESDAY,
            attendee_ids=[attendee.pk],
            now=DURING,
        )
        assert change.added == 1
        return
    with assert_unchanged(Attendance, audit_model()), pytest.raises(PermissionDenied):
        actions.mark_attendance(
            actor=role_matrix[name],
            meeting=meeting,
            occurrence_date=TUESDAY,
            attendee_ids=[attendee.pk],
            now=DURING,
        )


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_attendance_page_answers_by_role(role_matrix, setting, name):
    _group, meeting = setting

    response = client_for(role_matrix[name]).get(
        reverse("directory:meeting-attendance", args=[meeting.slug])
    )

    if name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if name in MANAGERS else 403)


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_only_group_facilitators_coordinators_and_admins_approve_requests(
    role_matrix, assert_unchanged, name
):
    from kinship.accounts.tests.factories import make_user

    group = make_group(slug="approval-circle", visibility=Visibility.APPROVAL)
    join_group(role_matrix.facilitator, group, role=MembershipRole.FACILITATOR)
    asking = make_user(handle="asking-person")
    request = actions.join_group(user=asking, group=group, accepts_guidelines=True)
    assert request.status == MembershipStatus.PENDING

    if name in MANAGERS:
        actions.approve_membership(actor=role_matrix[name], membership=request)
        request.refresh_from_db()
        assert request.status == MembershipStatus.ACTIVE
        return
    with assert_unchanged(GroupMembership, audit_model()), pytest.raises(PermissionDenied):
        actions.approve_membership(actor=role_matrix[name], membership=request)
    with assert_unchanged(GroupMembership, audit_model()):
        response = client_for(role_matrix[name]).post(
            reverse("directory:membership-decide", args=[group.slug, request.pk, "decline"])
        )
    assert response.status_code in {302, 403, 404}
    if name != "anonymous":
        assert response.status_code == 403
