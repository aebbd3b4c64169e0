from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from kinship.accounts.demo import DEMO_PASSWORD, MEMBER_COUNT, ROLE_ACCOUNTS
from kinship.accounts.models import Role, User
from kinship.accounts.tests.helpers import audit_model
from kinship.accounts.validators import available_time_zones, validate_handle

pytestmark = pytest.mark.django_db


def run_demo():
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_builds_a_community_with_every_role_and_prints_the_logins():
    output = run_demo()

    assert User.objects.count() == len(ROLE_ACCOUNTS) + MEMBER_COUNT == 46
    roles = Counter(User.objects.values_list("role", flat=True))
    assert roles == {
        Role.MEMBER: MEMBER_COUNT + 1,
        Role.PEER_SUPPORTER: 1,
        Role.FACILITATOR: 1,
        Role.MODERATOR: 1,
        Role.COORDINATOR: 1,
        Role.ADMIN: 1,
    }
    assert "Riverbend Recovery Collective" in output
    assert "46 created, 0 already there" in output
    assert "DEMO ONLY" in output
    assert "two-step sign-in" in output
    for handle, _role, _profile in ROLE_ACCOUNTS:
        assert handle in output
        assert User.objects.get(handle=handle).check_password(DEMO_PASSWORD)
    assert output.count(DEMO_PASSWORD) == len(ROLE_ACCOUNTS)


def test_demo_run_twice_changes_nothing_and_says_so(assert_unchanged):
    run_demo()

    with assert_unchanged(User, audit_model()):
        output = run_demo()

    assert "0 created, 46 already there" in output
    assert "Nothing changed" in output


def test_demo_people_are_varied_and_fictional():
    run_demo()
    members = list(User.objects.all())

    for member in members:
        validate_handle(member.handle)
        assert member.email == ""
        assert member.time_zone in available_time_zones()
        assert len(member.bio) <= 500
    zones = Counter(member.time_zone for member in members)
    for city in ["America/Chicago", "America/Denver", "America/New_York"]:
        assert zones[city] >= 5
    assert sum(1 for member in members if "es" in member.languages) >= 5
    assert any(member.languages == ["es"] for member in members)
    assert any("recuperación" in member.bio for member in members)
    assert len({member.pronouns for member in members}) >= 4
    assert len({member.handle.lower() for member in members}) == len(members)


def test_demo_uses_the_configured_organisation_name(settings):
    settings.KINSHIP_ORG_NAME = "Lakeside Peer Network"

    output = run_demo()

    assert "Lakeside Peer Network" in output
    assert "Riverbend" not in output
