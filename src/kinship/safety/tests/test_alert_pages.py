"""The alert pages over HTTP: the dashboard, one alert, the member's words, every action.

Only people on the rota and their supervisors see them; everyone else gets 404 (anonymous
visitors are asked to sign in), and a refusal changes nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinship.accounts.models import Role, User
from kinship.accounts.tests.factories import make_user
from kinship.conftest import RoleMatrix, enrol_totp
from kinship.core.audit import AuditAction
from kinship.privacy.models import AuditEntry
from kinship.safety.actions import SourceRef, alerts, rota
from kinship.safety.models import (
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertOutcome,
    AlertReason,
    AlertStatus,
    ShiftPosition,
)

pytestmark = pytest.mark.django_db

WORDS = "tonight is the night, I have the pills saved"
# The role matrix, with the rota split: on it (a current shift) or not.
ROLES = (
    "anonymous",
    "member",
    "other_member",
    "peer_supporter",
    "peer_on_rota",
    "facilitator",
    "moderator",
    "moderator_on_rota",
    "coordinator",
    "admin",
)
RESPONDERS = ("peer_on_rota", "moderator_on_rota", "coordinator", "admin")
REFUSED = tuple(name for name in ROLES if name not in RESPONDERS)
_post_ids = itertools.count(17)


@dataclass(frozen=True)
class Team:
    """The role matrix plus a peer supporter and a moderator with shifts on now."""

    matrix: RoleMatrix
    peer_on_rota: User
    moderator_on_rota: User

    def __getitem__(self, name: str) -> Any:
        if name in ("peer_on_rota", "moderator_on_rota"):
            return getattr(self, name)
        return self.matrix[name]


def build_team(role_matrix: RoleMatrix) -> Team:
    now = timezone.now()
    moderator = make_user(
        handle="rota-moderator", role=Role.MODERATOR, time_zone="America/New_York"
    )
    enrol_totp(moderator)
    peer = make_user(handle="rota-peer", role=Role.PEER_SUPPORTER, time_zone="America/Denver")
    for person, position in ((moderator, ShiftPosition.PRIMARY), (peer, ShiftPosition.BACKUP)):
        rota.add_shift(
            actor=role_matrix.coordinator,
            person=person,
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=8),
            time_zone=person.time_zone,
            position=position,
        )
    return Team(matrix=role_matrix, peer_on_rota=peer, moderator_on_rota=moderator)


def open_alert(
    member: User, *, level: str = "imminent", ago: timedelta = timedelta(minutes=2, seconds=30)
) -> Alert:
    """An alert about a post of its own, opened `ago`; the default leaves an imminent one
    2.5 minutes on its clock."""
    post_id = next(_post_ids)
    return alerts.open_alert(
        reason=AlertReason.SCREENING,
        level=level,
        member=member,
        source=SourceRef("forums.post", str(post_id), f"/forums/posts/{post_id}/"),
        source_text=WORDS,
        signals=[{"signal": "plan", "level": level, "text": "pills saved"}],
        now=timezone.now() - ago,
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(response: Any) -> str:
    return str(response.content.decode())


@pytest.fixture
def team(role_matrix: RoleMatrix) -> Team:
    return build_team(role_matrix)


@pytest.fixture
def alert(team: Team) -> Alert:
    return open_alert(team["member"])


def _url(name: str, alert: Alert) -> str:
    return reverse(f"safety:{name}", kwargs={"alert_id": alert.pk})


# Who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize("name", REFUSED)
def test_everyone_off_the_rota_gets_404_and_changes_nothing(team, alert, assert_unchanged, name):
    client = client_for(team[name])
    with assert_unchanged(Alert, AlertEvent, AuditEntry):
        responses = [
            client.get(reverse("safety:alert-dashboard")),
            client.get(_url("alert-detail", alert)),
            client.post(_url("alert-text", alert)),
            client.post(_url("alert-acknowledge", alert)),
            client.post(_url("alert-in-contact", alert), {"contact-note": "hi"}),
            client.post(_url("alert-note", alert), {"note-note": "hi"}),
            client.post(_url("alert-resolve", alert), {"resolve-outcome": "reached_out"}),
            client.post(_url("alert-assign", alert), {"assign-assignee": team["member"].pk}),
        ]
    if name == "anonymous":
        assert {response.status_code for response in responses} == {302}
        assert all(r["Location"].startswith("/accounts/login/") for r in responses)
    else:
        assert {response.status_code for response in responses} == {404}
    assert all(WORDS not in page(response) for response in responses)


@pytest.mark.parametrize("name", RESPONDERS)
def test_the_rota_and_supervisors_see_the_dashboard_and_the_alert(team, alert, name):
    client = client_for(team[name])

    dashboard = client.get(reverse("safety:alert-dashboard"))
    detail = client.get(_url("alert-detail", alert))

    assert dashboard.status_code == 200
    assert "Imminent: matrix-member" in page(dashboard)
    assert detail.status_code == 200
    assert "Show the member's words" in page(detail)
    assert WORDS not in page(dashboard) + page(detail)
    assert "pills saved" not in page(detail)  # a signal's matched words are the member's too
    assert detail["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("name", RESPONDERS)
def test_the_rota_and_supervisors_can_act_on_an_alert(team, alert, name):
    client = client_for(team[name])

    response = client.post(_url("alert-acknowledge", alert))

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.assignee == team[name]


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.COORDINATOR, Role.ADMIN])
def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(team, alert, role):
    person = make_user(role=role)
    if role == Role.MODERATOR:
        rota.add_shift(
            actor=person,
            person=person,
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
            time_zone="UTC",
        )
    client = client_for(person)

    for path in (reverse("safety:alert-dashboard"), _url("alert-detail", alert)):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/me/security/"
    assert client.post(_url("alert-text", alert))["Location"] == "/me/security/"
    assert not AlertEvent.objects.filter(kind=AlertEventKind.TEXT_READ).exists()


def test_a_peer_supporter_on_the_rota_needs_no_authenticator_app(team, alert):
    response = client_for(team["peer_on_rota"]).get(reverse("safety:alert-dashboard"))

    assert response.status_code == 200


def test_an_alert_that_does_not_exist_is_404(team):
    client = client_for(team["coordinator"])

    assert client.get(reverse("safety:alert-detail", kwargs={"alert_id": 999})).status_code == 404
    assert client.get("/safety/alerts/99999999999999999999/").status_code == 404


# The dashboard -------------------------------------------------------------------------


def test_dashboard_lists_unacknowledged_alerts_first_with_their_clocks(team):
    member = team["member"]
    acknowledged = open_alert(member, level="high", ago=timedelta(minutes=1))
    alerts.acknowledge_alert(actor=team["coordinator"], alert=acknowledged)
    late = open_alert(team["other_member"], ago=timedelta(minutes=7, seconds=30))
    waiting = open_alert(member)

    body = page(client_for(team["moderator_on_rota"]).get(reverse("safety:alert-dashboard")))

    assert body.index(f'id="alert-link-{late.pk}"') < body.index(f'id="alert-link-{waiting.pk}"')
    assert body.index(f'id="alert-link-{waiting.pk}"') < body.index(
        f'id="alert-link-{acknowledged.pk}"'
    )
    assert "overdue by 2 min" in body
    assert "3 min left" in body
    assert "acknowledged in time" in body
    assert "2 alerts are waiting for someone to acknowledge them." in body
    assert "With matrix-coordinator" in body
    assert "A member flagged" not in body
    assert "Crisis screening" in body


def test_dashboard_shows_who_is_on_call_and_the_next_hole(team):
    body = page(client_for(team["coordinator"]).get(reverse("safety:alert-dashboard")))

    assert "rota-moderator (First on call), until" in body
    assert "rota-peer (Backup), until" in body
    # The shifts end in 8 hours and nothing follows them.
    assert "Next hole:" in body
    assert "the rota has no more shifts" in body


def test_dashboard_says_when_no_one_is_on_call_now(role_matrix):
    body = page(client_for(role_matrix.coordinator).get(reverse("safety:alert-dashboard")))

    assert "No one is on call right now." in body
    assert "Hole now:" in body
    assert "No open alerts." in body


def test_dashboard_lists_recently_resolved_alerts_with_their_outcome(team, alert):
    alerts.resolve_alert(actor=team["coordinator"], alert=alert, outcome=AlertOutcome.REFERRED_988)

    body = page(client_for(team["coordinator"]).get(reverse("safety:alert-dashboard")))

    assert "Referred to 988 or another crisis line" in body
    assert "No open alerts." in body


def test_htmx_refresh_returns_only_the_board_that_polls_every_15_seconds(team, alert):
    client = client_for(team["moderator_on_rota"])

    full = page(client.get(reverse("safety:alert-dashboard")))
    board = page(client.get(reverse("safety:alert-dashboard"), headers={"HX-Request": "true"}))

    assert 'hx-trigger="every 15s"' in full
    assert board.lstrip().startswith('<div id="alert-board"')
    assert "<html" not in board
    assert "3 min left" in board


@pytest.mark.parametrize("size", [1, 8])
def test_dashboard_query_count_does_not_grow(team, assert_queries_at_most, size):
    for number in range(size):
        alert = open_alert(make_user(handle=f"member-{number}"))
        if number % 2:
            alerts.acknowledge_alert(actor=team["coordinator"], alert=alert)
        if number % 3 == 2:
            alerts.resolve_alert(
                actor=team["coordinator"], alert=alert, outcome=AlertOutcome.REACHED_OUT
            )
    client = client_for(team["moderator_on_rota"])

    # Session, user, MFA, rota check, open alerts, on call, holes, resolved; staff session
    # time saved (3).
    with assert_queries_at_most(11):
        response = client.get(reverse("safety:alert-dashboard"))
    assert response.status_code == 200


# One alert -------------------------------------------------------------------------------


def test_detail_shows_status_clock_signals_source_and_timeline(team, alert):
    body = page(client_for(team["moderator_on_rota"]).get(_url("alert-detail", alert)))

    assert "Imminent alert: matrix-member" in body
    assert "3 min left" in body
    assert "Acknowledge within 5 minutes." in body
    assert "plan" in body
    assert f'href="/forums/posts/{alert.source_id}/"' in body
    assert "Alert opened" in body
    assert "On-call staff told" in body
    assert "told rota-moderator" in body
    assert "Staff contact emergency services only under your organization's written" in body
    assert 'aria-describedby="emergency-policy"' in body


def test_showing_the_words_is_audited_and_on_the_timeline(team, alert):
    reader = team["moderator_on_rota"]
    client = client_for(reader)

    response = client.post(_url("alert-text", alert))

    assert response.status_code == 200
    assert WORDS in page(response)
    assert response["Cache-Control"].startswith("max-age=0")
    event = AlertEvent.objects.get(alert=alert, kind=AlertEventKind.TEXT_READ)
    assert event.actor == reader
    entry = AuditEntry.objects.get(action=AuditAction.ALERT_TEXT_READ)
    assert (entry.actor_id, entry.subject_id) == (reader.pk, str(alert.pk))
    assert WORDS not in str(entry.data)
    # Each read is another row.
    client.post(_url("alert-text", alert))
    assert AuditEntry.objects.filter(action=AuditAction.ALERT_TEXT_READ).count() == 2
    assert "Text read" in page(client.get(_url("alert-detail", alert)))


def test_showing_the_words_through_htmx_returns_just_the_words(team, alert):
    response = client_for(team["peer_on_rota"]).post(
        _url("alert-text", alert), headers={"HX-Request": "true"}
    )

    body = page(response)
    assert body.lstrip().startswith('<div id="alert-words">')
    assert WORDS in body
    assert "<html" not in body


def test_the_words_are_read_only_by_post(team, alert):
    response = client_for(team["coordinator"]).get(_url("alert-text", alert))

    assert response.status_code == 405
    assert not AlertEvent.objects.filter(kind=AlertEventKind.TEXT_READ).exists()


def test_acknowledge_stops_the_clock_and_says_so(team, alert):
    client = client_for(team["moderator_on_rota"])

    response = client.post(_url("alert-acknowledge", alert), follow=True)

    body = page(response)
    assert "Acknowledged. The clock has stopped" in body
    assert "acknowledged in time" in body
    alert.refresh_from_db()
    assert alert.next_escalation_at is None
    assert AuditEntry.objects.filter(action=AuditAction.ALERT_ACKNOWLEDGED).count() == 1


def test_assign_to_someone_on_the_rota(team, alert):
    client = client_for(team["coordinator"])

    response = client.post(
        _url("alert-assign", alert), {"assign-assignee": team["peer_on_rota"].pk}, follow=True
    )

    assert "Assigned to rota-peer." in page(response)
    alert.refresh_from_db()
    assert alert.assignee == team["peer_on_rota"]


def test_assigning_to_someone_off_the_rota_is_refused(team, alert, assert_unchanged):
    client = client_for(team["coordinator"])

    with assert_unchanged(Alert, AlertEvent):
        response = client.post(_url("alert-assign", alert), {"assign-assignee": team["member"].pk})

    assert response.status_code == 200
    assert "Select a valid choice" in page(response)


def test_in_contact_with_a_note(team, alert):
    client = client_for(team["peer_on_rota"])

    client.post(_url("alert-in-contact", alert), {"contact-note": "Talked by chat."})

    alert.refresh_from_db()
    assert alert.status == AlertStatus.IN_CONTACT
    assert alert.acknowledged_at is not None
    event = AlertEvent.objects.get(alert=alert, kind=AlertEventKind.IN_CONTACT)
    assert event.note == "Talked by chat."
    assert "Talked by chat." in page(client.get(_url("alert-detail", alert)))


def test_add_a_note_and_an_empty_note_is_refused(team, alert):
    client = client_for(team["moderator_on_rota"])

    client.post(_url("alert-note", alert), {"note-note": "Left a voicemail."})
    refused = client.post(_url("alert-note", alert), {"note-note": "   "})

    notes = AlertEvent.objects.filter(alert=alert, kind=AlertEventKind.NOTE)
    assert [event.note for event in notes] == ["Left a voicemail."]
    assert refused.status_code == 200
    assert "This field is required." in page(refused)


def test_resolve_needs_an_outcome_and_keeps_what_was_typed(team, alert, assert_unchanged):
    client = client_for(team["moderator_on_rota"])

    with assert_unchanged(Alert, AlertEvent):
        response = client.post(_url("alert-resolve", alert), {"resolve-note": "We talked."})

    assert "This field is required." in page(response)
    assert "We talked." in page(response)


@pytest.mark.parametrize("outcome", AlertOutcome.values)
def test_resolve_with_each_outcome(team, alert, outcome):
    client = client_for(team["moderator_on_rota"])

    response = client.post(
        _url("alert-resolve", alert),
        {"resolve-outcome": outcome, "resolve-note": "Done."},
        follow=True,
    )

    assert "Resolved. Thank you for answering." in page(response)
    alert.refresh_from_db()
    assert (alert.status, alert.outcome) == (AlertStatus.RESOLVED, outcome)
    assert "Reopen this alert" in page(response)
    entry = AuditEntry.objects.get(action=AuditAction.ALERT_RESOLVED)
    assert entry.data["outcome"] == outcome


def test_acting_on_a_resolved_alert_is_refused_with_a_reason(team, alert, assert_unchanged):
    alerts.resolve_alert(actor=team["coordinator"], alert=alert, outcome="reached_out")
    client = client_for(team["moderator_on_rota"])

    with assert_unchanged(Alert):
        response = client.post(_url("alert-in-contact", alert), {"contact-note": "Again"})

    assert "This alert is resolved. Reopen it first." in page(response)


def test_reopen_needs_a_reason_and_assigns_it_to_the_one_who_reopens(team, alert):
    alerts.resolve_alert(actor=team["coordinator"], alert=alert, outcome="reached_out")
    client = client_for(team["moderator_on_rota"])

    refused = client.post(_url("alert-reopen", alert), {"reopen-note": ""})
    client.post(_url("alert-reopen", alert), {"reopen-note": "They wrote again."})

    assert "This field is required." in page(refused)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.assignee == team["moderator_on_rota"]


def test_the_same_post_raising_an_alert_again_joins_its_timeline(team, alert):
    alerts.open_alert(
        reason=AlertReason.FLAG,
        level="high",
        member=team["member"],
        source=SourceRef(alert.source_kind, alert.source_id, alert.source_url),
    )

    body = page(client_for(team["coordinator"]).get(_url("alert-detail", alert)))

    assert "(raised again: High)" in body
    assert Alert.objects.count() == 1


def test_a_link_outside_kinship_is_not_shown_as_the_source(team):
    alert = alerts.open_alert(
        reason=AlertReason.FLAG,
        level="high",
        member=team["member"],
        source=SourceRef("forums.post", "1", "javascript:alert(1)"),
    )

    body = page(client_for(team["coordinator"]).get(_url("alert-detail", alert)))

    assert "javascript:" not in body
    assert "No link" in body


def test_detail_query_count_does_not_grow_with_the_timeline(team, assert_queries_at_most):
    alert = open_alert(team["member"])
    for number in range(10):
        alerts.add_alert_note(actor=team["coordinator"], alert=alert, note=f"note {number}")
    alerts.assign_alert(actor=team["coordinator"], alert=alert, assignee=team["peer_on_rota"])
    client = client_for(team["moderator_on_rota"])

    # Session, user, MFA, access (2), events, handles, assignable people; session saved (3).
    with assert_queries_at_most(11):
        response = client.get(_url("alert-detail", alert))
    assert response.status_code == 200
