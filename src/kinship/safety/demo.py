"""The demo community's safety side: an on-call rota with a night-time hole, and alerts.

Fictional throughout. The rota covers the next 14 days: demo-moderator first on call
08:00-20:00 in Chicago, demo-peer 19:00-01:00 in Denver (20:00-02:00 Chicago), and
demo-coordinator as weekday backup; 02:00-08:00 Chicago is left open so the rota page
shows a hole. One open alert (a member asked for a peer to reach out) and one resolved.
"""

from __future__ import annotations

import random
from datetime import time, timedelta

from django.utils import timezone

from kinship.accounts.demo import DemoResult
from kinship.accounts.models import Role, User
from kinship.safety.actions import alerts, contact, rota
from kinship.safety.models import AlertOutcome, ContactRequest, Shift, ShiftPosition

DAYS = 14
SHIFTS = [
    ("demo-moderator", time(8, 0), time(20, 0), "America/Chicago", ShiftPosition.PRIMARY, False),
    ("demo-peer", time(19, 0), time(1, 0), "America/Denver", ShiftPosition.PRIMARY, False),
    ("demo-coordinator", time(8, 0), time(20, 0), "America/Chicago", ShiftPosition.BACKUP, True),
]
REQUESTS = [
    "Rough night after a hard family call. Could someone check in with me tomorrow?",
    "I missed two meetings and I'm starting to isolate. Would like to talk to a peer.",
]


def build_demo_safety(_rng: random.Random) -> DemoResult:
    result = DemoResult(created={"shifts": 0, "alerts": 0}, existing={"shifts": 0, "alerts": 0})
    coordinator = User.objects.filter(handle="demo-coordinator").first()
    if coordinator is None:
        return result
    today = timezone.localdate()
    for handle, start, end, zone, position, weekdays_only in SHIFTS:
        person = User.objects.filter(handle=handle).first()
        if person is None:
            continue
        for offset in range(-1, DAYS):
            day = today + timedelta(days=offset)
            if weekdays_only and day.weekday() >= 5:
                continue
            starts_at, ends_at = rota.local_span(day=day, start=start, end=end, time_zone=zone)
            if Shift.objects.filter(person=person, starts_at=starts_at).exists():
                result.existing["shifts"] += 1
                continue
            rota.add_shift(
                actor=coordinator,
                person=person,
                starts_at=starts_at,
                ends_at=ends_at,
                time_zone=zone,
                position=position,
            )
            result.created["shifts"] += 1
    # An own generator: the shared one must advance the same way on every run, and this
    # builder samples only on the first.
    _contact_requests(random.Random("kinship-demo-safety"), coordinator, result)  # noqa: S311  # fictional data, not security
    return result


def _contact_requests(rng: random.Random, coordinator: User, result: DemoResult) -> None:
    people = list(
        User.objects.filter(role=Role.MEMBER, is_active=True)
        .exclude(handle__startswith="demo-")
        .order_by("handle")
    )
    if len(people) < len(REQUESTS):
        return
    if ContactRequest.objects.filter(member__in=people).exists():
        result.existing["alerts"] += len(REQUESTS)
        return
    chosen = rng.sample(people, len(REQUESTS))
    now = timezone.now()
    resolved = contact.request_contact(
        member=chosen[0], message=REQUESTS[0], now=now - timedelta(days=2)
    )
    if resolved.alert is not None:
        alerts.mark_in_contact(
            actor=coordinator,
            alert=resolved.alert,
            note="Messaged in the app; talked the next morning.",
            now=now - timedelta(days=2) + timedelta(minutes=40),
        )
        alerts.resolve_alert(
            actor=coordinator,
            alert=resolved.alert,
            outcome=AlertOutcome.REACHED_OUT,
            note="Agreed to come to Thursday's group; added a check-in reminder.",
            now=now - timedelta(days=1),
        )
    contact.request_contact(member=chosen[1], message=REQUESTS[1], now=now - timedelta(minutes=3))
    result.created["alerts"] += len(REQUESTS)
