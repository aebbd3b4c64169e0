"""The safety-plan link registry: the crisis card links to a member's own plan when one exists."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from kinship.accounts.tests.factories import make_user
from kinship.safety import plans

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_provider(monkeypatch):
    """Each test starts with no provider registered, and leaves none behind."""
    monkeypatch.setattr(plans, "_provider", None)


def test_with_no_provider_no_one_has_a_plan_link():
    assert plans.safety_plan_url_for(make_user()) is None


def test_a_registered_provider_gives_each_member_their_own_link():
    with_plan = make_user(handle="has-plan")
    without_plan = make_user(handle="no-plan")
    plans.register_safety_plan_url(
        lambda user: f"/recovery/plan/{user.pk}/" if user.handle == "has-plan" else None
    )

    assert plans.safety_plan_url_for(with_plan) == f"/recovery/plan/{with_plan.pk}/"
    assert plans.safety_plan_url_for(without_plan) is None
    assert plans.safety_plan_url_for(AnonymousUser()) is None


def test_a_failing_provider_means_no_link_rather_than_no_card(caplog):
    def broken(user):
        raise RuntimeError("plans table missing")

    plans.register_safety_plan_url(broken)

    assert plans.safety_plan_url_for(make_user()) is None
    assert "safety plan provider failed" in caplog.text
