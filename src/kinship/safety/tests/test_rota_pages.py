"""The on-call rota page: both time zones, holes, adding and removing shifts, who may."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.conftest import enrol_totp
from kinship.core.audit import AuditAction
from kinship.privacy.models import AuditEntry
from kinship.safety.actions import rota
from kinship.safety.models import Shift, ShiftPosition
from kinship.safety.tests.test_alert_pages import ROLES, build_team, client_for, page

pytestmark = pytest.mark.django_db

ROTA_URL = reverse("safety:rota")
# Everyone in a rota role sees the rota; a peer supporter needs it to add a first shift.
SEES_ROTA = {
    "peer_supporter",
    "peer_on_rota",
    "moderator",
    "moderator_on_rota",
    "coordinator",
    "admin",
}
DENVER = ZoneInfo("America/Denver")


@pytest.fixture
def team(role_matrix):
    return build_team(role_matrix)


def day_words(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}"


def in_days(days: int, zone: ZoneInfo = DENVER) -> date:
    return timezone.now().astimezone(zone).date() + timedelta(days=days)


def shift_form(day: date, start: str, end: str, **extra: object) -> dict[str, object]:
    return {
        "day": day.isoformat(),
        "start": start,
        "end": end,
        "position": "0",
        "weeks": "1",
    } | extra


# Who sees the rota ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ROLES)
def test_rota_page_answers_by_role_and_a_refusal_changes_nothing(team, assert_unchanged, name):
    client = client_for(team[name])
    form = shift_form(in_days(3), "09:00", "17:00")

    if name in SEES_ROTA:
        assert client.get(ROTA_URL).status_code == 200
        return
    with assert_unchanged(Shift, AuditEntry):
        responses = [client.get(ROTA_URL), client.post(ROTA_URL, form)]
        shift = Shift.objects.first()
        assert shift is not None
        responses.append(client.post(reverse("safety:shift-remove", args=[shift.pk])))
    expected = 302 if name == "anonymous" else 404
    assert {response.status_code for response in responses} == {expected}


def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(db):
    client = client_for(make_user(role=Role.MODERATOR))

    response = client.get(ROTA_URL)

    assert response["Location"] == "/me/security/"


# Both time zones --------------------------------------------------------------------------


def test_a_shift_entered_in_denver_shows_in_denver_time_and_in_new_york_time(team):
    coordinator = team["coordinator"]
    peer = make_user(handle="denver-peer", role=Role.PEER_SUPPORTER, time_zone="America/Denver")
    viewer = team["moderator_on_rota"]
    assert viewer.time_zone == "America/New_York"
    day = in_days(3)
    client_for(coordinator).post(
        ROTA_URL, shift_form(day, "08:00", "16:00", person=peer.pk, time_zone="")
    )
    shift = Shift.objects.get(person=peer)
    assert shift.time_zone == "America/Denver"  # the person's own zone, by default
    assert shift.starts_at == datetime.combine(day, time(8), DENVER)

    body = page(client_for(viewer).get(ROTA_URL))

    assert f"{day_words(day)}, 8:00 a.m. to 4:00 p.m. (America/Denver)" in body
    assert f"{day_words(day)}, 10:00 a.m. to 6:00 p.m. (America/New York)" in body


def test_a_viewer_in_the_shifts_own_zone_sees_it_once(team):
    peer = team["peer_on_rota"]  # in Denver, with a shift entered in Denver

    body = page(client_for(peer).get(ROTA_URL))

    cards = [card.split("</li>")[0] for card in body.split('<li class="card rota-shift">')[1:]]
    (own,) = [card for card in cards if "<strong>rota-peer</strong>" in card]
    (other,) = [card for card in cards if "<strong>rota-moderator</strong>" in card]
    assert "(America/Denver)" in own
    assert "Your time:" not in own
    assert "Your time:" in other


def test_weekly_shifts_keep_their_local_hours_across_the_change_to_daylight_time(db):
    # Thursday 5 March 2026 is standard time in Denver; Thursday 12 March is daylight time.
    # London has not changed yet, so the same local hours move an hour there.
    frozen = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    coordinator = make_user(role=Role.COORDINATOR, time_zone="Europe/London")
    enrol_totp(coordinator)
    peer = make_user(handle="denver-peer", role=Role.PEER_SUPPORTER, time_zone="America/Denver")
    client = client_for(coordinator)
    form = shift_form(date(2026, 3, 5), "08:00", "16:00", person=peer.pk, weeks="2")

    with mock.patch("django.utils.timezone.now", return_value=frozen):
        client.post(ROTA_URL, form)
        body = page(client.get(ROTA_URL))

    starts = [shift.starts_at for shift in Shift.objects.order_by("starts_at")]
    assert starts == [
        datetime(2026, 3, 5, 15, 0, tzinfo=UTC),
        datetime(2026, 3, 12, 14, 0, tzinfo=UTC),
    ]
    assert "Thursday, March 5, 8:00 a.m. to 4:00 p.m. (America/Denver)" in body
    assert "Thursday, March 12, 8:00 a.m. to 4:00 p.m. (America/Denver)" in body
    assert "Thursday, March 5, 3:00 p.m. to 11:00 p.m. (Europe/London)" in body
    assert "Thursday, March 12, 2:00 p.m. to 10:00 p.m. (Europe/London)" in body


def test_an_overnight_shift_names_the_day_it_ends(team):
    peer = team["peer_supporter"]
    day = in_days(2, ZoneInfo(peer.time_zone))
    client = client_for(peer)

    client.post(ROTA_URL, shift_form(day, "22:00", "06:00"))

    body = page(client.get(ROTA_URL))
    next_day = day + timedelta(days=1)
    assert f"{day_words(day)}, 10:00 p.m. to {day_words(next_day)}, 6:00 a.m." in body


# Holes ---------------------------------------------------------------------------------------


def test_holes_in_the_next_two_weeks_are_highlighted(team):
    body = page(client_for(team["coordinator"]).get(ROTA_URL))

    # Shifts cover the next 8 hours; nothing after that.
    assert "The rota has 1 hole in the next 14 days." in body
    assert "Hole: no one on call" in body
    assert "notice--warning rota-hole" in body


def test_a_hole_now_says_so(role_matrix):
    body = page(client_for(role_matrix.coordinator).get(ROTA_URL))

    assert "Hole now: no one on call" in body
    assert "No shifts yet." not in body


def test_a_hole_between_shifts_shows_when_it_ends(team):
    coordinator = team["coordinator"]
    start = timezone.now() + timedelta(hours=10)
    rota.add_shift(
        actor=coordinator,
        person=coordinator,
        starts_at=start,
        ends_at=start + timedelta(hours=20),
        time_zone="UTC",
    )

    body = page(client_for(coordinator).get(ROTA_URL))

    assert "The rota has 2 holes in the next 14 days." in body
    assert body.count('class="notice notice--warning rota-hole"') == 2
    # The first has an end (the next shift); the last runs past the two weeks shown.
    assert body.count(" on (America/Chicago)") == 1


# Adding and removing ---------------------------------------------------------------------------


def test_a_peer_supporter_adds_their_own_shift_and_joins_the_rota(team):
    peer = team["peer_supporter"]
    client = client_for(peer)
    assert client.get(reverse("safety:alert-dashboard")).status_code == 404

    response = client.post(
        ROTA_URL,
        shift_form(in_days(1), "18:00", "22:00", person=team["coordinator"].pk, weeks="3"),
        follow=True,
    )

    assert "Added 3 shifts." in page(response)
    shifts = Shift.objects.filter(created_by=peer)
    assert [shift.person for shift in shifts] == [peer, peer, peer]  # never someone else
    assert {shift.time_zone for shift in shifts} == {peer.time_zone}
    assert AuditEntry.objects.filter(action=AuditAction.SHIFT_ADDED).count() == 3 + 2
    assert client.get(reverse("safety:alert-dashboard")).status_code == 200


def test_only_supervisors_choose_who_the_shift_is_for(team):
    assert 'name="person"' not in page(client_for(team["moderator_on_rota"]).get(ROTA_URL))
    coordinator_page = page(client_for(team["coordinator"]).get(ROTA_URL))
    assert 'name="person"' in coordinator_page
    assert ">matrix-member<" not in coordinator_page  # not a rota role


def test_a_backup_shift_in_another_zone(team):
    peer = team["peer_supporter"]
    client = client_for(team["admin"])

    client.post(
        ROTA_URL,
        shift_form(in_days(4), "07:00", "15:00", person=peer.pk, time_zone="UTC", position="1"),
    )

    shift = Shift.objects.get(person=peer)
    assert (shift.time_zone, shift.position) == ("UTC", ShiftPosition.BACKUP)


def test_an_overlapping_shift_is_refused_and_the_form_keeps_what_was_typed(team, assert_unchanged):
    moderator = team["moderator_on_rota"]  # on call for the next 8 hours
    now = timezone.now().astimezone(ZoneInfo(moderator.time_zone))
    start = (now + timedelta(hours=1)).strftime("%H:%M")
    end = (now + timedelta(hours=2)).strftime("%H:%M")

    with assert_unchanged(Shift):
        response = client_for(moderator).post(
            ROTA_URL, shift_form((now + timedelta(hours=1)).date(), start, end, weeks="1")
        )

    assert response.status_code == 200
    assert "rota-moderator already has a shift at that time." in page(response)
    assert f'value="{start}"' in page(response)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_day_far_from_today_is_refused(team, assert_unchanged, day):
    with assert_unchanged(Shift):
        response = client_for(team["coordinator"]).post(
            ROTA_URL, {"day": day, "start": "09:00", "end": "17:00", "position": "0", "weeks": "1"}
        )

    assert "Pick a day from yesterday to a year from now." in page(response)


def test_remove_your_own_shift(team):
    peer = team["peer_on_rota"]
    shift = Shift.objects.get(person=peer)

    response = client_for(peer).post(reverse("safety:shift-remove", args=[shift.pk]), follow=True)

    assert "The shift is removed." in page(response)
    assert not Shift.objects.filter(pk=shift.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.SHIFT_REMOVED).count() == 1


def test_removing_someone_elses_shift_is_refused_unless_supervising(team, assert_unchanged):
    shift = Shift.objects.get(person=team["moderator_on_rota"])
    peer = team["peer_on_rota"]
    body = page(client_for(peer).get(ROTA_URL))
    assert body.count("Remove this shift") == 1  # only their own

    with assert_unchanged(Shift, AuditEntry):
        response = client_for(peer).post(reverse("safety:shift-remove", args=[shift.pk]))
    assert response.status_code == 403

    client_for(team["coordinator"]).post(reverse("safety:shift-remove", args=[shift.pk]))
    assert not Shift.objects.filter(pk=shift.pk).exists()


def test_removing_a_shift_that_does_not_exist_is_404(team):
    response = client_for(team["coordinator"]).post(reverse("safety:shift-remove", args=[999]))

    assert response.status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_rota_page_query_count_does_not_grow(team, assert_queries_at_most, size):
    coordinator = team["coordinator"]
    start = timezone.now() + timedelta(days=1)
    for number in range(size):
        person = make_user(role=Role.PEER_SUPPORTER, time_zone="America/Los_Angeles")
        rota.add_shift(
            actor=coordinator,
            person=person,
            starts_at=start + timedelta(hours=6 * number),
            ends_at=start + timedelta(hours=6 * number + 4),
            time_zone=person.time_zone,
        )
    client = client_for(coordinator)

    # Session, user, MFA, shifts, holes, rota people (twice: zones and choices), rota check
    # for the breadcrumb; the staff session time saved (3).
    with assert_queries_at_most(11):
        response = client.get(ROTA_URL)
    assert response.status_code == 200
