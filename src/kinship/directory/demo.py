"""The demo community's groups and meetings, in Chicago, Denver, New York and online.

Every group, place and street here is made up. Runs after the accounts builder (its
people must exist) and is idempotent: groups and meetings are found by slug, and members
who already joined, RSVP'd or were marked present are left as they are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from kinship.accounts.demo import DemoResult
from kinship.accounts.models import Role, User
from kinship.directory import actions, display, pages
from kinship.directory.models import (
    Attendance,
    CostKind,
    Group,
    GroupKind,
    GroupMembership,
    Meeting,
    MembershipRole,
    MembershipStatus,
    Rsvp,
    SavedMeeting,
    Visibility,
)


@dataclass(frozen=True)
class DemoMeeting:
    slug: str
    name: str
    day: int | None
    start: time | None
    end: time | None
    zone: str
    types: str
    place: dict[str, Any] = field(default_factory=dict)
    online: dict[str, Any] = field(default_factory=dict)
    notes: str = ""


@dataclass(frozen=True)
class DemoGroup:
    slug: str
    facilitator: str
    fields: dict[str, Any]
    meetings: list[DemoMeeting]
    city_zone: str


CHICAGO = {
    "city": "Chicago",
    "state": "IL",
    "country": "USA",
}
DENVER = {"city": "Denver", "state": "CO", "country": "USA"}
NEW_YORK = {"city": "New York", "state": "NY", "country": "USA"}

GROUPS: list[DemoGroup] = [
    DemoGroup(
        slug="northside-dual-recovery-circle",
        facilitator="demo-coordinator",
        city_zone="America/Chicago",
        fields={
            "name": "Northside Dual Recovery Circle",
            "description": (
                "A peer-led circle for people living with a mental health condition and "
                "substance use. Come as you are; listening is enough."
            ),
            "kind": GroupKind.PEER_SUPPORT,
            "focus": ",dual_diagnosis,",
            "languages": ",en,",
            "accessibility": "Step-free entrance and an accessible restroom.",
            "cost": CostKind.DONATION,
            "donation_handles": {"venmo": "northside-circle-demo"},
            "guidelines": "What is said here stays here. Speak from your own experience.",
        },
        meetings=[
            DemoMeeting(
                slug="northside-tuesday-evening",
                name="Tuesday Evening Circle",
                day=2,
                start=time(19, 0),
                end=time(20, 30),
                zone="America/Chicago",
                types=",D,DD,O,X,",
                place={
                    **CHICAGO,
                    "location_name": "Lanternwood Community Room",
                    "formatted_address": "2150 W Lanternwood Ave, Chicago, IL 60601, USA",
                    "postal_code": "60601",
                    "latitude": 41.8856,
                    "longitude": -87.6251,
                    "location_notes": "Side door on Heronbrook Street, second floor.",
                },
            ),
            DemoMeeting(
                slug="northside-saturday-morning",
                name="Saturday Morning Check-in",
                day=6,
                start=time(10, 0),
                end=time(11, 0),
                zone="America/Chicago",
                types=",BE,DD,O,",
                place={
                    **CHICAGO,
                    "location_name": "Lanternwood Community Room",
                    "formatted_address": "2150 W Lanternwood Ave, Chicago, IL 60601, USA",
                    "postal_code": "60601",
                    "latitude": 41.8856,
                    "longitude": -87.6251,
                },
                online={"conference_url": "https://zoom.us/j/5550100201"},
            ),
        ],
    ),
    DemoGroup(
        slug="grupo-esperanza-doble",
        facilitator="demo-peer",
        city_zone="America/Chicago",
        fields={
            "name": "Grupo Esperanza (Doble Diagnóstico)",
            "description": (
                "Grupo de apoyo entre pares en español para personas que viven con salud "
                "mental y uso de sustancias."
            ),
            "kind": GroupKind.PEER_SUPPORT,
            "focus": ",dual_diagnosis,",
            "communities": ",spanish_speaking,",
            "languages": ",es,",
            "cost": CostKind.FREE,
            "guidelines": "Lo que se dice aquí, se queda aquí. Respeto y paciencia.",
        },
        meetings=[
            DemoMeeting(
                slug="esperanza-jueves",
                name="Esperanza: jueves por la tarde",
                day=4,
                start=time(18, 30),
                end=time(20, 0),
                zone="America/Chicago",
                types=",D,DD,O,S,",
                place={
                    **CHICAGO,
                    "location_name": "Centro Comunitario Alborada",
                    "formatted_address": "3417 S Quillfeather Rd, Chicago, IL 60608, USA",
                    "postal_code": "60608",
                    "latitude": 41.8318,
                    "longitude": -87.6723,
                },
            ),
        ],
    ),
    DemoGroup(
        slug="mile-high-steady-steps",
        facilitator="demo-peer",
        city_zone="America/Denver",
        fields={
            "name": "Mile High Steady Steps",
            "description": "Dual diagnosis peer support in Denver, in the room or online.",
            "kind": GroupKind.PEER_SUPPORT,
            "focus": ",dual_diagnosis,mental_health,",
            "languages": ",en,",
            "cost": CostKind.FREE,
            "visibility": Visibility.MEMBERS,
            "guidelines": "Cameras optional. Please mute when you are not speaking.",
        },
        meetings=[
            DemoMeeting(
                slug="steady-steps-wednesday",
                name="Steady Steps Wednesday",
                day=3,
                start=time(18, 0),
                end=time(19, 0),
                zone="America/Denver",
                types=",DD,O,ST,",
                place={
                    **DENVER,
                    "location_name": "Cottonwood Bend Library, Room B",
                    "formatted_address": "880 Kestrel Run Blvd, Denver, CO 80204, USA",
                    "postal_code": "80204",
                    "latitude": 39.7355,
                    "longitude": -105.0011,
                },
                online={
                    "conference_url": "https://meet.jit.si/steady-steps-demo-room",
                    "is_link_members_only": True,
                },
            ),
            DemoMeeting(
                slug="steady-steps-one-to-one",
                name="One-to-one peer time",
                day=None,
                start=None,
                end=None,
                zone="America/Denver",
                types=",DD,",
                place={
                    **DENVER,
                    "is_approximate": True,
                    "latitude": 39.7392,
                    "longitude": -104.9903,
                },
                notes="Send a message to the group's facilitator to set a time.",
            ),
        ],
    ),
    DemoGroup(
        slug="harbor-light-peer-circle",
        facilitator="demo-facilitator",
        city_zone="America/New_York",
        fields={
            "name": "Harbor Light Peer Circle",
            "description": "A lunchtime circle for people in recovery from both, near the river.",
            "kind": GroupKind.PEER_SUPPORT,
            "focus": ",dual_diagnosis,substance_use,",
            "languages": ",en,",
            "cost": CostKind.FREE,
            "guidelines": "One person speaks at a time. No advice unless someone asks for it.",
        },
        meetings=[
            DemoMeeting(
                slug="harbor-light-monday-lunch",
                name="Monday Lunch Circle",
                day=1,
                start=time(12, 30),
                end=time(13, 30),
                zone="America/New_York",
                types=",D,DD,O,",
                place={
                    **NEW_YORK,
                    "location_name": "Pierview Hall",
                    "formatted_address": "47 Driftmoor Street, New York, NY 10004, USA",
                    "postal_code": "10004",
                    "latitude": 40.7033,
                    "longitude": -74.0170,
                },
            ),
        ],
    ),
    DemoGroup(
        slug="night-owls-online",
        facilitator="demo-facilitator",
        city_zone="America/New_York",
        fields={
            "name": "Night Owls Online",
            "description": "For the late hours, when cravings or worries keep you up.",
            "kind": GroupKind.PEER_SUPPORT,
            "focus": ",dual_diagnosis,",
            "languages": ",en,",
            "cost": CostKind.FREE,
            "guidelines": "Be gentle. If you are in danger, call or text 988 first.",
        },
        meetings=[
            DemoMeeting(
                slug="night-owls-friday",
                name="Night Owls (Friday, past midnight)",
                day=5,
                start=time(23, 30),
                end=time(0, 30),
                zone="America/New_York",
                types=",D,DD,O,",
                place={**NEW_YORK, "is_approximate": True},
                online={"conference_url": "https://meet.jit.si/night-owls-demo-circle"},
            ),
        ],
    ),
    DemoGroup(
        slug="familias-en-camino",
        facilitator="demo-peer",
        city_zone="America/Chicago",
        fields={
            "name": "Familias en Camino",
            "description": "Para familiares de personas con doble diagnóstico. En línea.",
            "kind": GroupKind.FAMILY,
            "focus": ",family,",
            "communities": ",family,spanish_speaking,",
            "languages": ",es,",
            "cost": CostKind.FREE,
            "visibility": Visibility.APPROVAL,
            "guidelines": "Lo que se comparte aquí es confidencial.",
        },
        meetings=[
            DemoMeeting(
                slug="familias-domingo",
                name="Familias: domingo",
                day=0,
                start=time(17, 0),
                end=time(18, 15),
                zone="America/Chicago",
                types=",AL-AN,S,",
                place={**CHICAGO, "is_approximate": True},
                online={
                    "conference_url": "https://zoom.us/j/5550100777",
                    "is_link_members_only": True,
                },
            ),
        ],
    ),
]


def _facilitator(handle: str) -> User | None:
    return User.objects.filter(handle=handle).first()


def _ensure_group(spec: DemoGroup, result: DemoResult) -> Group | None:
    existing = Group.objects.filter(slug=spec.slug).first()
    if existing is not None:
        result.existing["groups"] += 1
        return existing
    owner = _facilitator(spec.facilitator)
    creator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    if owner is None or creator is None:
        return None
    group = actions.create_group(actor=creator, fields=spec.fields)
    # The demo uses fixed slugs, so links in the guides keep working.
    Group.objects.filter(pk=group.pk).update(slug=spec.slug)
    group.slug = spec.slug
    if owner != creator:
        GroupMembership.objects.filter(group=group, user=creator).delete()
        GroupMembership.objects.create(
            group=group,
            user=owner,
            role=MembershipRole.FACILITATOR,
            status=MembershipStatus.ACTIVE,
            accepted_guidelines_at=timezone.now(),
        )
    result.created["groups"] += 1
    return group


def _ensure_meeting(group: Group, spec: DemoMeeting, result: DemoResult) -> Meeting:
    existing = Meeting.objects.filter(slug=spec.slug).first()
    if existing is not None:
        result.existing["meetings"] += 1
        return existing
    manager = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    fields: dict[str, Any] = {
        "name": spec.name,
        "day": spec.day,
        "start_time": spec.start,
        "end_time": spec.end,
        "timezone": spec.zone,
        "types": spec.types,
        "notes": spec.notes,
        **spec.place,
        **spec.online,
    }
    meeting = actions.create_meeting(actor=manager, group=group, fields=fields)
    Meeting.objects.filter(pk=meeting.pk).update(slug=spec.slug)
    meeting.slug = spec.slug
    result.created["meetings"] += 1
    return meeting


def _members_near(zone: str, rng: random.Random, count: int) -> list[User]:
    people = list(
        User.objects.filter(role=Role.MEMBER, time_zone=zone)
        .exclude(handle__startswith="demo-")
        .order_by("handle")
    )
    return rng.sample(people, min(count, len(people)))


def _join(user: User, group: Group, result: DemoResult) -> None:
    if GroupMembership.objects.filter(group=group, user=user).exists():
        result.existing["memberships"] += 1
        return
    GroupMembership.objects.create(
        group=group,
        user=user,
        status=MembershipStatus.ACTIVE,
        accepted_guidelines_at=timezone.now(),
    )
    result.created["memberships"] += 1


def build_demo_directory(rng: random.Random) -> DemoResult:
    """Six groups, eight meetings, members who joined, RSVP'd and came."""
    result = DemoResult(
        created={"groups": 0, "meetings": 0, "memberships": 0, "rsvps": 0},
        existing={"groups": 0, "meetings": 0, "memberships": 0, "rsvps": 0},
    )
    now = timezone.now()
    demo_member = User.objects.filter(handle="demo-member").first()
    created_before = 0
    for spec in GROUPS:
        group = _ensure_group(spec, result)
        if group is None:
            continue
        is_new = result.created["groups"] > created_before
        created_before = result.created["groups"]
        meetings = [_ensure_meeting(group, meeting, result) for meeting in spec.meetings]
        people = _members_near(spec.city_zone, rng, 5)
        is_open = group.visibility != Visibility.APPROVAL
        if demo_member is not None and spec.city_zone == demo_member.time_zone and is_open:
            people.insert(0, demo_member)
        for person in people:
            _join(person, group, result)
        _rsvp_and_attend(meetings, people, now=now, result=result)
        if demo_member is not None and demo_member in people:
            for meeting in meetings:
                SavedMeeting.objects.get_or_create(meeting=meeting, user=demo_member)
        if is_new and group.visibility == Visibility.APPROVAL:
            _pending_request(group, result)
    return result


def _rsvp_and_attend(
    meetings: list[Meeting], people: list[User], *, now: Any, result: DemoResult
) -> None:
    for meeting in meetings:
        dates = display.upcoming_dates(meeting, now=now + timedelta(days=1), count=1)
        past = pages.attendance_dates(meeting, now=now)
        if not dates:
            continue
        for person in people[:3]:
            if Rsvp.objects.filter(meeting=meeting, user=person).exists():
                result.existing["rsvps"] += 1
                continue
            actions.add_rsvp(user=person, meeting=meeting, occurrence_date=dates[0], now=now)
            result.created["rsvps"] += 1
        if not Attendance.objects.filter(meeting=meeting).exists():
            facilitator = GroupMembership.objects.filter(
                group=meeting.group, role=MembershipRole.FACILITATOR
            ).first()
            if facilitator is not None:
                actions.mark_attendance(
                    actor=facilitator.user,
                    meeting=meeting,
                    occurrence_date=past[0],
                    attendee_ids=[person.pk for person in people],
                    now=now,
                )


def _pending_request(group: Group, result: DemoResult) -> None:
    """One person waiting for a facilitator's answer, to show the approval flow."""
    candidates = (
        User.objects.filter(role=Role.MEMBER)
        .exclude(group_memberships__group=group)
        .exclude(handle__startswith="demo-")
        .order_by("handle")
    )
    waiting = next((person for person in candidates if "es" in person.languages), None)
    if waiting is None:
        return
    actions.join_group(user=waiting, group=group, accepts_guidelines=True)
    result.created["memberships"] += 1
