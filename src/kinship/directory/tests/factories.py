"""Factories for the directory: groups, meetings, memberships, feed sources."""

from __future__ import annotations

from datetime import time
from typing import Any

from factory.declarations import Sequence, SubFactory
from factory.django import DjangoModelFactory

from kinship.accounts.models import User
from kinship.directory.models import (
    AttendanceOption,
    FeedSource,
    Group,
    GroupMembership,
    Meeting,
    MembershipRole,
    MembershipStatus,
)


class FeedSourceFactory(DjangoModelFactory[FeedSource]):
    class Meta:
        model = FeedSource
        skip_postgeneration_save = True

    name = Sequence(lambda n: f"source-{n}")
    program = "aa"
    default_timezone = "America/Chicago"


class GroupFactory(DjangoModelFactory[Group]):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    slug = Sequence(lambda n: f"group-{n}")
    name = Sequence(lambda n: f"Riverside Dual Recovery {n}")
    description = (
        "A peer-led group for people living with mental-health and substance-use challenges."
    )
    focus = ",dual_diagnosis,"


class MeetingFactory(DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    slug = Sequence(lambda n: f"meeting-{n}")
    group = SubFactory(GroupFactory)
    name = Sequence(lambda n: f"Tuesday Evening Circle {n}")
    day = 2
    start_time = time(19, 0)
    end_time = time(20, 0)
    timezone = "America/Chicago"
    location_name = "Lakeview Community Center"
    formatted_address = "100 Example Ave, Chicago, IL 60601, USA"
    city = "Chicago"
    state = "IL"
    postal_code = "60601"
    country = "USA"
    latitude = 41.8837
    longitude = -87.6233
    types = ",DD,O,"
    attendance_option = AttendanceOption.IN_PERSON


def make_group(**fields: Any) -> Group:
    group: Group = GroupFactory.create(**fields)
    return group


def make_meeting(**fields: Any) -> Meeting:
    meeting: Meeting = MeetingFactory.create(**fields)
    return meeting


def make_feed_source(**fields: Any) -> FeedSource:
    source: FeedSource = FeedSourceFactory.create(**fields)
    return source


def join_group(
    user: User,
    group: Group,
    *,
    role: str = MembershipRole.MEMBER,
    status: str = MembershipStatus.ACTIVE,
) -> GroupMembership:
    membership, _created = GroupMembership.objects.update_or_create(
        group=group, user=user, defaults={"role": role, "status": status}
    )
    return membership
