"""Every write to the directory: one transaction, its audit record, notifications on commit.

Audit rows name what changed (ids, field names, dates), never the free text people typed.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.directory import permissions, rules, schedule
from kinship.directory.models import (
    Attendance,
    CalendarToken,
    CheckInMethod,
    Group,
    GroupMembership,
    Meeting,
    MembershipRole,
    MembershipStatus,
    Rsvp,
    SavedMeeting,
    Visibility,
)
from kinship.notifications.actions import notify

# A member may check themselves in from the start until this long after the end.
CHECK_IN_AFTER_END = timedelta(minutes=30)
# How far ahead a member may say they will come.
RSVP_WEEKS_AHEAD = 8
# How far back a facilitator may mark attendance.
ATTENDANCE_WEEKS_BACK = 8

MEMBERSHIP_KIND = "directory.membership"
MEMBERSHIP_REQUEST_KIND = "directory.membership_request"

GROUP_FIELDS = (
    "name",
    "description",
    "kind",
    "focus",
    "communities",
    "languages",
    "accessibility",
    "cost",
    "fee_amount",
    "donation_handles",
    "visibility",
    "guidelines",
)
MEETING_FIELDS = (
    "name",
    "notes",
    "day",
    "start_time",
    "end_time",
    "timezone",
    "location_name",
    "formatted_address",
    "city",
    "state",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "is_approximate",
    "location_notes",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "is_link_members_only",
    "types",
)


# Slugs ------------------------------------------------------------------------------------


def unique_slug(model: type[Group] | type[Meeting], name: str, *, max_length: int = 80) -> str:
    """A slug from `name`, with "-2", "-3"... added when it is taken."""
    base = slugify(name)[: max_length - 6].strip("-") or model.__name__.lower()
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# Groups -----------------------------------------------------------------------------------


@transaction.atomic
def create_group(*, actor: Any, fields: dict[str, Any]) -> Group:
    """A new group; the person who makes it becomes its first facilitator."""
    creator = permissions.check_create_group_permission(actor)
    group = Group(created_by=creator, slug=unique_slug(Group, fields["name"]))
    _set_fields(group, fields, GROUP_FIELDS)
    group.full_clean()
    group.save()
    GroupMembership.objects.create(
        group=group,
        user=creator,
        role=MembershipRole.FACILITATOR,
        status=MembershipStatus.ACTIVE,
        accepted_guidelines_at=timezone.now(),
    )
    _audit(AuditAction.GROUP_CREATED, actor=creator, subject=group)
    return group


@transaction.atomic
def update_group(*, actor: Any, group: Group, fields: dict[str, Any]) -> Group:
    manager = permissions.check_manage_group_permission(actor, group)
    changed = _set_fields(group, fields, GROUP_FIELDS)
    if not changed:
        return group
    group.full_clean()
    group.save(update_fields=[*changed, "updated_at"])
    _audit(AuditAction.GROUP_UPDATED, actor=manager, subject=group, data={"fields": changed})
    return group


# Meetings ---------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(*, actor: Any, group: Group, fields: dict[str, Any]) -> Meeting:
    manager = permissions.check_manage_group_permission(actor, group)
    meeting = Meeting(group=group, slug=unique_slug(Meeting, fields["name"]))
    _set_fields(meeting, fields, MEETING_FIELDS)
    meeting.attendance_option = _derived_attendance(meeting)
    meeting.full_clean()
    meeting.save()
    _audit(AuditAction.MEETING_CREATED, actor=manager, subject=meeting)
    return meeting


@transaction.atomic
def update_meeting(*, actor: Any, meeting: Meeting, fields: dict[str, Any]) -> Meeting:
    manager = permissions.check_manage_meeting_permission(actor, meeting)
    changed = _set_fields(meeting, fields, MEETING_FIELDS)
    if not changed:
        return meeting
    meeting.attendance_option = _derived_attendance(meeting)
    meeting.full_clean()
    meeting.save(update_fields=[*changed, "attendance_option", "updated_at"])
    _audit(AuditAction.MEETING_UPDATED, actor=manager, subject=meeting, data={"fields": changed})
    return meeting


def _derived_attendance(meeting: Meeting) -> str:
    has_online_access = rules.is_allowed_conference_url(meeting.conference_url) or bool(
        rules.clean_conference_phone(meeting.conference_phone)
    )
    return rules.derive_attendance_option(
        type_codes=meeting.type_codes,
        is_approximate=meeting.is_approximate,
        has_online_access=has_online_access,
    ).value


# Membership -------------------------------------------------------------------------------


@transaction.atomic
def join_group(*, user: Any, group: Group, accepts_guidelines: bool) -> GroupMembership:
    """Join (or ask to join, for approval groups) after accepting the group's guidelines."""
    member = _signed_in(user)
    if not accepts_guidelines:
        raise ValidationError(
            {"accepts_guidelines": _("Please read the group guidelines and tick the box.")}
        )
    wanted = (
        MembershipStatus.PENDING
        if group.visibility == Visibility.APPROVAL
        else MembershipStatus.ACTIVE
    )
    membership = (
        GroupMembership.objects.select_for_update().filter(group=group, user=member).first()
    )
    if membership is not None and membership.status != MembershipStatus.LEFT:
        return membership
    if membership is None:
        membership = GroupMembership(group=group, user=member)
    membership.role = MembershipRole.MEMBER
    membership.status = wanted
    membership.accepted_guidelines_at = timezone.now()
    membership.save()
    is_pending = wanted == MembershipStatus.PENDING
    _audit(
        AuditAction.GROUP_JOIN_REQUESTED if is_pending else AuditAction.GROUP_JOINED,
        actor=member,
        subject=membership,
        data={"group_id": group.pk},
    )
    if is_pending:
        _notify_facilitators_of_request(group)
    return membership


def _notify_facilitators_of_request(group: Group) -> None:
    facilitators = User.objects.filter(
        group_memberships__group=group,
        group_memberships__role=MembershipRole.FACILITATOR,
        group_memberships__status=MembershipStatus.ACTIVE,
        is_active=True,
    )
    url = reverse("directory:group-members", kwargs={"group_slug": group.slug})
    for facilitator in facilitators:
        notify(
            recipient=facilitator,
            kind=MEMBERSHIP_REQUEST_KIND,
            title=_("Someone asked to join %(group)s") % {"group": group.name},
            body=_("Open the members page to say yes or no."),
            url=url,
        )


@transaction.atomic
def leave_group(*, user: Any, group: Group) -> GroupMembership | None:
    member = _signed_in(user)
    membership = (
        GroupMembership.objects.select_for_update().filter(group=group, user=member).first()
    )
    if membership is None or membership.status == MembershipStatus.LEFT:
        return membership
    membership.status = MembershipStatus.LEFT
    membership.role = MembershipRole.MEMBER
    membership.save(update_fields=["status", "role", "updated_at"])
    _audit(AuditAction.GROUP_LEFT, actor=member, subject=membership, data={"group_id": group.pk})
    return membership


@transaction.atomic
def approve_membership(*, actor: Any, membership: GroupMembership) -> GroupMembership:
    """A facilitator says yes to a request; the member is told."""
    group = membership.group
    manager = permissions.check_manage_group_permission(actor, group)
    _check_pending(membership)
    membership.status = MembershipStatus.ACTIVE
    membership.save(update_fields=["status", "updated_at"])
    _audit(
        AuditAction.MEMBERSHIP_APPROVED,
        actor=manager,
        subject=membership,
        data={"group_id": group.pk, "user_id": membership.user_id},
    )
    notify(
        recipient=membership.user,
        kind=MEMBERSHIP_KIND,
        title=_("You are now a member of %(group)s") % {"group": group.name},
        body=_("Welcome. You can now see the group's meetings and online links."),
        url=group.get_absolute_url(),
    )
    return membership


@transaction.atomic
def decline_membership(*, actor: Any, membership: GroupMembership) -> None:
    """A facilitator says no; the request is removed, so the person may ask again later."""
    group = membership.group
    manager = permissions.check_manage_group_permission(actor, group)
    _check_pending(membership)
    _audit(
        AuditAction.MEMBERSHIP_DECLINED,
        actor=manager,
        subject=membership,
        data={"group_id": group.pk, "user_id": membership.user_id},
    )
    notify(
        recipient=membership.user,
        kind=MEMBERSHIP_KIND,
        title=_("Your request to join %(group)s was not accepted") % {"group": group.name},
        body=_("This can happen when a group is full. You can look for another group."),
        url=reverse("directory:meeting-search"),
    )
    membership.delete()


def _check_pending(membership: GroupMembership) -> None:
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError(_("This request was already answered."), code="not_pending")


# RSVP, check-in and attendance ------------------------------------------------------------


def check_occurrence_date(meeting: Meeting, occurrence_date: date) -> None:
    """Raise ValidationError unless the meeting really meets on `occurrence_date` (local)."""
    if meeting.day is None or meeting.start_time is None:
        raise ValidationError(_("This meeting is by appointment, so it has no dates to pick."))
    if schedule.sunday_weekday(occurrence_date) != meeting.day:
        raise ValidationError(_("The meeting does not meet on that day."), code="not_a_meeting")


def _occurrence(meeting: Meeting, occurrence_date: date) -> schedule.Occurrence:
    assert meeting.start_time is not None  # noqa: S101  (check_occurrence_date checked it)
    return schedule.occurrence_on(
        local_date=occurrence_date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        timezone=meeting.timezone,
    )


@transaction.atomic
def add_rsvp(
    *, user: Any, meeting: Meeting, occurrence_date: date, now: datetime | None = None
) -> Rsvp:
    """Say "I plan to come" to one upcoming date of a meeting."""
    member = _signed_in(user)
    permissions.check_take_part_permission(member, meeting)
    now = now or timezone.now()
    check_occurrence_date(meeting, occurrence_date)
    occurrence = _occurrence(meeting, occurrence_date)
    if occurrence.end <= now:
        raise ValidationError(_("That meeting is over. Pick a date that is still ahead."))
    if occurrence.start > now + timedelta(weeks=RSVP_WEEKS_AHEAD):
        raise ValidationError(_("Pick a date in the next few weeks."))
    rsvp, created = Rsvp.objects.get_or_create(
        meeting=meeting, user=member, occurrence_date=occurrence_date
    )
    if created:
        _audit(
            AuditAction.RSVP_ADDED,
            actor=member,
            subject=meeting,
            data={"date": occurrence_date.isoformat()},
        )
    return rsvp


@transaction.atomic
def cancel_rsvp(*, user: Any, meeting: Meeting, occurrence_date: date) -> bool:
    member = _signed_in(user)
    deleted, _count = Rsvp.objects.filter(
        meeting=meeting, user=member, occurrence_date=occurrence_date
    ).delete()
    if deleted:
        _audit(
            AuditAction.RSVP_CANCELLED,
            actor=member,
            subject=meeting,
            data={"date": occurrence_date.isoformat()},
        )
    return bool(deleted)


def check_in_occurrence(meeting: Meeting, *, now: datetime) -> schedule.Occurrence | None:
    """The occurrence a member may check in to now: started, and ended under 30 minutes ago."""
    running = schedule.next_occurrence(
        day=meeting.day,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        timezone=meeting.timezone,
        after=now - CHECK_IN_AFTER_END,
        include_in_progress=True,
    )
    if running is None or running.start > now:
        return None
    return running


@transaction.atomic
def check_in(*, user: Any, meeting: Meeting, now: datetime | None = None) -> Attendance:
    """A member says "I am here" while the meeting runs (or just after it ends)."""
    member = _signed_in(user)
    permissions.check_take_part_permission(member, meeting)
    now = now or timezone.now()
    occurrence = check_in_occurrence(meeting, now=now)
    if occurrence is None:
        raise ValidationError(
            _("You can check in once the meeting starts, until 30 minutes after it ends."),
            code="not_running",
        )
    attendance, created = Attendance.objects.get_or_create(
        meeting=meeting,
        user=member,
        occurrence_date=occurrence.local_date,
        defaults={"method": CheckInMethod.SELF},
    )
    if created:
        _audit(
            AuditAction.ATTENDANCE_CHECKED_IN,
            actor=member,
            subject=meeting,
            data={"date": occurrence.local_date.isoformat()},
        )
    return attendance


@dataclass(frozen=True)
class AttendanceChange:
    added: int
    removed: int


@transaction.atomic
def mark_attendance(
    *,
    actor: Any,
    meeting: Meeting,
    occurrence_date: date,
    attendee_ids: Iterable[int],
    now: datetime | None = None,
) -> AttendanceChange:
    """A facilitator sets who came to one date. Members' own check-ins are kept."""
    facilitator = permissions.check_manage_meeting_permission(actor, meeting)
    now = now or timezone.now()
    check_occurrence_date(meeting, occurrence_date)
    if _occurrence(meeting, occurrence_date).start > now:
        raise ValidationError(_("That meeting has not started yet."), code="future")
    wanted = set(attendee_ids)
    members = set(
        GroupMembership.objects.filter(
            group=meeting.group, status=MembershipStatus.ACTIVE, user_id__in=wanted
        ).values_list("user_id", flat=True)
    )
    if wanted - members:
        raise ValidationError(_("Only members of this group can be marked."), code="not_member")
    present = {
        row.user_id: row
        for row in Attendance.objects.select_for_update().filter(
            meeting=meeting, occurrence_date=occurrence_date
        )
    }
    to_add = [
        Attendance(
            meeting=meeting,
            user_id=user_id,
            occurrence_date=occurrence_date,
            method=CheckInMethod.FACILITATOR,
            marked_by=facilitator,
        )
        for user_id in sorted(wanted - set(present))
    ]
    to_remove = [
        row.pk
        for user_id, row in present.items()
        if user_id not in wanted and row.method == CheckInMethod.FACILITATOR
    ]
    Attendance.objects.bulk_create(to_add)
    Attendance.objects.filter(pk__in=to_remove).delete()
    change = AttendanceChange(added=len(to_add), removed=len(to_remove))
    if change.added or change.removed:
        _audit(
            AuditAction.ATTENDANCE_MARKED,
            actor=facilitator,
            subject=meeting,
            data={
                "date": occurrence_date.isoformat(),
                "added": sorted(row.user_id for row in to_add),
                "removed": len(to_remove),
            },
        )
    return change


# My meetings and the private calendar -----------------------------------------------------


@transaction.atomic
def save_meeting(*, user: Any, meeting: Meeting) -> SavedMeeting:
    member = _signed_in(user)
    saved, created = SavedMeeting.objects.get_or_create(meeting=meeting, user=member)
    if created:
        _audit(AuditAction.MEETING_SAVED, actor=member, subject=meeting)
    return saved


@transaction.atomic
def unsave_meeting(*, user: Any, meeting: Meeting) -> bool:
    member = _signed_in(user)
    deleted, _count = SavedMeeting.objects.filter(meeting=meeting, user=member).delete()
    if deleted:
        _audit(AuditAction.MEETING_UNSAVED, actor=member, subject=meeting)
    return bool(deleted)


def calendar_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_calendar_token(*, user: Any) -> tuple[CalendarToken, str]:
    """A new secret calendar link. Any older link stops working. The secret is returned once."""
    member = _signed_in(user)
    _revoke_calendar_tokens(member)
    secret = secrets.token_urlsafe(32)
    token = CalendarToken.objects.create(user=member, digest=calendar_digest(secret))
    record_audit(
        action=AuditAction.CALENDAR_TOKEN_CREATED,
        actor=member,
        subject_kind="directory.calendartoken",
        subject_id=token.pk,
    )
    return token, secret


@transaction.atomic
def revoke_calendar_tokens(*, user: Any) -> int:
    return _revoke_calendar_tokens(_signed_in(user))


def _revoke_calendar_tokens(member: User) -> int:
    live = list(CalendarToken.objects.filter(user=member, revoked_at__isnull=True))
    if not live:
        return 0
    CalendarToken.objects.filter(pk__in=[token.pk for token in live]).update(
        revoked_at=timezone.now()
    )
    for token in live:
        record_audit(
            action=AuditAction.CALENDAR_TOKEN_REVOKED,
            actor=member,
            subject_kind="directory.calendartoken",
            subject_id=token.pk,
        )
    return len(live)


# Helpers ----------------------------------------------------------------------------------


def _signed_in(user: Any) -> User:
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied(_("Please sign in first."))
    return user


def _set_fields(
    instance: Group | Meeting, fields: dict[str, Any], allowed: Iterable[str]
) -> list[str]:
    """Copy the allowed `fields` onto `instance`; the names of those that changed."""
    changed: list[str] = []
    for name in allowed:
        if name in fields and getattr(instance, name) != fields[name]:
            setattr(instance, name, fields[name])
            changed.append(name)
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    return changed


def _audit(
    action: AuditAction,
    *,
    actor: User,
    subject: Group | Meeting | GroupMembership,
    data: dict[str, Any] | None = None,
) -> None:
    record_audit(
        action=action,
        actor=actor,
        subject_kind=f"directory.{subject._meta.model_name}",
        subject_id=subject.pk,
        data=data,
    )
