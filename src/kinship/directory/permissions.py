"""Who may see and change groups and meetings. Views, the API and the feed ask only here.

- A public group, and every imported meeting, is visible to anyone.
- A members-only or approval-required group is visible to signed-in members; others get 404.
- An online link marked members-only is shown to active members and facilitators of the
  group, and to coordinators and admins; everyone else sees that a link exists.
- Groups are created by facilitators, coordinators and admins; a group and its meetings
  are changed by its facilitators, coordinators and admins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kinship.accounts import groups as group_registry
from kinship.accounts.groups import GroupInfo
from kinship.accounts.models import Role, User
from kinship.core.querycache import CompiledQueryCache
from kinship.directory.models import (
    Group,
    GroupMembership,
    Meeting,
    MembershipRole,
    MembershipStatus,
    Visibility,
)

GROUP_MANAGER_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
GROUP_CREATOR_ROLES = frozenset({Role.FACILITATOR, Role.COORDINATOR, Role.ADMIN})


def _member(user: Any) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def visible_groups(user: Any) -> QuerySet[Group]:
    groups = Group.objects.filter(is_active=True)
    if _member(user) is None:
        groups = groups.filter(visibility=Visibility.PUBLIC)
    return groups


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(is_active=True)
    if _member(user) is None:
        meetings = meetings.filter(Q(group__isnull=True) | Q(group__visibility=Visibility.PUBLIC))
    return meetings.filter(Q(group__isnull=True) | Q(group__is_active=True))


def access_group_by_slug(user: Any, group_slug: str) -> Group:
    try:
        return visible_groups(user).get(slug=group_slug)
    except Group.DoesNotExist:
        raise Http404("No such group") from None


def access_meeting_by_slug(user: Any, meeting_slug: str) -> Meeting:
    try:
        return visible_meetings(user).select_related("group", "source").get(slug=meeting_slug)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None


def membership_of(user: Any, group: Group) -> GroupMembership | None:
    member = _member(user)
    if member is None:
        return None
    return GroupMembership.objects.filter(group=group, user=member).first()


def is_group_facilitator(user: Any, group: Group) -> bool:
    membership = membership_of(user, group)
    return (
        membership is not None
        and membership.role == MembershipRole.FACILITATOR
        and membership.status == MembershipStatus.ACTIVE
    )


def can_manage_group(user: Any, group: Group) -> bool:
    member = _member(user)
    if member is None:
        return False
    if member.role in GROUP_MANAGER_ROLES:
        return True
    return is_group_facilitator(member, group)


def can_see_online_link(user: Any, meeting: Meeting) -> bool:
    if not meeting.is_link_members_only or meeting.group is None:
        return True
    member = _member(user)
    if member is None:
        return False
    if member.role in GROUP_MANAGER_ROLES:
        return True
    membership = membership_of(member, meeting.group)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def check_create_group_permission(user: Any) -> User:
    member = _member(user)
    if member is None or member.role not in GROUP_CREATOR_ROLES:
        raise PermissionDenied("Only facilitators and coordinators create groups.")
    return member


def check_manage_group_permission(user: Any, group: Group) -> User:
    if not can_manage_group(user, group):
        raise PermissionDenied("Only this group's facilitators and coordinators change it.")
    member = _member(user)
    assert member is not None  # noqa: S101  (can_manage_group checked it)
    return member


def check_manage_meeting_permission(user: Any, meeting: Meeting) -> User:
    if meeting.group is None:
        # Imported meetings change only through their feed.
        raise PermissionDenied("Imported meetings are changed by re-importing their feed.")
    return check_manage_group_permission(user, meeting.group)


def check_take_part_permission(user: Any, meeting: Meeting) -> None:
    """RSVP and check in: in an approval group only its active members (and managers) may."""
    group = meeting.group
    if group is None or group.visibility != Visibility.APPROVAL:
        return
    if can_manage_group(user, group):
        return
    membership = membership_of(user, group)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise PermissionDenied(_("Join this group first."))


_COMPILED = CompiledQueryCache()


def _active_memberships(values: Sequence[Any]) -> QuerySet[GroupMembership, Any]:
    return GroupMembership.objects.filter(
        user_id=int(values[0]), status=MembershipStatus.ACTIVE, group__is_active=True
    ).values_list("group_id", "role")


def memberships(user: User) -> group_registry.Memberships:
    """The active groups `user` belongs to and facilitates (for other apps), one query."""
    rows = _COMPILED.rows(("memberships",), _active_memberships, [user.pk])
    return group_registry.Memberships(
        member_of=frozenset(group_id for group_id, _role in rows),
        facilitates=frozenset(
            group_id for group_id, role in rows if role == MembershipRole.FACILITATOR
        ),
    )


def describe_groups(group_ids: Iterable[int]) -> dict[int, GroupInfo]:
    return {
        group.pk: GroupInfo(id=group.pk, name=group.name, url=group.get_absolute_url())
        for group in Group.objects.filter(pk__in=list(group_ids)).only("pk", "name", "slug")
    }


def active_groups() -> list[GroupInfo]:
    return [
        GroupInfo(id=group.pk, name=group.name, url=group.get_absolute_url())
        for group in Group.objects.filter(is_active=True).only("pk", "name", "slug")
    ]


def register_group_directory() -> None:
    group_registry.register_group_directory(
        group_registry.GroupDirectory(
            memberships=memberships,
            describe=describe_groups,
            active_groups=active_groups,
        )
    )
