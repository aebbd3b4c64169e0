"""Alerts through their actions: opening, who is told, answering, escalating on a clock.

The clock is controlled by passing `now` to the actions, the same way the periodic job
passes the current time; nothing is mocked.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinship.accounts.models import Role, User
from kinship.accounts.tests.factories import make_user
from kinship.notifications.models import Notification
from kinship.privacy.models import AuditEntry
from kinship.safety import kinds
from kinship.safety.actions import SourceRef, alerts, rota, screen_content
from kinship.safety.models import (
    Alert,
    AlertEventKind,
    AlertOutcome,
    AlertReason,
    AlertStatus,
    EscalationTier,
    ShiftPosition,
)

pytestmark = pytest.mark.django_db

# Timeline events that the actions stamp with the real clock must sort after T0.
T0 = datetime.now(tz=UTC).replace(microsecond=0) - timedelta(hours=1)


def _on_call(person: User, *, coordinator: User, position: int = ShiftPosition.PRIMARY) -> None:
    rota.add_shift(
        actor=coordinator,
        person=person,
        starts_at=T0 - timedelta(hours=2),
        ends_at=T0 + timedelta(hours=6),
        time_zone="America/Denver",
        position=position,
    )


@pytest.fixture
def team() -> dict[str, User]:
    coordinator = make_user(handle="coord-ana", role=Role.COORDINATOR)
    first = make_user(handle="mod-bea", role=Role.MODERATOR)
    backup = make_user(handle="peer-cal", role=Role.PEER_SUPPORTER)
    _on_call(first, coordinator=coordinator)
    _on_call(backup, coordinator=coordinator, position=ShiftPosition.BACKUP)
    return {"coordinator": coordinator, "first": first, "backup": backup}


def _alert_notes(person: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, kind=kinds.ALERT))


def _open(level: str = "imminent", **extra: Any) -> Alert:
    member = extra.pop("member", None) or make_user(handle="member-dee")
    return alerts.open_alert(
        reason=AlertReason.SCREENING,
        level=level,
        member=member,
        source=SourceRef("forums.post", "17", "/forums/p/17"),
        source_text="tonight is the night, I have the pills saved",
        now=T0,
        **extra,
    )


def test_imminent_alert_is_due_in_five_minutes_and_goes_to_the_first_on_call(team):
    alert = _open()
    assert alert.respond_by == T0 + timedelta(minutes=5)
    assert alert.status == AlertStatus.OPEN
    assert len(_alert_notes(team["first"])) == 1
    assert _alert_notes(team["backup"]) == []
    assert "pills" not in _alert_notes(team["first"])[0].body  # no member words in messages
    kinds_seen = list(alert.events.values_list("kind", flat=True))
    assert kinds_seen == [AlertEventKind.OPENED, AlertEventKind.NOTIFIED]


def test_high_alert_is_due_in_thirty_minutes(team):
    assert _open("high").respond_by == T0 + timedelta(minutes=30)


def test_concern_alert_is_due_the_same_day_in_the_install_zone(settings):
    settings.TIME_ZONE = "America/Chicago"
    # 15:00 UTC is 09:00 in Chicago: due at local midnight, 06:00 UTC the next day.
    morning = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert alerts.response_target(level="concern", opened_at=morning) == datetime(
        2026, 11, 25, 6, 0, tzinfo=UTC
    )
    # Late in the evening the member still gets at least an hour.
    late = datetime(2026, 11, 25, 5, 45, tzinfo=UTC)
    assert alerts.response_target(level="concern", opened_at=late) == late + timedelta(hours=1)


def test_targets_are_configurable(settings, team):
    settings.KINSHIP_ALERT_TARGET_MINUTES = {"imminent": 2, "high": 10, "concern": 60}
    assert _open("imminent").respond_by == T0 + timedelta(minutes=2)
    assert alerts.response_target(level="concern", opened_at=T0) == T0 + timedelta(hours=1)


def test_concern_opens_an_alert_only_when_the_install_chooses(settings):
    author = make_user()
    text = "Everything feels hopeless and I can't see it getting better"
    screen_content(author=author, text=text, source=SourceRef("test.note", "1"))
    assert not Alert.objects.exists()
    settings.KINSHIP_ALERT_ON_CONCERN = True
    screen_content(author=author, text=text, source=SourceRef("test.note", "2"))
    assert Alert.objects.get().level == "concern"


def test_screening_opens_an_alert_with_the_words_encrypted_at_rest(team):
    from django.db import connection

    author = make_user(handle="member-eli")
    result = screen_content(
        author=author,
        text="I'm going to end my life tonight, I have the rope ready",
        source=SourceRef("forums.post", "99", "/forums/p/99"),
    )
    alert = Alert.objects.get()
    assert alert.level == result.level == "imminent"
    assert alert.member == author
    assert alert.assessment_id == result.assessment_id
    assert alert.source_url == "/forums/p/99"
    with connection.cursor() as cursor:
        cursor.execute("SELECT source_text FROM safety_alert WHERE id = %s", [alert.pk])
        stored = cursor.fetchone()[0]
    assert "rope" not in stored
    assert "rope" in Alert.objects.get().source_text


def test_no_one_on_call_still_opens_the_alert_and_tells_the_coordinator():
    coordinator = make_user(role=Role.COORDINATOR)
    alert = _open()
    assert alert.status == AlertStatus.OPEN
    assert alert.next_escalation_at == alert.respond_by  # the clock runs
    holes = Notification.objects.filter(recipient=coordinator, kind=kinds.ROTA_HOLE)
    assert holes.count() == 1
    assert alert.events.filter(kind=AlertEventKind.ROTA_HOLE).exists()
    assert AuditEntry.objects.filter(action="safety.rota_hole").exists()


def test_unacknowledged_alert_escalates_to_next_on_call_then_coordinator_then_reminders(team):
    alert = _open()
    assert alerts.escalate_overdue_alerts(now=T0 + timedelta(minutes=4)) == 0
    assert alerts.escalate_overdue_alerts(now=T0 + timedelta(minutes=5)) == 1
    alert.refresh_from_db()
    assert alert.escalation_tier == EscalationTier.NEXT_ON_CALL
    assert len(_alert_notes(team["backup"])) == 1
    assert _alert_notes(team["coordinator"]) == []
    # Running again at the same moment does nothing more: each step waits a target.
    assert alerts.escalate_overdue_alerts(now=T0 + timedelta(minutes=5)) == 0
    assert alerts.escalate_overdue_alerts(now=T0 + timedelta(minutes=10)) == 1
    alert.refresh_from_db()
    assert alert.escalation_tier == EscalationTier.COORDINATOR
    assert len(_alert_notes(team["coordinator"])) == 1
    assert alerts.escalate_overdue_alerts(now=T0 + timedelta(minutes=15)) == 1
    alert.refresh_from_db()
    assert alert.escalation_tier == EscalationTier.EXHAUSTED
    assert len(_alert_notes(team["first"])) == 2  # reminded
    assert len(_alert_notes(team["coordinator"])) == 2
    escalations = alert.events.filter(kind=AlertEventKind.ESCALATED).count()
    assert escalations == AuditEntry.objects.filter(action="safety.alert_escalated").count() == 3


def test_with_no_backup_escalation_goes_straight_to_the_coordinator():
    coordinator = make_user(role=Role.COORDINATOR)
    first = make_user(role=Role.MODERATOR)
    _on_call(first, coordinator=coordinator)
    alert = _open("high")
    alerts.escalate_overdue_alerts(now=T0 + timedelta(minutes=30))
    alert.refresh_from_db()
    assert alert.escalation_tier == EscalationTier.COORDINATOR
    assert len(_alert_notes(coordinator)) == 1


def test_acknowledging_stops_the_clock(team):
    alert = _open()
    alerts.acknowledge_alert(actor=team["first"], alert=alert, now=T0 + timedelta(minutes=2))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.assignee == team["first"]
    assert alert.acknowledged_at == T0 + timedelta(minutes=2)
    assert alert.next_escalation_at is None
    assert alerts.escalate_overdue_alerts(now=T0 + timedelta(hours=3)) == 0
    assert _alert_notes(team["backup"]) == []


def test_a_restarted_scheduler_catches_up_on_overdue_alerts(team):
    """Nothing lives in memory: a fresh scheduler's first pass escalates what fell due."""
    from kinship.config import schedule

    alert = alerts.open_alert(
        reason=AlertReason.SCREENING,
        level="imminent",
        member=make_user(),
        now=datetime.now(tz=UTC) - timedelta(minutes=6),
    )
    enqueued = schedule.enqueue_due(last_run={}, now=0.0)
    assert "kinship.safety.tasks.escalate_overdue_alerts" in enqueued
    alert.refresh_from_db()
    assert alert.escalation_tier > EscalationTier.ON_CALL
    assert alert.events.filter(kind=AlertEventKind.ESCALATED).count() == 1


def test_opening_an_alert_queues_a_durable_check_at_its_due_time(
    settings, team, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        alert = _open()
    queued = DBTaskResult.objects.get(task_path="kinship.safety.tasks.escalate_overdue_alerts")
    assert queued.run_after == alert.respond_by + timedelta(seconds=1)


def test_in_contact_and_resolve_log_the_outcome(team):
    alert = _open()
    alerts.mark_in_contact(actor=team["backup"], alert=alert, note="Called; talking now")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.IN_CONTACT
    assert alert.acknowledged_at is not None
    alerts.resolve_alert(
        actor=team["backup"],
        alert=alert,
        outcome=AlertOutcome.REFERRED_988,
        note="Connected with 988; safety plan updated",
    )
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED
    assert alert.outcome == "referred_988"
    timeline = list(alert.events.values_list("kind", flat=True))
    assert timeline[-2:] == [AlertEventKind.IN_CONTACT, AlertEventKind.RESOLVED]


def test_resolving_needs_an_outcome(team):
    alert = _open()
    with pytest.raises(ValidationError):
        alerts.resolve_alert(actor=team["first"], alert=alert, outcome="")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_a_resolved_alert_refuses_changes_until_reopened(team):
    alert = _open()
    alerts.resolve_alert(actor=team["first"], alert=alert, outcome=AlertOutcome.REACHED_OUT)
    with pytest.raises(ValidationError):
        alerts.mark_in_contact(actor=team["first"], alert=alert)
    alerts.reopen_alert(actor=team["coordinator"], alert=alert, note="Member wrote again")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.outcome == ""
    assert alert.assignee == team["coordinator"]


def test_assigning_tells_the_assignee_and_only_to_people_on_the_rota(team):
    alert = _open()
    alerts.assign_alert(actor=team["first"], alert=alert, assignee=team["backup"])
    alert.refresh_from_db()
    assert alert.assignee == team["backup"]
    assert len(_alert_notes(team["backup"])) == 1
    with pytest.raises(ValidationError):
        alerts.assign_alert(actor=team["first"], alert=alert, assignee=make_user())


def test_reading_the_words_is_audited_and_on_the_timeline(team):
    alert = _open()
    text = alerts.read_alert_text(reader=team["coordinator"], alert=alert)
    assert "pills" in text
    entry = AuditEntry.objects.get(action="safety.alert_text_read")
    assert entry.actor_id == team["coordinator"].pk
    assert entry.subject_id == str(alert.pk)
    assert alert.events.filter(kind=AlertEventKind.TEXT_READ, actor=team["coordinator"]).exists()


@pytest.mark.parametrize(
    "role", [Role.MEMBER, Role.PEER_SUPPORTER, Role.FACILITATOR, Role.MODERATOR]
)
def test_people_off_the_rota_cannot_read_or_act(team, role):
    alert = _open()
    outsider = make_user(role=role)
    for attempt in (
        lambda: alerts.read_alert_text(reader=outsider, alert=alert),
        lambda: alerts.acknowledge_alert(actor=outsider, alert=alert),
        lambda: alerts.add_alert_note(actor=outsider, alert=alert, note="hi"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert not AuditEntry.objects.filter(action="safety.alert_text_read").exists()


def test_alert_email_reaches_the_on_call_person_over_smtp(
    smtp_server, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    coordinator = make_user(role=Role.COORDINATOR)
    first = make_user(role=Role.MODERATOR, email="bea@example.org")
    EmailAddress.objects.create(user=first, email=first.email, verified=True, primary=True)
    _on_call(first, coordinator=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        _open()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "bea@example.org"
    assert "safety alert" in message["Subject"].lower()
    body = message.get_payload(decode=True) if not message.is_multipart() else b""
    text = body.decode() if body else str(message)
    assert "pills" not in text
    assert "/safety/alerts/" in text


def test_shifts_refuse_overlap_and_bad_times(team):
    with pytest.raises(ValidationError):
        _on_call(team["first"], coordinator=team["coordinator"])
    with pytest.raises(ValidationError):
        rota.add_shift(
            actor=team["coordinator"],
            person=team["first"],
            starts_at=T0 + timedelta(days=2),
            ends_at=T0 + timedelta(days=2),
            time_zone="UTC",
        )
    with pytest.raises(ValidationError):
        rota.add_shift(
            actor=team["coordinator"],
            person=team["first"],
            starts_at=T0 + timedelta(days=2),
            ends_at=T0 + timedelta(days=3),
            time_zone="Mars/Olympus",
        )


def _monday_before_next_fall_back():
    """The Monday before the next US fall-back (first Sunday in November), still ahead."""
    from datetime import date

    today = datetime.now(tz=UTC).date()
    for year in (today.year, today.year + 1):
        first = date(year, 11, 1)
        sunday = first + timedelta(days=(6 - first.weekday()) % 7)
        monday = sunday - timedelta(days=6)
        if monday > today:
            return monday
    raise AssertionError("unreachable")


def test_weekly_shifts_keep_local_hours_across_daylight_saving():
    coordinator = make_user(role=Role.COORDINATOR)
    peer = make_user(role=Role.PEER_SUPPORTER)
    from datetime import time

    shifts = rota.add_weekly_shifts(
        actor=coordinator,
        person=peer,
        first_day=_monday_before_next_fall_back(),
        start=time(22, 0),
        end=time(6, 0),
        time_zone="America/Denver",
        weeks=2,
    )
    assert [shift.starts_at.hour for shift in shifts] == [4, 5]  # 22:00 MDT then 22:00 MST
    assert all(shift.ends_at - shift.starts_at == timedelta(hours=8) for shift in shifts)


def test_members_cannot_put_themselves_or_others_on_call():
    member = make_user()
    peer = make_user(role=Role.PEER_SUPPORTER)
    for actor, person in ((member, member), (peer, make_user(role=Role.MODERATOR))):
        with pytest.raises(PermissionDenied):
            rota.add_shift(
                actor=actor,
                person=person,
                starts_at=T0,
                ends_at=T0 + timedelta(hours=4),
                time_zone="UTC",
            )
    rota.add_shift(
        actor=peer, person=peer, starts_at=T0, ends_at=T0 + timedelta(hours=4), time_zone="UTC"
    )


def test_the_same_content_raises_one_alert_and_a_higher_level_tightens_its_clock(team):
    member = make_user()
    source = SourceRef("forums.post", "41", "/forums/p/41")
    first = alerts.open_alert(
        reason=AlertReason.FLAG, level="high", member=member, source=source, now=T0
    )
    again = alerts.open_alert(
        reason=AlertReason.SCREENING,
        level="imminent",
        member=member,
        source=source,
        now=T0 + timedelta(minutes=1),
    )
    assert again.pk == first.pk
    assert Alert.objects.count() == 1
    again.refresh_from_db()
    assert again.level == "imminent"
    assert again.respond_by == T0 + timedelta(minutes=6)
    assert again.next_escalation_at == again.respond_by
    assert again.events.filter(kind=AlertEventKind.OPENED).count() == 2
    # Once resolved, the same content raises a new alert.
    alerts.resolve_alert(actor=team["first"], alert=again, outcome=AlertOutcome.REACHED_OUT)
    later = alerts.open_alert(reason=AlertReason.FLAG, level="high", member=member, source=source)
    assert later.pk != first.pk


def test_shifts_far_in_the_past_or_future_are_refused_with_a_plain_message(team):
    from datetime import date, time

    for starts_at in (T0 - timedelta(days=3), T0 + timedelta(days=400)):
        with pytest.raises(ValidationError, match="yesterday to a year ahead"):
            rota.add_shift(
                actor=team["coordinator"],
                person=team["first"],
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=4),
                time_zone="UTC",
            )
    with pytest.raises(ValidationError):
        rota.local_span(day=date(9999, 12, 31), start=time(22), end=time(6), time_zone="UTC")
