"""The alerts and rota API over HTTP: every action, who may call it, errors and query counts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from kinship.accounts import actions as account_actions
from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.core.audit import AuditAction
from kinship.privacy.models import AuditEntry
from kinship.safety.actions import alerts, rota
from kinship.safety.models import (
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertOutcome,
    Shift,
    ShiftPosition,
)
from kinship.safety.tests.test_alert_pages import (
    REFUSED,
    RESPONDERS,
    WORDS,
    build_team,
    client_for,
    open_alert,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
DENVER = ZoneInfo("America/Denver")


@pytest.fixture
def team(role_matrix):
    return build_team(role_matrix)


@pytest.fixture
def alert(team):
    return open_alert(team["member"])


def post(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


def in_days(days: int, zone: ZoneInfo = DENVER) -> date:
    return timezone.now().astimezone(zone).date() + timedelta(days=days)


# Who may call ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REFUSED)
def test_alert_endpoints_answer_404_to_everyone_off_the_rota(team, alert, assert_unchanged, name):
    client = client_for(team[name])
    base = f"/alerts/{alert.pk}"
    with assert_unchanged(Alert, AlertEvent, AuditEntry):
        responses = [
            client.get(f"{API}/alerts"),
            client.get(f"{API}{base}"),
            client.get(f"{API}{base}/text"),
            post(client, f"{base}/acknowledge"),
            post(client, f"{base}/assign", {"assignee": "rota-peer"}),
            post(client, f"{base}/in-contact", {"note": "hello"}),
            post(client, f"{base}/notes", {"note": "hello"}),
            post(client, f"{base}/resolve", {"outcome": "reached_out"}),
            post(client, f"{base}/reopen", {"note": "again"}),
        ]
    expected = 401 if name == "anonymous" else 404
    assert [response.status_code for response in responses] == [expected] * len(responses)
    assert all(WORDS not in response.content.decode() for response in responses)


@pytest.mark.parametrize("name", RESPONDERS)
def test_the_rota_and_supervisors_list_and_read_alerts_without_the_words(team, alert, name):
    client = client_for(team[name])

    listing = client.get(f"{API}/alerts")
    detail = client.get(f"{API}/alerts/{alert.pk}")

    assert listing.status_code == 200
    (row,) = listing.json()["results"]
    assert (row["id"], row["level"], row["status"], row["member"]) == (
        alert.pk,
        "imminent",
        "open",
        "matrix-member",
    )
    assert 0 < row["seconds_left"] <= 150
    assert row["signals"] == ["plan"]
    assert row["url"] == f"/safety/alerts/{alert.pk}/"
    assert detail.status_code == 200
    assert [event["kind"] for event in detail.json()["events"]] == ["opened", "notified"]
    assert detail.json()["events"][1]["told"] == ["rota-moderator"]
    for response in (listing, detail):
        assert WORDS not in response.content.decode()
        assert "pills saved" not in response.content.decode()


@pytest.mark.parametrize("name", RESPONDERS)
def test_the_rota_and_supervisors_may_act(team, alert, name):
    response = post(client_for(team[name]), f"/alerts/{alert.pk}/acknowledge")

    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    assert response.json()["assignee"] == team[name].handle


def test_a_personal_token_works_for_someone_on_the_rota(team, alert):
    _token, secret = account_actions.create_token(user=team["peer_on_rota"], name="phone")

    response = Client().get(f"{API}/alerts", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_staff_on_the_rota_without_an_authenticator_app_are_refused(team, alert, assert_unchanged):
    moderator = make_user(role=Role.MODERATOR)
    rota.add_shift(
        actor=moderator,
        person=moderator,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
        time_zone="UTC",
    )
    client = client_for(moderator)

    with assert_unchanged(AlertEvent, AuditEntry):
        responses = [
            client.get(f"{API}/alerts"),
            client.get(f"{API}/alerts/{alert.pk}/text"),
            client.get(f"{API}/rota/shifts"),
        ]

    assert [response.status_code for response in responses] == [403, 403, 403]
    assert "authenticator app" in responses[0].json()["detail"]


def test_a_missing_alert_is_404(team):
    client = client_for(team["coordinator"])

    assert client.get(f"{API}/alerts/999").status_code == 404
    assert post(client, "/alerts/999/acknowledge").status_code == 404


# Listing -----------------------------------------------------------------------------------


def test_list_is_unresolved_by_urgency_or_one_status(team):
    coordinator = team["coordinator"]
    acknowledged = open_alert(team["member"], level="high")
    alerts.acknowledge_alert(actor=coordinator, alert=acknowledged)
    resolved = open_alert(team["member"])
    alerts.resolve_alert(actor=coordinator, alert=resolved, outcome=AlertOutcome.NOT_A_CRISIS)
    waiting = open_alert(team["other_member"])
    client = client_for(coordinator)

    def ids(query: str = "") -> list[int]:
        return [row["id"] for row in client.get(f"{API}/alerts{query}").json()["results"]]

    assert ids() == [waiting.pk, acknowledged.pk]
    assert ids("?status=resolved") == [resolved.pk]
    assert ids("?status=acknowledged") == [acknowledged.pk]
    assert ids("?status=open") == [waiting.pk]
    assert ids("?limit=1&offset=1") == [acknowledged.pk]
    assert client.get(f"{API}/alerts?status=closed").status_code == 422


@pytest.mark.parametrize("size", [1, 8])
def test_alert_list_query_count_does_not_grow(team, assert_queries_at_most, size):
    for number in range(size):
        alert = open_alert(make_user(handle=f"member-{number}"))
        alerts.assign_alert(actor=team["coordinator"], alert=alert, assignee=team["peer_on_rota"])
    client = client_for(team["peer_on_rota"])

    # Session, user, rota check, count, page.
    with assert_queries_at_most(5):
        response = client.get(f"{API}/alerts")
    assert response.json()["count"] == size


# The member's words -------------------------------------------------------------------------


def test_reading_the_words_is_audited_and_on_the_timeline(team, alert):
    reader = team["moderator_on_rota"]
    client = client_for(reader)

    response = client.get(f"{API}/alerts/{alert.pk}/text")

    assert response.status_code == 200
    assert response.json() == {"text": WORDS}
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action=AuditAction.ALERT_TEXT_READ)
    assert (entry.actor_id, entry.subject_kind, entry.subject_id) == (
        reader.pk,
        "safety.alert",
        str(alert.pk),
    )
    event = AlertEvent.objects.get(kind=AlertEventKind.TEXT_READ)
    assert event.actor == reader
    kinds = [item["kind"] for item in client.get(f"{API}/alerts/{alert.pk}").json()["events"]]
    assert kinds[-1] == "text_read"


# Actions ---------------------------------------------------------------------------------------


def test_assign_by_handle(team, alert):
    response = post(
        client_for(team["coordinator"]), f"/alerts/{alert.pk}/assign", {"assignee": "ROTA-PEER"}
    )

    assert response.status_code == 200
    assert response.json()["assignee"] == "rota-peer"


@pytest.mark.parametrize(
    ("handle", "message"),
    [("nobody-here", "No one has that handle."), ("matrix-member", "Alerts can only be assigned")],
)
def test_assign_to_someone_unknown_or_off_the_rota_is_422(
    team, alert, assert_unchanged, handle, message
):
    with assert_unchanged(Alert, AlertEvent):
        response = post(
            client_for(team["coordinator"]), f"/alerts/{alert.pk}/assign", {"assignee": handle}
        )

    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "payload", "assignee"]
    assert problem["msg"].startswith(message)


def test_in_contact_with_a_note(team, alert):
    client = client_for(team["peer_on_rota"])

    response = post(client, f"/alerts/{alert.pk}/in-contact", {"note": "Texted them."})

    assert response.json()["status"] == "in_contact"
    assert response.json()["acknowledged_at"] is not None
    events = client.get(f"{API}/alerts/{alert.pk}").json()["events"]
    assert (events[-1]["kind"], events[-1]["note"], events[-1]["actor"]) == (
        "in_contact",
        "Texted them.",
        "rota-peer",
    )


def test_add_a_note(team, alert):
    response = post(
        client_for(team["peer_on_rota"]), f"/alerts/{alert.pk}/notes", {"note": "Voicemail."}
    )

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["note"]) == ("note", "Voicemail.")
    assert AuditEntry.objects.filter(action=AuditAction.ALERT_NOTE_ADDED).count() == 1


@pytest.mark.parametrize("note", ["", "   "])
def test_an_empty_note_is_422(team, alert, assert_unchanged, note):
    with assert_unchanged(AlertEvent):
        response = post(
            client_for(team["coordinator"]), f"/alerts/{alert.pk}/notes", {"note": note}
        )

    assert response.status_code == 422


def test_resolve_with_an_outcome(team, alert):
    response = post(
        client_for(team["coordinator"]),
        f"/alerts/{alert.pk}/resolve",
        {"outcome": "emergency_services", "note": "Under our policy, after talking."},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["outcome"]) == ("resolved", "emergency_services")
    assert body["resolved_at"] is not None


def test_resolve_without_a_known_outcome_is_422(team, alert, assert_unchanged):
    client = client_for(team["coordinator"])

    with assert_unchanged(Alert, AlertEvent):
        missing = post(client, f"/alerts/{alert.pk}/resolve", {"note": "done"})
        unknown = post(client, f"/alerts/{alert.pk}/resolve", {"outcome": "called_911_auto"})

    assert (missing.status_code, unknown.status_code) == (422, 422)


def test_acting_on_a_resolved_alert_is_409(team, alert, assert_unchanged):
    alerts.resolve_alert(actor=team["coordinator"], alert=alert, outcome="reached_out")
    client = client_for(team["moderator_on_rota"])

    with assert_unchanged(Alert, AlertEvent):
        responses = [
            post(client, f"/alerts/{alert.pk}/assign", {"assignee": "rota-peer"}),
            post(client, f"/alerts/{alert.pk}/in-contact", {"note": "x"}),
            post(client, f"/alerts/{alert.pk}/resolve", {"outcome": "reached_out"}),
        ]

    assert [response.status_code for response in responses] == [409, 409, 409]
    assert responses[0].json()["detail"] == "This alert is resolved. Reopen it first."


def test_acknowledging_twice_changes_nothing_the_second_time(team, alert):
    client = client_for(team["coordinator"])
    post(client, f"/alerts/{alert.pk}/acknowledge")

    second = post(client_for(team["peer_on_rota"]), f"/alerts/{alert.pk}/acknowledge")

    assert second.json()["assignee"] == "matrix-coordinator"
    assert AlertEvent.objects.filter(kind=AlertEventKind.ACKNOWLEDGED).count() == 1


def test_reopen_with_a_reason(team, alert):
    alerts.resolve_alert(actor=team["coordinator"], alert=alert, outcome="no_contact_possible")
    client = client_for(team["moderator_on_rota"])

    refused = post(client, f"/alerts/{alert.pk}/reopen", {"note": ""})
    response = post(client, f"/alerts/{alert.pk}/reopen", {"note": "They posted again."})

    assert refused.status_code == 422
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["outcome"], body["assignee"]) == (
        "acknowledged",
        None,
        "rota-moderator",
    )


# The rota ------------------------------------------------------------------------------------


def test_list_shifts_in_their_own_zone_with_the_holes(team):
    response = client_for(team["peer_supporter"]).get(f"{API}/rota/shifts")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_person = {row["person"]: row for row in body["results"]}
    assert by_person["rota-peer"]["time_zone"] == "America/Denver"
    assert by_person["rota-peer"]["position"] == "backup"
    assert by_person["rota-moderator"]["position"] == "primary"
    starts = datetime.fromisoformat(by_person["rota-peer"]["starts_at"])
    assert starts.utcoffset() == datetime.now(DENVER).utcoffset()
    assert len(body["gaps"]) == 1


@pytest.mark.parametrize("name", ["anonymous", "member", "other_member", "facilitator"])
def test_rota_endpoints_refuse_everyone_outside_rota_roles(team, assert_unchanged, name):
    client = client_for(team[name])
    shift = Shift.objects.first()
    assert shift is not None
    body = {"day": in_days(2).isoformat(), "start": "09:00", "end": "17:00"}

    with assert_unchanged(Shift, AuditEntry):
        responses = [
            client.get(f"{API}/rota/shifts"),
            client.get(f"{API}/rota/on-call"),
            post(client, "/rota/shifts", body),
            client.delete(f"{API}/rota/shifts/{shift.pk}"),
        ]

    expected = 401 if name == "anonymous" else 404
    assert [response.status_code for response in responses] == [expected] * 4


def test_add_my_own_weekly_shifts_in_my_zone(team):
    peer = team["peer_supporter"]
    day = in_days(2, ZoneInfo(peer.time_zone))

    response = post(
        client_for(peer),
        "/rota/shifts",
        {"day": day.isoformat(), "start": "18:00", "end": "22:00", "weeks": 2},
    )

    assert response.status_code == 201
    rows = response.json()
    assert [row["person"] for row in rows] == ["matrix-peer", "matrix-peer"]
    assert [row["time_zone"] for row in rows] == ["America/Chicago"] * 2
    first = datetime.fromisoformat(rows[0]["starts_at"])
    assert (first.date(), first.time()) == (day, time(18))
    assert Shift.objects.filter(person=peer).count() == 2


def test_a_coordinator_adds_a_backup_shift_for_someone_in_another_zone(team):
    response = post(
        client_for(team["coordinator"]),
        "/rota/shifts",
        {
            "person": "matrix-peer",
            "day": in_days(3).isoformat(),
            "start": "08:00",
            "end": "16:00",
            "time_zone": "America/Denver",
            "position": "backup",
        },
    )

    assert response.status_code == 201
    shift = Shift.objects.get(person=team["peer_supporter"])
    assert (shift.time_zone, shift.position) == ("America/Denver", ShiftPosition.BACKUP)
    assert shift.starts_at == datetime.combine(in_days(3), time(8), DENVER)


def test_adding_a_shift_for_someone_else_is_403_unless_supervising(team, assert_unchanged):
    body = {"person": "rota-peer", "day": in_days(2).isoformat(), "start": "09:00", "end": "10:00"}

    with assert_unchanged(Shift, AuditEntry):
        response = post(client_for(team["moderator_on_rota"]), "/rota/shifts", body)

    assert response.status_code == 403
    assert response.json()["detail"] == "Only a coordinator can change someone else's shifts."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"person": "nobody-here"}, "person"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"day": "9999-12-31"}, "day"),
        ({"start": "25:00"}, "start"),
    ],
)
def test_bad_shift_input_is_422(team, assert_unchanged, change, field):
    body = {"day": in_days(2).isoformat(), "start": "09:00", "end": "17:00"} | change

    with assert_unchanged(Shift):
        response = post(client_for(team["coordinator"]), "/rota/shifts", body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field


def test_an_overlapping_shift_is_422(team, assert_unchanged):
    moderator = team["moderator_on_rota"]
    now = timezone.now().astimezone(ZoneInfo(moderator.time_zone)) + timedelta(hours=1)
    body = {
        "day": now.date().isoformat(),
        "start": now.strftime("%H:%M"),
        "end": (now + timedelta(hours=1)).strftime("%H:%M"),
    }

    with assert_unchanged(Shift):
        response = post(client_for(moderator), "/rota/shifts", body)

    assert response.status_code == 422
    assert "already has a shift" in response.json()["detail"][0]["msg"]


def test_remove_a_shift(team, assert_unchanged):
    peer_shift = Shift.objects.get(person=team["peer_on_rota"])
    moderator_shift = Shift.objects.get(person=team["moderator_on_rota"])
    peer = client_for(team["peer_on_rota"])

    with assert_unchanged(Shift, AuditEntry):
        refused = peer.delete(f"{API}/rota/shifts/{moderator_shift.pk}")
    removed = peer.delete(f"{API}/rota/shifts/{peer_shift.pk}")
    missing = peer.delete(f"{API}/rota/shifts/{peer_shift.pk}")

    assert (refused.status_code, removed.status_code, missing.status_code) == (403, 204, 404)
    assert list(Shift.objects.all()) == [moderator_shift]


def test_who_is_on_call_now(team):
    body = client_for(team["peer_on_rota"]).get(f"{API}/rota/on-call").json()

    assert body["is_covered"] is True
    assert [(row["handle"], row["position"]) for row in body["on_call"]] == [
        ("rota-moderator", "primary"),
        ("rota-peer", "backup"),
    ]
    assert body["next_gap"] is not None


def test_no_one_on_call_is_a_hole_now(role_matrix):
    body = client_for(role_matrix.coordinator).get(f"{API}/rota/on-call").json()

    assert body["is_covered"] is False
    assert body["on_call"] == []
    assert datetime.fromisoformat(body["next_gap"]["starts_at"]) <= timezone.now()


@pytest.mark.parametrize("size", [1, 10])
def test_shift_list_query_count_does_not_grow(team, assert_queries_at_most, size):
    start = timezone.now() + timedelta(days=1)
    for number in range(size):
        person = make_user(role=Role.PEER_SUPPORTER)
        rota.add_shift(
            actor=team["coordinator"],
            person=person,
            starts_at=start + timedelta(hours=number),
            ends_at=start + timedelta(hours=number + 1),
            time_zone="UTC",
        )
    client = client_for(team["peer_on_rota"])

    # Session, user, shifts, holes.
    with assert_queries_at_most(4):
        response = client.get(f"{API}/rota/shifts?days=7")
    assert response.json()["count"] == size + 2
