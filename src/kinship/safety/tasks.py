"""Background work for safety: escalating alerts no one has acknowledged in time.

Two paths reach the same idempotent action: the scheduler in `kinship serve` (or a
systemd timer) runs it every 30 seconds, and opening an alert defers one run to its due
time on the database queue. Either alone is enough; both survive a restart.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kinship.safety.actions import alerts


@task()
def escalate_overdue_alerts() -> int:
    """Escalate every open alert past its time; returns how many took a step."""
    return alerts.escalate_overdue_alerts(now=timezone.now())
