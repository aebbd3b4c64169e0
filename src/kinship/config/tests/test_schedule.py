from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kinship.accounts.tests.factories import make_user
from kinship.config import schedule
from kinship.privacy import actions as privacy_actions
from kinship.privacy.models import DeletionRequest


@pytest.mark.django_db
def test_scheduled_erasure_runs_once_per_interval():
    member = make_user(handle="leaving-soon")
    privacy_actions.request_account_deletion(member=member, keep_posts_anonymised=False)
    DeletionRequest.objects.filter(member=member).update(
        erase_after=timezone.now() - timedelta(minutes=1)
    )
    last_run: dict[str, float] = {}
    first = schedule.enqueue_due(last_run=last_run, now=1000.0)
    assert first == [
        "kinship.privacy.tasks.erase_due_accounts",
        "kinship.safety.tasks.escalate_overdue_alerts",
        "kinship.forums.tasks.forget_old_idempotency_keys",
    ]
    member.refresh_from_db()
    assert member.handle != "leaving-soon"
    assert not member.is_active
    assert schedule.enqueue_due(last_run=last_run, now=1000.0 + 10) == []
    assert schedule.enqueue_due(last_run=last_run, now=1000.0 + 60) == [
        "kinship.safety.tasks.escalate_overdue_alerts"
    ]
    assert schedule.enqueue_due(last_run=last_run, now=1000.0 + 3600) == first[:2]
    assert schedule.enqueue_due(last_run=last_run, now=1000.0 + 6 * 3600) == first
