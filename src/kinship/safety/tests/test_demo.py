"""The demo community's rota and alerts: believable, repeatable, fictional."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kinship.accounts.tests.test_demo import run_demo
from kinship.safety import queries
from kinship.safety.models import Alert, AlertStatus, ContactRequest, Shift

pytestmark = pytest.mark.django_db


def test_demo_has_a_rota_with_a_night_hole_and_alerts_to_answer(assert_unchanged):
    run_demo()
    now = timezone.now()
    assert Shift.objects.filter(person__handle="demo-moderator").count() >= 14
    gaps = queries.rota_gaps(start=now, end=now + timedelta(days=7))
    assert gaps, "the demo rota leaves the early-morning hours open on purpose"
    assert all(end - start <= timedelta(hours=7) for start, end in gaps)
    assert Alert.objects.filter(status=AlertStatus.RESOLVED).count() == 1
    assert Alert.objects.filter(status=AlertStatus.OPEN).count() == 1
    assert ContactRequest.objects.count() == 2

    with assert_unchanged(Shift, Alert, ContactRequest):
        run_demo()
